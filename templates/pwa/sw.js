{% autoescape off %}// The portal's service worker (vodokanal/pwa.py says what it keeps and why).
"use strict";
const VERSION = "{{ version }}";
const STATIC_CACHE = "static-" + VERSION;
const TABS_PREFIX = "tabs-";  // + the login's key: one login's tabs at a time
const OFFLINE_URL = "{{ offline_url }}";
const STATIC_URLS = {{ static_urls }};
const TABS = {{ tabs }};
const COPY_HEADER = "{{ copy_header }}";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(STATIC_CACHE)
    .then((cache) => cache.addAll([OFFLINE_URL, ...STATIC_URLS]))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys
      .filter((key) => key.startsWith("static-") && key !== STATIC_CACHE)
      .map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;  // a POST always goes to the network, never kept
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (STATIC_URLS.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request)));
  }
});

// A push message (support/push.py): shown as a notification that opens its link.
self.addEventListener("push", (event) => {
  const message = event.data ? event.data.json() : {};
  event.waitUntil(self.registration.showNotification(message.title || "", {
    body: message.body || "", icon: STATIC_URLS.find((url) => url.includes("icon-192")),
    data: {url: message.url || "/"}}));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data.url));
});

async function page(request, url) {
  const isTab = TABS.includes(url.pathname) && !url.search;
  try {
    const response = await fetch(request);
    const login = response.headers.get(COPY_HEADER);
    if (isTab && response.ok && login) {
      await keep(login, url.pathname, response.clone());
    }
    return response;
  } catch (offline) {
    return (isTab && await kept(url.pathname))
      || await caches.match(OFFLINE_URL)
      || Response.error();
  }
}

// The tab as it was, marked with when it was kept; another login's tabs are dropped first.
async function keep(login, path, response) {
  const name = TABS_PREFIX + login;
  const others = (await caches.keys()).filter((key) => key.startsWith(TABS_PREFIX) && key !== name);
  await Promise.all(others.map((key) => caches.delete(key)));
  const html = (await response.text())
    .replace("<body", `<body data-offline-copy="${new Date().toISOString()}"`);
  const cache = await caches.open(name);
  await cache.put(path, new Response(html, {headers: {"Content-Type": "text/html; charset=utf-8"}}));
}

async function kept(path) {
  const name = (await caches.keys()).find((key) => key.startsWith(TABS_PREFIX));
  return name ? (await caches.open(name)).match(path) : undefined;
}
{% endautoescape %}
