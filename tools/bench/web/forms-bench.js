// Browser half of the form benchmark: the same 200-field form with a 100-row repeat group in our
// phone core module (wasm, through form.* ops) and in SurveyJS (survey-core from npm), same page.
import { loadPhoneCore } from './phone-core.js';
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

// Mirrors tools/bench/bench_forms.cpp, in SurveyJS's terms.
function surveyJson() {
  const elements = [];
  for (let i = 0; i < 150; i++) {
    const name = `q${i}`;
    switch (i % 5) {
      case 0: elements.push({ type: 'text', inputType: 'number', name, validators: [{ type: 'expression', expression: `{${name}} >= 0 and {${name}} < 1000000`, text: 'range' }] }); break;
      case 1: elements.push({ type: 'expression', name, expression: `{q${i - 1}} * 2 + 1` }); break;
      case 2: elements.push({ type: 'boolean', name }); break;
      case 3: elements.push({ type: 'text', name, visibleIf: `{q${i - 1}} = true`, isRequired: true }); break;
      default: elements.push({ type: 'dropdown', name, choices: ['a', 'b', 'c'] });
    }
  }
  const templateElements = [];
  for (let j = 0; j < 50; j++) {
    const name = `m${j}`;
    switch (j % 5) {
      case 0: templateElements.push({ type: 'text', inputType: 'number', name, validators: [{ type: 'expression', expression: `{panel.${name}} >= 0`, text: 'range' }] }); break;
      case 1: templateElements.push({ type: 'expression', name, expression: `{panel.m${j - 1}} + 1` }); break;
      case 2: templateElements.push({ type: 'boolean', name }); break;
      case 3: templateElements.push({ type: 'text', name, visibleIf: `{panel.m${j - 1}} = true` }); break;
      default: templateElements.push({ type: 'text', name });
    }
  }
  elements.push({ type: 'paneldynamic', name: 'members', templateElements, panelCount: 0, maxPanelCount: 100 });
  elements.push({ type: 'expression', name: 'total', expression: "sumInArray({members}, 'm1')" });
  return { elements };
}

window.runBench = async function runBench() {
  const out = {};
  // ---- SurveyJS --------------------------------------------------------------------------------
  {
    const builds = [];
    let survey;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      survey = new Survey.Model(surveyJson());
      survey.getQuestionByName('members').panelCount = 100;
      builds.push(performance.now() - t0);
    }
    const members = survey.getQuestionByName('members');
    const edits = [];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 100; i++) {
      let t0 = performance.now();
      survey.setValue(`q${(rnd() % 30) * 5}`, rnd() % 1000);
      edits.push(performance.now() - t0);
      const panel = members.panels[rnd() % 100];
      t0 = performance.now();
      panel.getQuestionByName(`m${(rnd() % 10) * 5}`).value = String(rnd() % 1000);
      edits.push(performance.now() - t0);
    }
    Object.assign(out, { sj_build_ms: pct(builds, 0.5), sj_edit_p50_ms: pct(edits, 0.5), sj_edit_p99_ms: pct(edits, 0.99),
      sj_total_ok: members.panelCount === 100 });
  }
  // ---- tongban (wasm) ----------------------------------------------------------------------------
  {
    const core = await loadPhoneCore();
    const m = core.m;
    const call = (req) => {
      const r = core.call(req);
      if (!r.ok) throw new Error(r.error);
      return r;
    };
    const bundle = new Uint8Array(await (await fetch('forms-bench.tbg')).arrayBuffer());
    const trust = await (await fetch('forms-bench-issuer.pub')).text();
    const ptr = m._tb_alloc(bundle.length);
    m.HEAPU8.set(bundle, ptr);
    call({ op: 'guide.load', ptr, len: bundle.length, trust: [trust] });
    m._tb_free(ptr);
    // Build: load the definition (compile + session) and create all 100 rows in one call.
    const buildsQuiet = [];
    for (let r = 0; r < 10; r++) {
      const t0 = performance.now();
      call({ op: 'form.open', item: 'bench-item', today: 20250601, now: 0, rows: { members: 100 }, view: false });
      buildsQuiet.push(performance.now() - t0);
    }
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const edits = [];
    for (let i = 0; i < 1000; i++) {
      let t0 = performance.now();
      call({ op: 'form.set', path: `q${(rnd() % 30) * 5}`, value: String(rnd() % 1000), view: false });
      edits.push(performance.now() - t0);
      t0 = performance.now();
      call({ op: 'form.set', path: `members[${rnd() % 100}].m${(rnd() % 10) * 5}`, value: String(rnd() % 1000), view: false });
      edits.push(performance.now() - t0);
    }
    let t0 = performance.now();
    const view = call({ op: 'form.view' });
    const viewMs = performance.now() - t0;
    const rows = view.fields.find((f) => f.id === 'rows');
    Object.assign(out, { ours_build_ms: pct(buildsQuiet, 0.5), ours_edit_p50_ms: pct(edits, 0.5), ours_edit_p99_ms: pct(edits, 0.99),
      ours_rows_ok: rows && rows.value === '100', ours_view_ms: viewMs });
  }
  return out;
};
