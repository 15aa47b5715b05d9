// The phone's 办事指南 in real headless Chromium, served by the real `tongban serve`: browsing,
// search as you type, item pages, scenario guidance to a checklist QR code, search offline, and
// guide updates (a published delta applied, a tampered one refused).
//   node tests/web/guides.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { testPaths, startServer, waitFor, sourceRoot } from '../lib/harness.mjs';
import { startWeb, phone } from '../lib/web_fixture.mjs';
import { decodeQrImage } from '../lib/qr_decode.mjs';
import { publishUpdate } from '../lib/publish.mjs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
let web;
before(async () => { web = await startWeb(paths); }, { timeout: 60000 });
after(() => web?.stop());

test('phone guides: browse by life event and by department', { timeout: 60000 }, async () => {
  const { page, errors } = await web.newPage(phone);
  await page.goto(`${web.url}#/guides`);
  await page.waitForSelector('.chip');
  await page.click('a.chip[href="#/guides/event/birth"]');
  await page.waitForSelector('.item');
  const names = await page.$$eval('.item-name', (els) => els.map((e) => e.textContent));
  assert.ok(names.includes('新生儿出生一件事'), `birth list: ${names.join(', ')}`);
  await page.goto(`${web.url}#/guides`);
  await page.waitForSelector('.depts a');
  await page.click('.depts a[href="#/guides/dept/gongan"]');
  await page.waitForSelector('.item');
  assert.ok((await page.$$('.item')).length >= 8, 'police department lists its items');
  await page.screenshot({ path: `${out}/phone-guide-list.png` });
  assert.deepEqual(errors, [], 'page errors');
});

test('phone guides: search as you type, pinyin initials and everyday words, with highlights', { timeout: 60000 }, async () => {
  const { page } = await web.newPage(phone);
  await page.goto(`${web.url}#/guides/search/`);
  await page.waitForSelector('#guide-q');
  await page.type('#guide-q', 'sfz');
  await waitFor(() => page.$eval('.item-name', (e) => e.textContent === '居民身份证补领').catch(() => false), { what: 'sfz result' });
  assert.deepEqual(await page.$eval('.item-name mark', (e) => e.textContent), '身份证', 'highlight');
  await page.screenshot({ path: `${out}/phone-guide-search.png` });
  await page.fill('#guide-q', '身份证丢了');
  await waitFor(() => page.$eval('.item', (e) => e.dataset.item === 'sfz-buling').catch(() => false), { what: 'everyday words' });
  await page.fill('#guide-q', '社會保障卡');
  await waitFor(() => page.$eval('.item', (e) => e.dataset.item.startsWith('shebaoka')).catch(() => false), { what: 'traditional' });
});

test('phone guides: item page with materials, flowchart, halls with tap-to-call', { timeout: 60000 }, async () => {
  const { page } = await web.newPage(phone);
  await page.goto(`${web.url}#/guides/item/sfz-buling`);
  await page.waitForSelector('.item-title');
  assert.deepEqual(await page.textContent('.item-title'), '居民身份证补领', 'title');
  assert.ok((await page.$$('.materials li')).length >= 1, 'materials listed');
  assert.ok((await page.$$('.flow-step')).length >= 3, 'flowchart steps');
  const tel = await page.getAttribute('.halls a.tel', 'href');
  assert.ok(/^tel:[0-9]+$/.test(tel), `tap-to-call link: ${tel}`);
  await page.screenshot({ path: `${out}/phone-guide-item.png`, fullPage: true });
});

test('phone guides: scenario guidance ends in a checklist whose QR code decodes to it', { timeout: 60000 }, async () => {
  const { page, errors } = await web.newPage(phone);
  await page.goto(`${web.url}#/guides/item/sfz-buling`);
  await page.click('a.button[href^="#/guides/scenario/"]');
  for (let i = 0; i < 6; i++) {
    await page.waitForSelector('.options a, .qr svg');
    if (await page.$('.qr svg')) break;
    await page.click('.options a >> nth=0');
  }
  await page.waitForSelector('.qr svg');
  const code = await page.textContent('.code-text');
  assert.ok(code.startsWith('TBG1:sfz-buling:'), `checklist code: ${code}`);
  const qr = await page.$('.qr');
  const png = await qr.screenshot({ path: `${out}/phone-scenario-qr.png` });
  assert.deepEqual(await decodeQrImage(png), [code], 'QR decoded from the screen');
  await page.screenshot({ path: `${out}/phone-scenario-checklist.png`, fullPage: true });
  assert.deepEqual(errors, [], 'page errors');
});

test('phone guides: search works offline', { timeout: 60000 }, async () => {
  const { page } = await web.newPage(phone);
  await page.goto(web.url);
  await web.controlledByServiceWorker(page);
  await web.context.setOffline(true);
  try {
    await page.goto(`${web.url}#/guides/search/`);
    await page.reload();
    await page.waitForSelector('#guide-q');
    await page.type('#guide-q', 'shebaoka');
    await waitFor(() => page.$eval('.item', (e) => e.dataset.item.startsWith('shebaoka')).catch(() => false), { what: 'offline search' });
  } finally {
    await web.context.setOffline(false);
  }
});

test('phone guides: a published delta is verified, applied, persisted; a tampered one is refused', { timeout: 60000 }, async () => {
  const good = publishUpdate({ tongban: paths.tongban, site: paths.site, sourceRoot, newFee: '工本费40元（测试更新）' });
  const bad = publishUpdate({ tongban: paths.tongban, site: paths.site, sourceRoot, newFee: '被篡改', tamper: true });
  const s1 = await startServer(paths.tongban, good.dir);
  const s2 = await startServer(paths.tongban, bad.dir);
  try {
    const { page } = await web.newPage(phone);
    await page.goto(s1.url);
    await waitFor(() => page.evaluate(() => document.body.dataset.guidesVersion), { what: 'update applied', timeout: 20000 });
    assert.deepEqual(Number(await page.evaluate(() => document.body.dataset.guidesVersion)), good.v2, 'version after update');
    await page.goto(`${s1.url}#/guides/item/sfz-buling`);
    await page.waitForSelector('.facts');
    assert.ok((await page.textContent('.facts')).includes('测试更新'), 'changed fee shown');
    // Persisted: a reload loads the new version from storage (the app's own copy is older).
    await page.reload();
    await page.waitForSelector('.facts');
    assert.ok((await page.textContent('.facts')).includes('测试更新'), 'still updated after reload');
    const { page: p2 } = await web.newPage(phone);
    await p2.goto(s2.url);
    await waitFor(() => p2.evaluate(() => document.body.dataset.guidesUpdateError), { what: 'refusal', timeout: 20000 });
    const why = await p2.evaluate(() => document.body.dataset.guidesUpdateError);
    assert.ok(/签名无效|文件损坏或格式错误|内容与签名不符/.test(why), `refusal reason: ${why}`);  // bad-signature, malformed, tampered: the phone shows reason_text
    await p2.goto(`${s2.url}#/guides/item/sfz-buling`);
    await p2.waitForSelector('.facts');
    assert.ok(!(await p2.textContent('.facts')).includes('被篡改'), 'tampered content not shown');
  } finally {
    await s1.stop();
    await s2.stop();
    rmSync(good.dir, { recursive: true, force: true });
    rmSync(bad.dir, { recursive: true, force: true });
  }
});
