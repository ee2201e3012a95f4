/* Quick exit: one click on the link, or Esc pressed twice, leaves for a neutral site.
 * location.replace swaps this page out of the history, so Back does not bring the form back.
 * Without JavaScript the link still goes there (a plain link). */
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) return;
  var target = link.getAttribute("href");
  var lastEscape = 0;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.textContent = "";
    window.location.replace(target);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    var now = Date.now();
    if (now - lastEscape < 1500) {
      leave(event);
    } else {
      lastEscape = now;
    }
  });
})();
