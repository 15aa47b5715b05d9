// GCM (NIST SP 800-38D) for 12-byte nonces, built in plain JavaScript over npm sm-crypto's SM4 block
// function: the independent SM4-GCM the interop tests hold tongban's to (sm-crypto has no GCM mode).
// Each test first proves it on RFC 8998's example. Slow (BigInt GHASH): for test-sized data only.
import smCrypto from 'sm-crypto';

const { sm4 } = smCrypto;
const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (h) => new Uint8Array(Buffer.from(h, 'hex'));
const concat = (...parts) => new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));

const block = (k, b) => Uint8Array.from(sm4.encrypt(Array.from(b), Array.from(k), { padding: 'none', output: 'array' }));
const big = (b) => BigInt('0x' + (hex(b) || '0'));
const bytes16 = (n) => unhex(n.toString(16).padStart(32, '0'));
function gmul(x, y) {
  const r = 0xe1n << 120n;
  let z = 0n, v = y;
  for (let i = 127; i >= 0; i--) {
    if ((x >> BigInt(i)) & 1n) z ^= v;
    v = v & 1n ? (v >> 1n) ^ r : v >> 1n;
  }
  return z;
}
function ghash(h, a, c) {
  let y = 0n;
  const feed = (data) => {
    for (let i = 0; i < data.length; i += 16) {
      const chunk = new Uint8Array(16);
      chunk.set(data.slice(i, i + 16));
      y = gmul(y ^ big(chunk), h);
    }
  };
  feed(a);
  feed(c);
  y = gmul(y ^ ((BigInt(a.length * 8) << 64n) | BigInt(c.length * 8)), h);
  return y;
}
export function gcmSeal(k, nonce, plain, aad) {
  const h = big(block(k, new Uint8Array(16)));
  const counter = (i) => concat(nonce, [(i >>> 24) & 255, (i >>> 16) & 255, (i >>> 8) & 255, i & 255]);
  const out = new Uint8Array(plain.length);
  for (let i = 0; i < plain.length; i += 16) {
    const ks = block(k, counter(2 + i / 16));
    for (let j = i; j < Math.min(i + 16, plain.length); j++) out[j] = plain[j] ^ ks[j - i];
  }
  const tag = bytes16(big(block(k, counter(1))) ^ ghash(h, aad, out));
  return concat(out, tag);
}

export function gcmOpen(k, nonce, sealed, aad) {
  const body = sealed.slice(0, sealed.length - 16);
  // CTR is its own inverse: sealing the ciphertext gives the plaintext, and the tag of the
  // ciphertext is recomputed from it.
  const plain = gcmSeal(k, nonce, body, aad).slice(0, body.length);
  return hex(gcmSeal(k, nonce, plain, aad).slice(-16)) === hex(sealed.slice(-16)) ? plain : null;
}
