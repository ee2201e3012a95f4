{% autoescape off %}/* Jornada's service worker (version {{ version }}): keeps the rights library readable without signal.
 *
 * Library pages (/<language>/derechos/…): answered from the cache at once, then refreshed from
 * the network in the background, so an article opened once can be read again offline.
 * Other pages listed in JORNADA_OFFLINE_PAGES (the look-up page shell later): network first,
 * the cached copy when there is no signal. Static files: cache first.
 * Nothing else is ever stored: staff pages, searches, printables and recordings pass through.
 * Requests for help (CONFIG.never, /<language>/ayuda/…) are never stored nor answered from a
 * cache, and any copy an older version kept is deleted.
 */
"use strict";
const CONFIG = {{ config_json }};
const SHELL = "jornada-shell-{{ version }}";
const PAGES = "jornada-pages";
const LIBRARY = Object.values(CONFIG.library);

function isLibraryPage(url) {
  return LIBRARY.some((prefix) => url.pathname.startsWith(prefix)) && !url.pathname.includes("/buscar/");
}

function isNeverKept(url) {
  return CONFIG.never.some((prefix) => url.pathname.startsWith(prefix));
}

function isListedPage(url) {
  return CONFIG.pages.includes(url.pathname);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    Promise.all([
      caches.open(SHELL).then((cache) => cache.addAll(CONFIG.static)),
      caches.open(PAGES).then((cache) => cache.addAll(CONFIG.pages)),
    ]).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith("jornada-shell-") && key !== SHELL).map((key) => caches.delete(key))))
      .then(() => caches.open(PAGES))
      .then((cache) => cache.keys().then((requests) => Promise.all(requests.filter((request) => isNeverKept(new URL(request.url))).map((request) => cache.delete(request)))))
      .then(() => self.clients.claim())
  );
});

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(PAGES).then((cache) => cache.put(request, copy));
  }
  return response;
}

function offlineFallback(url) {
  const language = url.pathname.split("/")[1];
  return caches.match(CONFIG.library[language] || LIBRARY[0]).then(
    (page) => page || new Response("Sin conexión · No connection", {status: 503, headers: {"Content-Type": "text/plain; charset=utf-8"}})
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.search || isNeverKept(url)) return;
  if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(
      caches.match(request).then((cached) => cached || fetch(request).then((response) => {
        if (response.ok && CONFIG.static.includes(url.pathname)) {
          const copy = response.clone();
          caches.open(SHELL).then((cache) => cache.put(request, copy));
        }
        return response;
      }))
    );
    return;
  }
  if (isLibraryPage(url)) {
    const network = fetch(request).then((response) => keep(request, response));
    event.respondWith(
      caches.match(request).then((cached) => {
        if (cached) {
          event.waitUntil(network.catch(() => undefined));
          return cached;
        }
        return network.catch(() => offlineFallback(url));
      })
    );
    return;
  }
  if (isListedPage(url)) {
    event.respondWith(
      fetch(request)
        .then((response) => keep(request, response))
        .catch(() => caches.match(request).then((cached) => cached || offlineFallback(url)))
    );
  }
});

// A page opened before the worker took control asks to be kept (see rights/offline.js).
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep" || typeof data.path !== "string") return;
  const url = new URL(data.path, self.location.origin);
  if (url.origin !== self.location.origin || url.search || isNeverKept(url) || !(isLibraryPage(url) || isListedPage(url))) return;
  event.waitUntil(
    caches.open(PAGES).then((cache) => cache.match(url.pathname).then((cached) => cached || cache.add(url.pathname)))
  );
});
{% endautoescape %}
