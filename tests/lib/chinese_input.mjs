// Chinese input on the kiosk's touch screen, the way a person does it, shared by the native kiosk
// test (xdotool under Xvfb) and the web kiosk test (Playwright's mouse): taps on the editor sheet's
// pinyin keyboard and candidate bar, strokes drawn on the handwriting pad, a pick from a list.
// `k` gives frameAfter(pred, what), click(target) and stroke(points) (press, move through the
// points, release); everything else is read from the automation description of each frame.
//
// Strokes are the medians of Make Me a Hanzi (npm hanzi-writer-data, a test dependency): each
// stroke of a character as a polyline in writing order on a 1024 box (y up from -124), scaled into
// the pad and given a point every few pixels, as a finger's movement arrives.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sourceRoot } from './harness.mjs';

const find = (a, id) => a.targets.find((x) => x.id === id);
const must = (a, id) => {
  const t = find(a, id);
  assert.ok(t, `target ${id} not on screen (have: ${a.targets.map((x) => x.id).join(', ')})`);
  return t;
};
const candidates = (a) => a.targets.filter((x) => /^cand\.\d+$/.test(x.id));
export const editorText = (a) => {
  const box = find(a, 'editor.input');
  return box ? a.texts.find((s, i) => i > 0 && a.texts[i - 1] === box.label) ?? null : null;
};

// Switches the editor to a mode tab (mode.pinyin, mode.hand, mode.latin, mode.divisions).
export async function mode(k, a, id) {
  if (must(a, id).state === 'selected') return a;
  await k.click(must(a, id));
  return k.frameAfter((b) => find(b, id)?.state === 'selected', id);
}

// Types `letters` on the pinyin keyboard, then taps candidates until `text` has been put in: each
// time the longest candidate on the bar that continues it (paging › when none on this page does).
// What the candidate bar offers in a frame, to tell a bar asked again from the one before.
const barOf = (b) => candidates(b).map((c) => `${c.id}=${c.label}`).join(' ');

export async function writePinyin(k, a, letters, text, typedBefore = '') {
  a = await mode(k, a, 'mode.pinyin');
  for (let i = 0; i < letters.length; i++) {
    const key = letters[i] === "'" ? 'kb.apostrophe' : `kb.${letters[i]}`;
    const f = a.frame;
    await k.click(must(a, key));
    const typed = letters.slice(0, i + 1);
    a = await k.frameAfter((b) => b.frame > f && find(b, 'pinyin.letters')?.label === typed, `pinyin ${typed}`);
  }
  let done = typedBefore;
  for (let round = 0; done !== typedBefore + text && round < 20; round++) {
    a = await k.frameAfter((b) => candidates(b).length > 0, 'candidates');
    const rest = (typedBefore + text).slice(done.length);
    const fits = candidates(a).filter((c) => rest.startsWith(c.label)).sort((x, y) => y.label.length - x.label.length);
    if (!fits.length) {
      const next = must(a, 'cand.next');
      assert.notEqual(next.state, 'disabled', `no candidate continues ${rest} (bar: ${candidates(a).map((c) => c.label).join(' ')})`);
      const f = a.frame, shown = barOf(a);
      await k.click(next);
      a = await k.frameAfter((b) => b.frame > f && barOf(b) !== shown, 'next page');
      continue;
    }
    const f = a.frame, shown = barOf(a);
    await k.click(fits[0]);
    done += fits[0].label;
    // The pick in the field and the bar asked again for the letters left: a frame can show the
    // first with the old bar, and a tap on that would land on the new one.
    a = await k.frameAfter((b) => b.frame > f && b.texts.includes(done) && barOf(b) !== shown, `${done} in the field`);
  }
  assert.equal(done, typedBefore + text, 'written with the pinyin keyboard');
  return a;
}

// The strokes of `ch` in pad pixels (see above).
export function strokesOf(ch, pad) {
  const data = JSON.parse(readFileSync(`${sourceRoot}/node_modules/hanzi-writer-data/${ch}.json`, 'utf8'));
  const s = pad.w / 1024;
  return data.medians.map((median) => {
    const pts = [];
    for (const [mx, my] of median) {
      const x = pad.x + mx * s, y = pad.y + (900 - my) * s;
      const prev = pts[pts.length - 1];
      if (prev) {
        const steps = Math.floor(Math.hypot(x - prev[0], y - prev[1]) / 8);
        for (let i = 1; i < steps; i++) pts.push([prev[0] + ((x - prev[0]) * i) / steps, prev[1] + ((y - prev[1]) * i) / steps]);
      }
      pts.push([x, y]);
    }
    return pts.map(([x, y]) => [Math.round(x), Math.round(y)]);
  });
}

// Writes each character on the handwriting pad, stroke by stroke, and taps it on the candidate bar
// (it must be offered on the first page: the right character, recognised).
export async function writeByHand(k, a, text, typedBefore = '') {
  a = await mode(k, a, 'mode.hand');
  a = await k.frameAfter((b) => !!find(b, 'hand.pad'), 'the pad');
  let done = typedBefore;
  for (const ch of text) {
    const pad = must(a, 'hand.pad');
    const strokes = strokesOf(ch, pad);
    for (let i = 0; i < strokes.length; i++) {
      await k.stroke(strokes[i]);
      a = await k.frameAfter((b) => find(b, 'hand.pad')?.state === `${i + 1} strokes`, `stroke ${i + 1} of ${ch}`);
    }
    // The frame that saw the finger lift still shows the bar for the strokes before; the next one
    // shows the recogniser's answer (in the browser, the first answer may still be a loading message).
    const lifted = a.frame;
    a = await k.frameAfter((b) => b.frame > lifted && candidates(b).length > 0, `candidates for ${ch}`);
    const hit = candidates(a).find((c) => c.label === ch);
    assert.ok(hit, `${ch} recognised (bar: ${candidates(a).map((c) => c.label).join(' ')})`);
    const f = a.frame;
    await k.click(hit);
    done += ch;
    a = await k.frameAfter((b) => b.frame > f && b.texts.includes(done) && find(b, 'hand.pad')?.state === '0 strokes', `${done} in the field`);
  }
  return a;
}

// The latest frame once the kiosk has stopped drawing (it draws only when something changes, and
// a scroll takes a few frames to land, so rows seen before are not yet where a tap lands).
export async function settled(k, a, quietMs = 120) {
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, quietMs));
    const b = await k.frameAfter((x) => x.frame >= a.frame, 'the latest frame');
    if (b.frame === a.frame) return b;
    a = b;
  }
  return a;
}

// Opens a field that is picked from a list and picks `label`, scrolling the list (下一页) to it.
export async function pickFromList(k, a, field, value, label) {
  await k.click(must(a, `field.${field}`));
  const rail = (x) => x.id.startsWith('choices-') && x.id.endsWith('.down');
  // The list's rail is drawn once it knows its height, a frame after it opened.
  a = await k.frameAfter((b) => b.targets.some((x) => x.id === `pick.${value}` || rail(x)), 'the list');
  const rows = a.targets.filter((x) => x.id.startsWith('pick.')).length;
  assert.ok(rows >= 5, `at least 5 rows in sight (${rows})`);
  // In sight: wholly between the top of the rail's 上一页 and the bottom of its 下一页.
  const inSight = (b) => {
    const r = find(b, `pick.${value}`), up = b.targets.find((x) => x.id.startsWith('choices-') && x.id.endsWith('.up')), down = b.targets.find(rail);
    return r && (!down || (r.y >= up.y && r.y + r.h <= down.y + down.h));
  };
  for (let i = 0; i < 12 && !inSight(a); i++) {
    const down = a.targets.find(rail);
    assert.ok(down && down.state !== 'disabled', `${label} not in the list`);
    const f = a.frame;
    await k.click(down);
    a = await settled(k, await k.frameAfter((b) => b.frame > f + 2, 'next page of the list'));
  }
  const row = must(a, `pick.${value}`);
  assert.equal(row.label, label);
  await k.click(row);
  return k.frameAfter((b) => !b.targets.some((x) => x.id.startsWith('pick.')) && b.texts.includes(label), `${label} chosen`);
}

// Issue 13's journey's mailing address on the open address sheet, by touch (the native and the
// browser journeys): the county from the list (the first of each level until one is complete),
// the street cleared, then 陈村 by hand, 文化路 in pinyin and `marker` on the letters and digits
// keyboard. `shot(what)` is called after the handwriting and after the pinyin.
export async function writeJourneyAddress(k, a, marker, shot) {
  for (let level = 0; level < 4 && must(a, 'division.path').state !== 'complete'; level++) {
    const f = a.frame;
    await k.click(a.targets.find((x) => /^division\.\d+$/.test(x.id) && x.state !== 'selected'));
    a = await k.frameAfter((b) => b.frame > f + 1, 'the next level');
  }
  assert.equal(must(a, 'division.path').state, 'complete', 'a county picked');
  a = await mode(k, a, 'mode.latin');
  let f = a.frame;
  await k.click(must(a, 'kb.clear'));
  a = await k.frameAfter((b) => b.frame > f && editorText(b) === '', 'the street cleared');
  a = await writeByHand(k, a, '陈村');
  await shot('handwriting');
  a = await writePinyin(k, a, 'wenhualu', '文化路', '陈村');
  await shot('pinyin');
  a = await mode(k, a, 'mode.latin');
  for (const ch of marker) {
    f = a.frame;
    await k.click(must(a, `kb.${ch}`));
    a = await k.frameAfter((b) => b.frame > f && editorText(b)?.endsWith(ch), `${ch} typed`);
  }
  assert.equal(editorText(a), `陈村文化路${marker}`);
  return a;
}
