// Guide benchmark (issue: offline service guides). Native: tools/bench/bench_guides (C++). Browser:
// our phone core module against pinyin-match and FlexSearch from npm on the same 10,000-item
// catalogue and query set, in one headless Chromium page. Writes its section of docs/PERFORMANCE.md.
//   node tools/bench/bench_guides.mjs [--no-doc]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from '../../tests/lib/harness.mjs';
import { runBenchPage } from './bench_page.mjs';
import { updatePerformanceDoc, kb, verdict, machineLine } from './perf_doc.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = parseArgs();
const bench = join(root, 'build/bench');
execFileSync('mkdir', ['-p', bench]);
const native = JSON.parse(execFileSync(join(root, 'build/native/tools/bench/bench_guides'), [root, bench]).toString());
const brotli = (file) => zlib.brotliCompressSync(readFileSync(file), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const big = { raw: statSync(join(bench, 'guides-10k.tbg')).size, br: brotli(join(bench, 'guides-10k.tbg')) };
const sampleItems = Number(execFileSync(join(root, 'build/native/tools/tongban'), ['guide', 'verify', join(root, 'build/native/assets/guides.tbg'), '--demo']).toString().match(/(\d+) items/)[1]);
const sample = { raw: statSync(join(root, 'build/native/assets/guides.tbg')).size, br: brotli(join(root, 'build/native/assets/guides.tbg')), items: sampleItems };

// The page, our module, the peers and the data in one folder served by `tongban serve`.
const dir = mkdtempSync('/tmp/tongban-bench-guides-');
const files = {
  'index.html': 'tools/bench/web/guides.html', 'guides-bench.js': 'tools/bench/web/guides-bench.js', 'phone-core.js': 'tools/bench/web/phone-core.js',
  'pinyin-match.js': 'node_modules/pinyin-match/dist/main.js', 'flexsearch.mjs': 'node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs',
  'tongban-phone.js': 'build/site/tongban-phone.js', 'tongban-phone.wasm': 'build/site/tongban-phone.wasm',
  'queries.tsv': 'tests/data/search-queries.tsv', 'guides-10k.tbg': 'build/bench/guides-10k.tbg',
  'guides-10k.json': 'build/bench/guides-10k.json', 'bench-issuer.pub': 'build/bench/bench-issuer.pub',
};
const { web } = await runBenchPage({ root, tongban: join(root, 'build/native/tools/tongban'), dir, files,
  chromiumArgs: ['--disable-quic', '--enable-precise-memory-info', '--js-flags=--expose-gc'] });
rmSync(dir, { recursive: true, force: true });

const f = (x, d = 2) => Number(x).toFixed(d);
const perItem = big.br / native.items, perSample = sample.br / sample.items;
const md = `### Offline service guides (\`node tools/bench/bench_guides.mjs\`)
${machineLine()} Synthetic catalogue: the ${sample.items} sample items plus variants per district, township and case, ${native.items} items in all; the ${native.queries}-query set of \`tests/data/search-queries.tsv\` (Chinese, Traditional, full pinyin with and without spaces and tones, initials, mixed, everyday words, typos), each query run 20 times for latency. Browser figures: headless Chromium, the phone core module through its JSON API (\`guide.search\`), peers in the same page on the same data.

| target | measured | target | |
|---|---|---|---|
| search p50 / p99, native | ${f(native.search_p50_ms, 3)} / ${f(native.search_p99_ms, 3)} ms | <= 1 ms | ${verdict(native.search_p99_ms <= 1)} |
| search p50 / p99, WebAssembly in Chromium | ${f(web.ours_p50_ms, 3)} / ${f(web.ours_p99_ms, 3)} ms | <= 3 ms | ${verdict(web.ours_p99_ms <= 3)} |
| index ready after load, native (index build; verify + parse ${f(native.open_ms, 0)} ms before it) | ${f(native.index_ms, 0)} ms | <= 150 ms | ${verdict(native.index_ms <= 150)} |
| index ready after load, WebAssembly (index build alone) | ${f(web.ours_index_ms, 0)} ms | <= 150 ms | ${verdict(web.ours_index_ms <= 150)} |
| the ${native.items}-item catalogue loaded and searchable in the phone core: whole WebAssembly heap (items read from the bundle's bytes when asked for; the last run that kept the parsed catalogue, 2026-12-06, grew it to 130 MB) | ${f(web.ours_wasm_memory_mb, 0)} MB | <= 40 MB | ${verdict(web.ours_wasm_memory_mb <= 40)} |
| index memory, native (${native.items} items) | ${f(native.index_bytes / 1048576, 1)} MB | <= 30 MB | ${verdict(native.index_bytes <= 30 * 1048576)} |
| bundle per item, brotli — 10k synthetic | ${f(perItem / 1024, 2)} KB | <= 1.5 KB | ${verdict(perItem <= 1536)} |
| bundle per item, brotli — the ${sample.items} real sample items (no repetition to compress) | ${f(perSample / 1024, 2)} KB | <= 1.5 KB | ${verdict(perSample <= 1536)} |
| expected item in top 3 (of ${native.queries}) | native ${native.top3}, wasm ${web.ours_top3} | more than either peer | ${verdict(web.ours_top3 > web.pm_top3 && web.ours_top3 > Math.max(web.fs_top3, web.fs2_top3))} |
${(() => {
  const qa = native.questions, p = (x, n) => (100 * x) / n;
  const row = (name, t) => `| question answering, ${name} (${t.n} questions of \`tests/data/guide-questions.tsv\`, sample catalogue): top-1 / top-3 / section right | ${f(p(t.top1, t.n), 1)} / ${f(p(t.top3, t.n), 1)} / ${f(p(t.section, t.n), 1)} % | top-1 >= 85 %, top-3 >= 95 % | ${verdict(p(t.top1, t.n) >= 85 && p(t.top3, t.n) >= 95)} |\n`;
  return row('tuned part', qa.tuned) + row('held-out part (only ever measured)', qa.held) +
    `| the questions asked of the ${native.items} items, native p50 / p99 | ${f(qa.ask_p50_ms, 3)} / ${f(qa.ask_p99_ms, 3)} ms | <= 1 ms | ${verdict(qa.ask_p99_ms <= 1)} |\n`;
})()}| faster than pinyin-match (p50) | ${f(web.pm_p50_ms / web.ours_p50_ms, 0)}x | faster | ${verdict(web.ours_p50_ms < web.pm_p50_ms)} |
| smaller and quicker to build than FlexSearch (best of its two settings below) | index ${f(web.ours_index_bytes / 1048576, 1)} MB in ${f(web.ours_index_ms, 0)} ms vs ${f(Math.min(web.fs_memory_mb, web.fs2_memory_mb), 1)} MB in ${f(Math.min(web.fs_build_ms, web.fs2_build_ms), 0)} ms | smaller and quicker | ${verdict(web.ours_index_bytes / 1048576 < Math.min(web.fs_memory_mb, web.fs2_memory_mb) && web.ours_index_ms < Math.min(web.fs_build_ms, web.fs2_build_ms))} |

Peers, same run, same page:

| | search p50 / p99 | build | memory | expected item in top 3 |
|---|---|---|---|---|
| tongban (wasm) | ${f(web.ours_p50_ms, 3)} / ${f(web.ours_p99_ms, 3)} ms | index ${f(web.ours_index_ms, 0)} ms (with the signature check and a first reading of every item of the 19 MB bundle: ${f(web.ours_load_ms, 0)} ms) | index ${f(web.ours_index_bytes / 1048576, 1)} MB; whole wasm heap ${f(web.ours_wasm_memory_mb, 0)} MB (the bundle's bytes, kept, are most of it) | ${web.ours_top3} / ${native.queries} |
| pinyin-match ${JSON.parse(readFileSync(join(root, 'node_modules/pinyin-match/package.json'))).version} (name + synonyms, catalogue order) | ${f(web.pm_p50_ms, 1)} / ${f(web.pm_p99_ms, 1)} ms | none | — | ${web.pm_top3} / ${native.queries} |
| FlexSearch ${JSON.parse(readFileSync(join(root, 'node_modules/flexsearch/package.json'))).version} (Document, tokenize full, CJK charset) | ${f(web.fs_p50_ms, 3)} / ${f(web.fs_p99_ms, 3)} ms | ${f(web.fs_build_ms, 0)} ms | JS heap +${f(web.fs_memory_mb, 1)} MB | ${web.fs_top3} / ${native.queries} |
| FlexSearch (Document, tokenize full, default encoder) | ${f(web.fs2_p50_ms, 3)} / ${f(web.fs2_p99_ms, 3)} ms | ${f(web.fs2_build_ms, 0)} ms | JS heap +${f(web.fs2_memory_mb, 1)} MB | ${web.fs2_top3} / ${native.queries} |

Bundles: 10k synthetic ${kb(big.raw)} raw, ${kb(big.br)} brotli; sample ${kb(sample.raw)} raw, ${kb(sample.br)} brotli.`;
console.log(md);
if (!args['no-doc']) updatePerformanceDoc(join(root, 'docs/PERFORMANCE.md'), 'guides', md);
