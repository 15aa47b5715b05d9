// Service worker: after the first visit the shell, the core module and the offline data work
// with no network. tools/site/precache.sh writes precache.js: every file the shell needs offline
// with its revision (the start of its SHA-256). A file is kept under its URL plus its revision, so an
// update downloads only the files whose revision changed; what the new list no longer names is
// deleted once the new worker takes over (the old worker keeps serving its own revisions until then).
importScripts('precache.js');  /* defines self.TB_PRECACHE = { files: [{ url, revision }] } */

const PRECACHE = 'tongban-precache';
const RUNTIME = 'tongban-runtime';  // same-site files not in the list (the web kiosk's), for one release
const files = self.TB_PRECACHE.files;
const keyOf = (f) => new URL(`${f.url}?__rev=${f.revision}`, self.location).href;
const keyByPath = new Map(files.map((f) => [new URL(f.url, self.location).pathname, keyOf(f)]));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(PRECACHE);
    for (const f of files) {
      const key = keyOf(f);
      if (await cache.match(key)) continue;  // this revision is already here: nothing to download
      // Past the browser's HTTP cache: the bytes must be the revision the list names.
      const res = await fetch(new URL(f.url, self.location), { cache: 'reload' });
      if (!res.ok) throw new Error(`precache: ${f.url} answered ${res.status}`);  // the old worker stays
      await cache.put(key, res);
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const keep = new Set(files.map(keyOf));
    for (const name of await caches.keys()) if (name !== PRECACHE) await caches.delete(name);  // older layouts, the runtime cache
    const cache = await caches.open(PRECACHE);
    for (const request of await cache.keys()) if (!keep.has(request.url)) await cache.delete(request);
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
    const key = keyByPath.get(url.pathname);
    if (key) {
      const hit = await (await caches.open(PRECACHE)).match(key);
      if (hit) return hit;
    }
    const runtime = await caches.open(RUNTIME);
    const hit = await runtime.match(event.request, { ignoreSearch: true });
    if (hit) return hit;
    const res = await fetch(event.request);
    if (res.ok && url.pathname.startsWith(new URL('./', location).pathname)) runtime.put(event.request, res.clone());
    return res;
  })());
});

// Notices (docs/INTAKE.md, "Notices"): the intake pushes only a kind, encrypted to this browser;
// the words are the shell's, and nothing personal is in them — the details are in 我的办件, which
// a tap opens (and which asks the intake for the new statuses).
const NOTICE_TEXT = {
  status: '您的办件有新进展（已受理或退回），点此查看',
  reminder: '您预约的办理时间快到了，点此查看',
};
self.addEventListener('push', (event) => {
  let kind = 'status';
  try { kind = event.data ? event.data.json().kind : 'status'; } catch { /* not ours: the plain text */ }
  const body = NOTICE_TEXT[kind] || NOTICE_TEXT.status;
  event.waitUntil(self.registration.showNotification('通办', {
    body, tag: `tongban-${kind in NOTICE_TEXT ? kind : 'status'}`, icon: 'icons/icon.svg', data: { url: './#/mine/applications' },
  }));
});
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data && event.notification.data.url || './', self.location).href;
  event.waitUntil((async () => {
    for (const c of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
      if (new URL(c.url).origin === location.origin) { await c.focus(); return c.navigate(url); }
    }
    return self.clients.openWindow(url);
  })());
});
