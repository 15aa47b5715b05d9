// 长辈版 on the native kiosk, measured: every screen a villager passes through (home, guides, an
// item, search with the on-screen keyboard, the checklist questions, 我要办, a form, the keypad and
// address sheets, the pinyin keyboard with candidates, 扫码, 预约) in landscape and portrait, against
// MIIT's ageing-friendly numbers at the kiosk's configured screen size (tests/lib/elderly_check.mjs), from the automation hook's text
// runs and targets and a screenshot of the same frame. Lists (the divisions) show at least 5 rows.
//   node tests/kiosk/elderly.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, screenshotX, sleep, sourceRoot } from '../lib/harness.mjs';
import { kioskFixture, target } from '../lib/kiosk_fixture.mjs';
import { elderlyShortfalls } from '../lib/elderly_check.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const { withKiosk, tb } = kioskFixture(paths);

for (const [orientation, width, height] of [['landscape', 1920, 1080], ['portrait', 1080, 1920]]) {
  test(`长辈版 meets the ageing-friendly numbers on every screen, ${orientation} ${width}x${height} at 21.5 inches`, { timeout: 240000 }, async () => {
    const service = tb('code', 'issue', 'service', '--item', 'sfz-buling', '--key', `${sourceRoot}/assets/demo-keys/code-issuer.key`)
      .trim().split('\n').pop();
    await withKiosk({ width, height, flags: ['--elderly', '--screen-inches', '21.5'] }, async ({ display, frameAfter, click, wedge }) => {
      const shortfalls = [];
      const measured = [];
      let a = await frameAfter((b) => b.frame >= 1 && b.elderly, 'first frame in 长辈版');
      // Measures the screen once it has settled (a scroll or a font rebuild may take a frame or two).
      const measure = async (name) => {
        await sleep(400);
        a = await frameAfter((b) => b.frame >= a.frame, 'the latest frame');
        const png = `${paths.out}/elderly-${orientation}-${name}.png`;
        screenshotX(display, png);
        a = await frameAfter((b) => b.frame >= a.frame, 'the frame shown');
        assert.equal(a.missing_glyphs, 0, `${name}: characters the font could not draw`);
        shortfalls.push(...elderlyShortfalls(a, png).map((s) => `${name}: ${s}`));
        measured.push(name);
      };
      const go = async (id, pred, what) => {
        const f = a.frame;
        click(target(a, id));
        a = await frameAfter((b) => b.frame > f && pred(b), what);
      };
      // Scrolls with the screen's 下一页 rail until a target is in sight.
      const reveal = async (id) => {
        for (let i = 0; i < 12 && !a.targets.some((x) => x.id === id); i++) {
          const rail = a.targets.find((x) => x.id.endsWith('.down') && x.state !== 'disabled');
          assert.ok(rail, `${id} is not on screen and there is nothing to scroll`);
          await go(rail.id, () => true, 'scrolled');
          await sleep(300);
          a = await frameAfter((b) => b.frame >= a.frame, 'the latest frame');
        }
      };
      const home = async () => {
        while (a.screen !== 'home') await go('nav.back', () => true, 'back');
      };

      await measure('home');
      await go('entry.guides', (b) => b.screen === 'guides', 'guides');
      await measure('guides');
      await go(a.targets.find((x) => x.id.startsWith('event.')).id, (b) => b.screen === 'guide-list', 'a life event');
      await measure('guide-list');
      await go(a.targets.find((x) => x.id.startsWith('item.')).id, (b) => b.screen === 'guide-item', 'an item');
      await measure('guide-item');
      await home();
      await go('entry.guides', (b) => b.screen === 'guides', 'guides');
      await go('guide.search', (b) => b.screen === 'guide-search', 'search');
      for (const k of 'sfz') await go(`key.${k}`, () => true, `key ${k}`);
      a = await frameAfter((b) => b.targets.some((x) => x.id === 'item.sfz-buling'), 'results');
      await measure('search');
      await go('item.sfz-buling', (b) => b.screen === 'guide-item', 'the item');
      await go('guide.scenario', (b) => b.screen === 'guide-scenario' && b.targets.some((x) => x.id.startsWith('option.')), 'the questions');
      await measure('scenario');
      await home();
      await go('entry.apply', (b) => b.screen === 'apply', '我要办');
      await measure('apply');
      await reveal('apply.sfz-buling');
      await go('apply.sfz-buling', (b) => b.screen === 'apply-form', 'the form');
      await measure('form');
      await go('field.id_number', (b) => b.targets.some((x) => x.id === 'keypad.X'), 'the keypad sheet');
      await measure('keypad');
      await go('editor.cancel', (b) => !b.targets.some((x) => x.id === 'editor.cancel'), 'sheet closed');
      await reveal('choice.local_hukou.true');
      await go('choice.local_hukou.true', (b) => b.targets.some((x) => x.id === 'choice.local_hukou.true' && x.state === 'selected'), '是');
      await reveal('field.hukou_address');
      await go('field.hukou_address', (b) => b.targets.some((x) => x.id === 'division.path'), 'the address sheet');
      await measure('address');
      const rows = a.targets.filter((x) => /^division\.\d+$/.test(x.id)).length;
      assert.ok(rows >= 5, `the province list shows ${rows} rows (at least 5)`);
      assert.ok(a.targets.some((x) => x.id.startsWith('divisions-') && x.id.endsWith('.down')), 'the list has 下一页');
      // The touch screen's Chinese input in the same sheet: the pinyin keyboard's keys and candidates.
      await go('mode.pinyin', (b) => b.targets.some((x) => x.id === 'mode.pinyin' && x.state === 'selected'), 'the pinyin keyboard');
      for (const k of 'zhang') await go(`kb.${k}`, () => true, `key ${k}`);
      a = await frameAfter((b) => b.targets.some((x) => /^cand\.\d+$/.test(x.id)), 'candidates');
      await measure('pinyin');
      await go('editor.cancel', (b) => !b.targets.some((x) => x.id === 'editor.cancel'), 'sheet closed');
      await home();
      await go('entry.scan', (b) => b.screen === 'scan', '扫码');
      await measure('scan');
      wedge(service);
      a = await frameAfter((b) => b.screen === 'guide-item' && b.targets.some((x) => x.id === 'guide.appoint'), 'the item from its code');
      await go('guide.appoint', (b) => b.screen === 'appoint', '预约');
      await measure('appoint');
      console.log(`measured ${measured.length} screens: ${measured.join(', ')}`);
      assert.deepEqual(shortfalls, [], 'shortfalls');
    });
  });
}
