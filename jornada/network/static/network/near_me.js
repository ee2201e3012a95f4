/* "Near me": with the visitor's permission, the browser's position goes into the search form,
 * rounded to two decimals (about a kilometre) before it leaves the phone. The server uses it for
 * this one search and keeps nothing. Without JavaScript or geolocation the button stays hidden
 * and the form works as it always did. */
(function () {
  "use strict";
  var button = document.querySelector("[data-near-me]");
  if (!button || !("geolocation" in navigator)) return;
  var form = button.form;
  var status = document.getElementById(button.getAttribute("aria-describedby"));
  function field(name) {
    var input = form.elements[name];
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    return input;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.getAttribute("data-waiting");
    navigator.geolocation.getCurrentPosition(
      function (position) {
        field("lat").value = position.coords.latitude.toFixed(2);
        field("lon").value = position.coords.longitude.toFixed(2);
        form.elements.place.value = "";
        form.submit();
      },
      function () {
        status.textContent = button.getAttribute("data-refused");
      },
      { maximumAge: 600000, timeout: 20000 }
    );
  });
})();
