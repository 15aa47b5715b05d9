// Browser half of the QR scanning benchmark (tools/bench/bench_codes.mjs): the phone's scanner
// module (js/scanner.js → zxing-wasm, with the settings the phone uses) and jsQR (npm) on the same
// frames, same page. Frames come from tools/bench/bench_qr_decode (frames.bin): 640x480 grey camera
// frames (synthetic, sample photos fitted, empty, glare, noisy-rotated) and the sample photos as they
// are. The scanner decodes camera frames as the phone does (readFrame: retries within its budget). Each frame is
// handed to both decoders as RGBA ImageData, as a canvas gives it. Held-out damaged frames (other
// seeds, never tuned on) are read by the scanner once each, for its rates alone.
import { loadReader, decodeStill, readFrame, CAMERA_OPTIONS } from './js/scanner.js';

const KINDS = ['synthetic', 'photo', 'empty', 'sample', 'glare', 'noisy-rotated'];  // bench_qr_decode's kinds, by number
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN; };
const log = (t) => { document.getElementById('log').textContent += `\n${t}`; };

function parseFrames(buf) {
  const dv = new DataView(buf), dec = new TextDecoder();
  if (dec.decode(new Uint8Array(buf, 0, 4)) !== 'TBQF') throw new Error('frames.bin: bad magic');
  const count = dv.getUint32(8, true);
  let at = 12;
  const frames = [];
  for (let i = 0; i < count; i++) {
    const kind = dv.getUint32(at, true), w = dv.getUint32(at + 4, true), h = dv.getUint32(at + 8, true);
    const nameLen = dv.getUint32(at + 12, true); at += 16;
    const name = dec.decode(new Uint8Array(buf, at, nameLen)); at += nameLen;
    const textLen = dv.getUint32(at, true); at += 4;
    const expected = dec.decode(new Uint8Array(buf, at, textLen)); at += textLen;
    const grey = new Uint8Array(buf, at, w * h); at += w * h;
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let p = 0, q = 0; p < grey.length; p++, q += 4) { rgba[q] = rgba[q + 1] = rgba[q + 2] = grey[p]; rgba[q + 3] = 255; }
    frames.push({ kind: KINDS[kind], name, expected, image: new ImageData(rgba, w, h) });
  }
  return frames;
}

const correct = (f, texts) => (f.expected ? texts.includes(f.expected) : texts.length === 0);

async function timeZxing(zx, f, reps) {
  const ms = [];
  let texts = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    texts = await readFrame(zx, f.image);
    ms.push(performance.now() - t0);
  }
  return { ms: pct(ms, 0.5), texts };
}

function timeJsqr(f, inversionAttempts, reps) {
  const ms = [];
  let texts = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    const code = window.jsQR(f.image.data, f.image.width, f.image.height, { inversionAttempts });
    ms.push(performance.now() - t0);
    texts = code ? [code.data] : [];
  }
  return { ms: pct(ms, 0.5), texts };
}

function summarise(rows) {
  const out = {};
  for (const kind of ['all', ...KINDS]) {
    const rs = rows.filter((r) => kind === 'all' ? r.kind !== 'sample' : r.kind === kind);
    if (!rs.length) continue;
    const ms = rs.map((r) => r.ms), sum = ms.reduce((a, b) => a + b, 0);
    out[kind] = { n: rs.length, ok: rs.filter((r) => r.ok).length, any: rs.filter((r) => r.any).length,
      ms_median: pct(ms, 0.5), ms_p95: pct(ms, 0.95), ms_mean: sum / rs.length, fps: (1000 * rs.length) / sum };
  }
  return out;
}

window.runBench = async function runBench({ zxingReps = 3, jsqrReps = 1, heldOut = [] } = {}) {
  const t0 = performance.now();
  const zx = await loadReader();
  const loadMs = performance.now() - t0;
  const frames = parseFrames(await (await fetch('frames.bin')).arrayBuffer());
  log(`${frames.length} frames; reader ready in ${loadMs.toFixed(0)} ms`);
  const camera = frames.filter((f) => f.kind !== 'sample'), samples = frames.filter((f) => f.kind === 'sample');
  // Warm-up: JIT for jsQR, wasm tier-up and heap growth for zxing.
  for (const f of camera.slice(0, 10)) { await zx.readBarcodes(f.image, CAMERA_OPTIONS); window.jsQR(f.image.data, f.image.width, f.image.height); }

  const peers = { zxing: [], jsqr_dont_invert: [], jsqr_attempt_both: [] };
  for (const f of camera) {
    const z = await timeZxing(zx, f, zxingReps);
    peers.zxing.push({ kind: f.kind, ms: z.ms, ok: correct(f, z.texts), any: z.texts.length > 0 });
    const j1 = timeJsqr(f, 'dontInvert', jsqrReps);
    peers.jsqr_dont_invert.push({ kind: f.kind, ms: j1.ms, ok: correct(f, j1.texts), any: j1.texts.length > 0 });
    const j2 = timeJsqr(f, 'attemptBoth', jsqrReps);
    peers.jsqr_attempt_both.push({ kind: f.kind, ms: j2.ms, ok: correct(f, j2.texts), any: j2.texts.length > 0 });
  }
  // The public sample set as it is: what scanImageFile does with a photo (every code, retries when
  // nothing is found), jsQR with both polarities (its most thorough setting).
  const sampleFails = { zxing: [], jsqr: [] };
  for (const f of samples) {
    const t0 = performance.now();
    const z = { texts: await decodeStill(f.image) };
    z.ms = performance.now() - t0;
    peers.zxing.push({ kind: 'sample', ms: z.ms, ok: correct(f, z.texts), any: z.texts.length > 0 });
    if (!correct(f, z.texts)) sampleFails.zxing.push(f.name);
    const j = timeJsqr(f, 'attemptBoth', 1);
    peers.jsqr_attempt_both.push({ kind: 'sample', ms: j.ms, ok: correct(f, j.texts), any: j.texts.length > 0 });
    if (!correct(f, j.texts)) sampleFails.jsqr.push(f.name);
  }
  // Held-out damaged frames (bench_codes.mjs: seeds never tuned on): one read each, rates only.
  const held = { glare: { ok: 0, n: 0 }, 'noisy-rotated': { ok: 0, n: 0 } };
  for (const file of heldOut) {
    for (const f of parseFrames(await (await fetch(file)).arrayBuffer())) {
      if (!held[f.kind]) continue;
      held[f.kind].n++;
      if (correct(f, await readFrame(zx, f.image))) held[f.kind].ok++;
    }
  }
  const out = { load_ms: loadMs, user_agent: navigator.userAgent, sample_fails: sampleFails, held_out: held };
  for (const [k, rows] of Object.entries(peers)) out[k] = summarise(rows);
  log(JSON.stringify(out, null, 1));
  return out;
};
