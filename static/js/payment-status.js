// A payment waiting for the bank's word: ask the portal every few seconds, for a few
// minutes, and show the page afresh as soon as the word has come (or the code was paid).
(function () {
  var box = document.querySelector("[data-status-url]");
  if (!box) return;
  var asked = 0;
  function ask() {
    if (asked++ >= 60) return;  // three minutes; the page then says to come back later
    fetch(box.dataset.statusUrl, {credentials: "same-origin", cache: "no-store"})
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (answer) {
        if (answer.status && answer.status !== box.dataset.status) {
          window.location.href = answer.page || window.location.href;
        } else {
          window.setTimeout(ask, 3000);
        }
      }, function () { window.setTimeout(ask, 3000); });
  }
  window.setTimeout(ask, 3000);
})();
