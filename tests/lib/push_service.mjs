// A push service on this machine for the notice tests (docs/INTAKE.md, "Notices"): what Google's,
// Mozilla's or Apple's is to a browser, over HTTPS with a certificate of a CA of this machine only
// (tools/tls/local-ca.sh). It hands out subscriptions — a P-256 key pair and an auth secret per
// subscription, as a browser makes them — and, for each message the intake sends, checks what a
// real push service and browser check, independently of the intake's code (node:crypto):
//   - the VAPID Authorization (RFC 8292): an ES256 JWT for this origin, unexpired, within 24 h,
//     with a contact, signed by the key the intake publishes;
//   - the aes128gcm body (RFC 8188, RFC 8291): decrypted with the subscription's private key.
// Answers 201, or the status the test queues with `answerNext(status)`.
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createECDH, createHmac, createDecipheriv, createPublicKey, verify, randomBytes } from 'node:crypto';
import { sourceRoot } from './harness.mjs';

const hkdf = (salt, ikm, info, length) => {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return createHmac('sha256', prk).update(Buffer.concat([info, Buffer.from([1])])).digest().subarray(0, length);
};

// RFC 8291 §3.4 from the receiving side: the plaintext, or an Error saying what did not check.
export function decryptPush(body, { ecdh, auth }) {
  if (body.length < 21 + 65 + 17) throw new Error(`body of ${body.length} bytes is too short for aes128gcm`);
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  if (idlen !== 65) throw new Error(`key id of ${idlen} bytes, expected the sender's 65-byte public key`);
  const senderPublic = body.subarray(21, 21 + idlen);
  const sealed = body.subarray(21 + idlen);
  if (sealed.length > rs) throw new Error('more than one record');
  const uaPublic = ecdh.getPublicKey();
  const secret = ecdh.computeSecret(senderPublic);
  const ikm = hkdf(auth, secret, Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, senderPublic]), 32);
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const d = createDecipheriv('aes-128-gcm', cek, nonce);
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  const plain = Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
  const end = plain.lastIndexOf(2);
  if (end < 0 || plain.subarray(end + 1).some((b) => b !== 0)) throw new Error('no last-record delimiter');
  return plain.subarray(0, end).toString('utf8');
}

// The VAPID header's claims once its signature checks against `serverKey` (65 raw bytes).
export function checkVapid(header, serverKey, origin, nowS = Math.floor(Date.now() / 1000)) {
  const m = /^vapid t=([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+), k=([A-Za-z0-9_-]+)$/.exec(header || '');
  if (!m) throw new Error(`Authorization is not "vapid t=…, k=…": ${header}`);
  if (!Buffer.from(m[4], 'base64url').equals(serverKey)) throw new Error('k= is not the key the intake publishes');
  const jwk = { kty: 'EC', crv: 'P-256', x: serverKey.subarray(1, 33).toString('base64url'), y: serverKey.subarray(33).toString('base64url') };
  const ok = verify('sha256', Buffer.from(`${m[1]}.${m[2]}`), { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(m[3], 'base64url'));
  if (!ok) throw new Error('the JWT signature does not verify');
  const head = JSON.parse(Buffer.from(m[1], 'base64url'));
  if (head.alg !== 'ES256') throw new Error(`alg ${head.alg}`);
  const claims = JSON.parse(Buffer.from(m[2], 'base64url'));
  if (claims.aud !== origin) throw new Error(`aud ${claims.aud}, expected ${origin}`);
  if (!(claims.exp > nowS && claims.exp <= nowS + 24 * 3600)) throw new Error(`exp ${claims.exp} not within the next 24 h`);
  if (!/^(mailto:|https:)/.test(claims.sub || '')) throw new Error(`sub ${claims.sub}`);
  return claims;
}

export async function startPushService({ serverKey = null } = {}) {
  const dir = mkdtempSync('/tmp/tongban-push-');
  execFileSync('bash', [`${sourceRoot}/tools/tls/local-ca.sh`, dir, 'push-service']);
  const subscriptions = new Map();  // path → { ecdh, auth }
  const received = [];               // { path, headers, plaintext | error }
  const queued = [];                 // statuses to answer with next
  const server = https.createServer({ cert: readFileSync(`${dir}/server.pem`), key: readFileSync(`${dir}/server.key`) }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const sub = subscriptions.get(req.url);
      const entry = { path: req.url, method: req.method, headers: req.headers };
      try {
        if (!sub) throw new Error(`no subscription at ${req.url}`);
        if (service.serverKey) entry.claims = checkVapid(req.headers.authorization, service.serverKey, service.origin);
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${req.headers['content-encoding']}`);
        entry.plaintext = decryptPush(Buffer.concat(chunks), sub);
      } catch (e) { entry.error = e.message; }
      received.push(entry);
      res.writeHead(entry.error ? 400 : queued.length ? queued.shift() : 201).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const service = {
    port, origin: `https://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, ca: `${dir}/ca.pem`, serverKey, received,
    // A subscription as PushSubscription.toJSON() gives it, and its private side kept here.
    subscribe() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const path = `/push/${randomBytes(12).toString('hex')}`;
      subscriptions.set(path, { ecdh, auth });
      return { endpoint: `${service.origin}${path}`, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    },
    answerNext(status) { queued.push(status); },
    async stop() { await new Promise((r) => server.close(r)); rmSync(dir, { recursive: true, force: true }); },
  };
  return service;
}
