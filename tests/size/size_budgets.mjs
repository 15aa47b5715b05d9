// Size budgets as a test: sizes are deterministic (the same build gives the same bytes), so a budget
// is checked on every CI run, not hoped for in a benchmark. A change that breaks one fails here with
// the measured size beside the budget.
//   node tests/size/size_budgets.mjs --site build/site
// The budgets live in tests/size/budgets.json; each names files of the assembled site (brotli at
// quality 11, as tools/site/assemble.sh serves them) or a rule about what the phone loads at start.
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname, normalize, relative } from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from '../lib/harness.mjs';

const args = parseArgs();
const site = args.site;
if (!site || !existsSync(join(site, 'index.html'))) {
  console.error(`size_budgets: no assembled site at '${site}' (build it with tools/build.sh)`);
  process.exit(2);
}
const budgets = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));

const brotli = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const fmt = (n) => n.toLocaleString('en-US');
let failures = 0;
const report = (ok, line) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${line}`); if (!ok) failures++; };

// --- byte budgets ---
for (const b of budgets.bytes) {
  let total = 0, raw = 0;
  const missing = [];
  for (const f of b.files) {
    const p = join(site, f);
    if (!existsSync(p)) { missing.push(f); continue; }
    const buf = readFileSync(p);
    raw += buf.length;
    total += brotli(buf);
  }
  if (missing.length) { report(false, `${b.name}: missing from the site: ${missing.join(', ')}`); continue; }
  const pct = ((100 * total) / b.max_brotli_bytes).toFixed(1);
  report(total <= b.max_brotli_bytes,
    `${b.name}: ${fmt(total)} bytes brotli (${fmt(raw)} raw) — budget ${fmt(b.max_brotli_bytes)} (${pct} % used)`);
}

// --- what the phone loads at start: the static import graph of its entry module ---
// A module reached through `import … from` loads with the page; `import()` loads on demand. The
// scanner (and zxing-wasm under it) must only ever be reached on demand.
const staticImports = (file) => {
  const src = readFileSync(file, 'utf8');
  const out = [];
  for (const m of src.matchAll(/^\s*import\s+(?:[^'"()]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) out.push(m[1]);
  for (const m of src.matchAll(/^\s*export\s+[^'"()]*?\s+from\s+['"]([^'"]+)['"]/gm)) out.push(m[1]);
  return out;
};
for (const rule of budgets.on_demand) {
  const seen = new Set();
  const queue = [normalize(rule.entry)];
  while (queue.length) {
    const f = queue.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    const p = join(site, f);
    if (!existsSync(p)) { report(false, `${rule.name}: ${f} is imported but not in the site`); continue; }
    for (const spec of staticImports(p)) {
      if (!spec.startsWith('.')) continue;
      queue.push(normalize(relative(site, join(dirname(p), spec))));
    }
  }
  const loadedAtStart = rule.not_at_start.filter((f) => seen.has(normalize(f)));
  report(loadedAtStart.length === 0,
    `${rule.name}: ${loadedAtStart.length ? `loaded at start: ${loadedAtStart.join(', ')}` : `none of ${rule.not_at_start.join(', ')} among the ${seen.size} modules loaded at start`}`);
}

if (failures) { console.log(`size budgets: ${failures} failed`); process.exit(1); }
console.log('size budgets: all within budget');
