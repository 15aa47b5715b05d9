// Notices benchmark (issue 17, "Notifications"; docs/INTAKE.md, "Notices"). A real `tongban intake
// serve` with --push-key sends N queued notices to a push service on this machine
// (tests/lib/push_service.mjs: HTTPS, checks each VAPID JWT and decrypts each aes128gcm body with
// node:crypto, so every message counted was a correct one); measured from queuing to the last one
// received. Peer, same run, same push service: npm web-push (the library most application servers
// use) sending the same N messages — VAPID and aes128gcm too — one after another, as the intake does.
// Run after `cmake --build --preset native`. Writes its section of docs/PERFORMANCE.md.
//   node tools/bench/bench_notices.mjs [--no-doc] [--count N]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import webpush from 'web-push';
import { freePort, httpStatus, parseArgs, waitFor } from '../../tests/lib/harness.mjs';
import { startPushService } from '../../tests/lib/push_service.mjs';
import { machineLine, updatePerformanceDoc, verdict } from './perf_doc.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = parseArgs();
const count = Number(args.count || 1000);
const tongban = join(root, 'build/native/tools/tongban');
if (!existsSync(tongban)) { console.error(`missing ${tongban}: cmake --build --preset native`); process.exit(2); }
const log = (m) => process.stderr.write(`[bench_notices] ${m}\n`);
const f = (x, d = 1) => Number(x).toFixed(d);

const push = await startPushService();
const dir = mkdtempSync('/tmp/tongban-bench-notices-');
execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', join(dir, 'vapid.pem')]);
const db = join(dir, 'intake.db');
const port = await freePort();
const proc = spawn(tongban, ['intake', 'serve', '--db', `sqlite:${db}`, '--intake-key', join(root, 'assets/demo-keys/intake.key'),
  '--port', String(port), '--push-key', join(dir, 'vapid.pem'), '--push-service', push.host, '--push-ca', push.ca,
  '--notice-interval', '0.05'], { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
proc.stderr.on('data', (d) => { serverLog = (serverLog + d).slice(-4000); });
try {
  await waitFor(async () => (await httpStatus(`http://127.0.0.1:${port}/api/v1/health`)) === 200, { timeout: 15000, what: 'the intake' });
  const key = await (await fetch(`http://127.0.0.1:${port}/api/v1/push-key`)).json();
  push.serverKey = Buffer.from(key.key, 'base64url');

  // ---- 1. the intake's notifier: N devices, a subscription and a due notice each ----------------
  const subs = Array.from({ length: count }, () => push.subscribe());
  const sql = ['BEGIN;'];
  subs.forEach((s, i) => {
    const device = i.toString(16).padStart(16, '0');
    const p256dh = Buffer.from(s.keys.p256dh, 'base64url').toString('hex'), auth = Buffer.from(s.keys.auth, 'base64url').toString('hex');
    sql.push(`INSERT INTO push_subscriptions VALUES ('${device}', '${s.endpoint}', x'${p256dh}', x'${auth}', 0);`);
    sql.push(`INSERT INTO notices (device, kind, due_at, attempts) VALUES ('${device}', 'status', 0, 0);`);
  });
  sql.push('COMMIT;');
  log(`intake: ${count} notices`);
  const t0 = performance.now();
  execFileSync('sqlite3', [db], { input: sql.join('\n') });
  await waitFor(() => push.received.length >= count, { timeout: 600000, interval: 20, what: `${count} pushes` });
  const oursS = (performance.now() - t0) / 1000;
  const ours = push.received.splice(0);
  const oursBad = ours.filter((r) => r.error || r.plaintext !== '{"kind":"status"}').length;
  const left = execFileSync('sqlite3', [db, 'SELECT count(*) FROM notices'], { encoding: 'utf8' }).trim();

  // ---- 2. peer: npm web-push, the same messages to the same push service -----------------------
  log(`web-push: ${count} messages`);
  const keys = webpush.generateVAPIDKeys();
  push.serverKey = Buffer.from(keys.publicKey, 'base64url');
  process.env.NODE_EXTRA_CA_CERTS = push.ca;  // read at start only: pass the CA per request instead
  const ca = readFileSync(push.ca);
  const https = await import('node:https');
  const agent = new https.Agent({ ca, keepAlive: false });
  const t1 = performance.now();
  for (const s of subs) {
    await webpush.sendNotification(s, '{"kind":"status"}', {
      vapidDetails: { subject: 'mailto:ops@tongban.example', publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: 86400, contentEncoding: 'aes128gcm', agent,
    });
  }
  const peerS = (performance.now() - t1) / 1000;
  const peer = push.received.splice(0);
  const peerBad = peer.filter((r) => r.error || r.plaintext !== '{"kind":"status"}').length;

  const oursRate = count / oursS, peerRate = count / peerS;
  const webpushVersion = JSON.parse(readFileSync(join(root, 'node_modules/web-push/package.json'))).version;
  const md = `### Notices, 办件提醒 (\`node tools/bench/bench_notices.mjs\`)

${machineLine()} ${count} notices, each to its own subscription, pushed over HTTPS (a new TLS connection per message, as to a real push service) to a push service on this machine that checks every VAPID JWT and decrypts every body before counting it. Ours: the intake's notifier (\`tongban intake serve --push-key\`), from the notices being queued in its SQLite store to the last one received (claims in batches of 32, one message at a time). Peer: npm web-push ${webpushVersion} in node ${process.versions.node} sending the same messages one after another.

| | messages/s | ${count} messages | correct (VAPID verified, decrypted to the kind alone) |
|---|---|---|---|
| tongban intake (C++, OpenSSL, Boost.Beast) | ${f(oursRate, 0)}/s | ${f(oursS, 2)} s | ${ours.length - oursBad} of ${ours.length}; notices left queued: ${left} |
| web-push ${webpushVersion} (node) | ${f(peerRate, 0)}/s | ${f(peerS, 2)} s | ${peer.length - peerBad} of ${peer.length} |

No target was set for notices; the figure to watch is that every one arrives once and correct (${verdict(oursBad === 0 && ours.length === count && left === '0')}), at a pace of the same order as the common library's (${f(oursRate / peerRate, 2)}x). Both sides share the machine's 2 cores with the push service, which decrypts every message.`;
  console.log(md);
  if (!args['no-doc']) updatePerformanceDoc(join(root, 'docs/PERFORMANCE.md'), 'notices', md);
} catch (e) {
  console.error(serverLog);
  throw e;
} finally {
  proc.kill('SIGTERM');
  await push.stop();
  rmSync(dir, { recursive: true, force: true });
}
