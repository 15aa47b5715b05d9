// Chinese input benchmark (issue 13): runs tools/bench/bench_input (native: the kiosk's engine port
// beside libgooglepinyin and zinnia used directly, and the browser's lexicon engine run natively)
// and writes its section of docs/PERFORMANCE.md. The browser figures (wasm) are not measured here.
//   node tools/bench/bench_input.mjs [--no-doc] [--reps N]
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from '../../tests/lib/harness.mjs';
import { updatePerformanceDoc, verdict, machineLine } from './perf_doc.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = parseArgs();
const r = JSON.parse(execFileSync(join(root, 'build/native/tools/bench/bench_input'),
  [root, join(root, 'build/native/assets/pinyin-lexicon.tsv'), '--reps', args.reps || '5']).toString());
const f = (x) => Number(x).toFixed(3);
const row = (what, s, target) => `| ${what} | ${f(s.median_ms)} ms (p95 ${f(s.p95_ms)}, max ${f(s.max_ms)}) | ${target ?? ''} | ${target ? verdict(s.p95_ms <= parseFloat(target.slice(3))) : ''} |`;
const md = `### Chinese input (\`node tools/bench/bench_input.mjs\`)
${machineLine()} Pinyin: 8 queries typed key by key, every prefix asked for 60 candidates (what the kiosk's bar asks after each key). Handwriting: 20 characters from Make Me a Hanzi's stroke medians on a 480-pixel pad, 60 candidates. ${r.handwriting_port.samples / 20} repetitions.

| measured | median (p95, max) | target (p95) | |
|---|---|---|---|
${row('pinyin candidates after a key, the kiosk\'s port (libgooglepinyin)', r.pinyin_port, '<= 16 ms')}
${row('the same, libgooglepinyin directly (im_search + im_get_candidate)', r.pinyin_googlepinyin_direct)}
${row('the browser\'s lexicon engine, run natively', r.pinyin_lexicon_engine)}
${row('handwriting candidates per character, the kiosk\'s port (zinnia)', r.handwriting_port, '<= 30 ms')}
${row('the same, zinnia directly', r.handwriting_zinnia_direct)}
`;
console.log(md);
if (!args['no-doc']) updatePerformanceDoc(join(root, 'docs/PERFORMANCE.md'), 'input', md);
