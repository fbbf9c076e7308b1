"""Push in Chromium: the resident turns it on for this device in the settings (the
permission asked on that click), and a push message delivered to the worker over CDP is
shown as a notification with the link it opens."""

import json

from playwright.sync_api import expect

from support.models import PushSubscription
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in_individual

# Headless Chromium has no push service offline: the browser's subscribe() is stood in
# for, giving what a real one gives.
SUBSCRIPTION = {"endpoint": "https://fcm.googleapis.com/fcm/send/e2e",
                "keys": {"p256dh": "B" + "A" * 86, "auth": "A" * 22}}
STAND_IN = ("PushManager.prototype.subscribe = function () { return Promise.resolve("
            f"{{toJSON: () => ({json.dumps(SUBSCRIPTION)})}}); }};")
NOTIFICATIONS = ("navigator.serviceWorker.ready.then((r) => r.getNotifications())"
                 ".then((shown) => shown.map((n) => [n.title, n.body, n.data.url]))")


def test_turn_push_on_and_see_a_message_as_a_notification(browser, live_server,
                                                          transactional_db, owner, screenshot):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    context.grant_permissions(["notifications"], origin=live_server.url)
    context.add_init_script(STAND_IN)
    page = context.new_page()
    log_in_individual(page, owner.personal_accounts.get().number, PASSWORD)
    page.goto("/cabinet/notices/settings/")
    page.get_by_role("button", name="Включить push на этом устройстве").click()
    expect(page.get_by_role("button", name="Удалить")).to_be_visible()
    screenshot(page, "push-on-desktop")
    assert PushSubscription.objects.get().endpoint == SUBSCRIPTION["endpoint"]

    page.evaluate("navigator.serviceWorker.ready.then(() => 1)")
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        page.wait_for_timeout(100)
        ours = [r for r in registrations
                if r["scopeURL"] == f"{live_server.url}/" and not r["isDeleted"]]
        if ours:
            break
    registration = ours[-1]
    link = f"{live_server.url}/cabinet/notices/"
    cdp.send("ServiceWorker.deliverPushMessage", {
        "origin": live_server.url, "registrationId": registration["registrationId"],
        "data": json.dumps({"title": "Отключение воды", "body": "ул. Ленина, 10 декабря",
                            "url": link})})

    for _ in range(50):
        shown = page.evaluate(NOTIFICATIONS)
        if shown:
            break
        page.wait_for_timeout(100)
    assert shown == [["Отключение воды", "ул. Ленина, 10 декабря", link]]
    context.close()


def test_a_device_another_login_has_is_refused_with_the_portals_reason(
        browser, live_server, transactional_db, owner, neighbour, screenshot):
    PushSubscription.objects.create(user=neighbour, endpoint=SUBSCRIPTION["endpoint"],
                                    p256dh=SUBSCRIPTION["keys"]["p256dh"],
                                    auth=SUBSCRIPTION["keys"]["auth"])
    context = browser.new_context(base_url=live_server.url, locale="ru-RU",
                                  viewport={"width": 375, "height": 812})
    context.grant_permissions(["notifications"], origin=live_server.url)
    context.add_init_script(STAND_IN)
    page = context.new_page()
    log_in_individual(page, owner.personal_accounts.get().number, PASSWORD)
    page.goto("/cabinet/notices/settings/")

    page.get_by_role("button", name="Включить push на этом устройстве").click()

    expect(page.get_by_role("alert")).to_have_text(
        "На этом устройстве push-уведомления включены для другого входа. Сначала отключите "
        "их там.")
    screenshot(page, "push-another-logins-device-phone")
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [neighbour.pk]
    context.close()
