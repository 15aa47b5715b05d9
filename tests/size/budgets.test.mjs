// Size budgets as a test: sizes are deterministic (the same build gives the same bytes), so a budget
// is checked on every CI run, not hoped for in a benchmark. A change that breaks one fails here with
// the measured size beside the budget.
//   node tests/size/budgets.test.mjs [--site build/site]   (a node:test file, one test per budget)
// The budgets live in tests/size/budgets.json; each names files of the assembled site (brotli at
// quality 11, as tools/site/assemble.sh serves them) or a rule about what the phone loads at start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, normalize, relative } from 'node:path';
import zlib from 'node:zlib';
import { parseArgs, testPaths } from '../lib/harness.mjs';

const { site } = testPaths(null, ['site']);
const budgets = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8'));

const brotli = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const fmt = (n) => n.toLocaleString('en-US');

// --- byte budgets ---
for (const b of budgets.bytes) {
  test(b.name, (t) => {
    const missing = b.files.filter((f) => !existsSync(join(site, f)));
    assert.deepEqual(missing, [], 'missing from the site');
    let total = 0, raw = 0;
    for (const f of b.files) {
      const buf = readFileSync(join(site, f));
      raw += buf.length;
      total += brotli(buf);
    }
    const pct = ((100 * total) / b.max_brotli_bytes).toFixed(1);
    const line = `${fmt(total)} bytes brotli (${fmt(raw)} raw) — budget ${fmt(b.max_brotli_bytes)} (${pct} % used)`;
    t.diagnostic(line);
    assert.ok(total <= b.max_brotli_bytes, line);
  });
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
  test(rule.name, (t) => {
    const seen = new Set();
    const notInSite = [];
    const queue = [normalize(rule.entry)];
    while (queue.length) {
      const f = queue.pop();
      if (seen.has(f)) continue;
      seen.add(f);
      const p = join(site, f);
      if (!existsSync(p)) { notInSite.push(f); continue; }
      for (const spec of staticImports(p)) {
        if (!spec.startsWith('.')) continue;
        queue.push(normalize(relative(site, join(dirname(p), spec))));
      }
    }
    assert.deepEqual(notInSite, [], 'imported but not in the site');
    const loadedAtStart = rule.not_at_start.filter((f) => seen.has(normalize(f)));
    assert.deepEqual(loadedAtStart, [], 'loaded at start');
    t.diagnostic(`none of ${rule.not_at_start.join(', ')} among the ${seen.size} modules loaded at start`);
  });
}

// --- the mini-program package (build/miniprogram): WeChat's size rules ---
// The main package is every file outside the subpackages' roots (app.json "subpackages").
const { miniprogram } = testPaths(null, ['miniprogram']);
// And an `sm` city's package (--miniprogram-sm build/miniprogram-sm): the larger sm core module.
const packages = [['', miniprogram], ...(parseArgs()['miniprogram-sm'] ? [[' (sm)', parseArgs()['miniprogram-sm']]] : [])];
const mp = budgets.miniprogram;
const filesUnder = (dir) => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
for (const [label, miniprogram] of packages) test(`mini-program package${label}: main <= 1.5 MB (WeChat: 2 MB), each subpackage <= 2 MB, whole <= 20 MB`, (t) => {
  const app = JSON.parse(readFileSync(join(miniprogram, 'app.json'), 'utf8'));
  const roots = (app.subpackages || app.subPackages || []).map((s) => s.root.replace(/\/?$/, '/'));
  const sizes = { main: 0 };
  let whole = 0;
  for (const f of filesUnder(miniprogram)) {
    const rel = relative(miniprogram, f);
    const size = statSync(f).size;
    const root = roots.find((r) => rel.startsWith(r));
    sizes[root || 'main'] = (sizes[root || 'main'] || 0) + size;
    whole += size;
  }
  t.diagnostic(`main ${fmt(sizes.main)} bytes (target ${fmt(mp.main_max_bytes)}), whole ${fmt(whole)}`);
  assert.ok(sizes.main > 300000, 'the main package holds the core module');
  assert.ok(sizes.main <= mp.main_max_bytes, `main package ${fmt(sizes.main)} bytes > ${fmt(mp.main_max_bytes)}`);
  for (const r of roots) assert.ok((sizes[r] || 0) <= mp.subpackage_max_bytes, `subpackage ${r}: ${fmt(sizes[r])} bytes`);
  assert.ok(whole <= mp.whole_max_bytes, `whole package ${fmt(whole)} bytes`);
});
