/* Progressive enhancement only: every page works without this file.
 * Registers Jornada's service worker, which keeps the rights library readable without signal,
 * and asks it to keep the page open now (the worker was not yet there when it loaded). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  var workerUrl = script.getAttribute("data-worker");
  if (!workerUrl) return;
  navigator.serviceWorker
    .register(workerUrl, {scope: "/"})
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function (registration) {
      if (registration.active) {
        registration.active.postMessage({type: "keep", path: window.location.pathname});
      }
    })
    .catch(function () {
      /* No service worker (private mode, old browser): the site still works online. */
    });
})();
