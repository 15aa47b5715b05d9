// Every phone form filled on a touch screen and with a mouse, exactly one tap (or click) per
// control, typing in fields and going straight on to the next control, as a person does. A tap that
// a redraw swallows (the element under the finger replaced between pointerdown and click) fails
// the test: a choice not chosen, a field not focused, a page not advanced after one tap on 下一步.
// No wallet and no draft (the other pointer's is dropped): nothing is prefilled, so every control
// comes after typing in a field.
//   node tests/web/phone_taps.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, waitFor } from '../lib/harness.mjs';
import { startWeb, phone } from '../lib/web_fixture.mjs';
import { openPhone, tap, tapFillForm, forgetDraft } from '../lib/phone_form.mjs';

const paths = testPaths('web', ['site', 'tongban']);
let web;
before(async () => { web = await startWeb(paths, { device: phone }); }, { timeout: 60000 });
after(() => web?.stop());

// The forms 我要办 offers, read from the page once (the list is the core's, not the test's).
async function forms() {
  const { page } = await openPhone(web, '#/apply');
  await page.waitForSelector('#view a.item');
  const items = await page.$$eval('#view a.item', (els) => els.map((a) => ({ id: a.dataset.item, name: a.querySelector('.item-name').textContent })));
  await page.close();
  return items;
}

test('我要办 lists every form, 新生儿出生一件事 among them', { timeout: 60000 }, async () => {
  const items = await forms();
  assert.ok(items.length >= 6, `items: ${items.map((i) => i.name).join('、')}`);
  assert.ok(items.some((i) => i.id === 'chusheng-yijianshi'), '新生儿出生一件事 is applied for on the phone');
});

for (const pointer of ['touch', 'mouse']) {
  test(`every form, ${pointer}: one ${pointer === 'touch' ? 'tap' : 'click'} per control after typing, none lost`, { timeout: 840000 }, async (t) => {
    for (const item of await forms()) {
      await t.test(item.name, async () => {
        const { page, errors } = await openPhone(web, '#/apply');
        await forgetDraft(page, item.id);
        await tap(page, `#view a.item[data-item="${item.id}"]`, pointer);
        await waitFor(() => page.$('#view .form .field'), { what: `${item.name}: the form` });
        const r = await tapFillForm(page, { pointer });
        await page.screenshot({ path: `${paths.out}/phone-taps-${pointer}-${item.id}-review.png`, fullPage: true });
        assert.deepEqual(r.lost, [], `${item.name}: lost ${pointer === 'touch' ? 'taps' : 'clicks'}`);
        assert.ok(r.pages >= 1);
        assert.match(await page.evaluate(() => location.hash), /\/review$/, `${item.name}: ends on 确认提交`);
        assert.deepEqual(errors, [], `${item.name}: page errors`);
        await page.close();
      });
    }
  });
}
