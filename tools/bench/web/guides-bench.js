// Browser half of the guide benchmark: our phone core module (wasm) against pinyin-match and
// FlexSearch (npm) on the same 10,000-item catalogue and query set, in the same page.
import FlexSearch from './flexsearch.mjs';
import { loadPhoneCore } from './phone-core.js';

const log = (s) => { document.getElementById('log').textContent += `\n${s}`; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const heap = () => (performance.memory ? performance.memory.usedJSHeapSize : NaN);
const gc = () => { if (window.gc) { window.gc(); window.gc(); } };

async function fetchBytes(u) { return new Uint8Array(await (await fetch(u)).arrayBuffer()); }

function topMatches(expect, ids) {
  const want = expect.split('|');
  return ids.slice(0, 3).some((id) => want.includes(id));
}

window.runBench = async function runBench() {
  const queries = (await (await fetch('queries.tsv')).text()).split('\n')
    .filter((l) => l && !l.startsWith('#')).map((l) => { const [q, expect, kind] = l.split('\t'); return { q, expect, kind }; });
  const docs = await (await fetch('guides-10k.json')).json();
  const bundle = await fetchBytes('guides-10k.tbg');
  const trust = await (await fetch('bench-issuer.pub')).text();
  const out = { queries: queries.length, items: docs.length };

  // ---- ours: the phone core module --------------------------------------------------------
  const { m, call } = await loadPhoneCore();

  const memBefore = m.HEAPU8.length;
  // As the phone shell loads it (guides-store.js): written into the core's stage, kept there.
  m.HEAPU8.set(bundle, m._tb_stage(bundle.length));
  let t0 = performance.now();
  const loaded = call({ op: 'guide.load', staged: true, trust: [trust] });
  out.ours_load_ms = performance.now() - t0;  // verify + read the items + build the index
  if (!loaded.ok) throw new Error(loaded.error);
  const idx = [];
  for (let i = 0; i < 5; i++) {
    t0 = performance.now();
    const r = call({ op: 'guide.index' });
    idx.push(performance.now() - t0);
    out.ours_index_bytes = r.bytes;
  }
  out.ours_index_ms = pct(idx, 0.5);
  out.ours_wasm_memory_mb = m.HEAPU8.length / 1048576;
  out.ours_wasm_memory_growth_mb = (m.HEAPU8.length - memBefore) / 1048576;
  const lat = []; let top3 = 0;
  for (const { q, expect } of queries) {
    let r;
    for (let i = 0; i < 20; i++) {
      t0 = performance.now();
      r = call({ op: 'guide.search', q, limit: 10 });
      lat.push(performance.now() - t0);
    }
    if (topMatches(expect, r.items.map((x) => x.id))) top3++;
  }
  Object.assign(out, { ours_p50_ms: pct(lat, 0.5), ours_p99_ms: pct(lat, 0.99), ours_top3: top3 });
  log(`ours: ${JSON.stringify(out)}`);

  // ---- pinyin-match: matches one string at a time; results in catalogue order ----------------
  {
    const lat2 = []; let hits = 0;
    for (const { q, expect } of queries) {
      t0 = performance.now();
      const found = [];
      for (const d of docs) if (window.PinyinMatch.match(`${d.name} ${d.synonyms}`, q)) found.push(d.id);
      lat2.push(performance.now() - t0);
      if (topMatches(expect, found)) hits++;
    }
    Object.assign(out, { pm_p50_ms: pct(lat2, 0.5), pm_p99_ms: pct(lat2, 0.99), pm_top3: hits });
    log(`pinyin-match: p50 ${out.pm_p50_ms}`);
  }

  // ---- FlexSearch: a Document index over the same fields; two encoders -----------------------
  //   cjk:    FlexSearch's CJK charset (one token per character): its best setting for Chinese
  //   latin:  the default encoder with full tokenization, as often used (every substring of each word)
  for (const [name, options] of [['fs', { tokenize: 'full', encoder: FlexSearch.Charset.CJK }], ['fs2', { tokenize: 'full' }]]) {
    gc();
    const h0 = heap();
    t0 = performance.now();
    const index = new FlexSearch.Document({ ...options, document: { id: 'id', index: ['name', 'synonyms', 'materials', 'body'] } });
    for (const d of docs) index.add(d);
    out[`${name}_build_ms`] = performance.now() - t0;
    gc();
    out[`${name}_memory_mb`] = (heap() - h0) / 1048576;
    const lat3 = []; let hits = 0;
    for (const { q, expect } of queries) {
      t0 = performance.now();
      const res = index.search(q, { limit: 10 });
      lat3.push(performance.now() - t0);
      // Field results in priority order: name, synonyms, materials, body.
      const ids = [];
      for (const f of ['name', 'synonyms', 'materials', 'body']) for (const r of res) if (r.field === f) for (const id of r.result) if (!ids.includes(id)) ids.push(id);
      if (topMatches(expect, ids)) hits++;
    }
    Object.assign(out, { [`${name}_p50_ms`]: pct(lat3, 0.5), [`${name}_p99_ms`]: pct(lat3, 0.99), [`${name}_top3`]: hits });
    log(`${name}: build ${out[`${name}_build_ms`]}`);
  }
  return out;
};
