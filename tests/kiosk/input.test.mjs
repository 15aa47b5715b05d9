// Chinese input on the native kiosk's touch screen, in a real X window (Xvfb), with pointer events
// only (xdotool presses, moves and releases; no key events): a name on the pinyin keyboard, a
// street address partly by hand on the handwriting pad (strokes from real stroke data, recognised by
// zinnia) and partly in pinyin, and 民族 picked from its list. Then 长辈版: the keyboard's keys and
// candidates are at least 60x60 dp. The helpers are tests/lib/chinese_input.mjs.
//   node tests/kiosk/input.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { testPaths, screenshotX, sleep } from '../lib/harness.mjs';
import { kioskFixture, target } from '../lib/kiosk_fixture.mjs';
import { editorText, mode, writePinyin, writeByHand, pickFromList, settled } from '../lib/chinese_input.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const out = paths.out;
const { withKiosk } = kioskFixture(paths);

async function openForm(k, item) {
  let a = await k.frameAfter((b) => b.frame >= 1, 'first frame');
  k.click(target(a, 'entry.apply'));
  a = await k.frameAfter((b) => b.screen === 'apply' && b.targets.some((x) => x.id === `apply.${item}`), 'apply list');
  k.click(target(a, `apply.${item}`));
  return k.frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'form');
}

// Scrolls the form down (its rail's 下一页) until the target is in sight.
async function scrollTo(k, a, id) {
  const rail = (x) => x.id.endsWith('.down') && !x.id.startsWith('choices-');
  // The rail is drawn once the page knows its height (a frame or two after it opened).
  a = await k.frameAfter((b) => b.frame >= a.frame && b.targets.some((x) => x.id === id || rail(x)), 'the page laid out');
  for (let i = 0; i < 10 && !a.targets.some((x) => x.id === id); i++) {
    const down = a.targets.find(rail);
    assert.ok(down && down.state !== 'disabled', `${id} not on the page`);
    const f = a.frame;
    k.click(down);
    a = await k.frameAfter((b) => b.frame > f + 2, 'scrolled');
  }
  // The latest frame once the kiosk stopped drawing, so the tap meets the field where it is drawn.
  a = await settled(k, a);
  target(a, id);
  return a;
}

async function confirm(k, a, field, shown) {
  k.click(target(a, 'editor.ok'));
  return k.frameAfter((b) => !b.targets.some((x) => x.id === 'editor.ok') && b.targets.some((x) => x.id === `field.${field}` && x.state === 'filled') &&
    b.texts.some((s) => s.includes(shown)), `${field} filled with ${shown}`);
}

test('input: a name on the pinyin keyboard, an address by hand and in pinyin, touch only', { timeout: 240000 }, async () => {
  await withKiosk({}, async (k) => {
    const { display, frameAfter, click } = k;
    let a = await openForm(k, 'sfz-buling');
    // 姓名: the editor opens on the pinyin keyboard.
    click(target(a, 'field.name'));
    a = await frameAfter((b) => b.targets.some((x) => x.id === 'mode.pinyin' && x.state === 'selected'), 'pinyin keyboard');
    const atlasBefore = a.atlas;
    a = await writePinyin(k, a, 'zhanglihua', '张丽华');
    assert.equal(editorText(a), '张丽华');
    // Each candidate the keyboard offered was new to the font atlas: added in place into its spare
    // band, drawn in the frame that showed it, without rebuilding the whole atlas (a slow frame).
    assert.equal(a.atlas.rebuilds, atlasBefore.rebuilds, `atlas rebuilt while typing: ${JSON.stringify([atlasBefore, a.atlas])}`);
    assert.ok(a.atlas.added_in_place > atlasBefore.added_in_place, `new characters added: ${JSON.stringify([atlasBefore, a.atlas])}`);
    assert.equal(a.missing_glyphs, 0);
    assert.equal(a.unbaked, false);
    // The benchmarks' timings (the automation's perf): the pinyin engine asked after every key, and
    // the latest frames' times up to this frame, building the UI a part of each.
    const calls = a.perf.engine.filter(([, kind]) => kind === 'pinyin');
    assert.ok(calls.length >= 'zhanglihua'.length && calls.every(([, , ms]) => ms >= 0), `pinyin calls timed: ${JSON.stringify(calls)}`);
    assert.equal(a.perf.frames.at(-1)[0], a.frame, 'this frame\'s time is in its description');
    assert.ok(a.perf.frames.every(([, ms, built]) => built >= 0 && ms >= built), `frame times: ${JSON.stringify(a.perf.frames)}`);
    await sleep(150);
    screenshotX(display, `${out}/input-pinyin.png`);
    a = await confirm(k, a, 'name', '张丽华');
    // 户籍地址: the division list, then the street: 陈村 by hand, 文化路 in pinyin, 8 on the letters
    // and digits keyboard, 号 by hand.
    click(target(a, 'choice.local_hukou.true'));
    a = await scrollTo(k, await frameAfter((b) => b.frame > a.frame + 1, 'yes taken'), 'field.hukou_address');
    click(target(a, 'field.hukou_address'));
    a = await frameAfter((b) => b.targets.some((x) => x.id === 'division.path'), 'division list');
    for (let level = 0; level < 4 && target(a, 'division.path').state !== 'complete'; level++) {
      const f = a.frame;
      click(a.targets.find((x) => /^division\.\d+$/.test(x.id) && x.state !== 'selected'));
      a = await frameAfter((b) => b.frame > f + 1, 'next level');
    }
    assert.equal(target(a, 'division.path').state, 'complete', 'a county picked');
    a = await writeByHand(k, a, '陈村');
    await sleep(150);
    screenshotX(display, `${out}/input-handwriting.png`);
    a = await writePinyin(k, a, 'wenhualu', '文化路', '陈村');
    a = await mode(k, a, 'mode.latin');
    let f = a.frame;
    click(target(a, 'kb.8'));
    a = await frameAfter((b) => b.frame > f && editorText(b) === '陈村文化路8', '8 typed');
    a = await writeByHand(k, a, '号', '陈村文化路8');
    assert.equal(editorText(a), '陈村文化路8号');
    a = await confirm(k, a, 'hukou_address', '陈村文化路8号');
    assert.deepEqual(a.missing_glyphs, 0, 'missing glyphs');
    // Handwriting that matches nothing well: no crash, the pad clears with 重写 and the field keeps
    // what it has.
    click(target(a, 'field.hukou_address'));
    a = await frameAfter((b) => b.targets.some((x) => x.id === 'mode.divisions'), 'address editor again');
    a = await mode(k, a, 'mode.hand');
    const pad = target(a, 'hand.pad');
    await k.stroke([[pad.x + 10, pad.y + 10], [pad.x + 12, pad.y + 11]]);
    a = await frameAfter((b) => target(b, 'hand.pad').state === '1 strokes', 'a dot');
    click(target(a, 'hand.clear'));
    a = await frameAfter((b) => target(b, 'hand.pad').state === '0 strokes', 'pad cleared');
    assert.equal(editorText(a), '陈村文化路8号', 'the field keeps what it has');
    f = a.frame;
    click(target(a, 'editor.cancel'));
    await frameAfter((b) => b.frame > f && !b.targets.some((x) => x.id === 'editor.cancel'), 'editor closed');
  });
});

test('input: 民族 is picked from the GB/T 3304 list, nothing typed', { timeout: 120000 }, async () => {
  await withKiosk({}, async (k) => {
    let a = await scrollTo(k, await openForm(k, 'jumin-yanglao-canbao'), 'field.ethnicity');
    assert.ok(a.texts.includes('汉族'), 'the default shown');
    a = await pickFromList(k, a, 'ethnicity', '11', '满族');  // past the first page: 下一页 first
    assert.ok(!a.texts.includes('汉族'), 'the choice replaced the default');
    await sleep(150);
    screenshotX(k.display, `${out}/input-ethnicity-chosen.png`);
  });
});

// A row tapped right after 下一页 is the row the kiosk shows there once the page has moved (it was
// the row a page further down: the page move landed a frame after the frame that drew the rows).
// Both taps go in one burst, so the row's press reaches the kiosk before it has drawn the new page
// at rest; which row sits there after one page is learnt first, with a page down and back up.
test('input: a row tapped at once after 下一页 is the row shown there (民族)', { timeout: 120000 }, async () => {
  await withKiosk({}, async (k) => {
    let a = await scrollTo(k, await openForm(k, 'jumin-yanglao-canbao'), 'field.ethnicity');
    k.click(target(a, 'field.ethnicity'));
    const rail = (b, end) => b.targets.find((x) => x.id.startsWith('choices-') && x.id.endsWith(end));
    a = await settled(k, await k.frameAfter((b) => rail(b, '.down'), 'the list and its rail'));
    const rows = (b) => b.targets.filter((x) => x.id.startsWith('pick.'));
    const firstPage = rows(a);
    const moved = (b) => rows(b).length && rows(b)[0].id !== firstPage[0].id;
    k.click(rail(a, '.down'));
    a = await settled(k, await k.frameAfter(moved, 'the next page'));
    // A row in the middle of the second page, wholly in sight, and not on the first page.
    const second = rows(a).filter((r) => !firstPage.some((p) => p.id === r.id));
    const row = second[Math.floor(second.length / 2)];
    assert.ok(row, `the second page shows new rows (${rows(a).map((r) => r.label).join(' ')})`);
    k.click(rail(a, '.up'));
    a = await settled(k, await k.frameAfter((b) => rows(b).length && !moved(b), 'back to the first page'));
    const under = rows(a).find((r) => Math.abs(r.y - row.y) < r.h / 2);
    assert.ok(under && under.id !== row.id, 'on the first page another row is where the tapped one will be');
    const f = a.frame;
    k.clickAtOnce(rail(a, '.down'), row);
    a = await k.frameAfter((b) => b.frame > f && !rows(b).length, 'the list closed by the tap on a row');
    assert.ok(a.texts.includes(row.label), `${row.label} chosen (the form shows: ${a.texts.filter((t) => t.endsWith('族')).join(' ')})`);
  });
});

// The address sheet's province list (issue 12, item 6): a finger drawn up over the rows scrolls
// them as it moves, frame by frame as a finger's moves arrive, and a drag picks no province.
test('input: the province list follows a finger dragged over its rows and picks nothing', { timeout: 120000 }, async () => {
  await withKiosk({}, async (k) => {
    let a = await scrollTo(k, await openForm(k, 'sfz-buling'), 'choice.local_hukou.true');
    k.click(target(a, 'choice.local_hukou.true'));
    a = await scrollTo(k, await k.frameAfter((b) => target(b, 'choice.local_hukou.true').state === 'selected', '是'), 'field.hukou_address');
    k.click(target(a, 'field.hukou_address'));
    a = await settled(k, await k.frameAfter((b) => b.targets.some((x) => x.id.startsWith('divisions-') && x.id.endsWith('.down')), 'the province list and its rail'));
    const rows = (b) => b.targets.filter((x) => /^division\.\d+$/.test(x.id));
    const top = (b) => rows(b).find((r) => r.visible !== false);
    const start = rows(a).filter((r) => r.visible !== false).at(-1);  // the finger lands on the lowest row in sight
    const x = Math.round(start.x + start.w / 2), y = Math.round(start.y + start.h / 2);
    const firstBefore = top(a);
    const xdo = (...args) => execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: k.display } });
    xdo('mousemove', String(x), String(y), 'mousedown', '1');
    await k.frameAfter((b) => b.frame > a.frame, 'the press drawn');
    for (let i = 1; i <= 12; i++) {
      xdo('mousemove', String(x), String(y - i * 30));
      await sleep(40);
    }
    const f = (await k.frameAfter((b) => b.frame > a.frame, 'drawn while dragging')).frame;
    xdo('mouseup', '1');
    a = await settled(k, await k.frameAfter((b) => b.frame > f, 'the release drawn'));
    const moved = rows(a).find((r) => r.id === firstBefore.id);
    assert.ok(!moved || moved.y < firstBefore.y - 100 || moved.visible === false,
      `the rows moved up with the finger (${firstBefore.label} from y ${Math.round(firstBefore.y)} to ${moved ? Math.round(moved.y) : 'out of sight'})`);
    assert.equal(target(a, 'division.path').state, '', 'the drag picked no province');
    assert.ok(!rows(a).some((r) => r.state === 'selected'), 'no row selected');
  });
});
