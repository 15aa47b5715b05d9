// Loader for the browser kiosk: fetches the kiosk's assets (font, later the guide bundle), hands
// them to the WebAssembly module as Module.tbAssets, and starts it on the canvas. The same
// C++ UI as the native kiosk (kiosk/), built with Emscripten.
(function () {
  'use strict';
  const status = document.getElementById('status');
  const canvas = document.getElementById('canvas');
  const params = new URLSearchParams(location.search);
  // name the kiosk asks for → where the site keeps it (the guide bundle and the key it is checked
  // against come with the site, the same files the phone uses).
  const ASSETS = { 'tongban-ui.ttf': 'tongban-ui.ttf', 'guides.tbg': '../data/guides.tbg', 'guide-issuer.pub': '../data/guide-issuer.pub',
    'intake.pub': '../data/intake.pub', 'code-trust.tbt': '../data/code-trust.tbt', 'code-root.pub': '../data/code-root.pub',
    'tongban-ui.chars.txt': 'tongban-ui.chars.txt' };

  // The kiosk's data (its device key, the outbox of sealed applications) in IndexedDB: all of it is
  // read before the kiosk starts, so the C++ side reads synchronously; writes go to the map at once
  // and to IndexedDB in order (one readwrite transaction each, committed in the order issued).
  function openData() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open('tongban-kiosk', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('data');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  async function loadData() {
    const db = await openData();
    const data = new Map();
    await new Promise((resolve, reject) => {
      const tx = db.transaction('data');
      const req = tx.objectStore('data').openCursor();
      req.onsuccess = () => {
        const cur = req.result;
        if (!cur) return resolve();
        data.set(String(cur.key), new Uint8Array(cur.value));
        cur.continue();
      };
      req.onerror = () => reject(req.error);
    });
    const put = (key, bytes) => {
      const tx = db.transaction('data', 'readwrite');
      if (bytes) tx.objectStore('data').put(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), key);
      else tx.objectStore('data').delete(key);
      tx.onerror = () => console.warn('kiosk data write failed:', key, tx.error);
    };
    return { data, put };
  }

  function fail(message) {
    status.textContent = '启动失败：' + message;
    status.hidden = false;
    window.__kioskError = message;
  }

  async function fetchBytes(name) {
    const res = await fetch(name);
    if (!res.ok) throw new Error(name + ': HTTP ' + res.status);
    return new Uint8Array(await res.arrayBuffer());
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error('cannot load ' + src));
      document.head.appendChild(s);
    });
  }

  // The Chinese input engines (kiosk/input/engines_web.cpp), fetched only when an input first
  // needs them, never at start: the pinyin lexicon when a pinyin keyboard opens, zinnia's module and
  // its model when the handwriting pad is first shown. Each answers 0 while loading, 1 when ready,
  // -1 when it failed (the reason in error[what], shown to the person as 暂时不可用).
  function onDemand(assets) {
    const state = {};
    const od = { error: {}, handModule: null };
    const load = (what, promise) => {
      if (state[what] === undefined) {
        state[what] = 0;
        promise().then(() => { state[what] = 1; }, (e) => { od.error[what] = e && e.message ? e.message : String(e); state[what] = -1; });
      }
      return state[what];
    };
    od.asset = (name) => {
      if (name !== 'pinyin-lexicon.tsv') { od.error[name] = 'not offered by this page'; return -1; }
      return load(name, () => fetchBytes(name).then((bytes) => { assets[name] = bytes; }));
    };
    od.hand = () => load('hand', async () => {
      const [model] = await Promise.all([fetchBytes('handwriting-zh_CN.model'), loadScript('tongban-hand.js')]);
      const hand = await window.createTongbanHand();
      const at = hand._malloc(model.length);
      hand.HEAPU8.set(model, at);
      const opened = hand._tb_hand_open(at, model.length);
      hand._free(at);
      if (!opened) throw new Error('handwriting-zh_CN.model: ' + hand.UTF8ToString(hand._tb_hand_error()));
      od.handModule = hand;
    });
    return od;
  }

  // ?camera=1: a hall PC with a webcam reads codes with it, through the phone's scanner module
  // (zxing-wasm, loaded when the camera starts). Only while the kiosk wants codes (home, 扫码) does a
  // read count, and a code held in view counts once: out of view for 3 s, it counts again (as on the
  // native kiosk), so a rotating code is not refused as shown twice.
  function camera() {
    const state = { queue: [], wanted: false };
    const seen = new Map();  // text → when last seen
    state.start = () => {
      const video = document.createElement('video');
      video.hidden = true;
      document.body.appendChild(video);
      Promise.all([import('../js/scanner.js'), import('../js/hosts/h5.js')])
        .then(([scanner, { h5Host }]) => scanner.scanFrames(video, (text) => {
          if (!state.wanted) return;  // a form being filled: codes in view are not taken
          const now = performance.now(), before = seen.get(text);
          seen.set(text, now);
          if (seen.size > 64) seen.delete(seen.keys().next().value);
          if (before === undefined || now - before > 3000) state.queue.push('c:' + text);
        }, { repeatMs: 0, openCamera: () => h5Host.openCamera() }))
        .catch((e) => state.queue.push('f:' + (e && e.message ? e.message : String(e))));
    };
    return state;
  }

  // ?document-camera=1: the hall PC's document camera (高拍仪, a USB webcam to the browser) for 拍照上传,
  // through getUserMedia, only while the kiosk's camera sheet is up (kiosk/platform/platform_web.cpp
  // asks: open, capture, close). Every 150 ms the newest frame is shrunk into a preview; a capture
  // hands over the next whole frame. Both as RGB for the kiosk, which finds the page, straightens it
  // and makes the JPEG (core/image) — the same code as the native kiosk. The frames are the person's:
  // each buffer is zeroed once handed over, and closing stops the camera and drops the canvas.
  function documentCamera() {
    const PREVIEW_SIDE = 960, EVERY_MS = 150;
    const cam = { preview: null, photo: null, failure: '', want: false };
    let stream = null, video = null, timer = 0, generation = 0, wake = () => {};
    let canvas = null, ctx = null;
    const rgbOf = (w, h) => {  // the video's frame at w x h, as RGB
      canvas.width = w;
      canvas.height = h;
      ctx.drawImage(video, 0, 0, w, h);
      const image = ctx.getImageData(0, 0, w, h), rgba = image.data, rgb = new Uint8Array(w * h * 3);
      for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
        rgb[j] = rgba[i];
        rgb[j + 1] = rgba[i + 1];
        rgb[j + 2] = rgba[i + 2];
      }
      rgba.fill(0);
      ctx.clearRect(0, 0, w, h);
      return { w, h, rgb };
    };
    const drop = (x) => { if (x) x.rgb.fill(0); return null; };
    const tick = () => {
      if (!video || video.readyState < 2 || !video.videoWidth) return;
      const vw = video.videoWidth, vh = video.videoHeight;
      if (cam.want) {
        cam.want = false;
        drop(cam.photo);
        cam.photo = rgbOf(vw, vh);
      }
      const scale = Math.min(1, PREVIEW_SIDE / Math.max(vw, vh));
      drop(cam.preview);
      cam.preview = rgbOf(Math.max(1, Math.round(vw * scale)), Math.max(1, Math.round(vh * scale)));
      wake();
    };
    const fail = (why) => {
      cam.failure = why;
      cam.close();
      wake();
    };
    cam.open = (wakeKiosk) => {
      cam.close();
      wake = wakeKiosk;
      const mine = ++generation;
      canvas = document.createElement('canvas');
      ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return fail('this page cannot use a camera (not a secure context?)');
      navigator.mediaDevices.getUserMedia({ audio: false, video: { width: { ideal: 2592 }, height: { ideal: 1944 } } })
        .then((s) => {
          if (mine !== generation) return s.getTracks().forEach((t) => t.stop());  // closed while asking
          stream = s;
          for (const t of s.getVideoTracks()) t.addEventListener('ended', () => { if (mine === generation) fail('the camera was disconnected'); });
          video = document.createElement('video');
          video.muted = true;
          video.playsInline = true;
          video.srcObject = s;
          return video.play().then(() => { if (mine === generation) timer = setInterval(tick, EVERY_MS); });
        })
        .catch((e) => { if (mine === generation) fail((e && e.name ? e.name + ': ' : '') + (e && e.message ? e.message : String(e))); });
    };
    cam.close = () => {
      generation++;
      clearInterval(timer);
      timer = 0;
      if (stream) stream.getTracks().forEach((t) => t.stop());
      stream = null;
      if (video) video.srcObject = null;
      video = null;
      cam.preview = drop(cam.preview);
      cam.photo = drop(cam.photo);
      cam.want = false;
      if (canvas) canvas.width = canvas.height = 0;
      canvas = ctx = null;
    };
    return cam;
  }

  async function start() {
    const ratio = 1;  // draw at CSS pixels: a kiosk screen is large, and it keeps the atlas small
    canvas.width = Math.round(canvas.clientWidth * ratio);
    canvas.height = Math.round(canvas.clientHeight * ratio);
    const [assets, store] = await Promise.all([
      Promise.all(Object.values(ASSETS).map(fetchBytes)).then((bytes) => Object.fromEntries(Object.keys(ASSETS).map((n, i) => [n, bytes[i]]))),
      loadData(),
      loadScript('tongban-kiosk.js'),
    ]);
    const kiosk = await window.createTongbanKiosk({
      canvas,
      tbAssets: assets,
      tbData: store.data,
      // libsodium's randombytes in WebAssembly asks the host for random numbers this way.
      getRandomValue: () => crypto.getRandomValues(new Uint32Array(1))[0] >>> 0,
      tbDataPut: store.put,
      tbElderly: params.get('elderly') === '1',
      tbScreenInches: Number(params.get('inches')) || 0,  // the kiosk screen's diagonal (?inches=21.5)
      tbCamera: params.get('camera') === '1' ? camera() : undefined,
      tbDocumentCamera: params.get('document-camera') === '1' ? documentCamera() : undefined,
      tbOnDemand: onDemand(assets),
      // Tests read what each frame drew (labels and target rectangles): see kiosk/ui/automation.h.
      onAutomation: params.has('automation') ? (json) => { window.__kioskAutomation = JSON.parse(json); } : undefined,
      instantiateWasm(imports, done) {
        const url = 'tongban-kiosk.wasm';
        const compile = WebAssembly.instantiateStreaming
          ? WebAssembly.instantiateStreaming(fetch(url), imports)
          : fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.instantiate(b, imports));
        compile.then((r) => done(r.instance, r.module)).catch((e) => fail(e.message));
        return {};
      },
      printErr: (s) => console.warn(s),
    });
    // Tests check that a person's data is gone from the kiosk's memory once their session ends
    // (tests/web/kiosk_journey.test.mjs): with the automation hook only, they may read it.
    if (params.has('automation')) window.__kioskHeap = () => kiosk.HEAPU8;
    status.hidden = true;
    canvas.focus();
  }

  start().catch((e) => fail(e.message));
})();
