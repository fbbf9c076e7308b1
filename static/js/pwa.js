// The installable app, on every page: register the worker; on a tab the worker kept and
// shows offline, say so with the time it was kept and turn its forms off.
(function () {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () {});
  }
  var body = document.body;
  var kept = body.dataset.offlineCopy;
  if (!kept) return;
  var when = new Date(kept).toLocaleString(document.documentElement.lang, {
    day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit"});
  var banner = document.createElement("p");
  banner.className = "message offline-copy";
  banner.setAttribute("role", "status");
  banner.textContent = body.dataset.offlineText.replace("[when]", when);
  var main = document.getElementById("main");
  main.insertBefore(banner, main.firstChild);
  document.querySelectorAll("form input, form button, form select, form textarea")
    .forEach(function (field) { field.disabled = true; });
  window.addEventListener("online", function () { window.location.reload(); });
})();
