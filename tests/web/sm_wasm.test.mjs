// The `sm` suite in WebAssembly (issue 15): OpenSSL's libcrypto built with Emscripten from Debian's
// source (tools/deps/build-wasm-deps.sh), SM4-GCM from OpenSSL's parts, run by Node's V8 through
// build/wasm/wasm/tongban-sm-probe (wasm/sm-probe/sm_probe.cpp: one JSON call per primitive).
// The standards' example vectors (GB/T 32905, GB/T 32907, RFC 8998, GB/T 32918.2/.4 annex A.2,
// GM/T 0003.5 annex A) as the native suite passes them (tests/core/test_sm_suite.cpp), then npm
// sm-crypto, an independent implementation, both ways, then the bad input a reader must refuse.
// usage: node --test sm_wasm.test.mjs   (after tools/build.sh; the web tests' arguments are ignored)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import smCrypto from 'sm-crypto';
import { gcmSeal, gcmOpen } from '../lib/sm_gcm_peer.mjs';

const { sm2 } = smCrypto;
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const probeJs = path.join(root, 'build/wasm/wasm/tongban-sm-probe.cjs');
assert.ok(existsSync(probeJs), `${probeJs} not found: run tools/build.sh (it builds the wasm preset)`);
// The wasm bytes handed in: Emscripten 3.1.6 would fetch() a file path, which Node's fetch refuses.
const probe = await createRequire(import.meta.url)(probeJs)({ wasmBinary: readFileSync(probeJs.replace(/\.cjs$/, '.wasm')) });
const call = (req) => JSON.parse(probe.ccall('tb_sm_probe', 'string', ['string'], [JSON.stringify(req)]));
const ok = (req) => {
  const r = call(req);
  assert.equal(r.ok, true, `${req.op}: ${JSON.stringify(r)}`);
  return r.out;
};

const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (h) => new Uint8Array(Buffer.from(h, 'hex'));
const spaced = (s) => s.replace(/\s+/g, '').toLowerCase();
const utf8 = (s) => hex(Buffer.from(s, 'utf8'));
const ID = utf8('1234567812345678');

// GB/T 32918.2/.4 annex A.2: the example curve over a 256-bit prime field.
const exampleCurve = {
  p: '8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3',
  a: '787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498',
  b: '63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A',
  gx: '421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D',
  gy: '0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2',
  n: '8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7',
};
// GM/T 0003.5 annex A: the recommended curve, ID 1234567812345678, message "message digest".
const rec = {
  d: spaced('3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8'),
  pub: spaced(`04 09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020
                  CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13`),
  k: spaced('59276E27 D506861A 16680F3A D9C02DCC EF3CC1FA 3CDBE4CE 6D54B80D EAC1BC21'),
  sig: spaced(`F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3
               B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA`),
};

test('this module carries the sm suite', () => {
  assert.equal(call({ op: 'available' }).ok, true);
});

test('SM3: GB/T 32905 examples', () => {
  assert.equal(ok({ op: 'sm3', msg: utf8('abc') }), spaced('66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0'));
  assert.equal(ok({ op: 'sm3', msg: utf8('abcd'.repeat(16)) }),
    spaced('debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732'));
});

test('SM4: GB/T 32907 examples (one block, and the same block encrypted 1,000,000 times)', () => {
  const key = '0123456789abcdeffedcba9876543210';
  assert.equal(ok({ op: 'sm4_block', key, block: key }), '681edf34d206965e86b3e94f536e4246');
  assert.equal(ok({ op: 'sm4_block', key, block: key, times: 1000000 }), '595298c7c6fd271f0402f804c33d3f66');
});

test('SM4-GCM: RFC 8998 example, tampering refused, and the same bytes as GCM built on sm-crypto', () => {
  const key = '0123456789ABCDEFFEDCBA9876543210', nonce = '00001234567800000000ABCD',
    aad = 'FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2',
    msg = 'AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA';
  const expected = spaced(`17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735
    D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D83DE3541E4C2B58177E065A9BF7B62EC`);
  const sealed = ok({ op: 'gcm_seal', key, nonce, aad, msg });
  assert.equal(sealed, expected);
  assert.equal(hex(gcmSeal(unhex(key), unhex(nonce), unhex(msg), unhex(aad))), expected);  // the peer proven first
  assert.equal(ok({ op: 'gcm_open', key, nonce, aad, sealed }), msg.toLowerCase());
  const flipped = sealed.slice(0, 10) + (sealed[10] === '0' ? '1' : '0') + sealed.slice(11);
  assert.deepEqual(call({ op: 'gcm_open', key, nonce, aad, sealed: flipped }), { ok: false, reason: 'tampered' });
  assert.equal(call({ op: 'gcm_open', key, nonce, aad: aad + '00', sealed }).ok, false);
  for (const n of [0, 1, 15, 16, 17, 100, 1000]) {
    const k = randomBytes(16), iv = randomBytes(12), ad = randomBytes(n % 21), m = randomBytes(n);
    const ours = ok({ op: 'gcm_seal', key: hex(k), nonce: hex(iv), aad: hex(ad), msg: hex(m) });
    assert.equal(ours, hex(gcmSeal(k, iv, m, ad)), `length ${n}`);
    assert.equal(hex(gcmOpen(k, iv, unhex(ours), ad)), hex(m));
    const theirs = hex(gcmSeal(k, iv, m, ad));
    assert.equal(ok({ op: 'gcm_open', key: hex(k), nonce: hex(iv), aad: hex(ad), sealed: theirs }), hex(m));
  }
});

test('SM2 signature: GB/T 32918.2 annex A.2 on the example curve, and GM/T 0003.5 on the recommended curve', () => {
  const d = '128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263';
  const pub = ok({ op: 'public', curve: exampleCurve, d });
  assert.equal(pub, spaced(`04 0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A
                                7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857`));
  const id = utf8('ALICE123@YAHOO.COM'), msg = utf8('message digest');
  const sig = ok({ op: 'sign_with_k', curve: exampleCurve, d, id, msg, k: '6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F' });
  assert.equal(sig, spaced(`40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1
                            6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7`));
  assert.equal(call({ op: 'verify', curve: exampleCurve, pub, id, msg, sig }).ok, true);
  assert.equal(call({ op: 'verify', curve: exampleCurve, pub, id, msg: utf8('message digesT'), sig }).reason, 'bad-signature');

  assert.equal(ok({ op: 'public', d: rec.d }), rec.pub);
  assert.equal(ok({ op: 'sign_with_k', d: rec.d, id: ID, msg, k: rec.k }), rec.sig);
  assert.equal(call({ op: 'verify', pub: rec.pub, id: ID, msg, sig: rec.sig }).ok, true);
  assert.equal(call({ op: 'verify', pub: rec.pub, id: utf8('1234567812345679'), msg, sig: rec.sig }).reason, 'bad-signature');
});

test('SM2 encryption: GB/T 32918.4 annex A.2 on the example curve (C1 || C3 || C2)', () => {
  const d = '1649AB77A00637BD5E2EFE283FBF353534AA7F7CB89463F208DDBC2920BB0DA0';
  const pub = ok({ op: 'public', curve: exampleCurve, d });
  const c1 = spaced(`04 245C26FB68B1DDDDB12C4B6BF9F2B6D5FE60A383B0D18D1C4144ABF17F6252E7
                        76CB9264C2A7E88E52B19903FDC47378F605E36811F5C07423A24B84400F01B8`);
  const c2 = '650053a89b41c418b0c3aad00d886c00286467', c3 = spaced('9C3D7360C30156FAB7C80A0276712DA9D8094A634B766D3A285E07480653426D');
  const ct = ok({ op: 'encrypt_with_k', curve: exampleCurve, pub, msg: utf8('encryption standard'),
    k: '4C62EEFD6ECFC2B95B92FD6C3D9575148AFA17425546D49018E5388D49DD7B4F' });
  assert.equal(ct, c1 + c3 + c2);
  assert.equal(ok({ op: 'decrypt', curve: exampleCurve, d, ct }), utf8('encryption standard'));
});

test('sm-crypto verifies what the wasm build signs and decrypts what it encrypts, and the reverse', () => {
  for (let i = 0; i < 5; i++) {
    const keys = sm2.generateKeyPairHex();
    const ourPub = ok({ op: 'public', d: keys.privateKey });
    assert.equal(ourPub, keys.publicKey);
    const msg = Buffer.from(`办件 ${i} ${hex(randomBytes(i * 7))}`, 'utf8');
    const ours = ok({ op: 'sign', d: keys.privateKey, id: ID, msg: hex(msg) });
    assert.ok(sm2.doVerifySignature(Array.from(msg), ours, keys.publicKey, { hash: true, userId: '1234567812345678' }),
      'sm-crypto refused a wasm signature');
    assert.ok(!sm2.doVerifySignature(Array.from(msg), ours, keys.publicKey, { hash: true, userId: '1234567812345679' }));
    const theirs = sm2.doSignature(Array.from(msg), keys.privateKey, { hash: true, publicKey: keys.publicKey });
    assert.equal(call({ op: 'verify', pub: keys.publicKey, id: ID, msg: hex(msg), sig: theirs }).ok, true);
    assert.equal(call({ op: 'verify', pub: keys.publicKey, id: ID, msg: hex(msg) + '00', sig: theirs }).reason, 'bad-signature');

    const partKey = randomBytes(32);
    const ct = ok({ op: 'encrypt', pub: keys.publicKey, msg: hex(partKey), entropy: hex(randomBytes(64)) });
    // sm-crypto's C1 has no 04 prefix; mode 1 is C1 || C3 || C2.
    assert.equal(hex(sm2.doDecrypt(ct.slice(2), keys.privateKey, 1, { output: 'array' })), hex(partKey));
    const back = '04' + sm2.doEncrypt(Array.from(partKey), keys.publicKey, 1);
    assert.equal(ok({ op: 'decrypt', d: keys.privateKey, ct: back }), hex(partKey));
  }
});

test('bad SM2 input is refused with its reason', () => {
  const msg = utf8('message digest');
  const offCurve = rec.pub.slice(0, -1) + (rec.pub.endsWith('3') ? '2' : '3');
  assert.equal(call({ op: 'verify', pub: offCurve, id: ID, msg, sig: rec.sig }).reason, 'not-on-curve');
  assert.equal(call({ op: 'verify', pub: '04' + '00'.repeat(64), id: ID, msg, sig: rec.sig }).ok, false);
  assert.equal(call({ op: 'verify', pub: rec.pub.slice(0, 64), id: ID, msg, sig: rec.sig }).reason, 'bad-length');
  assert.equal(call({ op: 'verify', pub: rec.pub, id: ID, msg, sig: rec.sig.slice(0, 126) }).reason, 'bad-length');
  const keys = sm2.generateKeyPairHex();
  const ct = ok({ op: 'encrypt', pub: keys.publicKey, msg: utf8('secret'), entropy: hex(randomBytes(64)) });
  assert.equal(call({ op: 'decrypt', d: keys.privateKey, ct: ct.slice(0, 2 * 96) }).reason, 'bad-length');
  assert.equal(call({ op: 'decrypt', d: keys.privateKey, ct: ct.slice(0, -2) }).reason, 'tampered');
  assert.equal(call({ op: 'encrypt', pub: keys.publicKey, msg: utf8('x'), entropy: '00' }).reason, 'entropy ran short');
  assert.equal(call({ op: 'sm3', msg: 'zz' }).reason, 'bad request');
  assert.equal(call({ op: 'nope' }).reason, 'bad request');
});
