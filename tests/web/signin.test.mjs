// Real-name sign-in on the phone (issue 17), end to end against a real OpenID Connect provider (the
// demo 统一身份认证, oidc-provider from npm) in real headless Chromium: the resident signs in at the
// provider, the credential desk (`tongban serve --signin-*`) verifies the ID token and binds the
// phone's device key, the wallet gets the verified name, the personal code verifies as that
// person's, and a form is filled, submitted and its receipt shown. Then the desk and the page are
// attacked: a token for another device key, a changed token, a replayed token, a replayed login
// code, a return the page never started, the demo path on a desk without demo residents.
//   node tests/web/signin.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { testPaths, waitFor, freePort } from '../lib/harness.mjs';
import { startWeb, phone } from '../lib/web_fixture.mjs';
import { startDemoIdp, signInOverHttp, exchange } from '../lib/demo_idp.mjs';
import { openPhone, tapSubmitForm } from '../lib/phone_form.mjs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
let web, idp, redirect;
before(async () => {
  const port = await freePort();
  redirect = `http://127.0.0.1:${port}/`;
  idp = await startDemoIdp({ redirect });
  web = await startWeb(paths, { device: phone, port,
    serverArgs: ['--signin-issuer', idp.issuer, '--signin-client-id', idp.clientId, '--signin-jwks', idp.jwks] });
}, { timeout: 60000 });
after(async () => { await web?.stop(); await idp?.stop(); });

// identity::device_nonce: base64url(SHA-256("tongban-device-nonce\0" ‖ key)).
const nonceFor = (raw) => createHash('sha256').update(Buffer.concat([Buffer.from('tongban-device-nonce\0'), raw])).digest('base64url');
const deviceKey = () => generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x;  // base64url, 32 bytes
const rawOf = (x) => Buffer.from(x, 'base64url');
async function desk(body) {
  const r = await fetch(`${web.url}api/v1/codes/credential`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, ...(await r.json().catch(() => ({}))) };
}

test('signin: the resident signs in at the city identity provider; the desk binds this phone; the code and a form carry the verified name', { timeout: 240000 }, async () => {
  const { page, errors } = await openPhone(web, '#/mine');  // taps recorded for tapFillForm
  await page.waitForSelector('#signin');
  assert.ok(!(await page.$('#signin-state')), 'not signed in yet');
  await page.screenshot({ path: `${out}/phone-signin-offer.png`, fullPage: true });
  await page.click('#signin');
  // The provider's own page (another origin): a wrong code first, then the demo resident's.
  await page.waitForURL((u) => u.origin === idp.issuer, { timeout: 15000 });
  await page.fill('#mobile', '13800138000');
  await page.fill('#code', '000000');
  await page.click('#signin');
  await page.waitForSelector('.error');
  assert.match(await page.textContent('.error'), /验证码不对/);
  await page.fill('#mobile', '13800138000');
  await page.fill('#code', '246810');
  await page.screenshot({ path: `${out}/phone-signin-provider.png`, fullPage: true });
  await page.click('#signin');
  // Back on the phone shell: bound, the wallet holds the verified name, the address bar no code.
  await page.waitForURL((u) => u.origin + '/' === web.url, { timeout: 15000 });
  await page.waitForSelector('#signin-done', { timeout: 20000 });
  assert.ok(!new URL(page.url()).search.includes('code='), 'the login code left the address bar');
  assert.equal(await page.textContent('#mine-name'), '张*华');
  assert.ok(await page.$('#signin-state'), 'signed in');
  assert.ok(!(await page.$('#signin')), 'no sign-in button once signed in');
  assert.ok(!(await page.$('#use-demo')), 'nor the demo identity, which would replace the verified one');
  await page.screenshot({ path: `${out}/phone-signin-done.png`, fullPage: true });
  // 我的码: the credential the desk issued at sign-in; it verifies as the issuer's, with the masked name.
  await page.goto(`${web.url}#/scan/mine`);
  await page.waitForSelector('#my-code svg', { timeout: 15000 });
  const code = await page.getAttribute('#my-code', 'data-code');
  const verified = execFileSync(paths.tongban, ['code', 'verify', code, '--trust', `${paths.keys}/code-issuer.pub`, '--scope', 'venue'], { encoding: 'utf8' });
  assert.match(verified, /^ok /, verified);
  assert.match(verified, /张\*华/, 'the verified name, masked');
  // A form prefilled with the verified name, submitted; the receipt in 我的办件.
  await page.goto(`${web.url}#/apply/sfz-buling`);
  await page.waitForSelector('.field[data-path="name"] input');
  assert.equal(await page.inputValue('.field[data-path="name"] input'), '张丽华', 'prefilled from the sign-in');
  const id = await tapSubmitForm(page);
  await page.goto(`${web.url}#/mine/applications`);
  await page.click(`.outbox-item[data-id="${id}"] summary`);
  await page.waitForSelector(`.outbox-item[data-id="${id}"] .qr svg`);
  await page.screenshot({ path: `${out}/phone-signin-receipt.png`, fullPage: true });
  // The way back from the provider, again: the page did not start it (its state is spent): refused.
  await page.goto(`${web.url}?code=replayed-code&state=spent#/mine`);
  await page.waitForSelector('#signin-error:not([hidden])');
  assert.match(await page.textContent('#signin-error'), /不是从本机发起/);
  assert.deepEqual(errors, [], 'page errors');
});

test('signin: the desk refuses a token for another device, a changed token, a replayed token and the demo path; the provider a replayed login code', { timeout: 60000 }, async () => {
  const mine = deviceKey(), other = deviceKey();
  const got = await signInOverHttp(idp, { redirect, nonce: nonceFor(rawOf(mine)) });
  assert.ok(got.id_token, `an ID token (${got.error})`);
  const b64 = (x) => rawOf(x).toString('base64');
  // Signed for `mine`: another key gets nothing.
  let r = await desk({ public_key: b64(other), id_token: got.id_token });
  assert.deepEqual([r.status, r.reason], [401, 'wrong-nonce'], JSON.stringify(r));
  // The payload changed (another name): the signature no longer holds.
  const [h, p, s] = got.id_token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url'));
  claims.name = '李四';
  r = await desk({ public_key: b64(mine), id_token: `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}` });
  assert.deepEqual([r.status, r.reason], [401, 'bad-signature'], JSON.stringify(r));
  r = await desk({ public_key: b64(mine), id_token: 'not-a-token' });
  assert.deepEqual([r.status, r.reason], [401, 'malformed'], JSON.stringify(r));
  // The real one binds once; the same token again binds nothing.
  r = await desk({ public_key: b64(mine), id_token: got.id_token });
  assert.equal(r.status, 201, JSON.stringify(r));
  assert.deepEqual([r.verified, r.profile.name], ['signin', '张丽华']);
  r = await desk({ public_key: b64(mine), id_token: got.id_token });
  assert.deepEqual([r.status, r.reason], [401, 'replayed'], JSON.stringify(r));
  // The login code is single-use at the provider: traded again, no token.
  const again = await exchange(idp, { redirect, code: got.code, verifier: got.verifier });
  assert.equal(again.status, 400, JSON.stringify(again));
  assert.equal(again.error, 'invalid_grant');
  assert.ok(!again.id_token);
  // This desk has sign-in and no demo residents: a name and ID on the phone's word bind nothing.
  r = await desk({ public_key: b64(deviceKey()), name: '张丽华', id: '211402198803151234' });
  assert.deepEqual([r.status, r.reason], [403, 'no-demo'], JSON.stringify(r));
  // What it offers the page.
  const offer = await (await fetch(`${web.url}api/v1/signin`)).json();
  assert.deepEqual(offer, { offered: true, issuer: idp.issuer, client_id: idp.clientId, scope: 'openid realname' });
});
