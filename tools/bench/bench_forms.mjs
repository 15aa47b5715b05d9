// Form benchmark (issue: forms and 一件事一次办). Native: tools/bench/bench_forms (C++). Browser: the
// same 200-field form with a 100-row repeat group in our wasm core module and in SurveyJS
// (survey-core from npm), same headless Chromium page. Writes its section of docs/PERFORMANCE.md.
//   node tools/bench/bench_forms.mjs [--no-doc]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../../tests/lib/harness.mjs';
import { runBenchPage } from './bench_page.mjs';
import { measureShellEdits } from './forms_shell.mjs';
import { updatePerformanceDoc, verdict, machineLine } from './perf_doc.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = parseArgs();
const bench = join(root, 'build/bench');
execFileSync('mkdir', ['-p', bench]);
const native = JSON.parse(execFileSync(join(root, 'build/native/tools/bench/bench_forms'), [bench]).toString());
const dir = mkdtempSync('/tmp/tongban-bench-forms-');
const files = {
  'index.html': 'tools/bench/web/forms.html', 'forms-bench.js': 'tools/bench/web/forms-bench.js', 'phone-core.js': 'tools/bench/web/phone-core.js',
  'survey.core.min.js': 'node_modules/survey-core/survey.core.min.js',
  'tongban-phone.js': 'build/site/tongban-phone.js', 'tongban-phone.wasm': 'build/site/tongban-phone.wasm',
  'forms-bench.tbg': 'build/bench/forms-bench.tbg', 'forms-bench-issuer.pub': 'build/bench/forms-bench-issuer.pub',
};
const { web } = await runBenchPage({ root, tongban: join(root, 'build/native/tools/tongban'), dir, files });
rmSync(dir, { recursive: true, force: true });
// The same form in the real phone shell: an edit end to end, and the whole form drawn.
const shell = await measureShellEdits({ root, tongban: join(root, 'build/native/tools/tongban') });

const f = (x, d = 3) => Number(x).toFixed(d);
const sjVersion = JSON.parse(readFileSync(join(root, 'node_modules/survey-core/package.json'))).version;
const md = `### Forms (\`node tools/bench/bench_forms.mjs\`)
${machineLine()} A form of 200 fields (150 top-level + a repeat group of 50) with constraints, relevance and calculations chained between fields, totals over the rows, and 100 rows. Edits alternate between a top-level number and a number in a random row; each edit re-evaluates what depends on it. Browser: our wasm module through \`form.set\` (\`view: false\`: JSON in and out included) and SurveyJS ${sjVersion} (\`survey-core\`, the same structure as a paneldynamic with 100 panels), same page. Browser timer resolution is 0.1 ms.

| target | measured | target | |
|---|---|---|---|
| re-evaluation after one edit, p99, native | ${f(native.edit_p99_ms, 4)} ms (p50 ${f(native.edit_p50_ms, 4)}) | <= 2 ms | ${verdict(native.edit_p99_ms <= 2)} |
| re-evaluation after one edit, p99, WebAssembly | ${f(web.ours_edit_p99_ms)} ms (p50 ${f(web.ours_edit_p50_ms)}) | <= 6 ms | ${verdict(web.ours_edit_p99_ms <= 6)} |
| load the definition and build 100 rows, native | ${f(native.build_ms_median)} ms | <= 5 ms | ${verdict(native.build_ms_median <= 5)} |
| the same, WebAssembly | ${f(web.ours_build_ms)} ms | <= 5 ms | ${verdict(web.ours_build_ms <= 5)} |
| per edit vs SurveyJS (p50) | ${web.ours_edit_p50_ms > 0 ? f(web.sj_edit_p50_ms / web.ours_edit_p50_ms, 0) + 'x faster' : 'below timer resolution (' + f(web.sj_edit_p50_ms) + ' ms vs < 0.1 ms)'} | >= 10x | ${verdict(web.ours_edit_p50_ms === 0 || web.sj_edit_p50_ms / web.ours_edit_p50_ms >= 10)} |
| build vs SurveyJS | ${f(web.sj_build_ms / web.ours_build_ms, 0)}x faster | >= 100x | ${verdict(web.sj_build_ms / web.ours_build_ms >= 100)} |
| an edit in the phone shell, 100 rows, end to end (WebAssembly + view update), p99 | ${f(shell.edit_p99_ms, 1)} ms (p50 ${f(shell.edit_p50_ms, 1)}, p95 ${f(shell.edit_p95_ms, 1)}; the slowest ${shell.slowest.map((x) => f(x, 1)).join(', ')}; ${shell.edits} edits) | <= 4 ms | ${verdict(shell.edit_p99_ms <= 4)} |

| | build (definition + 100 rows) | edit p50 | edit p99 |
|---|---|---|---|
| tongban native | ${f(native.build_ms_median)} ms | ${f(native.edit_p50_ms, 4)} ms | ${f(native.edit_p99_ms, 4)} ms |
| tongban WebAssembly (Chromium) | ${f(web.ours_build_ms)} ms | ${f(web.ours_edit_p50_ms)} ms | ${f(web.ours_edit_p99_ms)} ms |
| SurveyJS (Chromium) | ${f(web.sj_build_ms, 1)} ms | ${f(web.sj_edit_p50_ms)} ms | ${f(web.sj_edit_p99_ms)} ms |

Drawing: the whole view of this form (5,000 row fields) as JSON takes ${f(web.ours_view_ms, 1)} ms in wasm, and the phone shell draws the whole form (${shell.fields} fields on the page) in ${f(shell.whole_ms, 1)} ms (median of 5, the form left and opened again) — what every edit cost while an edit redrew the whole view. Now an edit asks for its changes only (\`form.set\` with \`view: "changes"\`: the header and the fields it changed) and the shell patches those blocks: the row above, timed in the real shell (build/site with this catalogue) from the \`change\` event of a row's number to its calculated neighbour showing the result (a MutationObserver, not a timer). Of an edit, the core's part (\`form.set\` with its changes, JSON in and out, called from the page) takes ${f(shell.core_p50_ms, 1)} ms (p50); the rest is the shell's merge and patch and the browser. The form's total after the edits, as the shell shows it: ${shell.total_shown}. Checks in the same run: row count computed by tongban ${web.ours_rows_ok ? 'correct' : '**wrong**'}; SurveyJS panels ${web.sj_total_ok ? 'created' : '**missing**'}.`;
console.log(md);
if (!args['no-doc']) updatePerformanceDoc(join(root, 'docs/PERFORMANCE.md'), 'forms', md);
