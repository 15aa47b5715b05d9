// Every phone form tapped through on a touch screen, exactly once per control, typing in fields
// and going straight on to the next control — as a person does. A tap that a redraw swallows (the
// element under the finger replaced between pointerdown and click) fails the check: a choice not
// chosen, a field not focused, a page not advanced after one tap on 下一步.
//   node --test tests/web/phone_taps_check.mjs -- --site DIR --tongban PATH --out DIR
// (or node tests/web/phone_taps_check.mjs --site … : node:test runs the file's tests either way)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, startServer, launchBrowser, ensureDir, waitFor } from '../lib/harness.mjs';
import { PHONE, openPhone, tap, tapFillForm } from '../lib/phone_form.mjs';

const args = parseArgs();
const out = ensureDir(args.out || 'phone-taps-artifacts');
let server, browser, context, items;

before(async () => {
  server = await startServer(args.tongban, args.site);
  browser = await launchBrowser();
  context = await browser.newContext(PHONE);
  const { page } = await openPhone(context, `${server.url}#/apply`);
  await page.waitForSelector('#view a.item');
  items = await page.$$eval('#view a.item', (els) => els.map((a) => ({ id: a.dataset.item, name: a.querySelector('.item-name').textContent })));
  await page.close();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

test('我要办 lists every form, 新生儿出生一件事 among them', () => {
  assert.ok(items.length >= 6, `items: ${items.map((i) => i.name).join('、')}`);
  assert.ok(items.some((i) => i.id === 'chusheng-yijianshi'), '新生儿出生一件事 is applied for on the phone');
});

// Without a wallet nothing is prefilled: every field is typed, so every control comes after typing.
test('every form: one tap per control after typing, none lost', async (t) => {
  for (const item of items) {
    await t.test(item.name, async () => {
      const { page, errors } = await openPhone(context, `${server.url}#/apply`);
      await page.waitForSelector(`#view a.item[data-item="${item.id}"]`);
      await tap(page, `#view a.item[data-item="${item.id}"]`);
      await waitFor(() => page.$('#view .form .field'), { what: `${item.name}: the form` });
      const r = await tapFillForm(page);
      await page.screenshot({ path: `${out}/taps-${item.id}-review.png`, fullPage: true });
      assert.deepEqual(r.lost, [], `${item.name}: lost taps`);
      assert.ok(r.pages >= 1);
      assert.match(await page.evaluate(() => location.hash), /\/review$/, `${item.name}: ends on 确认提交`);
      assert.deepEqual(errors, [], `${item.name}: page errors`);
      await page.close();
    });
  }
});
