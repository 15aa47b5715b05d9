// The phone's forms in real headless Chromium, served by the real `tongban serve` with the intake:
// one draft followed from the demo wallet's prefill through errors beside fields, a sealed draft
// resumed after a reload, submission sealed offline with a 好差评 rating, the receipt and the
// department's side, then a 预约 through the same outbox; and a 一件事 form for several departments.
//   node tests/web/forms.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { testPaths, waitFor, sleep } from '../lib/harness.mjs';
import { startWeb, phone, offlineNoise } from '../lib/web_fixture.mjs';
import { decodeQrImage } from '../lib/qr_decode.mjs';
import { chain } from '../lib/steps.mjs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
let web;
before(async () => { web = await startWeb(paths); }, { timeout: 60000 });
after(() => web?.stop());

// Answers every field of the open phone form, page by page, as a person would. With reloadOnce,
// reloads the page once past the first page and checks the sealed draft resumed there.
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
async function fillPhoneForm(page, { reloadOnce = false } = {}) {
  const png = PNG_1PX;
  let reloaded = false;
  for (let step = 0; step < 14; step++) {
    for (let pass = 0; pass < 2; pass++) {
      for (const block of await page.$$('.field')) {
        const path = await block.getAttribute('data-path');
        if (!path) continue;
        const sel = `.field[data-path="${path}"]`;
        if (await page.$(`${sel} .choices button`)) {
          if (!(await page.$(`${sel} .choice.selected`))) await page.click(`${sel} .choices button >> nth=${(await page.$$(`${sel} .choices button`)).length > 1 ? 1 : 0}`);
        } else if (await page.$(`${sel} .commitment input`)) {
          if (!(await page.isChecked(`${sel} .commitment input`))) await page.check(`${sel} .commitment input`);
        } else if (await page.$(`${sel} input[type=file]`)) {
          if (!(await page.$(`${sel} .attached`))) await page.setInputFiles(`${sel} input[type=file]`, { name: 'photo.png', mimeType: 'image/png', buffer: png });
        } else if (await page.$(`${sel} input[type=text], ${sel} textarea`)) {
          const input = await page.$(`${sel} input[type=text], ${sel} textarea`);
          if ((await input.inputValue()) && !(await page.$(`${sel} .field-error`))) continue;
          const mode = await input.getAttribute('inputmode');
          const type = await block.getAttribute('data-type');  // dates are typed: no browser date picker
          const value = type === 'date' ? '2025-01-15' : mode === 'tel' ? '13800138000' : mode === 'numeric' || mode === 'decimal' ? '1' : '青禾市长安区文化路88号';
          const target = `${sel} input[type=text], ${sel} textarea`;
          await page.fill(target, value);
          await page.press(target, 'Tab').catch(() => {});  // re-drawn already (dates change at once)
        }
        await sleep(30);
      }
    }
    if (!(await page.$('#form-next'))) break;  // the last page is filled
    const saved = await page.evaluate(() => document.body.dataset.draftSaved);
    await page.click('#form-next');
    await waitFor(() => page.evaluate((s) => document.body.dataset.draftSaved !== s, saved), { what: 'draft saved on next' }).catch(() => {});
    await sleep(150);
    if (reloadOnce && !reloaded && (await page.evaluate(() => document.body.dataset.formPage)) !== '0') {
      // The draft is saved as you go, sealed: reload mid-way and it is all still there.
      reloaded = true;
      const pageBefore = await page.evaluate(() => document.body.dataset.formPage);
      await page.reload();
      await page.waitForSelector('.field');
      assert.deepEqual(await page.evaluate(() => document.body.dataset.formPage), pageBefore, 'resumed on the same page');
    }
  }
  return reloaded;
}

// One person's application, step by step: each step works on what the one before left (the wallet
// and the sealed draft, the submission and its rating at the intake).
describe('phone forms: one application from the wallet to the department', () => {
  const step = chain();
  step('phone forms: demo wallet prefill, errors beside fields, only valid data submits, drafts sealed and resumed', { timeout: 120000 }, async () => {
    const { page, errors } = await web.newPage(phone);
    await web.useDemoWallet(page);
    await page.goto(`${web.url}#/apply/sfz-buling`);
    await page.waitForSelector('.field');
    // Prefilled from the wallet, with where it came from.
    assert.deepEqual(await page.inputValue('.field[data-path="name"] input'), '张丽华', 'prefilled name');
    assert.ok((await page.textContent('.field[data-path="name"]')).includes('已自动填写'), 'prefill badge');
    // A wrong ID number: the reason, in Chinese, beside the field.
    await page.fill('.field[data-path="id_number"] input', '211402198803151235');
    await page.press('.field[data-path="id_number"] input', 'Tab');
    await waitFor(() => page.textContent('.field[data-path="id_number"] .field-error').then((t) => t.includes('校验')).catch(() => false), { what: 'ID error' });
    await page.fill('.field[data-path="id_number"] input', '２１１４０２１９８８０３１５１２３４');  // full-width, as IMEs type
    await page.press('.field[data-path="id_number"] input', 'Tab');
    await waitFor(() => page.inputValue('.field[data-path="id_number"] input').then((v) => v === '211402198803151234'), { what: 'normalised ID' });
    // Next without answering: stays, and says what is missing.
    await page.click('#form-next');
    await page.waitForSelector('.field-error');
    await page.screenshot({ path: `${out}/phone-form-errors.png`, fullPage: true });
    // Answer everything, page by page, as a person would; reload once mid-way.
    const reloaded = await fillPhoneForm(page, { reloadOnce: true });
    assert.ok(reloaded, 'the form had more than one page to resume on');
    await page.waitForSelector('#form-submit');
    // Nothing personal readable in the browser's storage.
    const leaked = await page.evaluate(async () => {
      const db = await new Promise((res, rej) => { const r = indexedDB.open('tongban', 1); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const all = await new Promise((res) => { const r = db.transaction('blobs').objectStore('blobs').getAll(); r.onsuccess = () => res(r.result); });
      const needles = ['张丽华', '211402198803151234', '13800138000'].map((x) => new TextEncoder().encode(x));
      const has = (hay, n) => { for (let i = 0; i + n.length <= hay.length; i++) { let k = 0; while (k < n.length && hay[i + k] === n[k]) k++; if (k === n.length) return true; } return false; };
      return all.some((v) => v instanceof ArrayBuffer && needles.some((n) => has(new Uint8Array(v), n)));
    });
    assert.deepEqual(leaked, false, 'plaintext personal data in IndexedDB');
    await page.click('#form-submit');
    await page.waitForSelector('.review-page', { timeout: 5000 }).catch(async (e) => {
      await page.screenshot({ path: `${out}/phone-form-submit-refused.png`, fullPage: true });
      throw new Error(`not submittable: ${await page.$$eval('.field-error', (els) => els.map((x) => x.closest('.field, .group')?.dataset.path + ': ' + x.textContent).join('; '))}`);
    });
    assert.ok(await page.$('#confirm-submit'), 'submission offered once everything is valid');
    await page.screenshot({ path: `${out}/phone-form-review.png`, fullPage: true });
    assert.deepEqual(errors, [], 'page errors');
  });

  step('phone submission: sealed offline with a 好差评 rating, queued with a banner, sent when the network returns; receipt verifies; the department opens only its part', { timeout: 120000 }, async () => {
    const { page, errors } = await web.newPage(phone);
    // The form filled in the step before resumes from its sealed draft, on its last page.
    await page.goto(`${web.url}#/apply/sfz-buling`);
    await page.waitForSelector('#form-submit');
    await page.click('#form-submit');
    await page.waitForSelector('#confirm-submit');
    await page.context().setOffline(true);
    try {
      await page.click('#confirm-submit');
      await page.waitForSelector('#submit-done');
      const id = await page.getAttribute('#submit-done', 'data-id');
      assert.ok(/^[0-9a-f]{32}$/.test(id), `submission id ${id}`);
      await waitFor(() => page.getAttribute('#offline', 'data-queued').then((q) => q === '1'), { what: 'offline banner counting 1 queued' });
      assert.ok((await page.textContent('#offline')).includes('1 件办件待发送'), 'banner text');
      assert.deepEqual(await page.textContent('#submit-status'), '排队中', 'status while offline');
      // 好差评 right away, offline too: sealed and queued behind the application.
      await page.click('#rating .star[data-stars="4"]');
      await page.fill('#rating-comment', '窗口指引清楚');
      await page.click('#rating-send');
      await page.waitForSelector('#rating-thanks');
      await waitFor(() => page.getAttribute('#offline', 'data-queued').then((q) => q === '2'), { what: 'banner counting the rating too' });
      await page.screenshot({ path: `${out}/phone-submit-offline.png`, fullPage: true });
      // Nothing stored in the browser can be read: the envelope is sealed to the departments.
      const stored = await page.evaluate(async () => {
        const db = await new Promise((res, rej) => { const r = indexedDB.open('tongban', 1); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
        return new Promise((res) => { const r = db.transaction('blobs').objectStore('blobs').getAllKeys(); r.onsuccess = () => res(r.result); });
      });
      assert.ok(stored.includes(`env:${id}`), 'envelope stored in the outbox');
      assert.ok(!stored.some((k) => String(k).startsWith('draft:sfz-buling')), 'the draft is gone once the application is queued');
      await page.context().setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await waitFor(() => page.getAttribute('#submit-status', 'data-status').then((x) => x === '1'), { timeout: 20000, what: 'status 已提交 once online' });
      assert.deepEqual(await page.textContent('#submit-status'), '已提交', 'status text');
      await waitFor(() => page.getAttribute('#offline', 'data-queued').then((q) => q === '0'), { timeout: 20000, what: 'the rating sent too' });
      assert.ok(await page.isHidden('#offline'), 'no banner once everything is sent');
      // 我的办件: the receipt, as a QR code a clerk can scan; decoded from the screenshot.
      await page.goto(`${web.url}#/mine/applications`);
      await page.waitForSelector(`.outbox-item[data-id="${id}"]`);
      await page.click(`.outbox-item[data-id="${id}"] summary`);
      await page.waitForSelector(`.outbox-item[data-id="${id}"] .qr svg`);
      const shot = await page.locator(`.outbox-item[data-id="${id}"] .qr`).screenshot({ path: `${out}/phone-receipt-qr.png` });
      await page.screenshot({ path: `${out}/phone-my-applications.png`, fullPage: true });
      const codes = await decodeQrImage(shot);
      assert.deepEqual(codes.length, 1, 'receipt QR decoded');
      assert.ok(codes[0].startsWith('TBR1:'), 'receipt code');
      // The department's side: export from the intake, open with its own key only.
      const envelope = `${web.intakeDir}/${id}.tbs`;
      web.cli('intake', 'export', '--db', web.intakeDb, id, '-o', envelope);
      const receipt = JSON.parse(web.cli('receipt', codes[0], '--trust', `${paths.keys}/intake.pub`, '--envelope', envelope));
      assert.deepEqual(receipt.submission_id, id, 'receipt names the submission');
      const opened = JSON.parse(web.cli('open', envelope, '--key', `${paths.keys}/departments/gongan.key`, '--out', `${web.intakeDir}/att-${id}`));
      assert.deepEqual(opened.department, 'gongan', 'opened by 公安');
      // In the deployment's suite throughout (--suite sm: the 国密 demo), from the phone module
      // that suite needs, the only one the page loaded.
      assert.deepEqual(opened.suite, paths.suite === 'sm' ? 'tongban-seal-sm-v1' : 'tongban-seal-v1', 'the envelope\'s suite');
      const modules = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name.split('/').pop())
        .filter((n) => /^tongban-phone.*\.wasm$/.test(n)));
      assert.deepEqual([...new Set(modules)], [paths.suite === 'sm' ? 'tongban-phone-sm.wasm' : 'tongban-phone.wasm'], 'the phone module loaded');
      assert.deepEqual(opened.data.values.name, '张丽华', 'the applicant, readable by the department');
      assert.ok(opened.attachments.length >= 1, 'the photo travelled as an attachment');
      assert.ok(readFileSync(opened.attachments[0].path).equals(PNG_1PX), 'attachment bytes intact');
      let refused = '';
      try { web.cli('open', envelope, '--key', `${paths.keys}/departments/renshe.key`); } catch (e) { refused = String(e.stderr); }
      assert.ok(refused.includes('not-for-you'), `another department is refused: ${refused}`);
      // The department accepts it; the phone shows 已受理.
      web.cli('intake', 'accept', '--db', web.intakeDb, id);
      await page.click('#outbox-refresh');
      await waitFor(() => page.getAttribute(`.outbox-item[data-id="${id}"]`, 'data-status').then((x) => x === '2'), { what: '已受理 after the department accepted' });
    } finally {
      await page.context().setOffline(false);
    }
    assert.deepEqual(errors.filter((e) => !offlineNoise.test(e)), [], 'page errors');
  });

  step('phone submission: 预约 appointment from the item page, through the same outbox', { timeout: 120000 }, async () => {
    const { page, errors } = await web.newPage(phone);
    const before = web.cli('intake', 'count', '--db', web.intakeDb).trim();
    await page.goto(`${web.url}#/guides/item/sfz-buling`);
    await page.waitForSelector('.item-title');
    const appoint = await page.$('#item-appoint');
    assert.ok(appoint, 'an item that needs a visit offers 预约');
    await appoint.click();
    await page.waitForSelector('#appoint-send');
    assert.deepEqual(await page.inputValue('#appoint-name'), '张丽华', 'name from the wallet');
    await page.screenshot({ path: `${out}/phone-appointment.png`, fullPage: true });
    await page.click('#appoint-send');
    await page.waitForSelector('#appoint-done');
    await page.goto(`${web.url}#/mine/applications`);
    await waitFor(() => page.$eval('.outbox-item', (el) => el.dataset.status === '1' && el.textContent.includes('预约')), { timeout: 20000, what: 'appointment submitted (newest first)' });
    const count = Number(web.cli('intake', 'count', '--db', web.intakeDb).trim());
    assert.deepEqual(count, Number(before) + 1, 'one more submission at the intake');
    const list = web.cli('intake', 'list', '--db', web.intakeDb, '--department', 'gongan');
    assert.ok(list.includes('appointment'), `the department lists the appointment: ${list}`);
    assert.ok(list.includes('rating'), `and the rating: ${list}`);
    assert.deepEqual(errors, [], 'page errors');
  });
});

test('phone forms: 新生儿出生一件事 is one form for four or more departments', { timeout: 60000 }, async () => {
  const { page } = await web.newPage(phone);
  await page.goto(`${web.url}#/apply/chusheng-yijianshi`);
  await page.waitForSelector('.parts');
  const parts = await page.textContent('.parts');
  const names = parts.split(/送达\s*/)[1].split('、');
  assert.ok(names.length >= 4, `departments: ${parts}`);
  assert.deepEqual(await page.textContent('.steps').then((t) => t.includes('共同信息')), true, 'shared questions first');
  await page.screenshot({ path: `${out}/phone-form-yijianshi.png` });
});

test('phone forms: 民族 is picked from a list of GB/T 3304, never typed', { timeout: 60000 }, async () => {
  const { page, errors } = await web.newPage(phone);
  await page.goto(`${web.url}#/apply/jumin-yanglao-canbao`);
  const sel = '.field[data-path="ethnicity"]';
  await page.waitForSelector(`${sel} select`);
  assert.equal(await page.$(`${sel} input, ${sel} .choices button`), null, 'no text box and no wall of buttons');
  const options = await page.$$eval(`${sel} select option`, (os) => os.map((o) => [o.value, o.textContent]));
  assert.equal(options.length, 56, 'the 56 groups');
  assert.deepEqual(options[0], ['01', '汉族']);
  assert.deepEqual(await page.inputValue(`${sel} select`), '01', 'the form\'s default');
  const saved = await page.evaluate(() => document.body.dataset.draftSaved);
  await page.selectOption(`${sel} select`, '11');
  // The core took it: it is in the sealed draft, and the form drawn again from it shows 满族.
  await waitFor(() => page.evaluate((s) => document.body.dataset.draftSaved !== s, saved), { what: 'draft saved' });
  await page.reload();
  await page.waitForSelector(`${sel} select`);
  assert.deepEqual(await page.$eval(`${sel} select`, (s) => [s.value, s.selectedOptions[0].textContent]), ['11', '满族'], '满族 chosen');
  await page.screenshot({ path: `${out}/phone-form-ethnicity.png` });
  assert.deepEqual(errors, [], 'page errors');
});
