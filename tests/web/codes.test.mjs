// 一码通城 between the phone and the web kiosk, in real headless Chromium served by the real
// `tongban serve` (with its demo credential desk): the phone's rotating personal code verified by
// the kiosk offline, and a form started on the phone handed to the kiosk by scanning.
//   node tests/web/codes.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, waitFor, sleep } from '../lib/harness.mjs';
import { startWeb, phone } from '../lib/web_fixture.mjs';
import { decodeQrImage } from '../lib/qr_decode.mjs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
// Both tests need the phone's demo wallet: its credential makes the personal code, its name
// prefills the form that is handed over.
let web;
before(async () => {
  web = await startWeb(paths);
  const { page } = await web.newPage(phone);
  await web.useDemoWallet(page);
  await page.close();
}, { timeout: 60000 });
after(() => web?.stop());

test('codes: the phone shows a rotating personal code (QR decodes to it); the kiosk verifies it offline, refuses a replay, and a code from a past window', { timeout: 90000 }, async () => {
  const { page, errors } = await web.newPage(phone);
  await page.clock.install();
  await page.goto(`${web.url}#/scan/mine`);
  await page.waitForSelector('#my-code svg', { timeout: 15000 });
  const first = await page.getAttribute('#my-code', 'data-code');
  assert.ok(first.startsWith('TBD1:'), `a dynamic code: ${first.slice(0, 12)}`);
  const shot = await page.locator('#my-code').screenshot({ path: `${out}/phone-my-code.png` });
  assert.deepEqual(await decodeQrImage(shot), [first], 'the QR on screen carries the code');
  await page.screenshot({ path: `${out}/phone-my-code-screen.png`, fullPage: true });
  // 30 seconds later it is another code (a screenshot soon stops working).
  await page.clock.fastForward(31000);
  await waitFor(() => page.getAttribute('#my-code', 'data-code').then((c) => c !== first && c), { what: 'the code to rotate' });
  const second = await page.getAttribute('#my-code', 'data-code');
  const kiosk = await web.openKiosk();
  await kiosk.scan(second);
  const a = await kiosk.frameAfter((b) => b.screen === 'scan' && b.texts.some((x) => x.includes('核验')), 'verification on the kiosk');
  assert.ok(a.texts.includes('个人码核验通过'), `verified: ${a.texts.join(' | ')}`);
  assert.ok(a.texts.includes('姓名：张*华'), 'masked name shown');
  assert.ok(!a.texts.some((x) => x.includes('211402')), 'no ID number on a non-staff kiosk');
  await kiosk.page.screenshot({ path: `${out}/kiosk-web-code-verified.png` });
  await kiosk.scan(second);
  await kiosk.frameAfter((b) => b.texts.some((x) => x.startsWith('核验未通过') && /重复出示/.test(x)), 'the same window again is a replay');
  // The first code's window is over (the phone's clock moved 31 s; the kiosk's did not): still
  // within the skew it would pass once, so make it certain with a code long past.
  await kiosk.scan('TBD1:' + first.slice(5, 40));
  await kiosk.frameAfter((b) => b.texts.some((x) => x.startsWith('核验未通过')), 'a truncated code is refused');
  assert.deepEqual(errors, [], 'phone page errors');
  assert.deepEqual(kiosk.errors, [], 'kiosk page errors');
});

test('codes: a form started on the phone is handed to the kiosk by scanning; it opens with what was typed', { timeout: 90000 }, async () => {
  const { page, errors } = await web.newPage(phone);
  await page.goto(`${web.url}#/apply/sfz-buling`);
  await page.waitForSelector('.field[data-path="name"] input');
  const name = await page.inputValue('.field[data-path="name"] input');
  assert.ok(name, 'prefilled name');
  await page.fill('.field[data-path="id_number"] input', '211402198803151234');
  await page.press('.field[data-path="id_number"] input', 'Tab');
  await sleep(200);
  await page.click('#go-handoff');
  await page.waitForSelector('#handoff-code svg');
  const parts = [await page.getAttribute('#handoff-code', 'data-code')];
  const shot = await page.locator('#handoff-code').screenshot({ path: `${out}/phone-handoff.png` });
  assert.deepEqual(await decodeQrImage(shot), [parts[0]], 'the hand-off QR decodes');
  while (await page.$('#handoff-next')) {
    await page.click('#handoff-next');
    const next = await page.getAttribute('#handoff-code', 'data-code');
    if (parts.includes(next)) break;
    parts.push(next);
  }
  assert.ok(parts.every((p) => p.startsWith('TBX1:')), 'hand-off parts');
  const kiosk = await web.openKiosk();
  for (const p of parts.slice().reverse()) await kiosk.scan(p);  // any order
  const a = await kiosk.frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id === 'field.id_number'), 'the form open on the kiosk');
  assert.deepEqual(a.targets.find((x) => x.id === 'field.id_number').state, 'filled', 'the ID number carried over');
  assert.deepEqual(a.targets.find((x) => x.id === 'field.name').state, 'filled', 'the name carried over');
  await kiosk.page.screenshot({ path: `${out}/kiosk-web-handoff-form.png` });
  assert.deepEqual(errors, [], 'phone page errors');
  assert.deepEqual(kiosk.errors, [], 'kiosk page errors');
});
