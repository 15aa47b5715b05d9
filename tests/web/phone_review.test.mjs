// 确认提交 on the phone: every answer listed, grouped under its page's title, as the person reads it
// (choice labels, not codes), masked where the form marks a field sensitive, and 修改 going back to
// that field — its page shown, the field focused — from where 提交申请 leads back to the review.
//   node tests/web/phone_review.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, waitFor } from '../lib/harness.mjs';
import { startWeb, phone } from '../lib/web_fixture.mjs';
import { openPhone, tap, tapFillForm } from '../lib/phone_form.mjs';
import { chain } from '../lib/steps.mjs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
let web, page, errors;
let pageTitles = [];  // the form's page titles as the form showed them, by page number
let review = null;    // what the review page lists: [{ page, title, items: [{ path, label, value, masked, edit }] }]
let sent = null;      // what the departments would receive (form.answers)
before(async () => { web = await startWeb(paths, { device: phone }); }, { timeout: 60000 });
after(() => web?.stop());

describe('phone 确认提交: 身份证补领 from the demo wallet', () => {
  const step = chain();
  const FILLED = 'the form, tapped through from the demo wallet, reaches 确认提交';
  step('the form, tapped through from the demo wallet, reaches 确认提交', { timeout: 180000 }, async () => {
    ({ page, errors } = await openPhone(web));
    await web.useDemoWallet(page);
    await page.goto(`${web.url}#/apply/sfz-buling`);
    await page.waitForSelector('#view .form .field');
    // 本市户籍, so the address is asked too (and read back below as place names).
    await tap(page, '#view .form .field[data-path="local_hukou"] .choice >> text=是');
    await waitFor(() => page.$('#view .form .field[data-path="hukou_address"]'), { what: 'the address asked' });
    const r = await tapFillForm(page, {
      onPage: async (n) => { pageTitles[n] = (await page.textContent('.steps')).replace(/^第\d+步，共\d+步：/, ''); },
    });
    assert.deepEqual(r.lost, []);
    await page.waitForSelector('.review-page');
    review = await page.$$eval('.review-page', (sections) => sections.map((s) => ({
      page: Number(s.dataset.page),
      title: s.querySelector('h2').textContent,
      items: [...s.querySelectorAll('.review-item')].map((it) => ({
        path: it.dataset.path, label: it.querySelector('dt').textContent, value: it.querySelector('.review-value').textContent,
        masked: it.querySelector('.review-value').classList.contains('masked'), edit: it.querySelector('a.review-edit')?.getAttribute('href'),
      })),
    })));
    sent = await page.evaluate(async () => (await import('./js/core.js')).call('form.answers'));
    await page.screenshot({ path: `${out}/phone-review.png`, fullPage: true });
  });

  step('answers are grouped under the titles of the pages they were asked on, in order', { needs: FILLED, timeout: 120000 }, () => {
    assert.ok(review.length >= 2, `pages on the review: ${review.map((p) => p.title).join(' / ')}`);
    for (const p of review) assert.equal(p.title, pageTitles[p.page], `page ${p.page + 1}`);
    assert.deepEqual(review.map((p) => p.page), [...review.map((p) => p.page)].sort((a, b) => a - b));
  });

  step('every answer sent is listed, each with 修改', { needs: FILLED, timeout: 120000 }, () => {
    const listed = new Map(review.flatMap((p) => p.items).map((it) => [it.path, it]));
    const answered = sent.parts.flatMap((p) => Object.keys(p.values));
    assert.ok(answered.length >= 8, `answers: ${answered.join(', ')}`);
    for (const path of answered) {
      assert.ok(listed.has(path), `${path} is sent but not on the review page`);
      assert.match(listed.get(path).edit, new RegExp(`#/apply/sfz-buling/field/${encodeURIComponent(path)}$`), `${path}: 修改`);
    }
  });

  step('values read as the person reads them: labels, 是/否, place names, dates in Chinese', { needs: FILLED, timeout: 120000 }, async () => {
    const byPath = new Map(review.flatMap((p) => p.items).map((it) => [it.path, it]));
    const values = Object.fromEntries(sent.parts.flatMap((p) => Object.entries(p.values)));
    assert.equal(byPath.get('local_hukou').value, values.local_hukou ? '是' : '否');
    assert.ok(!/^[a-z_]+$/.test(byPath.get('reason').value), `补领原因 shows a label: ${byPath.get('reason').value}`);
    assert.match(byPath.get('hukou_address').value, /^辽宁省 葫芦岛市 连山区 /);
    for (const it of byPath.values()) assert.doesNotMatch(it.value, /^att:|\|/, `${it.path}: ${it.value}`);
    const html = await page.content();
    assert.ok(!html.includes('"lost"') && !html.includes('>lost<'), 'no choice codes on the page');
  });

  step('sensitive answers are masked, and only their masked form is on the page', { needs: FILLED, timeout: 120000 }, async () => {
    const byPath = new Map(review.flatMap((p) => p.items).map((it) => [it.path, it]));
    assert.equal(byPath.get('id_number').value, '211402********1234');
    assert.ok(byPath.get('id_number').masked);
    assert.ok(!byPath.get('name').masked, 'a field not marked sensitive is shown as it is');
    assert.ok(!(await page.textContent('#view')).includes('211402198803151234'), 'the full ID number is not on the review page');
  });

  step('修改 goes back to that field: its page, focused; 提交申请 returns to the review', { needs: FILLED, timeout: 120000 }, async () => {
    const first = review[0].items.find((it) => it.path === 'mobile');
    assert.ok(first, 'the mobile number is on the first page');
    const last = review[review.length - 1].items[0];
    for (const it of [first, last]) {
      await page.goto(`${web.url}#/apply/sfz-buling/review`);
      await page.waitForSelector(`.review-item[data-path="${it.path}"] a.review-edit`);
      await tap(page, `.review-item[data-path="${it.path}"] a.review-edit`);
      // In the form, not the review: the tapped 修改 link sits in a [data-path] row of its own.
      await waitFor(() => page.evaluate((p) => document.activeElement?.closest('form.form [data-path]')?.dataset.path === p, it.path),
        { what: `${it.path} focused in the form` });
      const pageNo = Number(await page.evaluate(() => document.body.dataset.formPage));
      const section = review.find((p) => p.items.includes(it));
      assert.equal(pageNo, section.page, `${it.path}: the page it is on`);
      const box = await page.evaluate(() => document.activeElement.getBoundingClientRect().toJSON());
      assert.ok(box.top >= 0 && box.bottom <= 844, `${it.path} is scrolled into view: ${JSON.stringify(box)}`);
      await page.screenshot({ path: `${out}/phone-review-edit-${it.path}.png` });
    }
    // From the field's page back to the review, through the remaining pages.
    while (await page.$('#form-next')) {
      const before = await page.evaluate(() => document.body.dataset.formPage);
      await tap(page, '#form-next');
      await waitFor(() => page.evaluate((b) => document.body.dataset.formPage !== b, before), { what: 'next page' });
    }
    await tap(page, '#form-submit');
    await page.waitForSelector('.review-page');
    assert.ok(await page.$('#confirm-submit'), '确认提交 offered');
  });

  step('no page errors', { needs: FILLED, timeout: 120000 }, () => {
    assert.deepEqual(errors, []);
  });
});
