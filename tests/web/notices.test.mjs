// 办件提醒 on the phone (issue 17, "Notifications"), end to end: the resident turns notices on in
// 我的办件; the page subscribes with the intake's VAPID key and registers the subscription with the
// intake (signed by the phone's device key); a department accepts, then returns, an application
// (`tongban intake accept` / `return`); the intake's notifier pushes each to the push service — here
// one on this machine (tests/lib/push_service.mjs), which checks the VAPID JWT and decrypts the
// aes128gcm body with node:crypto, independently of the intake's code. The message is delivered to
// the page's real service worker (Chrome DevTools Protocol, as the push service would), which shows
// a notification with nothing personal in it; 我的办件 then shows 已受理 and 退回.
// Real headless Chromium cannot reach a real push service from this machine, so only
// PushManager.subscribe itself is stood in for: it returns the local push service's subscription.
// Then the intake is attacked: unsigned, foreign-service, malformed subscriptions; a push service
// that says the subscription is gone (410); a reminder for what is not an appointment.
//   node tests/web/notices.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { testPaths, waitFor } from '../lib/harness.mjs';
import { startWeb, phone } from '../lib/web_fixture.mjs';
import { startPushService } from '../lib/push_service.mjs';
import { openPhone, tapSubmitForm } from '../lib/phone_form.mjs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
let web, push, keyDir;
before(async () => {
  push = await startPushService();
  keyDir = mkdtempSync('/tmp/tongban-vapid-');
  execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${keyDir}/vapid.pem`]);
  web = await startWeb(paths, { device: phone, serverArgs: ['--push-key', `${keyDir}/vapid.pem`, '--push-service', push.host, '--push-ca', push.ca,
    '--push-subject', 'mailto:ops@tongban.example', '--notice-interval', '0.2'] });
  const r = await fetch(`${web.url}api/v1/push-key`);
  assert.equal(r.status, 200);
  push.serverKey = Buffer.from((await r.json()).key, 'base64url');
  assert.equal(push.serverKey.length, 65);
}, { timeout: 60000 });
after(async () => { await web?.stop(); await push?.stop(); if (keyDir) rmSync(keyDir, { recursive: true, force: true }); });

// PushManager.subscribe as the browser would answer it, for the local push service's subscription;
// the key the page asked with is kept for the test to compare.
function standInPushManager(sub) {
  let current = null;
  PushManager.prototype.subscribe = async function subscribe(options) {
    window.__pushKey = Array.from(new Uint8Array(options.applicationServerKey));
    window.__userVisibleOnly = options.userVisibleOnly;
    current = { toJSON: () => sub, unsubscribe: async () => { current = null; return true; } };
    return current;
  };
  PushManager.prototype.getSubscription = async function getSubscription() { return current; };
}

const sqlite = (db, sql) => execFileSync('sqlite3', [db.replace(/^sqlite:/, ''), sql], { encoding: 'utf8' }).trim();

// The service worker's registration id, for DevTools' push delivery.
async function registrationOf(page) {
  const cdp = await page.context().newCDPSession(page);
  const ids = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => ids.push(...e.registrations.filter((r) => !r.isDeleted).map((r) => r.registrationId)));
  await cdp.send('ServiceWorker.enable');
  await waitFor(() => ids.length > 0, { timeout: 30000, what: 'the service worker registration' });
  return { cdp, id: ids[0] };
}

async function notifications(page) {
  return page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag })));
}

test('notices: turned on in 我的办件; accepting and returning an application reach the phone as encrypted pushes with nothing personal; 我的办件 shows 已受理 then 退回', { timeout: 240000 }, async () => {
  const sub = push.subscribe();
  await web.context.grantPermissions(['notifications'], { origin: web.url.replace(/\/$/, '') });
  await web.context.addInitScript(standInPushManager, sub);
  const { page, errors } = await openPhone(web, '#/mine');
  await page.waitForSelector('#use-demo');
  await page.click('#use-demo');
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Turned on: the page subscribed with the intake's key and told the intake where to push.
  await page.goto(`${web.url}#/mine/applications`);
  await page.waitForSelector('#notices-on');
  await page.screenshot({ path: `${out}/phone-notices-offer.png`, fullPage: true });
  await page.click('#notices-on');
  await page.waitForSelector('#notices-off', { timeout: 30000 });
  assert.deepEqual(Buffer.from(await page.evaluate(() => window.__pushKey)), push.serverKey, 'subscribed with the intake\'s VAPID key');
  assert.equal(await page.evaluate(() => window.__userVisibleOnly), true);
  assert.equal(sqlite(web.intakeDb, 'SELECT endpoint FROM push_subscriptions'), sub.endpoint);
  await page.screenshot({ path: `${out}/phone-notices-on.png`, fullPage: true });

  // An application, submitted.
  await page.goto(`${web.url}#/apply/sfz-buling`);
  await page.waitForSelector('.field[data-path="name"] input');
  const id = await tapSubmitForm(page);
  assert.equal(push.received.length, 0, 'nothing pushed before anything changed');

  // 已受理: one push, VAPID-signed for the push service's origin, decrypting to the kind alone.
  web.cli('intake', 'accept', '--db', web.intakeDb, id);
  await waitFor(() => push.received.length === 1, { timeout: 30000, what: 'the push for 已受理' });
  const [accepted] = push.received;
  assert.equal(accepted.error, undefined, accepted.error);
  assert.equal(accepted.plaintext, '{"kind":"status"}', 'only the kind travels');
  assert.equal(accepted.claims.sub, 'mailto:ops@tongban.example');
  assert.equal(accepted.headers.urgency, 'normal');
  assert.ok(Number(accepted.headers.ttl) > 0, 'a TTL');
  await waitFor(() => sqlite(web.intakeDb, 'SELECT count(*) FROM notices') === '0', { timeout: 30000, what: 'the notice settled' });

  // Delivered to the page's service worker as the push service would: a notification, generic words.
  const { cdp, id: registrationId } = await registrationOf(page);
  // Headless Chromium under full CPU load can be slow to list, or lose, a notification the worker
  // showed: showNotification resolves, yet getNotifications() lists nothing for over 10 s (4 of 6
  // runs here with both cores busy) or, now and then, at all (1 run in 8 within 30 s; the worker's
  // own record said "shown"). So the push is delivered again, at most twice, when none is listed
  // after 10 s: the worker must still show one (the same tag: one notification), with these words.
  const deliver = () => cdp.send('ServiceWorker.deliverPushMessage', { origin: web.url.replace(/\/$/, ''), registrationId, data: accepted.plaintext });
  for (let attempt = 1; ; attempt++) {
    await deliver();
    try {
      await waitFor(async () => (await notifications(page)).length === 1, { timeout: 10000, what: `a notification shown (delivery ${attempt} of 3)` });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  const [shown] = await notifications(page);
  assert.equal(shown.title, '通办');
  assert.match(shown.body, /办件有新进展/);
  for (const personal of ['张', '211402', '138', id.slice(0, 8), '身份证']) assert.ok(!shown.body.includes(personal), `"${personal}" in the notification`);

  // 我的办件 asks the intake and shows 已受理.
  await page.goto(`${web.url}#/mine/applications`);
  await waitFor(() => page.getAttribute(`.outbox-item[data-id="${id}"]`, 'data-status').then((s) => s === '2'), { timeout: 30000, what: '已受理 in 我的办件' });

  // 退回: another push; 我的办件 says what to do.
  web.cli('intake', 'return', '--db', web.intakeDb, id);
  await waitFor(() => push.received.length === 2, { timeout: 30000, what: 'the push for 退回' });
  assert.equal(push.received[1].plaintext, '{"kind":"status"}');
  await page.click('#outbox-refresh');
  await waitFor(() => page.getAttribute(`.outbox-item[data-id="${id}"]`, 'data-status').then((s) => s === '4'), { timeout: 30000, what: '退回 in 我的办件' });
  assert.match(await page.textContent(`.outbox-item[data-id="${id}"]`), /退回/);
  // The line above the list says it too, first: never 全部已送达 over an item sent back.
  await waitFor(() => page.textContent('#outbox-summary').then((t) => /1 件被退回/.test(t)), { timeout: 10000, what: 'the summary to say one was sent back' });
  await page.screenshot({ path: `${out}/phone-notices-returned.png`, fullPage: true });

  // A reminder is for appointments only: refused for this application, nothing queued.
  const refused = spawnSync(paths.tongban, ['intake', 'remind', '--db', web.intakeDb, id, '--at', String(Math.floor(Date.now() / 1000))], { encoding: 'utf8' });
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stderr, /not an appointment/);
  assert.equal(sqlite(web.intakeDb, 'SELECT count(*) FROM notices'), '0');

  // Turned off: the intake forgets the subscription; a status change is then not pushed.
  await page.click('#notices-off');
  await page.waitForSelector('#notices-on', { timeout: 30000 });
  assert.equal(sqlite(web.intakeDb, 'SELECT count(*) FROM push_subscriptions'), '0');
  web.cli('intake', 'accept', '--db', web.intakeDb, id);
  await waitFor(() => sqlite(web.intakeDb, 'SELECT count(*) FROM notices') === '0', { timeout: 30000, what: 'the notice dropped (no subscription)' });
  assert.equal(push.received.length, 2, 'nothing pushed after notices were turned off');
  assert.deepEqual(errors, [], 'page errors');
  await page.close();
});

test('notices: the intake refuses unsigned, malformed and foreign-service subscriptions, and drops one its push service says is gone', { timeout: 120000 }, async () => {
  // Unsigned: refused before the body is read.
  let r = await fetch(`${web.url}api/v1/push-subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(push.subscribe()) });
  assert.equal(r.status, 401);
  // Signed by a registered phone (the page's own device key, through its outbox module).
  const { page, errors } = await openPhone(web, '#/mine');
  const send = (body) => page.evaluate(async (b) => {
    const o = await import('./js/outbox.js');
    const { utf8, fromUtf8 } = await import('./js/bytes.js');
    await o.ensureRegistered();
    const res = await o.signedHttp('POST', 'api/v1/push-subscriptions', utf8(b), 'application/json');
    return { status: res.status, text: fromUtf8(res.bytes) };
  }, body);
  const good = push.subscribe();
  sqlite(web.intakeDb, 'DELETE FROM push_subscriptions');  // whatever the test before left
  const cases = [
    [JSON.stringify({ ...good, endpoint: 'https://evil.example/push/1' }), 403, /not a push service this intake sends to/],
    [JSON.stringify({ ...good, endpoint: good.endpoint.replace('https:', 'http:') }), 400, /must start with https/],
    [JSON.stringify({ ...good, keys: { ...good.keys, p256dh: Buffer.alloc(65, 4).toString('base64url') } }), 400, /not a P-256 public key/],
    [JSON.stringify({ ...good, keys: { ...good.keys, auth: 'AAAA' } }), 400, /keys\.auth must be base64url of 16 bytes/],
    [JSON.stringify({ ...good, extra: 1 }), 400, /unknown field 'extra'/],
    ['{"endpoint":"x","endpoint":"y"}', 400, /given twice/],
    ['not json', 400, /not JSON/],
  ];
  for (const [body, status, why] of cases) {
    const got = await send(body);
    assert.equal(got.status, status, `${body.slice(0, 80)}: ${got.text}`);
    assert.match(got.text, why);
  }
  assert.equal(sqlite(web.intakeDb, 'SELECT count(*) FROM push_subscriptions'), '0', 'nothing stored from a refused subscription');
  // Stored; then the push service answers 410 Gone: the intake drops the subscription and the notice.
  assert.equal((await send(JSON.stringify(good))).status, 204);
  const device = sqlite(web.intakeDb, 'SELECT device FROM push_subscriptions');
  const before = push.received.length;
  push.answerNext(410);
  sqlite(web.intakeDb, `INSERT INTO notices (device, kind, due_at, attempts) VALUES ('${device}', 'reminder', 0, 0)`);
  await waitFor(() => push.received.length === before + 1, { timeout: 30000, what: 'the push answered 410' });
  assert.equal(push.received.at(-1).plaintext, '{"kind":"reminder"}');
  assert.equal(push.received.at(-1).headers.urgency, 'high', 'a reminder is urgent');
  await waitFor(() => sqlite(web.intakeDb, 'SELECT count(*) FROM push_subscriptions') === '0', { timeout: 30000, what: 'the gone subscription dropped' });
  assert.equal(sqlite(web.intakeDb, 'SELECT count(*) FROM notices'), '0');
  // Nothing personal in the intake's log: counts only.
  assert.ok(!/push\/[0-9a-f]{24}/.test(web.log()), 'no endpoint in the log');
  // The browser reports the refusals asked for above; nothing else.
  assert.deepEqual(errors.filter((e) => !/status of (400|403) .*push-subscriptions/.test(e)), [], 'page errors');
});
