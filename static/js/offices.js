// "Nearest to me": the browser is asked for its position only when the button is clicked,
// and the page is then asked for again with it.
(function () {
  var button = document.getElementById("office-here");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      var query = new URLSearchParams({lat: position.coords.latitude.toFixed(6),
                                       lon: position.coords.longitude.toFixed(6)});
      window.location.search = query.toString();
    }, function () {
      button.disabled = false;
      document.getElementById("office-here-error").hidden = false;
    }, {timeout: 10000});
  });
})();
