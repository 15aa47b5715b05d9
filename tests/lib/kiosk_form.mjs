// Shared by the native kiosk test (X input under Xvfb) and the web kiosk test (Playwright's mouse
// and keyboard on the canvas); it sees only the automation description of each frame
// (kiosk/ui/automation.h). click(target), typeText(text) and clearText() are the platform's input.
//
// Fills the kiosk's current form the way a person would, through the screen: choices tapped,
// numbers and IDs on the on-screen keypad, names on the editor's pinyin keyboard, other text
// through the keyboard into the editor, addresses through the division picker. Returns the last automation frame.
import assert from 'node:assert/strict';
import { writePinyin, editorText, settled } from './chinese_input.mjs';

// The latest frame once `pred` holds for it, or after `ms` whatever it shows (the kiosk draws
// only when something changes, so a tap that missed produces no frame to wait for).
async function settleWith(frameAfter, a, pred, ms = 2000) {
  const end = Date.now() + ms;
  let latest = a;
  while (Date.now() < end) {
    latest = await frameAfter((b) => b.frame >= latest.frame, 'the latest frame');
    if (latest.frame > a.frame && pred(latest)) return latest;
    await new Promise((r) => setTimeout(r, 100));
  }
  return latest;
}

// `stopAt(frame)`: stop (and return that frame) once it holds with no sheet open, e.g. on a later
// page whose fields the test fills itself.
export async function fillKioskForm(a, { frameAfter, click, typeText, clearText, stopAt }) {
  const settle = (prev, pred, ms) => settleWith(frameAfter, prev, pred, ms);
  const next = async (prev) => frameAfter((b) => b.frame > prev.frame + 1, 'redraw');
  // The page at rest: a scroll or a relayout (a choice that shows or hides fields) moves what is on
  // it over several frames, and a tap aimed with an earlier frame's positions lands on whatever has
  // moved there (in 长辈版 a field's sheet opened by a tap meant for 下一步). 150 ms of no frame: longer
  // than the browser kiosk's 133 ms between frames under SwiftShader.
  const quiet = (prev) => settled({ frameAfter }, prev, 150);
  const candidates = { id: ['211402198803151234'], date: ['2025-01-15', '1985-06-01'], tel: ['13800138000'],
    decimal: ['1200', '0'], numeric: ['1', '30', '3200', '12', '50', '0'] };
  const tried = new Map();
  let scanning = false;
  const trace = [];  // what was done, for the message when the form cannot be completed
  const note = (what) => { trace.push(`${what} @${a.frame}`); if (trace.length > 40) trace.shift(); };
  for (let round = 0; round < 150; round++) {
    if (stopAt && stopAt(a)) return a;
    const paths = new Set(a.targets.filter((t) => t.id.startsWith('choice.')).map((t) => t.id.split('.').slice(1, -1).join('.')));
    let acted = false;
    for (const p of paths) {
      if (a.targets.some((t) => t.id.startsWith(`choice.${p}.`) && t.state === 'selected')) continue;
      const opts = a.targets.filter((t) => t.id.startsWith(`choice.${p}.`));
      const pick = opts.find((t) => t.id.endsWith('.false')) || opts[0];
      note(`choose ${pick.id}`);
      await click(pick);
      a = await quiet(await next(a));
      acted = true;
      scanning = false;
      break;
    }
    if (acted) continue;
    // A material photographed already (its 拍照上传 filled) is provided: not handed in at the counter.
    const photographed = (t) => a.targets.some((x) => x.id === `camera.${t.id.slice('attach.'.length)}` && x.state === 'filled');
    const toggle = a.targets.find((t) => (t.id.startsWith('commit.') || (t.id.startsWith('attach.') && !photographed(t))) && t.state !== 'selected');
    if (toggle) {
      // A toggle flips on each tap: wait until this one shows as selected (or clearly did not take)
      // before looking again, or a slow frame would make us tap it back off.
      note(`toggle ${toggle.id} y=${Math.round(toggle.y)}`);
      await click(toggle);
      a = await settle(a, (b) => b.targets.some((t) => t.id === toggle.id && t.state === 'selected'));
      continue;
    }
    const box = a.targets.find((t) => t.id.startsWith('field.') && (t.state === 'empty' || t.state === 'error'));
    if (box) {
      const n = tried.get(box.id) || 0;
      tried.set(box.id, n + 1);
      if (n > 6) throw new Error(`cannot fill ${box.id} (${box.label})`);
      await click(box);
      a = await frameAfter((b) => b.targets.some((t) => t.id === 'editor.ok'), 'editor');
      const has = (id) => a.targets.some((t) => t.id === id);
      if (has('keypad.1')) {
        const kind = has('keypad.X') ? 'id' : has('keypad.-') ? 'date' : has('keypad..') ? 'decimal' : /电话|手机/.test(box.label) ? 'tel' : 'numeric';
        const list = candidates[kind];
        await click(a.targets.find((t) => t.id === 'keypad.clear'));
        a = await next(a);
        for (const ch of list[n % list.length]) { await click(a.targets.find((t) => t.id === `keypad.${ch}`)); a = await next(a); }
      } else if (a.targets.some((t) => t.id === 'division.path')) {
        // Province, then city, then county: the first of each level, until the chain is complete.
        const complete = (b) => b.targets.some((t) => t.id === 'division.path' && t.state === 'complete');
        for (let level = 0; level < 4 && !complete(a); level++) {
          await click(a.targets.find((t) => /^division\.\d+$/.test(t.id) && t.state !== 'selected'));
          a = await next(a);
        }
        await typeText('Wenhua Road 1');
        a = await next(a);
      } else if (/姓名/.test(box.label)) {
        // A name is taken in Chinese characters only: cleared and written on the touch keyboard's
        // pinyin (no key event, so a touch-only journey fills it too).
        await click(a.targets.find((t) => t.id === 'kb.clear'));
        a = await frameAfter((b) => b.frame > a.frame && editorText(b) === '', 'the name cleared');
        a = await writePinyin({ frameAfter, click }, a, 'zhanglihua', '张丽华');
      } else {
        await clearText();
        await typeText(/日期/.test(box.label) ? '2025-01-15' : 'Test');
        a = await next(a);
      }
      await click(a.targets.find((t) => t.id === 'editor.ok'));
      a = await frameAfter((b) => !b.targets.some((t) => t.id === 'editor.ok'), 'editor closed');
      continue;
    }
    // Nothing to do in sight: go on (下一步, or 提交申请 on the last page). When the form refuses
    // (本页有…需要修改), look through the page for what still needs attention: down to the end, then
    // up to the top (a rail at its end is marked disabled), then try again.
    const go = a.targets.find((t) => t.id === 'form.next') || a.targets.find((t) => t.id === 'form.submit');
    if (go && !scanning) {
      a = await quiet(a);
      const goNow = a.targets.find((t) => t.id === go.id) || go;  // where it is now the page is still
      note(`go ${goNow.id}`);
      const page = a.texts.find((s) => s.startsWith('第'));
      await click(goNow);
      // The answer: another page, the done screen, or this page's errors (a late tap under load must
      // not be taken for a refusal, or the next scroll would land on the new page).
      a = await frameAfter((b) => b.frame > a.frame + 1 && (b.screen === 'apply-done' || b.texts.find((s) => s.startsWith('第')) !== page ||
        b.texts.some((s) => /本页有\d+处需要修改/.test(s))), 'next page, done, or this page\'s errors');
      if (a.screen === 'apply-done') return a;
      if (a.texts.find((s) => s.startsWith('第')) === page) {
        // Refused: the kiosk scrolls the first problem into view; let that land before tapping.
        a = await settle(a, () => false, 400);
        scanning = 'down';
      }
      continue;
    }
    const rail = a.targets.find((t) => t.id.endsWith(scanning === 'up' ? '.up' : '.down'));
    if (rail && rail.state !== 'disabled') {
      note(`rail ${rail.id}`);
      await click(rail);
      a = await quiet(await frameAfter((b) => b.frame > a.frame + 2, 'scrolled'));
      continue;
    }
    note(`scan ${scanning} ends`);
    scanning = scanning === 'down' ? 'up' : false;
  }
  a.trace = trace;
  return a;
}


// 拍照上传 for a material, as a person does it on either kiosk: the camera sheet with its live
// picture, 拍照, the page found and straightened, 完成. `tap(id, pred, what)` and `shot(what)` are
// the journey's own (they keep its latest frame); returns the frame back on the form.
export async function photographMaterial(tap, shot, field) {
  const picture = (state) => (b) => b.targets.some((x) => x.id === 'camera.picture' && x.state === state);
  let a = await tap(`camera.${field}`, picture('live'), 'the live picture');
  assert.ok(a.modal, 'the camera is a sheet over the form');
  await shot('camera');
  a = await tap('camera.shoot', picture('page found'), 'the page found');
  assert.ok(a.texts.includes('已找到材料并摆正，照片已附到申请中'), 'said what was done');
  await shot('photo-taken');
  return tap('camera.done', (b) => !b.targets.some((x) => x.id === 'camera.done'), 'back on the form');
}
