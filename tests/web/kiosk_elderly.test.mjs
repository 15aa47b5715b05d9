// 长辈版 on the browser kiosk, measured like the native one (tests/kiosk/elderly.test.mjs): home,
// guides, an item page, 我要办, a form and its keypad sheet, in landscape and portrait, against
// MIIT's ageing-friendly numbers at the screen's size (?inches=21.5), from the automation frame and
// a Chromium screenshot of it.
//   node tests/web/kiosk_elderly.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, waitFor, sleep } from '../lib/harness.mjs';
import { startWeb } from '../lib/web_fixture.mjs';
import { elderlyShortfalls } from '../lib/elderly_check.mjs';

const paths = testPaths('web', ['site', 'tongban']);
let web;
before(async () => { web = await startWeb(paths); }, { timeout: 60000 });
after(() => web?.stop());

for (const [orientation, width, height] of [['landscape', 1920, 1080], ['portrait', 1080, 1920]]) {
  test(`browser kiosk 长辈版 meets the ageing-friendly numbers, ${orientation} ${width}x${height} at 21.5 inches`, { timeout: 200000 }, async () => {
    const { page, errors } = await web.newPage({ viewport: { width, height } });
    await page.goto(`${web.url}kiosk/?automation=1&elderly=1&inches=21.5`);
    let a = null;
    const frameAfter = (pred, what) => waitFor(async () => {
      const f = await page.evaluate(() => window.__kioskError ? { error: window.__kioskError } : window.__kioskAutomation);
      assert.ok(!f || !f.error, `kiosk failed: ${f && f.error}`);
      return f && pred(f) ? f : null;
    }, { what, timeout: 30000 });
    const go = async (id, pred, what) => {
      const t = a.targets.find((x) => x.id === id);
      assert.ok(t, `target ${id} not on screen`);
      const f = a.frame;
      await page.mouse.click(t.x + t.w / 2, t.y + t.h / 2);
      a = await frameAfter((b) => b.frame > f && pred(b), what);
    };
    const shortfalls = [];
    const measure = async (name) => {
      await sleep(500);
      a = await frameAfter((b) => b.frame >= a.frame, 'the latest frame');
      const png = `${paths.out}/kiosk-web-elderly-${orientation}-${name}.png`;
      await page.screenshot({ path: png });
      shortfalls.push(...elderlyShortfalls(a, png).map((s) => `${name}: ${s}`));
    };
    a = await frameAfter((b) => b.screen === 'home' && b.elderly && b.screen_inches === 21.5, 'home in 长辈版');
    await measure('home');
    await go('entry.guides', (b) => b.screen === 'guides', 'guides');
    await measure('guides');
    await go(a.targets.find((x) => x.id.startsWith('event.')).id, (b) => b.screen === 'guide-list', 'a life event');
    await go(a.targets.find((x) => x.id.startsWith('item.')).id, (b) => b.screen === 'guide-item', 'an item');
    await measure('guide-item');
    while (a.screen !== 'home') await go('nav.back', () => true, 'back');
    await go('entry.apply', (b) => b.screen === 'apply', '我要办');
    await measure('apply');
    await go(a.targets.find((x) => x.id.startsWith('apply.')).id, (b) => b.screen === 'apply-form', 'a form');
    await measure('form');
    const box = a.targets.find((x) => x.id.startsWith('field.'));
    await go(box.id, (b) => b.targets.some((x) => x.id === 'editor.ok'), 'the editor sheet');
    await measure('editor');
    assert.deepEqual(shortfalls, [], 'shortfalls');
    assert.deepEqual(errors, [], 'page errors');
  });
}
