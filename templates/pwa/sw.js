{% autoescape off %}// The portal's service worker (vodokanal/pwa.py says what it keeps and why).
"use strict";
const VERSION = "{{ version }}";
const STATIC_CACHE = "static-" + VERSION;
const TABS_PREFIX = "tabs-";  // + the login's key: one login's tabs at a time
const OFFLINE_URL = "{{ offline_url }}";
const STATIC_URLS = {{ static_urls }};
const TABS = {{ tabs }};
const SESSION_HEADER = "{{ session_header }}";  // the login of the page's session, or "none"
const UNTIL_HEADER = "{{ until_header }}";  // a tab it may keep, and until when

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
    const login = response.headers.get(SESSION_HEADER);
    if (login) await forgetAllBut(login);  // another login's page, or a session gone
    const until = Number(response.headers.get(UNTIL_HEADER));
    if (isTab && response.ok && login && login !== "none" && until > Date.now()) {
      await keep(login, url.pathname, response.clone(), until);
    }
    return response;
  } catch (offline) {
    return (isTab && await kept(url.pathname))
      || await caches.match(OFFLINE_URL)
      || Response.error();
  }
}

async function forgetAllBut(login) {
  const name = TABS_PREFIX + login;
  const others = (await caches.keys()).filter((key) => key.startsWith(TABS_PREFIX) && key !== name);
  await Promise.all(others.map((key) => caches.delete(key)));
}

// The tab as it was, marked with when it was kept, shown offline until `until` at most.
async function keep(login, path, response, until) {
  const html = (await response.text())
    .replace("<body", `<body data-offline-copy="${new Date().toISOString()}"`);
  const cache = await caches.open(TABS_PREFIX + login);
  await cache.put(path, new Response(html, {headers: {
    "Content-Type": "text/html; charset=utf-8", [UNTIL_HEADER]: String(until)}}));
}

async function kept(path) {
  const name = (await caches.keys()).find((key) => key.startsWith(TABS_PREFIX));
  if (!name) return undefined;
  const cache = await caches.open(name);
  const copy = await cache.match(path);
  if (copy && Number(copy.headers.get(UNTIL_HEADER)) > Date.now()) return copy;
  if (copy) await cache.delete(path);  // past its session's life: gone for good
  return undefined;
}
{% endautoescape %}
