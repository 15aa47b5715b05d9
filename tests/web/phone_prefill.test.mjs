// People applying for themselves do not retype what their profile already says: 社保卡申领 on the
// phone, from the demo wallet (张丽华), asks 为谁申领 first; 本人 fills the holder's name, ID number,
// birth date and gender from the profile (each marked 已自动填写), 他人 empties them again; the note
// about 新生儿出生一件事 is not shown. (Inside that 一件事 the note shows and 为谁申领 is not asked:
// tests/core/test_form_prefill_when.cpp; web.phone_taps fills the 一件事 on the phone.)
//   node tests/web/phone_prefill.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, waitFor } from '../lib/harness.mjs';
import { startWeb, phone } from '../lib/web_fixture.mjs';
import { openPhone, tap } from '../lib/phone_form.mjs';

const paths = testPaths('web', ['site', 'tongban']);
let web;
before(async () => { web = await startWeb(paths, { device: phone }); }, { timeout: 60000 });
after(() => web?.stop());

// The demo wallet's resident (assets/demo-keys: 张丽华, 211402198803151234): what the ID states.
const HOLDER = { holder_name: '张丽华', holder_id: '211402198803151234', holder_birth_date: '1988-03-15' };
const BUNDLE_NOTE = '持卡人即新生儿';

const field = (path) => `#view .form .field[data-path="${path}"]`;
const valueOf = (page, path) => page.$eval(`${field(path)} :is(input[type=text], textarea)`, (i) => i.value).catch(() => null);
const chosen = (page, path) => page.$eval(`${field(path)} .choice[aria-checked=true]`, (b) => b.textContent.trim()).catch(() => null);

test('社保卡申领 for oneself: the holder prefilled from the profile, emptied for someone else', { timeout: 120000 }, async () => {
  const { page, errors } = await openPhone(web);
  await web.useDemoWallet(page);
  await page.goto(`${web.url}#/apply/shebaoka-shenling`);
  await page.waitForSelector(field('for_whom'));
  assert.ok(!(await page.textContent('#view')).includes(BUNDLE_NOTE), 'no 一件事 note when applied for alone');
  assert.equal(await valueOf(page, 'holder_name'), '', 'nothing prefilled before 为谁申领 is answered');

  await tap(page, `${field('for_whom')} .choice >> text=本人`);
  await waitFor(async () => (await valueOf(page, 'holder_name')) === HOLDER.holder_name, { what: 'holder name prefilled' });
  for (const [path, value] of Object.entries(HOLDER)) {
    const shown = await valueOf(page, path);
    // Dates are shown as typed digits or with separators; compare the digits.
    assert.equal(shown?.replace(/\D/g, '') || shown, path === 'holder_birth_date' ? value.replace(/\D/g, '') : value, `${path}`);
    assert.match(await page.textContent(field(path)), /已自动填写/, `${path}: marked as prefilled`);
  }
  assert.equal(await chosen(page, 'holder_gender'), '男', 'gender from the ID number (17th digit odd)');
  assert.equal(await chosen(page, 'holder_has_id'), '是', 'the holder has an ID number');
  await page.screenshot({ path: `${paths.out}/phone-shebaoka-self.png`, fullPage: true });

  await tap(page, `${field('for_whom')} .choice >> text=他人`);
  await waitFor(async () => (await valueOf(page, 'holder_name')) === '', { what: 'holder name emptied for someone else' });
  assert.equal(await chosen(page, 'holder_gender'), null, 'gender emptied');
  assert.deepEqual(errors, [], 'page errors');
});
