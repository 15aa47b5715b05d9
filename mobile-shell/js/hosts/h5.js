// The H5 host (browsers and the city app's web-view): fetch, IndexedDB, WebCrypto, getUserMedia.
// Installed by js/app.js through bridge.js's useHost(); see bridge.js for what every host provides.


const STORAGE_PREFIX = 'tongban:';

export const h5Host = {
  name: 'h5',

  // The phone core module: the Emscripten glue as a classic script, the .wasm fetched (and
  // stream-compiled) here, through the module's instantiateWasm hook.
  async createCore(options, module = 'tongban-phone', base = '') {
    await this.loadScript(`${base}${module}.js`);
    return globalThis.createTongbanCore({
      ...options,
      instantiateWasm: (imports, done) => {
        this.instantiateWasm(`${base}${module}.wasm`, imports)
          .then((r) => done(r.instance, r.module))
          .catch((e) => console.error('core module failed to load:', e));
        return {};  // exports arrive through done()
      },
    });
  },

  // Instantiates a WebAssembly module. Browsers stream-compile; hosts without streaming (and
  // servers with the wrong MIME type) fall back to compiling the downloaded bytes.
  async instantiateWasm(url, imports) {
    if (WebAssembly.instantiateStreaming) {
      try {
        return await WebAssembly.instantiateStreaming(fetch(url, { credentials: 'same-origin' }), imports);
      } catch (e) {
        console.warn('streaming compile failed, retrying from bytes:', e.message);
      }
    }
    const bytes = await (await fetch(url, { credentials: 'same-origin' })).arrayBuffer();
    return WebAssembly.instantiate(bytes, imports);
  },

  // Loads a classic script (the Emscripten glue) and resolves when it has run.
  loadScript(url) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = url;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error(`cannot load ${url}`));
      document.head.appendChild(s);
    });
  },

  async fetchBytes(url, options = {}) {
    const res = await fetch(url, { credentials: 'same-origin', ...options });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  },

  // Small, non-personal preferences only (elderly mode). Personal data never goes here: it is
  // sealed by the core before the outbox stores it.
  getPreference(key) {
    try { return localStorage.getItem(STORAGE_PREFIX + key); } catch { return null; }
  },
  setPreference(key, value) {
    try { localStorage.setItem(STORAGE_PREFIX + key, value); } catch { /* private mode: keep in memory */ }
  },
  // A browser or web-view applies the system's text size to the page itself (the shell's sizes are
  // relative), so the page starts in the standard mode.
  textScale() { return 1; },

  // Durable storage for binary data the core produced (the installed guide bundle, sealed outbox
  // items). IndexedDB writes are atomic: after a crash the old value or the new one is there.
  store: {
    _db: null,
    async _open() {
      if (!this._db) {
        this._db = await new Promise((resolve, reject) => {
          const req = indexedDB.open('tongban', 1);
          req.onupgradeneeded = () => req.result.createObjectStore('blobs');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      }
      return this._db;
    },
    async get(key) {
      const db = await this._open();
      return new Promise((resolve, reject) => {
        const req = db.transaction('blobs').objectStore('blobs').get(key);
        req.onsuccess = () => resolve(req.result ? new Uint8Array(req.result) : null);
        req.onerror = () => reject(req.error);
      });
    },
    async getRaw(key) {
      const db = await this._open();
      return new Promise((resolve, reject) => {
        const req = db.transaction('blobs').objectStore('blobs').get(key);
        req.onsuccess = () => resolve(req.result ?? null);
        req.onerror = () => reject(req.error);
      });
    },
    async putRaw(key, value) {
      const db = await this._open();
      return new Promise((resolve, reject) => {
        const tx = db.transaction('blobs', 'readwrite');
        tx.objectStore('blobs').put(value, key);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    },
    async remove(key) {
      const db = await this._open();
      return new Promise((resolve, reject) => {
        const tx = db.transaction('blobs', 'readwrite');
        tx.objectStore('blobs').delete(key);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    },
    async keys(prefix) {
      const db = await this._open();
      return new Promise((resolve, reject) => {
        const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
        const req = db.transaction('blobs').objectStore('blobs').getAllKeys(range);
        req.onsuccess = () => resolve(req.result.map(String));
        req.onerror = () => reject(req.error);
      });
    },
    async put(key, bytes) {
      const db = await this._open();
      return new Promise((resolve, reject) => {
        const tx = db.transaction('blobs', 'readwrite');
        tx.objectStore('blobs').put(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), key);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error || new Error('storage write aborted'));
      });
    },
  },

  randomBytes(n) {
    const b = new Uint8Array(n);
    crypto.getRandomValues(b);
    return b;
  },

  // The key the core seals personal data with before it is stored (drafts, the wallet, the
  // outbox). It is kept wrapped by a non-extractable WebCrypto key that never leaves the browser's
  // key store; a mini-program adapter would use the host's secure storage instead.
  async dataKey() {
    let wrap = await this.store.getRaw('key:wrap');
    if (!wrap) {
      wrap = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      await this.store.putRaw('key:wrap', wrap);
    }
    const wrapped = await this.store.getRaw('key:data');
    if (wrapped) {
      const iv = new Uint8Array(wrapped.slice(0, 12));
      return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, wrap, wrapped.slice(12)));
    }
    const raw = this.randomBytes(32), iv = this.randomBytes(12);
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, wrap, raw));
    const stored = new Uint8Array(12 + ct.length);
    stored.set(iv);
    stored.set(ct, 12);
    await this.store.putRaw('key:data', stored.buffer);
    return raw;
  },

  // Files shipped with the app are on the same site as the shell.
  asset(path) { return this.fetchBytes(path); },
  assetText(path) { return this.fetchText(path); },

  async fetchText(url, options = {}) {
    const res = await fetch(url, { credentials: 'same-origin', ...options });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.text();
  },

  // One HTTP exchange with the city's intake (same origin as the shell here; a mini-program adapter
  // uses wx.request). Resolves with the status and body whatever the status; rejects only when the
  // network failed (no answer), which the outbox treats as "try again later".
  async http(method, url, body = null, contentType = 'application/octet-stream', headers = {}) {
    const res = await fetch(url, {
      method, credentials: 'same-origin', cache: 'no-store',
      headers: body ? { ...headers, 'Content-Type': contentType } : headers,
      body,
    });
    return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
  },

  // Real-name sign-in's journey (signin.js decides the request and checks the return): the provider
  // sends the person back to this page with ?code=…&state=…; what the page needs to finish the
  // sign-in it started (not personal) is kept for this tab only.
  signInReturnUrl() { return location.origin + location.pathname; },
  keepSignIn(pending) {
    if (pending) sessionStorage.setItem(`${STORAGE_PREFIX}signin`, JSON.stringify(pending));
    else sessionStorage.removeItem(`${STORAGE_PREFIX}signin`);
  },
  keptSignIn() {
    try { return JSON.parse(sessionStorage.getItem(`${STORAGE_PREFIX}signin`) || 'null'); } catch { return null; }
  },
  goToProvider(url) {
    location.assign(url);
    return new Promise(() => {});  // the page is leaving
  },
  // The return's query ({code, state, iss} or {error, state}), or null when this start is not one. The
  // code leaves the address bar at once (it is single-use, but it need not linger in history).
  providerReturn() {
    const q = new URLSearchParams(location.search);
    if (!q.has('code') && !q.has('error')) return null;
    history.replaceState(null, '', location.pathname + (location.hash || '#/mine'));
    return Object.fromEntries(q);
  },
  // One exchange with the provider (its discovery document, its token endpoint): {status, json}.
  async providerRequest(method, url, form = null) {
    const res = await fetch(url, {
      method, cache: 'no-store', body: form,
      headers: form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
    });
    return { status: res.status, json: await res.json().catch(() => ({})) };
  },

  // The back camera as a MediaStream for the in-page scanner (js/scanner.js). Rejects when there is
  // no camera, the page is not HTTPS or permission is refused.
  async openCamera() {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('此浏览器不支持相机（需要 HTTPS）');
    return navigator.mediaDevices.getUserMedia({
      audio: false, video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  },

  // Web Push through the service worker (sw.js shows what arrives). Where the browser has no push
  // (an in-app web-view, iOS outside a home-screen app), 我的 says so instead of offering it.
  noticeChannel() { return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window ? 'webpush' : null; },
  async pushSubscribe(serverKey) {
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') throw new Error('没有获得通知权限：请在浏览器的网站设置中允许“通知”后再试');
    const reg = await navigator.serviceWorker.ready;
    const old = await reg.pushManager.getSubscription();
    if (old) await old.unsubscribe();  // it may be for another key (the intake's changed)
    try {
      return (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey })).toJSON();
    } catch (e) {
      // The browser's own push service is out of reach (no network to it, or none in this browser).
      throw new Error(`这个浏览器现在连不上它的推送服务，暂时不能开启提醒（${e && e.name ? e.name : '错误'}）`);
    }
  },
  async pushUnsubscribe() {
    const reg = await navigator.serviceWorker.ready;
    const sub = await reg.pushManager.getSubscription();
    if (sub) await sub.unsubscribe();
  },

  isOnline() { return navigator.onLine !== false; },
  onConnectivityChange(callback) {
    window.addEventListener('online', () => callback(true));
    window.addEventListener('offline', () => callback(false));
  },
};
