// 办事指南 on the phone: browse by life event and department, search or ask as you type (a question
// about one part of an item is answered with that section, quoted), the item page
// (materials checklist, flowchart, halls with hours and tap-to-call) and scenario guidance.
// Everything shown comes from the core's view-models (guide.* ops).
import { call } from './core.js';
import { h, render, patch } from './dom.js';
import { ensureGuides, guideInfo } from './guides-store.js';
import { highlightSegments, itemBadges } from './screen-text.js';
import { S, fill } from './strings.js';

// Draws a name with the search matches in <mark>.
function highlighted(name, marks) {
  return highlightSegments(name, marks).map((s) => (s.mark ? h('mark', {}, s.text) : s.text));
}

const BADGE_CLASS = { bundle: 'badge badge-bundle', online: 'badge badge-online', visit: 'badge' };
function badges(item) {
  return h('span', { class: 'badges' }, itemBadges(item).map((b) => h('span', { class: BADGE_CLASS[b.kind] }, b.label)));
}

function itemList(items, emptyText) {
  if (!items.length) return h('p', { class: 'empty' }, emptyText);
  return h('ul', { class: 'items' }, items.map((it) =>
    h('li', {},
      h('a', { class: 'item', href: `#/guides/item/${encodeURIComponent(it.id)}`, dataset: { item: it.id } },
        h('span', { class: 'item-name' }, highlighted(it.name, it.highlights)),
        h('span', { class: 'item-meta' }, it.department, ' ', badges(it))))));
}

function materialList(materials) {
  return h('ul', { class: 'materials' }, materials.map((m) =>
    h('li', {},
      h('label', { class: 'check' }, h('input', { type: 'checkbox' }), h('span', { class: 'm-name' }, m.name)),
      h('span', { class: 'm-meta' }, [m.quantity, m.required ? '' : S.MaterialOptional].filter(Boolean).join(' ')),
      m.elicence ? h('span', { class: 'badge badge-online' }, m.elicence) : null,
      m.note ? h('small', {}, m.note) : null)));
}

function hallList(halls) {
  return h('ul', { class: 'halls' }, halls.map((hl) =>
    h('li', {},
      h('strong', {}, hl.name), h('span', {}, hl.address), h('span', {}, `${S.Hours}${hl.hours}`),
      hl.tel ? h('a', { class: 'tel', href: hl.tel }, `拨打 ${hl.phone}`) : null)));
}

function searchBox(value = '') {
  const input = h('input', {
    type: 'search', id: 'guide-q', class: 'search', value, placeholder: '搜索或提问：如 身份证丢了怎么办、sfz',
    'aria-label': '搜索办事指南', autocomplete: 'off', enterkeyhint: 'search',
  });
  input.addEventListener('input', () => {
    const q = input.value;
    history.replaceState(null, '', `#/guides/search/${encodeURIComponent(q)}`);
    showResults(q);
  });
  return input;
}

// The section a question asked about, in the catalogue's words (guide.ask quotes it; nothing here
// is composed), with the item's name and a link to the whole item.
function answerCard(r) {
  const body = {
    materials: () => materialList(r.materials),
    place: () => hallList(r.halls),
    time: () => h('p', { class: 'quote' }, r.time_limit || '—'),
    fee: () => h('p', { class: 'quote' }, r.fee || '—'),
    online: () => h('p', { class: 'quote' }, r.channels || '—'),
    conditions: () => h('ul', { class: 'quote' }, r.conditions.map((c) => h('li', {}, c))),
    steps: () => h('ol', { class: 'quote' }, r.steps.map((s) => h('li', {}, s.title, s.actor ? h('small', {}, ` ${s.actor}`) : null))),
  }[r.asks];
  if (!body) return null;
  return h('section', { class: 'card answer', id: 'answer', dataset: { item: r.item.id, asks: r.asks } },
    h('h2', {}, h('span', { class: 'answer-item' }, r.item.name), ' · ', h('span', { class: 'answer-title' }, r.title)),
    h('p', { class: 'count' }, r.labels.quoted),
    body(),
    h('a', { class: 'answer-link', href: `#/guides/item/${encodeURIComponent(r.item.id)}` }, r.labels.whole_item));
}

// No answer: why (from the core), and the life events closest to what was asked.
function unansweredCard(r) {
  return h('section', { class: 'card answer unanswered', id: 'answer', dataset: { unanswered: r.unanswered } },
    h('p', { class: 'why' }, r.why),
    h('p', { class: 'count' }, r.labels.closest),
    h('div', { class: 'chips' }, r.life_events.map((e) =>
      h('a', { class: 'chip', href: `#/guides/event/${e.id}` }, e.name, h('small', {}, ` ${e.count}`)))));
}

let resultsEl = null;
async function showResults(q) {
  if (!resultsEl) return;
  if (!q.trim()) { render(resultsEl); return; }
  const r = await call('guide.ask', { q, limit: 20 });
  // Redrawn as the person types: patched, so a result being tapped is not replaced under the finger.
  if (r.unanswered && r.unanswered !== 'no-match') patch(resultsEl, unansweredCard(r));
  else {
    patch(resultsEl,
      r.unanswered ? unansweredCard(r) : answerCard(r),
      h('p', { class: 'count', role: 'status' }, `找到 ${r.items.length} 项`), itemList(r.items, r.labels.nothing));
  }
  resultsEl.dataset.q = q;  // what is shown answers this (typing fast starts several asks)
}

export async function guidesHome(ctx) {
  await ensureGuides();
  const v = await call('guide.home');
  ctx.setTitle(S.Guides, true);
  resultsEl = null;
  render(ctx.view,
    h('a', { class: 'search-link', href: '#/guides/search/' }, '搜索事项：身份证、sfz、社保卡…'),
    h('h2', {}, S.ByLifeEvent),
    h('div', { class: 'chips' }, v.life_events.map((e) =>
      h('a', { class: 'chip', href: `#/guides/event/${e.id}` }, e.name, h('small', {}, ` ${e.count}`)))),
    h('h2', {}, S.ByDepartment),
    h('ul', { class: 'depts' }, v.departments.map((d) =>
      h('li', {}, h('a', { href: `#/guides/dept/${d.id}` }, d.name, h('small', {}, ` ${d.count}项`))))),
    h('p', { class: 'version', dataset: { version: String(v.version) } }, `${v.city} · 指南更新于${v.updated} · 离线可用`));
}

export async function guidesSearch(ctx, q = '') {
  await ensureGuides();
  ctx.setTitle('搜索事项', true);
  const input = searchBox(q);
  resultsEl = h('div', { class: 'results', 'aria-live': 'polite' });
  render(ctx.view, h('form', { role: 'search', onsubmit: (e) => { e.preventDefault(); input.blur(); } }, input), resultsEl);
  input.focus();
  await showResults(q);
}

export async function guidesList(ctx, kind, id) {
  await ensureGuides();
  const v = await call('guide.list', kind === 'event' ? { event: id } : { department: id });
  ctx.setTitle(v.title, true);
  render(ctx.view, itemList(v.items, '暂无事项'));
}

function section(title, ...content) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...content);
}

function flowchart(v) {
  const grid = h('ol', { class: 'flow', style: `--cols:${Math.max(1, v.flow_columns)}` });
  for (const s of v.steps) {
    grid.append(h('li', { class: 'flow-step', style: `grid-row:${s.row + 1};grid-column:${s.column + 1}` },
      h('strong', {}, s.title), s.actor ? h('small', {}, s.actor) : null, s.detail ? h('p', {}, s.detail) : null,
      s.next.length > 1 ? h('small', { class: 'flow-branch' }, `分${s.next.length}种情况`) : null));
  }
  return grid;
}

export async function guideItem(ctx, id) {
  await ensureGuides();
  const v = await call('guide.item', { id });
  ctx.setTitle(v.name, true);
  render(ctx.view,
    h('header', { class: 'item-head' },
      h('h2', { class: 'item-title' }, v.name),
      h('p', {}, `${v.department} · ${v.level}${v.audience ? ' · 服务对象：' + v.audience : ''}`),
      v.summary ? h('p', { class: 'summary' }, v.summary) : null,
      v.has_scenario ? h('a', { class: 'button', href: `#/guides/scenario/${encodeURIComponent(v.id)}/` }, S.ScenarioStart) : null,
      v.needs_visit && v.halls.length ? h('a', { class: 'button secondary', id: 'item-appoint', href: `#/appoint/${encodeURIComponent(v.id)}` }, S.Appoint) : null),
    v.bundle_items.length ? section(S.SectionBundle, itemList(v.bundle_items, '')) : null,
    section(S.SectionTime,
      h('dl', { class: 'facts' },
        h('dt', {}, S.FactTime), h('dd', {}, v.time_limit || '—'),
        h('dt', {}, S.FactFee), h('dd', {}, v.fee),
        h('dt', {}, S.FactResult), h('dd', {}, v.result || '—'),
        h('dt', {}, S.FactChannels), h('dd', {}, v.channels || '—'))),
    v.conditions.length ? section(S.SectionConditions, h('ul', {}, v.conditions.map((c) => h('li', {}, c)))) : null,
    section(S.SectionMaterials, materialList(v.materials)),
    v.steps.length ? section(S.SectionFlow, flowchart(v)) : null,
    v.halls.length ? section(S.SectionHalls, hallList(v.halls)) : null,
    v.faq.length ? section(S.SectionFaq, ...v.faq.map((f) => h('details', {}, h('summary', {}, f.q), h('p', {}, f.a)))) : null,
    v.legal_basis.length ? section(S.SectionBasis, h('ul', {}, v.legal_basis.map((l) => h('li', {}, l)))) : null,
    h('p', { class: 'version' }, `${fill(S.GuideUpdated, v.updated || '—')} · 事项编码 ${v.code || '—'}`));
}

export async function guideScenario(ctx, id, answersText) {
  await ensureGuides();
  const answers = answersText ? answersText.split('.').filter(Boolean) : [];
  const v = await call('guide.scenario', { id, answers });
  ctx.setTitle(S.ScenarioTitle, true);
  const base = `#/guides/scenario/${encodeURIComponent(id)}/`;
  const answered = v.answered.length
    ? h('ol', { class: 'answered' }, v.answered.map((a) => h('li', {}, `${a.question} `, h('strong', {}, a.answer))))
    : null;
  if (!v.finished) {
    render(ctx.view,
      h('p', { class: 'subtitle' }, v.item_name),
      answered,
      h('section', { class: 'card question' },
        h('h2', {}, fill(S.ScenarioQuestion, v.step, v.question)),
        h('div', { class: 'options' }, v.options.map((o) =>
          h('a', { class: 'button option', href: base + [...answers, o.id].join('.') }, o.label)))));
    return;
  }
  // The code's text is for the clerk's scanner, not for reading: the QR carries it (data-code for tests).
  const qr = h('div', { class: 'qr', role: 'img', 'aria-label': '材料清单二维码，可出示给窗口工作人员扫描', dataset: { code: v.checklist_code } });
  render(ctx.view,
    h('p', { class: 'subtitle' }, v.item_name),
    answered,
    section(S.ScenarioChecklist, h('ul', { class: 'materials' }, v.checklist.map((m) =>
      h('li', {}, h('label', { class: 'check' }, h('input', { type: 'checkbox' }), h('span', { class: 'm-name' }, m.name)),
        h('span', { class: 'm-meta' }, m.quantity), m.elicence ? h('span', { class: 'badge badge-online' }, m.elicence) : null)))),
    v.notes.length ? section(S.ScenarioNotes, h('ul', {}, v.notes.map((n) => h('li', {}, n)))) : null,
    section('出示给窗口', qr, h('p', { class: 'code-caption' }, '到窗口时出示此码，工作人员扫码即可看到您的材料清单')),
    h('a', { class: 'button secondary', href: base }, S.ScenarioRestart));
  try {
    const svg = await call('qr.svg', { text: v.checklist_code });
    qr.innerHTML = svg.svg;  // generated by the core from the code text only
  } catch (e) {
    qr.textContent = '';
  }
}

export { guideInfo };
