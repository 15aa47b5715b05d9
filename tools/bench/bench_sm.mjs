// The `sm` suite's benchmark (issue 15): the native figures (build/native/tools/bench/bench_sm:
// SM2 verify and sign, Ed25519 verify, sealing 1 KiB in each envelope suite, SM4-GCM and
// XChaCha20-Poly1305 throughput) beside npm sm-crypto in Node on the same machine in the same run.
// The WebAssembly figures come when the suite is built for wasm (not this round).
// Writes the "National crypto (sm suite)" section of docs/PERFORMANCE.md (not with --smoke).
//   node tools/bench/bench_sm.mjs [--smoke]     (--smoke: a few iterations, to prove it runs)
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import smCrypto from 'sm-crypto';
import { updatePerformanceDoc, machineLine } from './perf_doc.mjs';

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
const md = out.join('\n');
console.log(md);
if (!smoke) {
  updatePerformanceDoc(path.join(root, 'docs/PERFORMANCE.md'), 'sm', `### National crypto, sm suite (\`node tools/bench/bench_sm.mjs\`)
${machineLine()} Load average ${loadStart.toFixed(1)} at the start. Native: \`build/native/tools/bench/bench_sm\` (core's sm suite: OpenSSL 3 for SM2 and SM3, libgcrypt for SM4-GCM; libsodium for Ed25519 and XChaCha20-Poly1305), ${n} iterations, the median thread CPU time per call (SM2 verification on a precomputed table of multiples of G; signing given the key pair's public key, as every caller does). Peer: npm sm-crypto in Node, same machine, same run.

${md}
`);
}
