// 确认提交 on the phone: every answer listed, grouped under its page's title, as the person reads it
// (choice labels, not codes), masked where the form marks a field sensitive, and 修改 going back to
// that field — its page shown, the field focused — from where 提交申请 leads back to the review.
//   node tests/web/phone_review_check.mjs --site DIR --tongban PATH --out DIR
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, startServer, launchBrowser, ensureDir, waitFor } from '../lib/harness.mjs';
import { PHONE, openPhone, tap, tapFillForm, useDemoWallet } from '../lib/phone_form.mjs';

const args = parseArgs();
const out = ensureDir(args.out || 'phone-review-artifacts');
let server, browser, context, page, errors;
let pageTitles = [], pagesSeen = [];  // the form's page titles as the form showed them, in order
let review = null;                    // what the review page lists: [{ title, items: [{ path, label, value }] }]
let sent = null;                      // what the departments would receive (form.answers)

before(async () => {
  server = await startServer(args.tongban, args.site);
  browser = await launchBrowser();
  context = await browser.newContext(PHONE);
  ({ page, errors } = await openPhone(context, server.url));
  await useDemoWallet(page, server.url);
  await page.goto(`${server.url}#/apply/sfz-buling`);
  await page.waitForSelector('#view .form .field');
  const r = await tapFillForm(page, {
    onPage: async (n) => {
      pagesSeen.push(n);
      pageTitles[n] = (await page.textContent('.steps')).replace(/^第\d+步，共\d+步：/, '');
    },
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
  await page.screenshot({ path: `${out}/review.png`, fullPage: true });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

test('answers are grouped under the titles of the pages they were asked on, in order', () => {
  assert.ok(review.length >= 2, `pages on the review: ${review.map((p) => p.title).join(' / ')}`);
  for (const p of review) assert.equal(p.title, pageTitles[p.page], `page ${p.page + 1}`);
  assert.deepEqual(review.map((p) => p.page), [...review.map((p) => p.page)].sort((a, b) => a - b));
});

test('every answer sent is listed, each with 修改', () => {
  const listed = new Map(review.flatMap((p) => p.items).map((it) => [it.path, it]));
  const paths = sent.parts.flatMap((p) => Object.keys(p.values));
  assert.ok(paths.length >= 8, `answers: ${paths.join(', ')}`);
  for (const path of paths) {
    assert.ok(listed.has(path), `${path} is sent but not on the review page`);
    assert.match(listed.get(path).edit, new RegExp(`#/apply/sfz-buling/field/${encodeURIComponent(path)}$`), `${path}: 修改`);
  }
});

test('values read as the person reads them: labels, 是/否, place names, dates in Chinese', async () => {
  const byPath = new Map(review.flatMap((p) => p.items).map((it) => [it.path, it]));
  const values = Object.fromEntries(sent.parts.flatMap((p) => Object.entries(p.values)));
  assert.equal(byPath.get('local_hukou').value, values.local_hukou ? '是' : '否');
  assert.ok(!/^[a-z_]+$/.test(byPath.get('reason').value), `补领原因 shows a label: ${byPath.get('reason').value}`);
  assert.match(byPath.get('hukou_address').value, /^辽宁省 葫芦岛市 连山区 /);
  for (const it of byPath.values()) assert.doesNotMatch(it.value, /^att:|\|/, `${it.path}: ${it.value}`);
  const html = await page.content();
  assert.ok(!html.includes('"lost"') && !html.includes('>lost<'), 'no choice codes on the page');
});

test('sensitive answers are masked, and only their masked form is on the page', async () => {
  const byPath = new Map(review.flatMap((p) => p.items).map((it) => [it.path, it]));
  assert.equal(byPath.get('id_number').value, '211402********1234');
  assert.ok(byPath.get('id_number').masked);
  assert.ok(!byPath.get('name').masked, 'a field not marked sensitive is shown as it is');
  assert.ok(!(await page.textContent('#view')).includes('211402198803151234'), 'the full ID number is not on the review page');
});

test('修改 goes back to that field: its page, focused; 提交申请 returns to the review', async () => {
  const first = review[0].items.find((it) => it.path === 'mobile');
  assert.ok(first, 'the mobile number is on the first page');
  const last = review[review.length - 1].items[0];
  for (const it of [first, last]) {
    await page.goto(`${server.url}#/apply/sfz-buling/review`);
    await page.waitForSelector(`.review-item[data-path="${it.path}"] a.review-edit`);
    await tap(page, `.review-item[data-path="${it.path}"] a.review-edit`);
    await waitFor(() => page.evaluate((p) => document.activeElement?.closest('[data-path]')?.dataset.path === p, it.path),
      { what: `${it.path} focused` });
    const pageNo = Number(await page.evaluate(() => document.body.dataset.formPage));
    const section = review.find((p) => p.items.includes(it));
    assert.equal(pageNo, section.page, `${it.path}: the page it is on`);
    const box = await page.evaluate(() => document.activeElement.getBoundingClientRect().toJSON());
    assert.ok(box.top >= 0 && box.bottom <= 844, `${it.path} is scrolled into view: ${JSON.stringify(box)}`);
    await page.screenshot({ path: `${out}/edit-${it.path}.png` });
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

test('no page errors', () => {
  assert.deepEqual(errors, []);
});
