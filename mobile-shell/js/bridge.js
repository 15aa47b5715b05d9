// The one module that knows which host the shell runs in. This is the browser (and mini-program
// web-view) implementation; a mini-program adapter replaces this file with one that calls the
// host's own APIs (WXWebAssembly.instantiate, wx.scanCode, wx.setStorage, wx.request, wx.login).
// Nothing else in the shell touches fetch, storage, the camera or login directly.

const STORAGE_PREFIX = 'tongban:';

export const bridge = {
  host: 'browser',

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

  async fetchBytes(url) {
    const res = await fetch(url, { credentials: 'same-origin' });
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

  isOnline() { return navigator.onLine !== false; },
  onConnectivityChange(callback) {
    window.addEventListener('online', () => callback(true));
    window.addEventListener('offline', () => callback(false));
  },
};
