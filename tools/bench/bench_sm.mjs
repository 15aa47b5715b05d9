// The `sm` suite's benchmark (issue 15): the native figures (build/native/tools/bench/bench_sm:
// SM2 verify and sign, Ed25519 verify, sealing 1 KiB in each envelope suite, SM4-GCM and
// XChaCha20-Poly1305 throughput) beside npm sm-crypto in Node on the same machine in the same run;
// then the same program built to WebAssembly (build/wasm/tools/bench/bench_sm: OpenSSL's libcrypto
// built with Emscripten) beside sm-crypto's browser bundles in the same headless Chromium page.
// Writes the "National crypto (sm suite)" section of docs/PERFORMANCE.md (not with --smoke).
//   node tools/bench/bench_sm.mjs [--smoke]     (--smoke: a few iterations, to prove it runs)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import smCrypto from 'sm-crypto';
import { updatePerformanceDoc, machineLine } from './perf_doc.mjs';
import { runBenchPage } from './bench_page.mjs';

const { sm2, sm4 } = smCrypto;
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const smoke = process.argv.includes('--smoke');
const n = smoke ? 3 : 200;
const loadStart = loadavg()[0];

const native = JSON.parse(execFileSync(path.join(root, 'build/native/tools/bench/bench_sm'), ['--iterations', String(n)]).toString());

const keys = sm2.generateKeyPairHex();
const msg = 'm'.repeat(200);
const sig = sm2.doSignature(msg, keys.privateKey, { hash: true, publicKey: keys.publicKey });
const time = (count, f) => {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) f();
  return ((performance.now() - t0) * 1000) / count;
};
const jsVerify = time(n, () => {
  if (!sm2.doVerifySignature(msg, sig, keys.publicKey, { hash: true })) throw new Error('sm-crypto verify failed');
});
const chunk = new Array(64 * 1024).fill(7);
const jsSm4 = time(Math.max(1, Math.floor(n / 20)), () => sm4.encrypt(chunk, '0123456789abcdeffedcba9876543210', { padding: 'none', output: 'array' }));

// ---- WebAssembly, and sm-crypto in the same Chromium page ----------------------------------------
const dir = mkdtempSync('/tmp/tongban-bench-sm-');
writeFileSync(path.join(dir, 'bench-params.json'), JSON.stringify({ n: smoke ? 3 : 100 }));
const files = {
  'index.html': 'tools/bench/web/sm.html', 'sm-bench.js': 'tools/bench/web/sm-bench.js',
  'bench_sm.js': 'build/wasm/tools/bench/bench_sm.js', 'bench_sm.wasm': 'build/wasm/tools/bench/bench_sm.wasm',
  'sm2.js': 'node_modules/sm-crypto/dist/sm2.js', 'sm4.js': 'node_modules/sm-crypto/dist/sm4.js',
};
const { web, chromiumVersion, offsite } = await runBenchPage({ root, tongban: path.join(root, 'build/native/tools/tongban'), dir, files,
  chromiumArgs: ['--disable-quic'] });
rmSync(dir, { recursive: true, force: true });
if (offsite.length) throw new Error(`the page fetched from outside the local server: ${offsite.join(', ')}`);
if (web.ours.error) throw new Error(`bench_sm in WebAssembly: ${web.ours.error}`);
const w = web.ours, p = web.peer;

const row = (what, ours, theirs, target) => `| ${what} | ${ours} | ${theirs} | ${target} |`;
const out = [];
out.push(`sm suite, native (${n} iterations${smoke ? ', smoke run: not a measurement' : ''})\n`);
out.push('| operation | tongban native | sm-crypto (Node) | target |');
out.push('|---|---|---|---|');
out.push(row('SM2 verify', `${native.sm2_verify_us.toFixed(0)} µs`, `${jsVerify.toFixed(0)} µs`, '≤ 500 µs native'));
out.push(row('SM2 sign', `${native.sm2_sign_us.toFixed(0)} µs`, '', ''));
out.push(row('Ed25519 verify', `${native.ed25519_verify_us.toFixed(0)} µs`, '', ''));
out.push(row('seal 1 KiB to one department (sm / ed25519)', `${native.seal_1k_sm_us.toFixed(0)} / ${native.seal_1k_ed25519_us.toFixed(0)} µs`, '', '≤ 500 µs native'));
out.push(row('verify a dynamic code: issuer and device signatures (sm / ed25519)', `${native.verify_dynamic_code_sm_us.toFixed(0)} / ${native.verify_dynamic_code_ed25519_us.toFixed(0)} µs`, '', ''));
out.push(row('SM4-GCM (sm-crypto: SM4-ECB, it has no GCM)', `${native.sm4_gcm_mb_s.toFixed(0)} MB/s`, `${(65536 / jsSm4).toFixed(1)} MB/s`, '≥ 150 MB/s native'));
out.push(row('XChaCha20-Poly1305', `${native.xchacha20poly1305_mb_s.toFixed(0)} MB/s`, '', ''));
out.push('');
out.push(`sm suite, WebAssembly in Chromium ${chromiumVersion} (${smoke ? 3 : 100} iterations, median wall time per call; the page's timer steps are ${w.cross_origin_isolated ? '5 µs (cross-origin isolated)' : '100 µs (not cross-origin isolated), so figures under ~1 ms are coarse'})\n`);
out.push('| operation | tongban wasm | sm-crypto (same page) | ratio | target |');
out.push('|---|---|---|---|---|');
const ratio = (slow, fast) => `${(slow / fast).toFixed(1)}x`;
out.push(`| SM2 verify | ${w.sm2_verify_us.toFixed(0)} µs | ${p.sm2_verify_us.toFixed(0)} µs | ${ratio(p.sm2_verify_us, w.sm2_verify_us)} | ≤ 5 ms; ≥ 5x sm-crypto |`);
out.push(`| SM2 sign | ${w.sm2_sign_us.toFixed(0)} µs | ${p.sm2_sign_us.toFixed(0)} µs | ${ratio(p.sm2_sign_us, w.sm2_sign_us)} | ≥ 5x sm-crypto |`);
out.push(`| Ed25519 verify | ${w.ed25519_verify_us.toFixed(0)} µs | | | |`);
out.push(`| seal 1 KiB to one department (sm / ed25519) | ${w.seal_1k_sm_us.toFixed(0)} / ${w.seal_1k_ed25519_us.toFixed(0)} µs | | | |`);
out.push(`| verify a dynamic code (sm / ed25519) | ${w.verify_dynamic_code_sm_us.toFixed(0)} / ${w.verify_dynamic_code_ed25519_us.toFixed(0)} µs | | | |`);
out.push(`| SM4-GCM (sm-crypto: SM4-ECB, it has no GCM) | ${w.sm4_gcm_mb_s.toFixed(1)} MB/s | ${p.sm4_ecb_mb_s.toFixed(1)} MB/s | ${ratio(w.sm4_gcm_mb_s, p.sm4_ecb_mb_s)} | ≥ 40 MB/s; ≥ 5x sm-crypto |`);
out.push(`| XChaCha20-Poly1305 | ${w.xchacha20poly1305_mb_s.toFixed(1)} MB/s | | | |`);
const md = out.join('\n');
console.log(md);
if (!smoke) {
  updatePerformanceDoc(path.join(root, 'docs/PERFORMANCE.md'), 'sm', `### National crypto, sm suite (\`node tools/bench/bench_sm.mjs\`)
${machineLine()} Load average ${loadStart.toFixed(1)} at the start. Native: \`build/native/tools/bench/bench_sm\` (core's sm suite: OpenSSL 3 for SM2 and SM3, libgcrypt for SM4-GCM; libsodium for Ed25519 and XChaCha20-Poly1305), ${n} iterations, the median thread CPU time per call (SM2 verification on a precomputed table of multiples of G; signing given the key pair's public key, as every caller does). Peer: npm sm-crypto in Node, same machine, same run. WebAssembly: the same benchmark program built by the wasm preset (SM2 and SM3 from OpenSSL 3.0's libcrypto built with Emscripten from Debian's source, SM4-GCM from OpenSSL's GCM over its SM4), run in headless Chromium beside sm-crypto's browser bundles in the same page; wall time per call, median.

${md}
`);
}
