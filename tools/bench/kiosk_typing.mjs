// A person at a kiosk's on-screen pinyin keyboard and handwriting pad, for the benchmarks that time
// it: bench_kiosk.mjs (frame times while typing) and bench_input.mjs (the browser kiosk's candidates
// after a key and per handwritten character). `k` is a kiosk of tests/lib/kiosk_fixture.mjs (native,
// xdotool under Xvfb) or tests/lib/web_fixture.mjs (Chromium): frameAfter(pred, what), click(target)
// and stroke(points). How long each drawn frame took and each input-engine call come from the
// automation description's `perf` (kiosk/ui/automation.h), which carries the latest of both, so
// reading the frame after every tap misses none.
import { target } from '../../tests/lib/kiosk_fixture.mjs';
import { strokesOf } from '../../tests/lib/chinese_input.mjs';
import { sleep } from '../../tests/lib/harness.mjs';

export class PerfLog {
  frames = new Map();  // frame number → { ms: start to swap, built: of it, building the UI }
  engine = new Map();  // call number → { kind: pinyin | hand | next, ms }
  add(a) {
    for (const [frame, ms, built] of a.perf?.frames ?? []) this.frames.set(frame, { ms, built });
    for (const [seq, kind, ms] of a.perf?.engine ?? []) this.engine.set(seq, { kind, ms });
    return a;
  }
  lastCall() { return Math.max(0, ...this.engine.keys()); }
  // The frames drawn after `frame` (up to the latest seen): { ms, built } each.
  framesAfter(frame) { return [...this.frames].filter(([f]) => f > frame).map(([, t]) => t); }
  // Engine calls of a kind made after call number `seq`.
  callsAfter(seq, kind) { return [...this.engine].filter(([s, c]) => s > seq && c.kind === kind).map(([, c]) => c.ms); }
}

const find = (a, id) => a.targets.find((x) => x.id === id);

// From the home screen to the 补领居民身份证 form's 姓名 field, its pinyin keyboard open.
export async function openPinyinKeyboard(k, a) {
  await k.click(target(a, 'entry.apply'));
  a = await k.frameAfter((b) => b.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
  await k.click(target(a, 'apply.sfz-buling'));
  a = await k.frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id === 'field.name'), 'form');
  await k.click(target(a, 'field.name'));
  return k.frameAfter((b) => b.targets.some((x) => x.id === 'kb.z'), 'pinyin keyboard');
}

// The engine opens (natively) or is fetched (in the browser) on first use: one key, its candidates,
// cleared again, so that the timings that follow are of an engine in use.
export async function warmPinyin(k, a) {
  await k.click(target(a, 'kb.a'));
  a = await k.frameAfter((b) => b.targets.some((x) => /^cand\.\d+$/.test(x.id)), 'first candidates');
  await k.click(target(a, 'kb.clear'));
  return k.frameAfter((b) => find(b, 'pinyin.letters')?.label === '' && !b.targets.some((x) => /^cand\.\d+$/.test(x.id)), 'cleared');
}

// Types `letters` key by key, one tap every `paceMs` at most (a person's pace; a slow frame makes it
// slower), each time up to the frame that shows the letters so far, then clears them (清空).
// Returns the latest frame and, per key: tap → that frame (ms) and the pinyin engine's calls.
export async function typeWord(k, a, log, letters, paceMs) {
  const keyMs = [], engineMs = [];
  for (let i = 0; i < letters.length; i++) {
    const typed = letters.slice(0, i + 1), f = a.frame, calls = log.lastCall();
    const t0 = performance.now();
    await k.click(target(a, letters[i] === "'" ? 'kb.apostrophe' : `kb.${letters[i]}`));
    a = log.add(await k.frameAfter((b) => b.frame > f && find(b, 'pinyin.letters')?.label === typed, `pinyin ${typed}`));
    keyMs.push(performance.now() - t0);
    engineMs.push(...log.callsAfter(calls, 'pinyin'));
    await sleep(paceMs - (performance.now() - t0));
  }
  const f = a.frame;
  await k.click(target(a, 'kb.clear'));
  a = log.add(await k.frameAfter((b) => b.frame > f && find(b, 'pinyin.letters')?.label === '', 'letters cleared'));
  return { a, keyMs, engineMs };
}

// Writes `ch` on the handwriting pad stroke by stroke (the pad must be up), then clears the pad
// (重写). Returns the latest frame, the recogniser's time for the whole character (the call after
// the last stroke), the frames drawn meanwhile and whether `ch` was among the candidates.
export async function writeCharacter(k, a, log, ch) {
  const pad = target(a, 'hand.pad');
  const strokes = strokesOf(ch, pad);
  let calls = log.lastCall();
  for (let i = 0; i < strokes.length; i++) {
    calls = log.lastCall();
    await k.stroke(strokes[i]);
    a = log.add(await k.frameAfter((b) => find(b, 'hand.pad')?.state === `${i + 1} strokes`, `stroke ${i + 1} of ${ch}`));
  }
  const lifted = a.frame;
  a = log.add(await k.frameAfter((b) => b.frame > lifted && (log.add(b), log.callsAfter(calls, 'hand').length > 0)
    && b.targets.some((x) => /^cand\.\d+$/.test(x.id)), `candidates for ${ch}`));
  const recognised = a.targets.some((x) => /^cand\.\d+$/.test(x.id) && x.label === ch);
  // The latest call: the one for all the strokes (an earlier stroke's may have been read late).
  const ms = log.callsAfter(calls, 'hand').at(-1);
  const f = a.frame;
  await k.click(target(a, 'hand.clear'));
  a = log.add(await k.frameAfter((b) => b.frame > f && find(b, 'hand.pad')?.state === '0 strokes', 'pad cleared'));
  return { a, ms, recognised };
}
