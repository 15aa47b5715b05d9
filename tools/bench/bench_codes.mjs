// City-code benchmark, scanning side (issue: 一码通城). Native: tools/bench/bench_qr_decode (libzxing)
// makes the frames and decodes them; browser: the phone's scanner module (mobile-shell/js/scanner.js,
// zxing-wasm from npm with the phone's settings) and jsQR (npm) on the same frames in the same
// headless Chromium page. Also runs tools/bench/bench_codes_native (revocation list, Base45, code
// verification) and includes its output. Writes the "Codes (scanning)" section of docs/PERFORMANCE.md.
//   node tools/bench/bench_codes.mjs [--no-doc] [--samples DIR] [--bin-dir DIR] [--wasm-dir DIR] [--skip-codes-native]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { loadavg } from 'node:os';
import { parseArgs } from '../../tests/lib/harness.mjs';
import { runBenchPage } from './bench_page.mjs';
import { updatePerformanceDoc, verdict, machineLine, kb } from './perf_doc.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = parseArgs();
const bin = args['bin-dir'] || join(root, 'build/native/tools');
const wasmBuild = args['wasm-dir'] || join(root, 'build/wasm/wasm');  // the scan module (tongban-scan)
const samples = args.samples || join(root, '../shared/data/qr-samples');
if (!existsSync(samples)) throw new Error(`sample photos not found at ${samples} (pass --samples DIR)`);
const dir = mkdtempSync('/tmp/tongban-bench-codes-');
const loadStart = loadavg()[0];

// ---- Native: frames + libzxing ----------------------------------------------------------------------
console.error('bench_codes: native decoding (libzxing)…');
const native = JSON.parse(execFileSync(join(bin, 'bench', 'bench_qr_decode'), ['--samples', samples, '--frames', join(dir, 'frames.bin')],
  { maxBuffer: 1 << 24 }).toString());
// Held-out damaged frames: the same maker on seeds never used to choose or tune the scanner's passes
// (those were chosen on seeds 1-6 and 11-16 and this benchmark's own set), measured only, so the damaged-code
// rates are not those of the one set the passes were tried against.
const HELD_OUT_SEEDS = [7, 99, 123];
const heldOutFiles = HELD_OUT_SEEDS.map((seed) => `held-out-${seed}.bin`);
const heldOutNative = { glare: { ok: 0, n: 0 }, 'noisy-rotated': { ok: 0, n: 0 } };
HELD_OUT_SEEDS.forEach((seed, i) => {
  const r = JSON.parse(execFileSync(join(bin, 'bench', 'bench_qr_decode'), ['--samples', 'none', '--synthetic', '0', '--empty', '0',
    '--reps', '1', '--seed', String(seed), '--frames', join(dir, heldOutFiles[i])], { maxBuffer: 1 << 24 }).toString());
  for (const kind of Object.keys(heldOutNative)) { heldOutNative[kind].ok += r.kinds[kind].ok; heldOutNative[kind].n += r.kinds[kind].n; }
});
let codesNative = null;
if (!args['skip-codes-native']) {
  console.error('bench_codes: bench_codes_native (revocation list, Base45, verification)…');
  try {
    codesNative = execFileSync(join(bin, 'bench', 'bench_codes_native'), [], { maxBuffer: 1 << 24, timeout: 600000 }).toString().trim();
  } catch (e) {
    codesNative = `bench_codes_native failed: ${String(e.stderr || e.message).trim()}`;
  }
}

// ---- zbar (Debian's zbar-tools, native): each camera frame as a PGM file through zbarimg ---------------
// Decode rates only: a process per frame makes its times incomparable with the in-process decoders.
const KINDS = ['synthetic', 'photo', 'empty', 'sample', 'glare', 'noisy-rotated'];  // bench_qr_decode's, by number
function zbarRates(framesFile) {
  const buf = readFileSync(framesFile);
  const count = buf.readUInt32LE(8);
  const out = {};
  let version = '';
  try { version = execFileSync('zbarimg', ['--version']).toString().trim(); } catch { return null; }
  for (let i = 0, at = 12; i < count; i++) {
    const kind = KINDS[buf.readUInt32LE(at)], w = buf.readUInt32LE(at + 4), h = buf.readUInt32LE(at + 8);
    const nameLen = buf.readUInt32LE(at + 12); at += 16 + nameLen;
    const textLen = buf.readUInt32LE(at); at += 4;
    const expected = buf.subarray(at, at + textLen).toString(); at += textLen;
    const grey = buf.subarray(at, at + w * h); at += w * h;
    if (kind === 'sample') continue;
    const pgm = join(dir, 'zbar.pgm');
    writeFileSync(pgm, Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), grey]));
    const r = spawnSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', pgm], { timeout: 20000 });
    const texts = r.status === 0 ? r.stdout.toString().replace(/\n$/, '').split('\n') : [];
    const k = (out[kind] ||= { n: 0, ok: 0, any: 0 });
    k.n++;
    k.any += texts.length > 0;
    k.ok += expected ? texts.includes(expected) : texts.length === 0;
  }
  return { version, kinds: out };
}
console.error('bench_codes: zbarimg (zbar-tools) on the same frames…');
const zbar = zbarRates(join(dir, 'frames.bin'));

// ---- Browser: the page, the scanner module as the site ships it, jsQR -------------------------------
const zxDist = join(root, 'node_modules/zxing-wasm/dist');
const files = {
  'index.html': 'tools/bench/web/codes.html', 'codes-bench.js': 'tools/bench/web/codes-bench.js',
  'jsQR.js': 'node_modules/jsqr/dist/jsQR.js', 'js/scanner.js': 'mobile-shell/js/scanner.js',
  // the same layout tools/site/assemble.sh gives the site
  'vendor/zxing-wasm/es/reader/index.js': 'node_modules/zxing-wasm/dist/es/reader/index.js',
  'vendor/zxing-wasm/es/share.js': 'node_modules/zxing-wasm/dist/es/share.js',
  'vendor/zxing-wasm/reader/zxing_reader.wasm': 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm',
  'tongban-scan.js': join(wasmBuild, 'tongban-scan.js'), 'tongban-scan.wasm': join(wasmBuild, 'tongban-scan.wasm'),
};
console.error('bench_codes: Chromium (zxing-wasm and jsQR, same page)…');
const { web, chromiumVersion, offsite } = await runBenchPage({ root, tongban: join(bin, 'tongban'), dir, files, chromiumArgs: ['--disable-quic'],
  benchArgs: { heldOut: heldOutFiles } });
rmSync(dir, { recursive: true, force: true });
console.error(`sample photos missed: native ${JSON.stringify(native.samples.failed)}; wasm ${JSON.stringify(web.sample_fails.zxing)}; jsQR ${web.sample_fails.jsqr.length}`);
if (offsite.length) throw new Error(`the page fetched from outside the local server: ${offsite.join(', ')}`);

// ---- Report -------------------------------------------------------------------------------------------
const f = (x, d = 2) => (Number.isFinite(Number(x)) ? Number(x).toFixed(d) : '—');
const pctOf = (ok, n) => (100 * ok) / n;
const rate = (ok, n) => `${ok} / ${n} (${f(pctOf(ok, n), 1)} %)`;
const brotli = (file) => zlib.brotliCompressSync(readFileSync(file), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const wasmFile = join(zxDist, 'reader/zxing_reader.wasm');
const jsFiles = [join(zxDist, 'es/reader/index.js'), join(zxDist, 'es/share.js')];
const scanFiles = [join(wasmBuild, 'tongban-scan.wasm'), join(wasmBuild, 'tongban-scan.js')];
const size = { wasm: statSync(wasmFile).size, wasmBr: brotli(wasmFile),
  scan: scanFiles.reduce((a, p) => a + statSync(p).size, 0), scanBr: scanFiles.reduce((a, p) => a + brotli(p), 0),
  js: jsFiles.reduce((a, p) => a + statSync(p).size, 0), jsBr: jsFiles.reduce((a, p) => a + brotli(p), 0) };
const version = (pkg) => JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'))).version;

const z = web.zxing, jd = web.jsqr_dont_invert, jb = web.jsqr_attempt_both;
const nk = native.kinds;
const nativeSample = pctOf(native.samples.ok, native.samples.n), wasmSample = pctOf(z.sample.ok, z.sample.n), jsqrSample = pctOf(jb.sample.ok, jb.sample.n);
const fpsRatio = z.all.fps / jd.all.fps;
const frameRow = (name, s) => `| ${name} | ${f(s.all.ms_median)} / ${f(s.all.ms_p95)} ms | ${f(s.all.fps, 0)} | ${rate(s.synthetic.ok, s.synthetic.n)} | ${rate(s.photo.ok, s.photo.n)} | ${s.empty.n - s.empty.ok} of ${s.empty.n} |`;
// The verification and revocation targets, from bench_codes_native's JSON (printed in full below).
function verifyRows() {
  let c;
  try { c = JSON.parse(codesNative); } catch { return '| verify and revocation (bench_codes_native) | did not run | | **missed** |\n'; }
  const r = c.revocation, v = c.codes;
  return `| verify a dynamic code, native: median (p99 of CPU time) | ${f(v.verify_dynamic_us_median / 1000, 3)} ms (${f(v.verify_dynamic_cpu_us_p99 / 1000, 3)} ms) | <= 0.3 ms | ${verdict(v.verify_dynamic_us_median <= 300)} |
| revocation check against ${(r.entries / 1e6).toFixed(1)} million revoked ids: median (p99) | ${f(r.lookup_ns_median / 1000, 2)} µs (${f(r.lookup_ns_p99 / 1000, 2)} µs) | <= 10 µs | ${verdict(r.lookup_ns_median <= 10000)} |
| that revocation list's size | ${f(r.size_bytes / 1e6, 2)} MB (${f(r.bits_per_id, 1)} bits per id, false positives ${f(r.false_positive_rate_measured * 100, 3)} %, none missed) | <= 8 MB | ${verdict(r.size_bytes <= 8e6 && r.false_negatives === 0)} |
`;
}
const md = `### Codes (scanning) (\`node tools/bench/bench_codes.mjs\`)
${machineLine()} Load average ${f(loadStart, 1)} at the start of the run, ${f(loadavg()[0], 1)} at the end (other work on the machine slows every decoder alike; the ratios hold better than the milliseconds). ${native.frames} camera frames of ${native.width}x${native.height} grey: ${nk.synthetic.n} synthetic (codes from our encoder — dynamic, printed, venue and service codes, URLs, Chinese text — at 2.2 to 6 px per module, tilted or at any angle, mild perspective, blur, sensor noise, uneven light, cluttered background), the ${nk.photo.n} sample photos of ZXing-cpp's public QR test set (\`../shared/data/qr-samples\`) downscaled to fit the frame, ${nk.empty.n} frames with no code, and ${nk.glare.n} glare and ${nk['noisy-rotated'].n} noisy-rotated frames (damaged codes, below). Native: Debian's libzxing ${native.zxing_cpp}, each frame ${native.reps} times (median). Browser: Chromium ${chromiumVersion}, the phone's scanner module (\`mobile-shell/js/scanner.js\`, zxing-wasm ${version('zxing-wasm')}, its camera settings: QR only, try harder, try inverted, first code) and jsQR ${version('jsqr')} in the same page on the same frames as RGBA ImageData (zxing's time includes its RGBA-to-grey step). A frame is "decoded" when the expected text comes out exactly; an empty frame must give nothing.

| target | measured | target | |
|---|---|---|---|
| decode a 640x480 frame, WebAssembly: median over all frames / over the synthetic ones (p95 of all) | ${f(z.all.ms_median)} / ${f(z.synthetic.ms_median)} ms (p95 ${f(z.all.ms_p95)} ms) | <= 5 ms | ${verdict(Math.max(z.all.ms_median, z.synthetic.ms_median) <= 5)} |
| decode a 640x480 frame, native: median over all frames / over the synthetic ones (p95 of all) | ${f(native.frame_ms_median)} / ${f(nk.synthetic.ms_median)} ms (p95 ${f(native.frame_ms_p95)} ms) | <= 2 ms | ${verdict(Math.max(native.frame_ms_median, nk.synthetic.ms_median) <= 2)} |
| frames per second vs jsQR (its fastest setting, \`dontInvert\`), same page | ${f(fpsRatio, 1)}x (${f(z.all.fps, 0)} vs ${f(jd.all.fps, 0)} fps; vs jsQR's default \`attemptBoth\`: ${f(z.all.fps / jb.all.fps, 1)}x) | >= 5x | ${verdict(fpsRatio >= 5)} |
| decode rate on the sample photos, WebAssembly vs jsQR | ${f(wasmSample, 1)} % vs ${f(jsqrSample, 1)} % (+${f(wasmSample - jsqrSample, 1)} points) | >= +20 points | ${verdict(wasmSample - jsqrSample >= 20)} |
| decode rate on the sample photos, native vs jsQR | ${f(nativeSample, 1)} % vs ${f(jsqrSample, 1)} % (+${f(nativeSample - jsqrSample, 1)} points) | >= +20 points | ${verdict(nativeSample - jsqrSample >= 20)} |
${verifyRows()}
Camera frames (per-frame time over all ${native.frames} frames; decoded counts per kind):

| decoder | median / p95 | frames/s | synthetic decoded | sample photos in a 640x480 frame | false codes on empty frames |
|---|---|---|---|---|---|
| tongban native (libzxing ${native.zxing_cpp}) | ${f(native.frame_ms_median)} / ${f(native.frame_ms_p95)} ms | ${f(native.fps, 0)} | ${rate(nk.synthetic.ok, nk.synthetic.n)} | ${rate(nk.photo.ok, nk.photo.n)} | ${nk.empty.n - nk.empty.ok} of ${nk.empty.n} |
${frameRow(`tongban WebAssembly (zxing-wasm ${version('zxing-wasm')})`, z)}
${frameRow('jsQR, `dontInvert`', jd)}
${frameRow('jsQR, `attemptBoth` (default)', jb)}

Damaged codes (made by Debian's qrencode, not our encoder; \`tools/bench/camera_frames.h\`): a bright reflection washing out part of the code (glare), and a code at any angle under heavy sensor noise and blur (noisy-rotated). Both of tongban's scanners make the same passes over a frame (\`scan/frame_passes.h\`: natively, and in the browser in the scan module \`tongban-scan.wasm\` built from the same source, read there by zxing-wasm), each started only while one more of the slowest so far fits a 40 ms budget: coarse to fine (half size, then the frame as it is); then, on the patch of the frame where the code most likely is (the largest cluster of busy 8x8 blocks) turned upright, the symbol's grid found from its finder patterns and fitted to its version's fixed patterns, every module read by us as the mean of its middle with the blur's spill from its neighbours fitted and taken away, and the symbol redrawn clean for the decoder (\`scan/symbol_grid.h\`); local contrast normalisation (glare); then, on the patch, smoothing then sharpening, the patch turned upright (its orientation from its gradients) and enlarged 1.5 times, and the patch enlarged 1.5, 2 and 3 times, each smoothed and sharpened (noise and blur); then the whole frame enlarged twice, smoothed, a median, a global threshold. zbar: ${zbar ? zbar.version : 'zbarimg not found'}, one \`zbarimg\` process per frame (decode rates only).

| decoder | glare decoded | noisy-rotated decoded | false codes on empty frames |
|---|---|---|---|
| tongban native (libzxing ${native.zxing_cpp}, with retries) | ${rate(nk.glare.ok, nk.glare.n)} | ${rate(nk['noisy-rotated'].ok, nk['noisy-rotated'].n)} | ${nk.empty.n - nk.empty.ok} of ${nk.empty.n} |
| tongban WebAssembly (zxing-wasm ${version('zxing-wasm')}, with retries) | ${rate(z.glare.ok, z.glare.n)} | ${rate(z['noisy-rotated'].ok, z['noisy-rotated'].n)} | ${z.empty.n - z.empty.ok} of ${z.empty.n} |
| jsQR, \`attemptBoth\` (default) | ${rate(jb.glare.ok, jb.glare.n)} | ${rate(jb['noisy-rotated'].ok, jb['noisy-rotated'].n)} | ${jb.empty.n - jb.empty.ok} of ${jb.empty.n} |
${zbar ? `| zbar (zbarimg) | ${rate(zbar.kinds.glare.ok, zbar.kinds.glare.n)} | ${rate(zbar.kinds['noisy-rotated'].ok, zbar.kinds['noisy-rotated'].n)} | ${zbar.kinds.empty.n - zbar.kinds.empty.ok} of ${zbar.kinds.empty.n} |
` : ''}| tongban native, held-out frames (seeds ${HELD_OUT_SEEDS.join(', ')}) | ${rate(heldOutNative.glare.ok, heldOutNative.glare.n)} | ${rate(heldOutNative['noisy-rotated'].ok, heldOutNative['noisy-rotated'].n)} | |
| tongban WebAssembly, held-out frames (the same) | ${rate(web.held_out.glare.ok, web.held_out.glare.n)} | ${rate(web.held_out['noisy-rotated'].ok, web.held_out['noisy-rotated'].n)} | |
| target | >= 97 % each | >= 97 % each | none |

Held-out frames: the same frame maker on seeds ${HELD_OUT_SEEDS.join(', ')}, which were never used to choose or tune the passes (they were chosen, and the module reader built, on seeds 1-6 and 11-16 and on this benchmark's own set above; one change, a wider module sample, was also measured on them before it was reverted for what it lost on this benchmark's own frames); one read of each frame under the same 40 ms budget. They say how the scanner does on damaged codes it was not tuned on; the target is met only where both sets meet it.

Per kind, median / p95 ms: native synthetic ${f(nk.synthetic.ms_median)} / ${f(nk.synthetic.ms_p95)}, glare ${f(nk.glare.ms_median)} / ${f(nk.glare.ms_p95)}, noisy-rotated ${f(nk['noisy-rotated'].ms_median)} / ${f(nk['noisy-rotated'].ms_p95)}, photo ${f(nk.photo.ms_median)} / ${f(nk.photo.ms_p95)}, empty ${f(nk.empty.ms_median)} / ${f(nk.empty.ms_p95)}; WebAssembly synthetic ${f(z.synthetic.ms_median)} / ${f(z.synthetic.ms_p95)}, glare ${f(z.glare.ms_median)} / ${f(z.glare.ms_p95)}, noisy-rotated ${f(z['noisy-rotated'].ms_median)} / ${f(z['noisy-rotated'].ms_p95)}, photo ${f(z.photo.ms_median)} / ${f(z.photo.ms_p95)}, empty ${f(z.empty.ms_median)} / ${f(z.empty.ms_p95)}; jsQR (\`dontInvert\`) synthetic ${f(jd.synthetic.ms_median)} / ${f(jd.synthetic.ms_p95)}, photo ${f(jd.photo.ms_median)} / ${f(jd.photo.ms_p95)}, empty ${f(jd.empty.ms_median)} / ${f(jd.empty.ms_p95)}.

Sample photos as they are (${native.samples.n} images with an expected text; every code in the picture, like \`tongban code scan\` and \`scanImageFile\`): native ${rate(native.samples.ok, native.samples.n)}, WebAssembly ${rate(z.sample.ok, z.sample.n)}, jsQR (\`attemptBoth\`) ${rate(jb.sample.ok, jb.sample.n)}. The expected texts are ZXing-cpp's own test expectations; jsQR located a code in ${jb.sample.any} of the images but gave an empty or different text for ${jb.sample.any - jb.sample.ok} of them (Shift-JIS Japanese codes), which count as misses. Counting any code found, whatever its text: native ${f(pctOf(native.samples.any, native.samples.n), 1)} %, WebAssembly ${f(pctOf(z.sample.any, z.sample.n), 1)} %, jsQR ${f(pctOf(jb.sample.any, jb.sample.n), 1)} %. Native is ZXing-cpp 1.4.0 (Debian's package): it has no inverted-code search of its own (the still-image path inverts the image itself when nothing is found; the camera path does not) and no QR Model 1; zxing-wasm is built from a newer ZXing-cpp.

Scanner download, loaded by the page only when a scan starts (the service worker precaches it with the other site files, so scanning works offline): zxing_reader.wasm ${kb(size.wasm)} (${kb(size.wasmBr)} brotli) + JS ${kb(size.js)} (${kb(size.jsBr)} brotli), and the scan module (tongban-scan .wasm + .js) ${kb(size.scan)} (${kb(size.scanBr)} brotli); ready (import, compile, instantiate from the local server) in ${f(web.load_ms, 0)} ms.
${codesNative === null ? '' : `
Revocation list, Base45 and verification (\`build/native/tools/bench/bench_codes_native\`, its output as printed):

\`\`\`json
${codesNative}
\`\`\`
`}`;
console.log(md);
if (!args['no-doc']) updatePerformanceDoc(join(root, 'docs/PERFORMANCE.md'), 'codes-scanning', md);
