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
  const ASSETS = { 'tongban-ui.ttf': 'tongban-ui.ttf', 'guides.tbg': '../data/guides.tbg', 'guide-issuer.pub': '../data/guide-issuer.pub' };

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

  async function start() {
    const ratio = 1;  // draw at CSS pixels: a kiosk screen is large, and it keeps the atlas small
    canvas.width = Math.round(canvas.clientWidth * ratio);
    canvas.height = Math.round(canvas.clientHeight * ratio);
    const [assets] = await Promise.all([
      Promise.all(Object.values(ASSETS).map(fetchBytes)).then((bytes) => Object.fromEntries(Object.keys(ASSETS).map((n, i) => [n, bytes[i]]))),
      loadScript('tongban-kiosk.js'),
    ]);
    await window.createTongbanKiosk({
      canvas,
      tbAssets: assets,
      tbElderly: params.get('elderly') === '1',
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
    status.hidden = true;
    canvas.focus();
  }

  start().catch((e) => fail(e.message));
})();
