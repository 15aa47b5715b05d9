// Service worker: after the first visit the shell, the core module and the offline data work
// with no network. The site assembler (tools/site/assemble.sh) writes precache.js with this
// build's version and file list, so each build gets a fresh cache and old caches are dropped.
importScripts('precache.js');  /* defines self.TB_PRECACHE = { version, files } */

const CACHE = `tongban-${self.TB_PRECACHE.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(self.TB_PRECACHE.files)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

// Cache first for the shell's own files; the API and published updates go to the network (the
// core verifies whatever comes back).
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (url.pathname.endsWith('/data/updates.json') || url.pathname.endsWith('.tbd')) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(event.request, { ignoreSearch: true });
    if (hit) return hit;
    const res = await fetch(event.request);
    if (res.ok && url.pathname.startsWith(new URL('./', location).pathname)) cache.put(event.request, res.clone());
    return res;
  })());
});
