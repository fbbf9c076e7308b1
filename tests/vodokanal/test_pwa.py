"""The installable app's server side: the manifest in both languages, the worker from the
site's root with a version tied to the static files, the offline page, the key the worker
keeps a login's tabs under, and logging out clearing the device."""

import json

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import PersonalAccountFactory, UserFactory
from vodokanal.pwa import static_version


def test_the_manifest_names_the_app_in_the_visitors_language(client, db):
    russian = json.loads(client.get(reverse("manifest"), HTTP_ACCEPT_LANGUAGE="ru").content)
    english = json.loads(client.get(reverse("manifest"), HTTP_ACCEPT_LANGUAGE="en").content)

    assert russian["name"] == "Горводоканал: личный кабинет"
    assert english["name"] == "Горводоканал: customer portal"
    assert (russian["lang"], english["lang"]) == ("ru", "en")
    for manifest in (russian, english):
        assert manifest["start_url"] == reverse("cabinet")
        assert manifest["display"] == "standalone"
        assert manifest["theme_color"] == "#0a6ebd"
        assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}


def test_the_icons_are_the_sizes_they_say(client, db):
    from django.contrib.staticfiles import finders
    from PIL import Image

    for size in (192, 512):
        with Image.open(finders.find(f"icons/icon-{size}.png")) as image:
            assert image.size == (size, size)


def test_the_worker_comes_from_the_root_with_its_version(client, db):
    response = client.get("/sw.js")
    script = response.content.decode()

    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert f'const VERSION = "{static_version()}";' in script
    assert '"/cabinet/", "/cabinet/charges/", "/cabinet/meters/"' in script
    assert 'request.method !== "GET"' in script  # a POST is never kept


def test_the_offline_page_is_the_same_for_everybody(client, db):
    page = client.get(reverse("offline")).content.decode()

    assert "Нет связи" in page
    assert "290-72-90" in page


def test_a_tab_carries_its_logins_key_and_another_login_gets_another(db):
    keys = []
    for _ in range(2):
        user = UserFactory(password=PASSWORD)
        PersonalAccountFactory(user=user)
        client = Client()
        client.force_login(user)
        keys.append(client.get(reverse("cabinet"))["X-Session-Of"])
        assert client.get(reverse("cabinet"))["X-Session-Of"] == keys[-1]  # from the cache

    assert keys[0] != keys[1]


def test_logging_out_clears_what_the_app_kept(logged_in):
    response = logged_in.post(reverse("accounts:logout"))

    assert response["Clear-Site-Data"] == '"cache", "storage"'
