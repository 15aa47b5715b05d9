// Asking the native kiosk in your own words (issue 18), in a real X window (Xvfb). The kiosk has no
// IME (a villager types pinyin on the on-screen keyboard or a hall keyboard), so the questions are
// asked in pinyin — shengxiaohai yao ban shenme (生小孩要办什么), diule shenfenzheng zenme ban
// (丢了身份证怎么办) on a keyboard (xdotool), tqgjj on the on-screen keys — and find their item; a
// question about one part of an item shows that section, quoted, under the item's name, with a
// button to the whole item, and the keyboard can be put away to read it; a question with no subject
// says why and offers life events.
//   node tests/kiosk/ask.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testPaths, screenshotX, sleep, sourceRoot } from '../lib/harness.mjs';
import { kioskFixture, target, typeOnKeyboard } from '../lib/kiosk_fixture.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const out = paths.out;
const { withKiosk } = kioskFixture(paths);

const firstItem = (a) => a.targets.find((x) => x.id.startsWith('item.'))?.id;

test('kiosk asks: 生小孩要办什么, 丢了身份证怎么办, tqgjj; a section answer; no subject', { timeout: 120000 }, async () => {
  await withKiosk({}, async ({ display, frameAfter, click, typeText, wedge }) => {
    let a = await frameAfter((a) => a.frame >= 1, 'first frame');
    click(target(a, 'entry.guides'));
    a = await frameAfter((a) => a.screen === 'guides', 'guide home');
    click(target(a, 'guide.search'));
    a = await frameAfter((a) => a.screen === 'guide-search' && a.targets.some((x) => x.id === 'key.clear'), 'search screen');
    // Typed on a keyboard (a hall kiosk's, or a wedge: SDL text input).
    const askTyped = async (q) => {
      click(target(a, 'key.clear'));
      a = await frameAfter((b) => !b.targets.some((x) => x.id.startsWith('item.') || x.id.startsWith('answer.')), 'cleared');
      typeText(q);
      a = await frameAfter((b) => b.texts.includes(q) && b.targets.some((x) => x.id.startsWith('item.') || x.id.startsWith('answer.')), `results for ${q}`);
      await sleep(200);
      return a;
    };
    a = await askTyped('shengxiaohai yao ban shenme');
    assert.equal(firstItem(a), 'item.chusheng-yijianshi', '生小孩要办什么');
    assert.ok(!a.targets.some((x) => x.id === 'answer.item'), 'a question about the whole item gets no section answer');
    screenshotX(display, `${out}/kiosk-ask-birth.png`);
    a = await askTyped('diule shenfenzheng zenme ban');
    assert.equal(firstItem(a), 'item.sfz-buling', '丢了身份证怎么办');

    a = await askTyped('shenfenzheng diule yao dai shenme');
    assert.ok(a.texts.includes('居民身份证补领 · 所需材料'), `answer heading: ${a.texts.slice(0, 8).join(' | ')}`);
    assert.ok(a.texts.includes('以下内容摘自办事指南'), 'marked as quoted');
    assert.deepEqual(a.missing_glyphs, 0, 'missing glyphs on the answer');
    await sleep(300);
    screenshotX(display, `${out}/kiosk-ask-materials.png`);
    // Quoted: the materials as the catalogue lists them (the item's source file), in its order.
    const source = readFileSync(join(sourceRoot, 'assets/guides/items/sfz-buling.yaml'), 'utf8');
    const names = [...source.split(/^materials:/m)[1].matchAll(/^    name: (.+)$/gm)].map((m) => m[1]);
    const quoted = a.texts.filter((s) => /^\d+\. /.test(s));
    assert.ok(quoted.length > 0, 'materials quoted');
    quoted.forEach((line, i) => assert.ok(line.startsWith(`${i + 1}. ${names[i]}`), `quoted ${line}, catalogue ${names[i]}`));
    // 收起键盘: the answer gets the keyboard's height (in 长辈版 a quoted answer can start below
    // it); 打开键盘 brings the keyboard back.
    const viewHeight = (b) => b.views.find((v) => v.id === 'guide-search').h;
    const withKeyboard = viewHeight(a);
    click(target(a, 'key.hide'));
    a = await frameAfter((b) => b.targets.some((x) => x.id === 'key.show') && !b.targets.some((x) => x.id === 'key.q'), 'keyboard put away');
    assert.ok(viewHeight(a) > withKeyboard * 1.5, `answer area ${viewHeight(a)} px, ${withKeyboard} with the keyboard`);
    await sleep(200);
    screenshotX(display, `${out}/kiosk-ask-materials-no-keyboard.png`);
    click(target(a, 'key.show'));
    a = await frameAfter((b) => b.targets.some((x) => x.id === 'key.q') && viewHeight(b) === withKeyboard, 'keyboard back');
    click(target(a, 'answer.item'));
    a = await frameAfter((b) => b.screen === 'guide-item' && b.arg === 'sfz-buling', 'whole item from the answer');
    click(target(a, 'nav.back'));
    a = await frameAfter((b) => b.screen === 'guide-search', 'back to search');

    a = await askTyped('qingwen zai nali ban');
    assert.ok(a.targets.some((x) => x.id.startsWith('answer.event.')), 'life events offered');
    assert.ok(a.texts.some((s) => s.startsWith('请说一下要办什么事')), 'says what is missing');
    await sleep(300);
    screenshotX(display, `${out}/kiosk-ask-no-subject.png`);

    // Initials on the on-screen keyboard, in the order people say them (提取公积金).
    click(target(a, 'key.clear'));
    a = await frameAfter((b) => !b.targets.some((x) => x.id.startsWith('answer.')), 'cleared');
    a = await typeOnKeyboard(a, 'tqgjj', frameAfter, click);
    a = await frameAfter((b) => b.targets.some((x) => x.id.startsWith('item.')), 'tqgjj results');
    const first = a.targets.find((x) => x.id.startsWith('item.'));
    assert.ok(first.id.startsWith('item.gjj-') && first.label.includes('公积金提取'), `tqgjj: ${first.id} ${first.label}`);
    await sleep(300);
    screenshotX(display, `${out}/kiosk-ask-tqgjj.png`);

    // A hall's keyboard-wedge scanner reads a code while the search screen is open: its keystrokes
    // arrive like typing, but with Enter the code is scanned (here refused in plain words) and the
    // search keeps what the person had typed.
    typeText('sfz');
    a = await frameAfter((b) => b.texts.includes('tqgjjsfz'), 'typed on a keyboard after the on-screen keys');
    wedge('TBP1:NOT-A-REAL-CODE');
    a = await frameAfter((b) => b.screen === 'scan' && b.texts.some((x) => x.startsWith('核验未通过')), 'the code scanned, not searched');
    click(target(a, 'nav.back'));
    a = await frameAfter((b) => b.screen === 'guide-search', 'back to search');
    assert.ok(a.texts.includes('tqgjjsfz') && !a.texts.some((x) => x.includes('TBP1')), `the query as typed: ${a.texts.slice(0, 8).join(' | ')}`);
  });
});
