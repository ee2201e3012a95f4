/* The promoters' service worker: scoped to the promoter pages only (/<lang>/staff/promoters/).
 *
 * - Keeps the session-log form (fetched from the network whenever there is signal), so it opens
 *   without signal.
 * - A session log sent without signal is kept in IndexedDB, keyed by its form identifier
 *   (client_id), and the promoter is sent back to the form with ?offline=saved.
 * - When there is signal again (the page says so, or a page of this scope loads), each kept log is
 *   sent again with the same body, so the same client_id: the server counts it once however
 *   many times it arrives. A log leaves the phone only once the server has answered 204.
 * No personal data is in a log (counts only); nothing else is kept.
 */
"use strict";

var CACHE = "jornada-promoter-v1";
var DB = "jornada-promoter";
var STORE = "pending";
var FORM = /\/staff\/promoters\/sessions\/new\/$/;

function openDb() {
  return new Promise(function (resolve, reject) {
    var request = indexedDB.open(DB, 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore(STORE, {keyPath: "id"});
    };
    request.onsuccess = function () { resolve(request.result); };
    request.onerror = function () { reject(request.error); };
  });
}

function withStore(mode, work) {
  return openDb().then(function (db) {
    return new Promise(function (resolve, reject) {
      var transaction = db.transaction(STORE, mode);
      var result = work(transaction.objectStore(STORE));
      transaction.oncomplete = function () { db.close(); resolve(result && result.result); };
      transaction.onerror = function () { db.close(); reject(transaction.error); };
    });
  });
}

function keep(url, body) {
  var id = new URLSearchParams(body).get("client_id") || String(Date.now());
  // Keyed by the form identifier: the same log saved twice offline is kept once.
  return withStore("readwrite", function (store) {
    return store.put({id: id, url: url, body: body, saved: Date.now()});
  });
}

function send(log, body) {
  return fetch(log.url, {
    method: "POST",
    body: body,
    credentials: "same-origin",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Jornada-Offline-Replay": "1"
    }
  });
}

function freshToken(log) {
  // A new sign-in since the log was kept renews the CSRF token: take the one the form has now.
  return fetch(log.url, {credentials: "same-origin"}).then(function (response) {
    if (!response.ok || response.redirected) return null;
    return response.text().then(function (html) {
      var found = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
      if (!found) return null;
      var fields = new URLSearchParams(log.body);
      fields.set("csrfmiddlewaretoken", found[1]);
      return fields.toString();
    });
  });
}

var flushing = null;

function flush() {
  if (flushing) return flushing;
  flushing = withStore("readonly", function (store) { return store.getAll(); })
    .then(function (pending) {
      return pending.reduce(function (chain, log) {
        return chain.then(function () {
          return send(log, log.body).then(function (response) {
            if (response.status !== 403) return response;
            // The same log, so the same client_id: sent again it is still counted once.
            return freshToken(log).then(function (body) { return body ? send(log, body) : response; });
          }).then(function (response) {
            if (response.status === 204) {
              return withStore("readwrite", function (store) { return store.delete(log.id); });
            }
            // Signed out, or refused: kept on the phone, tried again next time.
            return null;
          });
        });
      }, Promise.resolve());
    })
    .catch(function () { /* still no signal: try again later */ })
    .then(function () { flushing = null; return tell(); });
  return flushing;
}

function tell() {
  return withStore("readonly", function (store) { return store.count(); }).then(function (count) {
    return self.clients.matchAll({type: "window"}).then(function (windows) {
      windows.forEach(function (client) { client.postMessage({type: "pending", count: count}); });
    });
  });
}

function keepForm() {
  // The form as the signed-in promoter sees it; a sign-in page (redirected) is never kept.
  var form = self.registration.scope + "sessions/new/";
  return fetch(form, {credentials: "same-origin"})
    .then(function (response) {
      if (!response.ok || response.redirected || response.type !== "basic") return null;
      return caches.open(CACHE).then(function (cache) {
        return cache.put(new URL(form).pathname, response);
      });
    })
    .catch(function () { /* no signal: kept on the next visit */ });
}

self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(keepForm());
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "flush") event.waitUntil(Promise.all([flush(), keepForm()]));
});

self.addEventListener("sync", function (event) {
  if (event.tag === "promoter-sessions") event.waitUntil(flush());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || !FORM.test(url.pathname)) return;
  if (request.method === "POST") {
    var copy = request.clone();
    event.respondWith(
      fetch(request).catch(function () {
        return copy.text().then(function (body) {
          return keep(url.pathname, body).then(function () {
            if (self.registration.sync) self.registration.sync.register("promoter-sessions").catch(function () {});
            return Response.redirect(url.pathname + "?offline=saved", 303);
          });
        });
      })
    );
    return;
  }
  if (request.method !== "GET") return;
  event.respondWith(
    fetch(request)
      .then(function (response) {
        if (response.ok && response.type === "basic" && !response.redirected) {
          var kept = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(url.pathname, kept); });
          flush();
        }
        return response;
      })
      .catch(function () {
        return caches.open(CACHE).then(function (cache) {
          return cache.match(url.pathname).then(function (found) {
            return found || Response.error();
          });
        });
      })
  );
});
