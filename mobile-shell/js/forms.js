// 我要办 on the phone: the list of items that can be applied for, and the guided form. Every field,
// error and step comes from the core's form view-model; the page only draws it and reports what
// the person typed (form.* ops). Drafts are sealed by the core and saved after every change.
import { bridge } from './bridge.js';
import { call, callCopy, b64 } from './core.js';
import { h, vh, render, patch, patchOne, whenReleased } from './dom.js';
import { ensureGuides } from './guides-store.js';
import { openForm, saveDraft as saveSealedDraft, forgetForm } from './form-session.js';
import { submitApplication as sealApplication } from './submit.js';
import { formProgress, LIST_CHOICES } from './screen-text.js';
import { S, fill } from './strings.js';

const INPUT_MODE = { numeric: 'numeric', decimal: 'decimal', tel: 'tel', id: 'text', uscc: 'text', text: 'text', date: 'numeric' };
// A date is typed (the core reads 20250115, 2025-01-15, 2025年1月15日): a browser's date picker
// would show its own language's mm/dd/yyyy, and the digits keyboard is all a date needs.
const PLACEHOLDER = { date: '例如 20250115' };
const fieldId = (path) => `f-${path.replace(/[^a-z0-9_]/gi, '-')}`;

export async function applyList(ctx) {
  await ensureGuides();
  const r = await call('form.items');
  ctx.setTitle(S.Apply, true);
  render(ctx.view,
    h('p', { class: 'subtitle' }, '在线填写申请表：一件事只需填一次，信息分别送达各部门。'),
    h('ul', { class: 'items' }, r.items.map((it) =>
      h('li', {}, h('a', { class: 'item', href: `#/apply/${encodeURIComponent(it.id)}`, dataset: { item: it.id } },
        h('span', { class: 'item-name' }, it.name),
        h('span', { class: 'item-meta' }, it.department, ' ', it.bundle ? h('span', { class: 'badge badge-bundle' }, S.BadgeBundle) : null))))));
}

// ---------------------------------------------------------------------------------------------
let state = null;  // { item, view, saving }

async function saveDraft() {
  if (!state) return;
  await saveSealedDraft(state.item);
  document.body.dataset.draftSaved = String(Date.now());
}
let saveTimer = null;
function scheduleSave() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => { saveDraft().catch((e) => console.warn('draft not saved:', e.message)); }, 250);
}

// `focusPath`: a field to go back to (修改 on the review page): its page is shown and it is focused.
export async function applyForm(ctx, item, focusPath = null) {
  await ensureGuides();
  // A form still open (back from 确认提交 or the hand-off) carries on where it is, nothing reloaded.
  if (state && state.item === item) state.view = await call('form.view');
  else state = { item, view: await openForm(item) };
  if (focusPath) state.view = await call('form.goto', { path: focusPath });
  ctx.setTitle(state.view.title, true);
  render(ctx.view);
  draw(ctx);
  return focusPath ? fieldControl(focusPath) : null;
}

// The control a person types or taps in for a field (what 修改 focuses).
function fieldControl(path) {
  const block = document.querySelector(`[data-path="${CSS.escape(path)}"]`);
  if (!block) return null;
  return block.querySelector('.choice.selected, input:not([type=file]), textarea, select, button') || block;
}

async function apply(ctx, op, args = {}) {
  // An edit asks for its changes only (a form with 100 rows has thousands of fields): they are
  // merged into the view and only their blocks redrawn.
  const r = await call(op, op === 'form.set' ? { ...args, view: 'changes' } : args);
  if (r.partial) {
    const paths = mergeChanges(state.view, r);
    drawFields(ctx, paths);
  } else {
    state.view = r;
    draw(ctx);
  }
  // Typing is saved a moment later (one save for a burst of changes); moving between pages at once.
  if (op === 'form.next' || op === 'form.back') saveDraft().catch((e) => console.warn('draft not saved:', e.message));
  else if (op !== 'form.view') scheduleSave();
  return r;
}

function fieldInput(f, ctx) {
  const id = fieldId(f.path);
  const set = (value) => apply(ctx, 'form.set', { path: f.path, value });
  switch (f.type) {
    case 'single_choice':
      if (f.choices.length >= LIST_CHOICES) {
        const none = !f.choices.some((c) => c.selected);
        return vh('select', { id, class: 'choice-list', 'aria-labelledby': `${id}-label`, dataset: { path: f.path },
          onchange: (e) => set(e.target.value) },
        none ? vh('option', { value: '', selected: true, disabled: true }, '请选择') : null,
        f.choices.map((c) => vh('option', { value: c.value, selected: c.selected }, c.label)));
      }
      return vh('div', { class: 'choices', role: 'radiogroup', 'aria-labelledby': `${id}-label` },
        f.choices.map((c) => vh('button', {
          type: 'button', class: `choice${c.selected ? ' selected' : ''}`, role: 'radio', 'aria-checked': String(c.selected),
          onclick: () => set(c.value), dataset: { value: c.value },
        }, c.label)));
    case 'multi_choice':
      return vh('div', { class: 'choices', role: 'group', 'aria-labelledby': `${id}-label` }, f.choices.map((c) =>
        vh('label', { class: `choice${c.selected ? ' selected' : ''}`, dataset: { value: c.value } },
          vh('input', { type: 'checkbox', checked: c.selected, onchange: (e) => {
            const now = f.choices.filter((x) => (x.value === c.value ? e.target.checked : x.selected)).map((x) => x.value);
            set(now);
          } }), ' ', c.label)));
    case 'yes_no':
      return vh('div', { class: 'choices', role: 'radiogroup', 'aria-labelledby': `${id}-label` },
        [['true', S.Yes], ['false', S.No]].map(([v, label]) => vh('button', {
          type: 'button', class: `choice${f.value === v ? ' selected' : ''}`, role: 'radio', 'aria-checked': String(f.value === v),
          onclick: () => set(v), dataset: { value: v },
        }, label)));
    case 'commitment':
      return vh('label', { class: 'commitment' },
        vh('input', { type: 'checkbox', id, checked: f.value === 'true', onchange: (e) => set(e.target.checked ? 'true' : 'false') }),
        ' ', f.commitment_text);
    case 'long_text':
      return vh('textarea', { id, rows: 3, onchange: (e) => set(e.target.value), dataset: { path: f.path } }, f.value);
    case 'attachment':
      if (f.covered_by) return vh('p', { class: 'covered' }, f.covered_by);
      return attachmentInput(f, id, set);
    case 'address':
      return addressInput(f, ctx, id);
    case 'note':
      return null;
    default: {
      const input = vh('input', {
        id, type: 'text', value: f.value, inputmode: INPUT_MODE[f.keypad] || 'text', placeholder: PLACEHOLDER[f.type],
        autocomplete: 'off', readonly: f.readonly, dataset: { path: f.path },
        autocapitalize: f.keypad === 'id' || f.keypad === 'uscc' ? 'characters' : 'off',
        'aria-invalid': f.error ? 'true' : 'false', 'aria-describedby': f.error ? `${id}-error` : null,
        onchange: (e) => set(e.target.value),
      });
      return f.unit ? vh('span', { class: 'with-unit' }, input, vh('span', { class: 'unit' }, f.unit)) : input;
    }
  }
}

// A photo or document: a labelled button opens the system picker (the browser's own file input
// would say "Choose File" in its own language); what was picked is sealed before it is stored.
function attachmentInput(f, id, set) {
  const image = f.accept !== 'document';
  return vh('div', { class: 'attachment' },
    f.value ? vh('p', { class: 'attached' }, `${S.FormUploaded}：`, vh('span', { class: 'user-text' }, f.value.split(':')[2] || '文件')) : null,
    vh('input', { type: 'file', id: `${id}-file`, hidden: true, tabindex: '-1', accept: image ? 'image/*' : '*/*', onchange: async (e) => {
      const file = e.target.files[0];
      if (!file) return;
      const bytes = new Uint8Array(await file.arrayBuffer());
      const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))).map((x) => x.toString(16).padStart(2, '0')).join('');
      const key = b64(await bridge.dataKey());
      const sealed = await callCopy('seal.at_rest', { key, nonce: b64(bridge.randomBytes(24)), context: `attachment:${digest}` }, 'bytes', bytes);
      await bridge.store.put(`att:${digest}`, sealed.bytes);
      set(`att:${digest}:${file.name.replace(/:/g, '_')}:${bytes.length}`);
    } }),
    vh('button', {
      type: 'button', id, class: 'button secondary pick-file',
      onclick: (e) => e.currentTarget.parentElement.querySelector('input[type=file]').click(),
    }, f.value ? '重新选择' : image ? '拍照或选择照片' : '选择文件'));
}

function addressInput(f, ctx, id) {
  const wrap = h('div', { class: 'address', 'data-own': `${f.path}=${f.value}` });
  const [code, detail] = (f.value || '|').split('|');
  const selects = [];
  async function level(parent, selected, depth) {
    const r = await call('divisions.children', parent ? { code: parent } : {});
    if (!r.divisions.length) return;
    const sel = h('select', { 'aria-label': ['省', '市', '区县'][depth] || '区划', onchange: async (e) => {
      for (const s of selects.splice(depth + 1)) s.remove();
      if (e.target.value) await level(Number(e.target.value), null, depth + 1);
    } }, h('option', { value: '' }, '请选择'), r.divisions.map((d) => h('option', { value: d.code }, d.name)));
    selects.push(sel);
    wrap.insertBefore(sel, detailInput);
    // The level's entry that contains the chosen county: same province (first 2 digits), same
    // prefecture (first 4), or the county itself (counties under a municipality come straight after it).
    const code = Number(selected);
    const pick = selected && r.divisions.find((d) => d.code === code || (depth === 0 && d.code === Math.floor(code / 10000) * 10000) ||
      (depth === 1 && d.code === Math.floor(code / 100) * 100));
    if (pick) {
      sel.value = String(pick.code);
      if (pick.code !== Number(selected)) await level(pick.code, selected, depth + 1);
    }
  }
  const detailInput = h('input', { id, type: 'text', placeholder: '街道、门牌号', value: detail || '' });
  const save = h('button', { type: 'button', class: 'button small', onclick: () => {
    const chosen = selects.map((s) => s.value).filter(Boolean).pop() || '';
    apply(ctx, 'form.set', { path: f.path, value: `${chosen}|${detailInput.value}` });
  } }, '确定地址');
  wrap.append(detailInput, save);
  level(0, code && code.length === 6 ? code : null, 0);
  if (f.display) wrap.prepend(h('p', { class: 'address-now' }, f.display));
  return wrap;
}

// How a field is named: a <label> for a single control, a caption that the choice group, the
// commitment or the picker names itself by otherwise.
const LABEL_FOR = { single_choice: false, multi_choice: false, yes_no: false, commitment: false };

function fieldBlock(f, ctx) {
  const id = fieldId(f.path);
  if (f.type === 'note') return vh('div', { class: 'note', dataset: { path: f.path } }, f.label, f.hint ? vh('small', {}, f.hint) : null);
  if (f.type === 'group') {
    return vh('fieldset', { class: 'group', dataset: { path: f.path } },
      vh('legend', {}, f.label),
      f.rows.map((row, i) => vh('div', { class: 'row-card', dataset: { key: `${f.path}[${i}]` } },
        vh('div', { class: 'row-head' }, fill(S.FormRow, i + 1),
          f.can_remove_row ? vh('button', { type: 'button', class: 'link', onclick: () => apply(ctx, 'form.remove_row', { group: f.id, row: i }) }, S.FormRemoveRow) : null),
        row.map((x) => fieldBlock(x, ctx)))),
      f.can_add_row ? vh('button', { type: 'button', class: 'button secondary small add-row', onclick: () => apply(ctx, 'form.add_row', { group: f.id }) }, `＋ ${fill(S.FormAddRow, f.label)}`) : null,
      f.error ? vh('p', { class: 'field-error', role: 'alert' }, f.error) : null);
  }
  const caption = [f.label, f.required ? vh('span', { class: 'req', 'aria-label': '必填' }, ' *') : null];
  return vh('div', { class: `field${f.error ? ' has-error' : ''}`, dataset: { path: f.path, type: f.type } },
    LABEL_FOR[f.type] === false || f.covered_by
      ? vh('span', { class: 'label', id: `${id}-label` }, caption)
      : vh('label', { class: 'label', id: `${id}-label`, for: id }, caption),
    f.hint ? vh('small', { class: 'hint' }, f.hint) : null,
    f.prefilled_from ? vh('span', { class: 'badge badge-online' }, fill(S.FormPrefilled, f.prefilled_from)) : null,
    fieldInput(f, ctx),
    f.warning ? vh('p', { class: 'field-warning' }, f.warning) : null,
    f.error ? vh('p', { class: 'field-error', id: `${id}-error`, role: 'alert' }, f.error) : null);
}

// The changes of an edit into the view: the header replaced, each changed field (top-level, or a
// row field by its path "members[2].amount") replaced where it is. Returns the changed paths.
function mergeChanges(view, r) {
  for (const [k, v] of Object.entries(r)) if (k !== 'fields' && k !== 'partial') view[k] = v;
  const paths = [];
  for (const f of r.fields) {
    const at = fieldAt(view, f.path);
    if (at) at.list[at.index] = f;
    paths.push(f.path);
  }
  return paths;
}

// Where a field is in a view: { list, index } (a row's list for a row field), or null.
function fieldAt(view, path) {
  const m = /^(.*)\[(\d+)\]\./.exec(path);
  if (!m) {
    const index = view.fields.findIndex((x) => x.path === path);
    return index >= 0 ? { list: view.fields, index } : null;
  }
  const group = view.fields.find((x) => x.path === m[1] && x.type === 'group');
  const row = group && group.rows[Number(m[2])];
  const index = row ? row.findIndex((x) => x.path === path) : -1;
  return index >= 0 ? { list: row, index } : null;
}

// Drawn again after every change: patched in place, so the element under a finger, the focused
// field and its caret stay, and not while a finger is down (see dom.js). After an edit, only the
// fields it changed and the parts around the form (progress, buttons); redraws held while a finger
// is down add up, and a whole redraw among them draws everything.
let pending = null;  // null: nothing to draw; 'all'; or the Set of changed paths
const flush = (ctx) => {
  const p = pending;
  pending = null;
  if (p === 'all') drawForm(ctx);
  else if (p) drawChanged(ctx, p);
};
function draw(ctx) {
  pending = 'all';
  whenReleased('form', () => flush(ctx));
}
function drawFields(ctx, paths) {
  if (pending !== 'all') {
    pending = pending || new Set();
    for (const p of paths) pending.add(p);
  }
  whenReleased('form', () => flush(ctx));
}

// The drawn form's blocks by path, made at each whole drawing: a selector over a form of thousands
// of fields costs milliseconds a lookup, the size of an edit's whole budget.
let drawn = { form: null, blocks: new Map() };

function drawChanged(ctx, paths) {
  const v = state.view;
  const form = drawn.form;
  if (!form || form.parentNode !== ctx.view || form.dataset.key !== `page-${v.page}`) return drawForm(ctx);
  for (const path of paths) {
    const at = fieldAt(v, path);
    const el = drawn.blocks.get(path);
    if (!at || !el) return drawForm(ctx);  // not drawn: the whole form again
    patchOne(el, fieldBlock(at.list[at.index], ctx));
  }
  const head = form.previousElementSibling, nav = form.nextElementSibling;
  if (head && head.classList.contains('form-head')) patchOne(head, formHead(v));
  if (nav && nav.classList.contains('form-nav')) patchOne(nav, formNav(ctx, v));
}

function formHead(v) {
  const { steps, percent: pct, text: progress } = formProgress(v);
  return vh('div', { class: 'form-head' },
      vh('p', { class: 'steps' }, steps),
      vh('div', { class: 'progress', role: 'progressbar', 'aria-label': '填写进度', 'aria-valuetext': progress,
        'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct) },
        vh('span', { style: `width:${pct}%` })),
      vh('p', { class: 'progress-text' }, progress),
      v.parts.length > 1 ? vh('p', { class: 'parts' }, '一件事一次办：填一次，分别送达 ', [...new Set(v.parts.map((p) => p.department))].join('、')) : null,
      v.elicence_notes.length ? vh('p', { class: 'field-warning' }, `部分电子证照未使用：${v.elicence_notes.join('；')}`) : null);
}

function formNav(ctx, v) {
  const { last } = formProgress(v);
  return vh('div', { class: 'form-nav' },
      v.can_back ? vh('button', { type: 'button', class: 'button secondary', id: 'form-back', onclick: () => apply(ctx, 'form.back') }, S.FormBack) : null,
      !last ? vh('button', { type: 'button', class: 'button', id: 'form-next', onclick: async () => {
        const r = await apply(ctx, 'form.next');
        // After the redraw, which waits for the tap's click to be delivered.
        whenReleased('form-focus', r.moved ? () => window.scrollTo(0, 0) : focusFirstError);
      } }, S.FormNext) : null,
      last ? vh('button', { type: 'button', class: 'button', id: 'form-submit', onclick: async () => {
        if (!state.view.can_submit) {
          await apply(ctx, 'form.show_errors');
          whenReleased('form-focus', focusFirstError);
          return;
        }
        location.hash = `#/apply/${encodeURIComponent(state.item)}/review`;
      } }, S.FormSubmit) : null);
}

function drawForm(ctx) {
  const v = state.view;
  patch(ctx.view,
    formHead(v),
    vh('form', { class: 'form', novalidate: true, onsubmit: (e) => e.preventDefault(), dataset: { key: `page-${v.page}` } },
      v.fields.map((f) => fieldBlock(f, ctx))),
    formNav(ctx, v),
    vh('p', { class: 'handoff-link' }, vh('a', { class: 'button secondary', href: `#/handoff/${encodeURIComponent(state.item)}`, id: 'go-handoff' }, '到自助机或窗口继续办理（扫码带走已填内容）')));
  const form = ctx.view.querySelector('form.form');
  drawn = { form, blocks: new Map() };
  for (const el of form.querySelectorAll('.field[data-path], fieldset[data-path], .note[data-path]'))
    if (!drawn.blocks.has(el.dataset.path)) drawn.blocks.set(el.dataset.path, el);
  document.body.dataset.formPage = String(v.page);
}

function focusFirstError() {
  const el = document.querySelector('.has-error input:not([type=file]), .has-error textarea, .has-error button, .field-error');
  if (el) {
    el.scrollIntoView({ block: 'center' });
    if (el.focus) el.focus({ preventScroll: true });
  }
}

// 确认提交: every answer, page by page, as the person would read it (choice labels, 是/否, place
// names; masked where the form says so), each with 修改 back to its field. Drawn from the core's
// review view-model (form.review), which the kiosk can draw too.
export async function applyReview(ctx, item) {
  if (!state || state.item !== item) return applyForm(ctx, item);
  const r = await call('form.review');
  const departments = [...new Set(r.departments)];
  ctx.setTitle(S.ReviewConfirm, true);
  render(ctx.view,
    h('p', { class: 'subtitle' }, r.can_submit
      ? `请核对以下信息。提交后将分别加密送达${departments.join('、')}，每个部门只能看到自己需要的内容。`
      : '还有未填写完整的内容，请返回修改。'),
    r.pages.map((p) => h('section', { class: 'card review-page', dataset: { page: String(p.page) } },
      h('h2', {}, p.title),
      h('dl', { class: 'review' }, p.items.map((it) => h('div', { class: 'review-item', dataset: { path: it.path } },
        h('dt', {}, it.label),
        h('dd', {},
          h('span', { class: `review-value${it.masked ? ' masked' : ''}` }, it.value),
          h('a', { class: 'button secondary small review-edit', href: `#/apply/${encodeURIComponent(item)}/field/${encodeURIComponent(it.path)}`,
            'aria-label': `修改${it.label}` }, '修改'))))))),
    h('div', { class: 'form-nav' },
      h('a', { class: 'button secondary', href: `#/apply/${encodeURIComponent(item)}` }, S.ReviewEdit),
      r.can_submit ? h('button', { type: 'button', class: 'button', id: 'confirm-submit', onclick: () => submitApplication(ctx, item) }, S.ReviewConfirm) : null));
}

// Sealed and queued by submit.js; once it is in the outbox, the form and its draft are forgotten.
function submitApplication(ctx, item) {
  return sealApplication(ctx, item, async () => {
    await forgetForm(item);
    state = null;
  });
}
