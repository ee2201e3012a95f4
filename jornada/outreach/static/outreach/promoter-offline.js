/* Progressive enhancement of the promoters' session log: the form works without this file.
 * Registers the promoters' service worker (scoped to the promoter pages), gives a form opened
 * from the phone's copy its own identifier, says when a log was kept on the phone, and asks the
 * worker to send kept logs whenever the signal comes back. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) return;
  var workerUrl = script.getAttribute("data-worker");
  var scope = script.getAttribute("data-scope");
  if (!workerUrl || !scope) return;

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = (Math.random() * 16) | 0;
      return (c === "x" ? r : (r & 0x3) | 0x8).toString(16);
    });
  }

  // A form opened from the phone's copy carries the identifier of the copy: each log needs its
  // own, or a second log saved offline would be taken for the first one sent again.
  var field = document.querySelector("input[name=client_id]");
  var bound = document.querySelector(".errorlist");
  if (field && !bound) field.value = newId();

  var saved = document.getElementById("offline-saved");
  if (saved && /[?&]offline=saved\b/.test(window.location.search)) saved.hidden = false;
  var pending = document.getElementById("offline-pending");

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (!pending || !event.data || event.data.type !== "pending") return;
    pending.hidden = event.data.count === 0;
    var count = pending.querySelector("[data-count]");
    if (count) count.textContent = String(event.data.count);
  });

  function flush() {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage({type: "flush"});
    });
  }

  navigator.serviceWorker
    .register(workerUrl, {scope: scope})
    .then(flush)
    .catch(function () { /* no service worker: the form still works online */ });
  window.addEventListener("online", flush);
})();
