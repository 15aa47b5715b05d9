// Every phone screen a resident passes through, in the standard version and in 长辈版, measured
// from the DOM (tests/lib/phone_screen_check.mjs): text sizes, line heights, targets and contrast
// against the MIIT numbers (in CSS px), axe-core with no serious or critical violation, and no
// Latin-script UI text, raw code payloads or English native controls. The walk: home, guides (list,
// item, search, scenario and its checklist), 我要办 and every page of every form (tapped through,
// typed without a wallet), each form's 确认提交, the hand-off, submission, 我的 and 我的办件 with a
// receipt, 扫码 (my code, the camera without a camera), 预约. A failure names the screen, the
// version, the element and its size. Screenshots of every screen in both versions go to --out.
//   node tests/web/phone_screens.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, waitFor, sleep } from '../lib/harness.mjs';
import { startWeb, phone } from '../lib/web_fixture.mjs';
import { MIIT } from '../lib/elderly_check.mjs';
import { measureScreen, axeViolations } from '../lib/phone_screen_check.mjs';
import { openPhone, tap, tapFillForm } from '../lib/phone_form.mjs';

const paths = testPaths('web', ['site', 'tongban']);
let web, page, pageErrors;
const results = [];  // { screen, mode, sizes, latin, axe, largest }
let cameraText = '';
before(async () => { web = await startWeb(paths, { device: phone }); }, { timeout: 60000 });
after(() => web?.stop());

async function setElderly(on) {
  const now = await page.evaluate(() => document.documentElement.classList.contains('elderly'));
  if (now !== on) {
    await tap(page, '#elderly');
    await waitFor(() => page.evaluate((v) => document.documentElement.classList.contains('elderly') === v, on), { what: '长辈版 switch' });
  }
}

// Measures the screen as it is now, in both versions, and keeps a screenshot of each.
async function check(screen) {
  for (const elderly of [false, true]) {
    await setElderly(elderly);
    await sleep(50);
    const mode = elderly ? 'elderly' : 'normal';
    const m = await page.evaluate(measureScreen, { elderly, miit: MIIT });
    const axe = await axeViolations(page);
    results.push({ screen, mode, sizes: m.sizes, latin: m.latin, axe, largest: m.largest });
    await page.screenshot({ path: `${paths.out}/phone-screen-${screen.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}-${mode}.png`, fullPage: true });
  }
  await setElderly(false);
}

async function go(hash, ready) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(ready, { state: 'visible' });
  await sleep(100);
}

// What the walk measured (as far as it got: a walk that stopped still reports what it saw).
const failures = (key) => {
  assert.ok(results.length, 'no screen was measured');
  return results.flatMap((r) => r[key].map((x) => `[${r.screen}, ${r.mode}] ${x}`));
};

describe('phone screens, standard and 长辈版', () => {
  test('every screen, visited in both versions', { timeout: 1800000 }, async () => {
    ({ page, errors: pageErrors } = await openPhone(web));
    for (const [screen, hash, ready] of [
      ['home', '#/', '.entry'], ['guides home', '#/guides', '.chip'], ['guides list', '#/guides/event/birth', '.item'],
      ['guide item', '#/guides/item/sfz-buling', '.item-title'], ['guides search', '#/guides/search/sfz', '.item'],
      ['scenario question', '#/guides/scenario/sfz-buling/', '.options a'],
      ['scenario checklist', '#/guides/scenario/sfz-buling/yes.no', '.qr svg'], ['apply list', '#/apply', 'a.item']]) {
      await go(hash, ready);
      await check(screen);
    }
    const items = await page.$$eval('#view a.item', (els) => els.map((a) => a.dataset.item));
    for (const item of items) {
      await go('#/apply', `a.item[data-item="${item}"]`);
      await tap(page, `a.item[data-item="${item}"]`);
      await page.waitForSelector('#view .form .field');
      const r = await tapFillForm(page, { onPage: (n) => check(`form ${item} page ${n + 1}`) });
      if (r.lost.length) throw new Error(`${item}: ${r.lost.join('; ')}`);
      await page.waitForSelector('.review-page');
      await check(`review ${item}`);
    }
    // The demo wallet from here on (我的码 needs it); the forms above were typed, as web.phone_taps
    // does. 身份证补领 again (resumed from its sealed draft) for the hand-off and the submission.
    await web.useDemoWallet(page);
    await go('#/apply/sfz-buling', '#form-submit');
    await tap(page, '#form-submit');
    await page.waitForSelector('.review-page');
    await go('#/handoff/sfz-buling', '#handoff-code svg');
    await check('hand-off');
    await go('#/apply/sfz-buling/review', '#confirm-submit');
    await tap(page, '#confirm-submit');
    await page.waitForSelector('#submit-done');
    await waitFor(() => page.getAttribute('#submit-status', 'data-status').then((s) => s === '1'), { what: 'submitted', timeout: 20000 });
    await check('submitted');
    await go('#/mine', '#mine-applications');
    await check('mine');
    await go('#/mine/applications', '.outbox-item');
    await waitFor(() => page.$('.outbox-item details'), { what: 'a receipt', timeout: 20000 });
    await tap(page, '.outbox-item summary');
    await page.waitForSelector('.outbox-item .qr svg');
    await check('my applications');
    await go('#/scan', '#scan-mine');
    await check('scan home');
    await go('#/scan/mine', '#my-code svg');
    await check('my code');
    await go('#/scan/camera', '#scan-status');
    await waitFor(() => page.$eval('#scan-status', (e) => e.dataset.problem), { what: 'the camera problem said', timeout: 20000 });
    cameraText = await page.textContent('#scan-status');
    await check('scan camera');
    await go('#/appoint/sfz-buling', '#appoint-send');
    await check('appointment');
    const screens = new Set(results.map((r) => r.screen));
    for (const s of ['home', 'guides home', 'guides list', 'guide item', 'guides search', 'scenario question', 'scenario checklist',
      'apply list', 'form chusheng-yijianshi page 1', 'review sfz-buling', 'submitted', 'mine', 'my applications', 'scan home',
      'my code', 'scan camera', 'appointment', 'hand-off']) assert.ok(screens.has(s), `not visited: ${s}`);
    assert.equal(results.length, screens.size * 2);
  });

  test('sizes, line heights and contrast meet the MIIT numbers', () => {
    assert.deepEqual(failures('sizes'), []);
  });

  test(`长辈版: the largest text on every screen is at least ${MIIT.largestPt} px`, () => {
    const elderly = results.filter((x) => x.mode === 'elderly');
    assert.ok(elderly.length, 'no screen was measured in 长辈版');
    for (const r of elderly) assert.ok(r.largest >= MIIT.largestPt - 0.01, `${r.screen}: ${r.largest}`);
  });

  test('axe-core: no serious or critical violation', () => {
    assert.deepEqual(failures('axe'), []);
  });

  test('no Latin-script UI text, raw code payloads, identifiers or English native controls', () => {
    assert.deepEqual(failures('latin'), []);
  });

  // Headless Chromium has no camera: getUserMedia fails with "Requested device not found".
  test('扫一扫 without a camera says so in Chinese and offers the album and typing', () => {
    assert.match(cameraText, /^没有找到可用的相机。可从相册选择图片，或粘贴码的文字。$/);
  });

  test('no page errors on any screen', () => {
    assert.deepEqual(pageErrors, []);
  });
});
