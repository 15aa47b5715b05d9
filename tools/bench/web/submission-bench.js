// Browser half of the submission benchmark: our sealing core in WebAssembly (bench_submission
// built by the wasm preset) and libsodium-wrappers from npm doing the equivalent work, same page.
import { peerBench } from './sodium-peer.js';

async function loadScript(src) {
  await new Promise((resolve, reject) => {
    const s = document.createElement('script'); s.src = src; s.onload = resolve; s.onerror = reject;
    document.head.appendChild(s);
  });
}

window.runOurs = async function runOurs({ runs = 1000, mib = 64, reps = 2 } = {}) {
  await loadScript('bench_submission.js');
  const m = await window.createSubmissionBench({});
  const out = JSON.parse(m.UTF8ToString(m._tb_bench_submission(runs, mib, reps)));
  out.cross_origin_isolated = self.crossOriginIsolated === true;
  return out;
};

window.runPeer = async function runPeer(opts) {
  const { default: sodium } = await import('./libsodium-wrappers.mjs');
  await sodium.ready;
  return peerBench(sodium, opts);
};
window.benchReady = true;
document.getElementById('log').textContent = 'ready';
