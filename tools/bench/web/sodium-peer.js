// The peer of the submission benchmark: libsodium-wrappers (npm) doing the work a device does to
// seal a submission, in the shape the obvious JS design would take: per department a random part
// key wrapped with crypto_box_seal, the answers under XChaCha20-Poly1305 (crypto_aead_…_ietf),
// BLAKE2b of the ciphertext, Ed25519 over a small header; attachments through
// crypto_secretstream_xchacha20poly1305 (and plain AEAD) in 64 KiB chunks. Shared by node
// (tools/bench/bench_submission.mjs) and the Chromium page (submission-bench.js).
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

export async function peerBench(sodium, { runs = 2000, mib = 64, reps = 2 } = {}) {
  const s = sodium;
  const depts = [s.crypto_box_keypair(), s.crypto_box_keypair(), s.crypto_box_keypair()];
  const device = s.crypto_sign_keypair();
  const data1k = new Uint8Array(1024).fill(32);  // ~1 KiB of answers, as JSON text
  data1k.set(new TextEncoder().encode(JSON.stringify({ reason: '申请办理'.repeat(80) })).subarray(0, 1024));
  const seal = (n) => {
    const parts = [];
    for (let i = 0; i < n; i++) {
      const key = s.randombytes_buf(32);
      const sealed = s.crypto_box_seal(key, depts[i].publicKey);
      const nonce = s.randombytes_buf(24);
      const ct = s.crypto_aead_xchacha20poly1305_ietf_encrypt(data1k, null, null, nonce, key);
      parts.push({ sealed, nonce, ct, digest: s.crypto_generichash(32, ct) });
    }
    const header = new Uint8Array(64 + parts.length * (80 + 24 + 32));
    let at = 0;
    header.set(s.randombytes_buf(16), at); at += 64;
    for (const p of parts) { header.set(p.sealed, at); at += 80; header.set(p.nonce, at); at += 24; header.set(p.digest, at); at += 32; }
    return { header, sig: s.crypto_sign_detached(header, device.privateKey), parts };
  };
  const time = (f) => {
    for (let i = 0; i < runs / 10 + 1; i++) f();
    const t = [];
    for (let i = 0; i < runs; i++) { const t0 = performance.now(); f(); t.push((performance.now() - t0) * 1000); }
    return { median: pct(t, 0.5), p99: pct(t, 0.99) };
  };
  const out = {};
  const s1 = time(() => seal(1)), s3 = time(() => seal(3));
  const env = seal(1);
  const check = time(() => {
    if (!s.crypto_sign_verify_detached(env.sig, env.header, device.publicKey)) throw new Error('verify');
    s.crypto_generichash(32, env.parts[0].ct);
  });
  Object.assign(out, { seal_1k_1dept_median_us: s1.median, seal_1k_1dept_p99_us: s1.p99, seal_1k_3dept_median_us: s3.median,
    seal_1k_3dept_p99_us: s3.p99, check_1k_median_us: check.median, check_1k_p99_us: check.p99 });

  // Attachments: mib MiB in 64 KiB chunks, from a 1 MiB random buffer.
  const buf = s.randombytes_buf(1 << 20), CH = 65536, total = mib * (1 << 20);
  const push = [], pull = [], aead = [];
  for (let r = 0; r < reps; r++) {
    const key = s.crypto_secretstream_xchacha20poly1305_keygen();
    let t0 = performance.now();
    const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
    const chunks = [];
    for (let off = 0; off < total; off += CH) {
      const m = buf.subarray(off % buf.length, off % buf.length + CH);
      const tag = off + CH >= total ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
      chunks.push(s.crypto_secretstream_xchacha20poly1305_push(state, m, null, tag));
    }
    push.push(performance.now() - t0);
    t0 = performance.now();
    const st = s.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
    let got = 0;
    for (const c of chunks) { const r2 = s.crypto_secretstream_xchacha20poly1305_pull(st, c, null); if (!r2) throw new Error('pull'); got += r2.message.length; }
    pull.push(performance.now() - t0);
    if (got !== total) throw new Error('pull size');
    chunks.length = 0;
    const k2 = s.randombytes_buf(32), n2 = s.randombytes_buf(24);
    t0 = performance.now();
    for (let off = 0; off < total; off += CH) s.crypto_aead_xchacha20poly1305_ietf_encrypt(buf.subarray(off % buf.length, off % buf.length + CH), null, null, n2, k2);
    aead.push(performance.now() - t0);
  }
  const rate = (ms) => total / 1e6 / (ms / 1000);
  Object.assign(out, { attach_mib: mib, secretstream_push_mb_s: rate(pct(push, 0.5)), secretstream_pull_mb_s: rate(pct(pull, 0.5)),
    aead_64k_mb_s: rate(pct(aead, 0.5)), runs, version: s.SODIUM_VERSION_STRING });
  return out;
}
