// A physical keyboard's input method at the native kiosk (issue 12): a real IBus with its pinyin
// engine (ibus-libpinyin) on the kiosk's display, reached by SDL2 over D-Bus as on a hall PC. Keys
// typed one by one with xdotool go through the IME: while it composes, the editor draws the
// composition at the caret and tells the IME where that is (its panel is told the same rectangle,
// so its candidate window opens just below the field); the space bar commits, and the characters
// arrive in the field and are taken by the form. A composition left unfinished when the editor
// closes or the session ends is dropped: the next field, or the next person, starts afresh.
//   node tests/kiosk/ime.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { testPaths, pixel, sleep, waitFor } from '../lib/harness.mjs';
import { kioskFixture, target, shotWhenDrawn } from '../lib/kiosk_fixture.mjs';
import { editorText } from '../lib/chinese_input.mjs';
import { startIbus, ibusMissing } from '../lib/ibus_session.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const { withKiosk } = kioskFixture(paths);
const han = /^\p{Script=Han}+$/u;

// What the IME is composing as the editor drew it: the text drawn right after the field's value
// (kiosk/ui/editor.cpp draws the value, then the composition box), or null when there is none.
function composition(a) {
  if (!a.targets.some((x) => x.id === 'ime.composing')) return null;
  const box = target(a, 'editor.input');
  const at = a.texts.findIndex((s, i) => i > 0 && a.texts[i - 1] === box.label);
  return at >= 0 ? a.texts[at + 1] ?? null : null;
}

// A kiosk with IBus (libpinyin) on its display, focused as a kiosk's window manager would focus it
// (SDL then focuses its IBus input context); fn gets withKiosk's kiosk plus key(...), ibus and the
// steps below.
async function withImeKiosk(flags, fn) {
  const missing = ibusMissing();
  assert.deepEqual(missing, [], `packages for the IME test are missing (bash tools/bootstrap.sh installs them): ${missing.join(' ')}`);
  let ibus = null;
  const prepare = async (display) => (ibus = await startIbus(display));
  await withKiosk({ prepare, flags }, async (k) => {
    const onDisplay = { env: { ...process.env, DISPLAY: k.display } };
    const key = (...keys) => execFileSync('xdotool', ['key', ...keys], onDisplay);
    let a = await k.frameAfter((b) => b.frame >= 1, 'first frame');
    execFileSync('xdotool', ['search', '--sync', '--classname', 'tongban-kiosk', 'windowfocus', '--sync'], onDisplay);
    // 我要办 → 居民身份证补领 → 姓名 in the editor.
    const openField = async () => {
      k.click(target(a, 'field.name'));
      a = await k.frameAfter((b) => b.targets.some((x) => x.id === 'editor.input'), 'the editor');
      assert.equal(target(a, 'editor.input').label, '姓名');
      return a;
    };
    const openName = async () => {
      k.click(target(a, 'entry.apply'));
      a = await k.frameAfter((b) => b.screen === 'apply' && b.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
      k.click(target(a, 'apply.sfz-buling'));
      a = await k.frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id === 'field.name'), 'the form with 姓名');
      await openField();
      // The text box has the keyboard: IBus enabled libpinyin for the kiosk's input context.
      await waitFor(() => ibus.events().some((e) => e.engine_ready), { what: `libpinyin enabled for the kiosk (${ibus.log()})` });
      return a;
    };
    // Types letters one key at a time, each time waiting until the editor draws the IME's new
    // composition; returns the compositions seen.
    const compose = async (letters) => {
      const seen = [];
      for (const ch of letters) {
        const before = composition(a);
        key(ch);
        a = await k.frameAfter((b) => composition(b) !== null && composition(b) !== before, `a composition after '${ch}' (${ibus.log()})`);
        seen.push(composition(a));
      }
      return seen;
    };
    await fn({ ...k, key, ibus, openName, openField, compose, frame: () => a, setFrame: (b) => { a = b; } });
  });
}

test('a pinyin IME on a physical keyboard: composition drawn at the caret and the IME told where, two Chinese characters committed into 姓名 and taken; an unfinished composition dropped with its editor', { timeout: 180000 }, async () => {
  await withImeKiosk([], async ({ display, frameAfter, click, key, ibus, openName, openField, compose, frame, setFrame }) => {
    await openName();
    const seen = await compose('zhangsan');
    let a = frame();
    assert.ok(seen.every((s) => han.test(s)), `every composition is Chinese: ${seen.join(' ')}`);
    const composed = seen.at(-1);
    assert.equal(editorText(a), '', 'nothing committed into the field while composing');
    // Drawn at the caret of the empty field, boxed in the primary colour.
    const box = target(a, 'ime.composing'), field = target(a, 'editor.input');
    assert.ok(box.x >= field.x && box.x < field.x + 40 && box.y < field.y + field.h && box.y + box.h > field.y,
      `the composition box ${JSON.stringify(box)} sits at the caret of the field ${JSON.stringify(field)}`);
    const shot = `${paths.out}/ime-composing.png`;
    a = await shotWhenDrawn({ display, frameAfter }, shot);
    assert.equal(composition(a), composed, 'the screenshot shows the last composition');
    assert.deepEqual(pixel(shot, box.x + box.w / 2, box.y), [0x1a, 0x5f, 0xc8], 'the composition box is on screen (its top border)');
    // The IME's panel was told the box's rectangle: its candidate window opens right below it.
    const lastCursor = () => ibus.events().filter((e) => e.cursor).at(-1)?.cursor;
    const told = await waitFor(() => {
      const c = lastCursor();
      return c && Math.abs(c[0] - box.x) <= 2 && Math.abs(c[1] - box.y) <= 2 && Math.abs(c[3] - box.h) <= 2 ? c : null;
    }, { what: `IBus told the composition's rectangle ${JSON.stringify(box)} (last: ${JSON.stringify(lastCursor())})` });
    assert.ok(told[1] + told[3] <= field.y + field.h + 20, 'the candidate window opens by the field');
    // The engine's first candidate is what it composes (the panel may hear of it after the kiosk).
    const lastOffered = () => ibus.events().filter((e) => e.candidates?.length).at(-1)?.candidates;
    await waitFor(() => lastOffered()?.[0] === composed, { what: `${composed} first among the candidates (last: ${lastOffered()?.join(' ')})` });

    // The space bar commits the first candidate: it arrives in the field, the box goes.
    key('space');
    a = await frameAfter((b) => editorText(b) === composed && composition(b) === null, `${composed} committed into the field`);
    assert.equal([...composed].length, 2, `two Chinese characters for zhang san: ${composed}`);
    click(target(a, 'editor.ok'));
    a = await frameAfter((b) => !b.targets.some((x) => x.id === 'editor.ok') && target(b, 'field.name').state === 'filled', '姓名 taken by the form');
    setFrame(a);

    // An unfinished composition goes with its editor: 取消, then the field again, and one key
    // composes one syllable, not the rest of the last composition.
    await openField();
    await compose('wangxiaoming');
    a = frame();
    assert.ok([...composition(a)].length >= 3, `wang xiao ming composed: ${composition(a)}`);
    click(target(a, 'editor.cancel'));
    a = await frameAfter((b) => !b.targets.some((x) => x.id === 'editor.input'), 'the editor closed');
    setFrame(a);
    await openField();
    assert.equal(editorText(frame()), composed, 'the field still holds what was committed');
    const [fresh] = await compose('a');
    assert.equal([...fresh].length, 1, `after 取消 the IME starts afresh: 'a' composes ${fresh}`);
  });
});

test('a pinyin IME: a composition left unfinished when the session ends (idle) is not the next person\'s', { timeout: 120000 }, async () => {
  // Long enough that the engine's first start under load does not end the session early.
  await withImeKiosk(['--idle-timeout', '20'], async ({ frameAfter, openName, compose, frame, setFrame }) => {
    await openName();
    await compose('wangxiaoming');
    const left = composition(frame());
    assert.ok([...left].length >= 3, `wang xiao ming composed: ${left}`);
    await sleep(20500);
    const a = await frameAfter((b) => b.screen === 'home' && !b.targets.some((x) => x.id === 'editor.input'), 'the session ended while composing');
    assert.ok(!a.texts.some((s) => s.includes(left)), 'nothing composed is drawn after the session ended');
    setFrame(a);
    await openName();
    const [next] = await compose('a');
    assert.equal([...next].length, 1, `the next person's 'a' composes ${next}, not the last person's composition`);
  });
});
