// "Turn push on on this device": the browser asks for permission only on this click; the
// subscription its push service gives goes to the portal, and the page shows the device.
(function () {
  var box = document.getElementById("push-on");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  box.hidden = false;
  var button = document.getElementById("push-on-button");

  function key(base64url) {
    var raw = atob((base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error("refused");
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return registration.pushManager.subscribe(
        {userVisibleOnly: true, applicationServerKey: key(box.dataset.key)});
    }).then(function (subscription) {
      return fetch(box.dataset.url, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json",
                  "X-CSRFToken": box.querySelector("[name=csrfmiddlewaretoken]").value},
        body: JSON.stringify(subscription.toJSON ? subscription.toJSON() : subscription)});
    }).then(function (response) {
      if (response.ok) return window.location.reload();
      // The portal's own reason (another login's device, too many devices), if it gave one.
      return response.json().catch(function () { return {}; }).then(function (answer) {
        throw {portalMessage: answer.message};
      });
    }).catch(function (error) {
      button.disabled = false;
      var refused = document.getElementById("push-refused");
      if (error && error.portalMessage) refused.textContent = error.portalMessage;
      refused.hidden = false;
    });
  });
})();
