// Browser half of the sm suite's benchmark: our core's sm suite in WebAssembly (bench_sm built by
// the wasm preset: OpenSSL's libcrypto built with Emscripten) and npm sm-crypto (its browser
// bundles, window.sm2 and window.sm4) doing the same operations, in the same page.
async function loadScript(src) {
  await new Promise((resolve, reject) => {
    const s = document.createElement('script'); s.src = src; s.onload = resolve; s.onerror = reject;
    document.head.appendChild(s);
  });
}

async function runOurs(n) {
  await loadScript('bench_sm.js');
  const m = await window.createSmBench({});
  const out = JSON.parse(m.UTF8ToString(m._tb_bench_sm(n)));
  out.cross_origin_isolated = self.crossOriginIsolated === true;
  return out;
}

// The median time of one call over n calls, as the C++ half measures.
function medianUs(n, f) {
  const t = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    t.push((performance.now() - t0) * 1000);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(n / 2)];
}

function runPeer(n) {
  const { sm2, sm4 } = window;
  const keys = sm2.generateKeyPairHex();
  const msg = 'm'.repeat(200);
  const sig = sm2.doSignature(msg, keys.privateKey, { hash: true, publicKey: keys.publicKey });
  const verify = medianUs(n, () => {
    if (!sm2.doVerifySignature(msg, sig, keys.publicKey, { hash: true })) throw new Error('sm-crypto verify failed');
  });
  const sign = medianUs(n, () => sm2.doSignature(msg, keys.privateKey, { hash: true, publicKey: keys.publicKey }));
  // sm-crypto has no GCM: its SM4 in ECB over a 64 KiB chunk is less work than SM4-GCM.
  const chunk = new Array(64 * 1024).fill(7);
  const ecb = medianUs(Math.max(3, Math.floor(n / 10)), () => sm4.encrypt(chunk, '0123456789abcdeffedcba9876543210', { padding: 'none', output: 'array' }));
  return { sm2_verify_us: verify, sm2_sign_us: sign, sm4_ecb_mb_s: chunk.length / ecb };
}

// bench-params.json (written by bench_sm.mjs): the iteration count.
window.runBench = async function runBench() {
  const { n } = await (await fetch('bench-params.json')).json();
  const ours = await runOurs(n);
  const peer = runPeer(n);
  document.getElementById('log').textContent = 'done';
  return { ours, peer };
};
