// Chinese input benchmark (issue 13): runs tools/bench/bench_input (native: the kiosk's engine port
// beside libgooglepinyin and zinnia used directly, and the browser's lexicon engine run natively),
// then the browser kiosk in headless Chromium on the same queries and characters: keys tapped on
// its pinyin keyboard and characters drawn on its pad, the port's time for each from the kiosk's
// automation hook (`perf.engine`: the lexicon engine and zinnia's wasm module, fetched on demand),
// beside zinnia's module called directly in the page (pinyin's peer: the lexicon engine natively,
// above). Writes its section of docs/PERFORMANCE.md.
//   node tools/bench/bench_input.mjs [--no-doc] [--reps N] [--browser-reps N] [--no-browser]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs, testPaths } from '../../tests/lib/harness.mjs';
import { startWeb } from '../../tests/lib/web_fixture.mjs';
import { mode, strokesOf } from '../../tests/lib/chinese_input.mjs';
import { updatePerformanceDoc, verdict, machineLine, median, percentile } from './perf_doc.mjs';
import { PerfLog, openPinyinKeyboard, warmPinyin, typeWord, writeCharacter } from './kiosk_typing.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = parseArgs();
const r = JSON.parse(execFileSync(join(root, 'build/native/tools/bench/bench_input'),
  [root, join(root, 'build/native/assets/pinyin-lexicon.tsv'), '--reps', args.reps || '5']).toString());
const browserReps = Number(args['browser-reps'] || 1);
const stats = (ms) => ({ median_ms: median(ms), p95_ms: percentile(ms, 95), max_ms: Math.max(...ms), samples: ms.length });

// The browser kiosk: every query typed on the keyboard, every character written on the pad.
async function browserKiosk() {
  const web = await startWeb(testPaths(null, ['site', 'tongban']));
  try {
    const { page, home, frameAfter, click, stroke, errors } = await web.openKiosk();
    const k = { frameAfter: async (pred, what) => frameAfter(pred, what, 60000), click, stroke };
    const log = new PerfLog();
    let a = log.add(await warmPinyin(k, log.add(await openPinyinKeyboard(k, home))));
    const pinyin = [], keys = [];
    for (let rep = 0; rep < browserReps; rep++) {
      for (const q of r.queries) {
        const t = await typeWord(k, a, log, q, 0);
        a = t.a;
        if (t.engineMs.length !== q.length) throw new Error(`${q}: ${t.engineMs.length} engine calls for ${q.length} keys`);
        pinyin.push(...t.engineMs);
        keys.push(...t.keyMs);
      }
    }
    a = await mode(k, a, 'mode.hand');
    a = log.add(await k.frameAfter((b) => b.targets.some((x) => x.id === 'hand.pad'), 'the pad'));
    const hand = [];
    let recognised = 0;
    for (let rep = 0; rep < browserReps; rep++) {
      for (const ch of r.chars) {
        const w = await writeCharacter(k, a, log, ch);
        a = w.a;
        hand.push(w.ms);
        recognised += w.recognised ? 1 : 0;
      }
    }
    // zinnia's wasm module called directly in the page, with the same strokes on a pad of the same size.
    const pad = a.targets.find((x) => x.id === 'hand.pad');
    const inks = r.chars.map((ch) => strokesOf(ch, { x: 0, y: 0, w: pad.w }));
    const direct = await page.evaluate(async ({ inks, size, reps }) => {
      const hand = await window.createTongbanHand();
      const model = new Uint8Array(await (await fetch('handwriting-zh_CN.model')).arrayBuffer());
      const at = hand._malloc(model.length);
      hand.HEAPU8.set(model, at);
      if (!hand._tb_hand_open(at, model.length)) throw new Error('the model did not open');
      hand._free(at);
      const out = hand._malloc(64 * 60 + 1), ms = [];
      for (let rep = 0; rep < reps; rep++) {
        for (const ink of inks) {
          const points = ink.flat();
          const xy = hand._malloc(points.length * 8), counts = hand._malloc(ink.length * 4);
          hand.HEAPF32.set(points.flat(), xy >> 2);
          hand.HEAP32.set(ink.map((s) => s.length), counts >> 2);
          const t0 = performance.now();
          hand._tb_hand_classify(xy, counts, ink.length, size, size, 60, out, 64 * 60 + 1);
          ms.push(performance.now() - t0);
          hand._free(xy);
          hand._free(counts);
        }
      }
      return ms;
    }, { inks, size: Math.round(pad.w), reps: browserReps });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return { pinyin: stats(pinyin), keys: stats(keys), hand: stats(hand), direct: stats(direct), recognised, written: hand.length };
  } finally {
    await web.stop();
  }
}

const b = args['no-browser'] ? null : await browserKiosk();
const f = (x) => Number(x).toFixed(3);
const row = (what, s, target) => `| ${what} | ${f(s.median_ms)} ms (p95 ${f(s.p95_ms)}, max ${f(s.max_ms)}) | ${target ?? ''} | ${target ? verdict(s.p95_ms <= parseFloat(target.slice(3))) : ''} |`;
const browserRows = b ? `
${row('pinyin candidates after a key, the browser kiosk\'s port in Chromium (the lexicon engine, wasm)', b.pinyin, '<= 33 ms')}
${row('the same keys, tapped → the frame showing the candidates (SwiftShader, CDP input)', b.keys)}
${row(`handwriting candidates per character, the browser kiosk's port in Chromium (zinnia, wasm; ${b.recognised} of ${b.written} recognised)`, b.hand, '<= 80 ms')}
${row('the same strokes, zinnia\'s wasm module called directly in the page', b.direct)}` : '';
const md = `### Chinese input (\`node tools/bench/bench_input.mjs\`)
${machineLine()} Pinyin: 8 queries typed key by key, every prefix asked for 60 candidates (what the kiosk's bar asks after each key). Handwriting: 20 characters from Make Me a Hanzi's stroke medians on a 480-pixel pad, 60 candidates. ${r.handwriting_port.samples / 20} repetitions natively.${b ? ` The browser kiosk (1920x1080, headless Chromium): the same queries tapped on its pinyin keyboard and the same characters drawn on its pad, ${browserReps} repetition(s), the port's time for each key and character from the kiosk's automation hook; the pinyin peer is the lexicon engine run natively (above).` : ''}

| measured | median (p95, max) | target (p95) | |
|---|---|---|---|
${row('pinyin candidates after a key, the kiosk\'s port (libgooglepinyin)', r.pinyin_port, '<= 16 ms')}
${row('the same, libgooglepinyin directly (im_search + im_get_candidate)', r.pinyin_googlepinyin_direct)}
${row('the browser\'s lexicon engine, run natively', r.pinyin_lexicon_engine)}
${row('handwriting candidates per character, the kiosk\'s port (zinnia)', r.handwriting_port, '<= 30 ms')}
${row('the same, zinnia directly', r.handwriting_zinnia_direct)}${browserRows}
`;
console.log(md);
if (!args['no-doc']) updatePerformanceDoc(join(root, 'docs/PERFORMANCE.md'), 'input', md);
