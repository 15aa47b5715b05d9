// Filling the phone's forms as a person does: one tap per control (a finger's tap through
// page.touchscreen, or a mouse click), typing into a field and going straight on to the next
// control, so a redraw between pointerdown and click shows up as a lost tap. Shared by the web
// tests that need a form filled (every form page, the review page). The browser must have been
// started with the phone's touch screen: startWeb(paths, { device: phone }).
//
//   openPhone(web, hash)                         a page in the phone shell at #hash, with a tap recorder
//   tapFillForm(page, { onPage, pointer })       answers the open form page by page until 提交申请
//                                                leads to 确认提交; → { lost: [what], pages: n }
//   tap(page, selector, pointer)                 one tap (or click) at the centre of the element
//   clickCount(page), clicksSince(page, n)       what the recorder saw: [id, data-value or data-path of each]
//   forgetDraft(page, item)                      drops the item's sealed draft: its form starts empty
import assert from 'node:assert/strict';
import { waitFor, sleep } from './harness.mjs';
import { phone } from './web_fixture.mjs';
import { VALUES, PNG_1PX } from './form_answers.mjs';


// Every click that reaches the document (capture, at window): a tap whose target was replaced
// before the click is never seen here.
function recordClicks() {
  window.__clicks = [];
  window.addEventListener('click', (e) => {
    const el = e.target instanceof Element ? e.target.closest('[id], [data-value], [data-path], label, a') : null;
    window.__clicks.push(el ? (el.id || el.dataset.value || el.dataset.path || el.textContent.trim().slice(0, 12)) : '?');
  }, true);
}

export async function openPhone(web, hash = '#/') {
  const { page, errors } = await web.newPage(phone);
  await page.addInitScript(recordClicks);
  await page.goto(`${web.url}${hash}`);
  await page.waitForSelector('#view :is(.entry, .field, .item, .card, p, h2)');
  return { page, errors };
}

export async function forgetDraft(page, item) {
  await page.evaluate(async (key) => (await import('./js/bridge.js')).bridge.store.remove(key), `draft:${item}`);
}

// One tap at the centre of the element (scrolled into view first, as a finger would), or a mouse
// click there (pointer 'mouse': press, release, click — what a desktop browser sends).
export async function tap(page, target, pointer = 'touch') {
  const el = typeof target === 'string' ? await page.waitForSelector(target, { state: 'visible' }) : target;
  await el.scrollIntoViewIfNeeded();
  const box = await el.boundingBox();
  if (!box) throw new Error(`nothing to tap: ${target}`);
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  if (pointer === 'mouse') await page.mouse.click(x, y);
  else await page.touchscreen.tap(x, y);
}

// The form page's fields as the test sees them: what kind of control, and whether it is answered.
function readFields() {
  const out = [];
  for (const el of document.querySelectorAll('#view .form .field[data-path], #view .form fieldset.group')) {
    const path = el.dataset.path;
    // A group's own error is its direct child; a field's may sit deeper (under its input).
    const error = !!el.querySelector(el.matches('fieldset') ? ':scope > .field-error' : '.field-error');
    if (el.matches('fieldset')) {
      out.push({ path, kind: 'group', rows: el.querySelectorAll('.row-card').length, error });
      continue;
    }
    const type = el.dataset.type;
    const text = el.querySelector('input[type=text], textarea');
    let kind, filled;
    if (el.querySelector('.covered')) { kind = 'covered'; filled = true; }
    else if (el.querySelector('.choices button.choice')) { kind = 'choice'; filled = !!el.querySelector('.choice[aria-checked=true]'); }
    else if (el.querySelector('.choices input[type=checkbox]')) { kind = 'multi'; filled = !!el.querySelector('.choices input:checked'); }
    else if (el.querySelector('.commitment input')) { kind = 'commitment'; filled = el.querySelector('.commitment input').checked; }
    else if (el.querySelector('.attachment')) { kind = 'attachment'; filled = !!el.querySelector('.attached'); }
    else if (el.querySelector('.address')) { kind = 'address'; filled = !!el.querySelector('.address-now'); }
    else if (el.querySelector('select.choice-list')) { kind = 'list'; filled = el.querySelector('select.choice-list').value !== ''; }
    else if (text && text.readOnly) { kind = 'readonly'; filled = true; }
    else if (text) { kind = 'text'; filled = text.value.trim() !== ''; }
    else { kind = 'other'; filled = true; }
    out.push({ path, type, kind, filled: filled && !error, error, value: kind === 'text' ? text.value : '' });
  }
  return out;
}

// What the tap recorder saw: how many clicks so far, and what each click since the n-th landed on.
export const clickCount = (page) => page.evaluate(() => window.__clicks.length);
export const clicksSince = (page, n) => page.evaluate((k) => window.__clicks.slice(k), n);

// Answers the open form, page by page, until 提交申请 opens 确认提交. Every tap is checked: a choice
// must be chosen, a checkbox checked, a field focused, 下一步 must move on (or the page shows what
// is wrong). Returns what was lost: ["tap on 男 (holder_gender) after typing in holder_name", …].
export async function tapFillForm(page, { onPage = null, pointer = 'touch', timeout = 8000 } = {}) {
  const lost = [];
  const tried = new Map();  // path → attempts
  let lastTyped = null;
  const after = () => (lastTyped ? ` after typing in ${lastTyped}` : '');
  const seenPages = new Set();
  // ID numbers already on the form (typed or prefilled): a field that must repeat one of them (随迁一方
  // = the father or the mother) is answered with them once the usual values are refused.
  const seenIds = new Set();
  let refusals = 0;  // 下一步/提交申请 refused in a row with nothing left to try
  for (let guard = 0; guard < 600; guard++) {
    const pageNo = await page.evaluate(() => document.body.dataset.formPage);
    if (!seenPages.has(pageNo)) {
      seenPages.add(pageNo);
      if (onPage) await onPage(Number(pageNo));
    }
    const fields = await page.evaluate(readFields);
    for (const f of fields) if (f.type === 'resident_id' && f.value && !f.error) seenIds.add(f.value);
    const todo = fields.find((f) => (f.kind === 'group' ? f.rows === 0 && !tried.has(f.path) : !f.filled && (tried.get(f.path) || 0) < 8));
    if (!todo) {
      const next = await page.$('#form-next');
      const target = next ? '#form-next' : '#form-submit';
      const n = await clickCount(page);
      const before = await page.evaluate(() => [document.body.dataset.formPage, location.hash]);
      await tap(page, target, pointer);
      const moved = await waitFor(() => page.evaluate(([p, h]) => document.body.dataset.formPage !== p || location.hash !== h, before),
        { timeout, what: 'the form to move on' }).catch(() => false);
      if (!next && moved) return { lost, pages: seenPages.size };
      if (moved) { lastTyped = null; refusals = 0; continue; }
      const clicks = await clicksSince(page, n);
      const errors = await page.$$eval('#view .field-error', (els) => els.length);
      if (!clicks.includes(target.slice(1))) lost.push(`tap on ${target === '#form-next' ? '下一步' : '提交申请'}${after()}`);
      else if (!errors) lost.push(`${target} was tapped but the form neither moved on nor said why`);
      else if (++refusals >= 3) {
        const why = await page.$$eval('#view .field-error', (els) => els.map((e) => `${e.closest('[data-path]')?.dataset.path}: ${e.textContent}`));
        lost.push(`no value the test tries was accepted (${why.join('; ')})`);
        break;
      }
      if (lost.length > 20) break;
      lastTyped = null;
      continue;
    }
    if (process.env.TB_TRACE) console.log(new Date().toISOString().slice(14, 23), 'todo', JSON.stringify(todo), lost.length);
    if (todo.kind === 'text' && todo.path === lastTyped) {
      // Refused while still being typed in: an answer counts once the field is left, as a person
      // leaves it by tapping elsewhere; then the field is looked at again.
      await page.evaluate(() => document.activeElement?.blur());
      await sleep(100);
      lastTyped = null;
      continue;
    }
    const attempt = tried.get(todo.path) || 0;
    tried.set(todo.path, attempt + 1);
    const sel = `#view .form [data-path="${todo.path}"]`;
    if (todo.kind === 'group') {
      await tap(page, `${sel} .add-row`, pointer);
      await waitFor(() => page.$(`${sel} .row-card`), { timeout, what: `a row in ${todo.path}` })
        .catch(() => lost.push(`tap on 添加 (${todo.path})${after()}`));
      lastTyped = null;
    } else if (todo.kind === 'text') {
      const input = `${sel} :is(input[type=text], textarea)`;
      await tap(page, input, pointer);
      const focused = await waitFor(() => page.evaluate((s) => document.activeElement === document.querySelector(s), input), { timeout, what: 'focus' })
        .catch(() => false);
      if (!focused) {
        lost.push(`tap on the field ${todo.path}${after()}`);
        await page.focus(input);
      }
      const values = todo.type === 'resident_id' ? [...VALUES.resident_id, ...seenIds] : VALUES[todo.type] || VALUES.text;
      // Clears what a refused attempt left (as a person deletes it), then types.
      await page.$eval(input, (el) => { el.value = ''; });
      await page.keyboard.type(values[attempt % values.length]);
      lastTyped = todo.path;
    } else if (todo.kind === 'choice') {
      const buttons = await page.$$(`${sel} .choices button.choice`);
      // Yes/no: 否 first (most constraints ask for it: not insured twice, no card yet); then in order.
      const order = todo.type === 'yes_no' ? [1, 0] : buttons.map((_, i) => i);
      const button = buttons[order[attempt % order.length]];
      const label = (await button.textContent()).trim();
      await tap(page, button, pointer);
      const chosen = await waitFor(() => button.getAttribute('aria-checked').then((x) => x === 'true'), { timeout, what: 'chosen' })
        .catch(() => false);
      if (!chosen) lost.push(`tap on ${label} (${todo.path})${after()}`);
      lastTyped = null;
    } else if (todo.kind === 'multi' || todo.kind === 'commitment') {
      const box = `${sel} ${todo.kind === 'multi' ? '.choices label.choice' : '.commitment'}`;
      await tap(page, box, pointer);
      const checked = await waitFor(() => page.$eval(`${box} input`, (i) => i.checked), { timeout, what: 'checked' }).catch(() => false);
      if (!checked) lost.push(`tap on the checkbox (${todo.path})${after()}`);
      lastTyped = null;
    } else if (todo.kind === 'attachment') {
      const chooser = page.waitForEvent('filechooser', { timeout }).catch(() => null);
      await tap(page, `${sel} .pick-file`, pointer);
      const fc = await chooser;
      if (!fc) {
        lost.push(`tap on the photo button (${todo.path})${after()}`);
        await page.setInputFiles(`${sel} input[type=file]`, { name: 'photo.png', mimeType: 'image/png', buffer: PNG_1PX });
      } else {
        await fc.setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG_1PX });
      }
      await waitFor(() => page.$(`${sel} .attached`), { timeout, what: 'attached' });
      lastTyped = null;
    } else if (todo.kind === 'list') {
      // A long single choice (民族, 缴费档次) is a <select>: the system's picker, not a tap on the page.
      const select = `${sel} select.choice-list`;
      const values = await page.$$eval(`${select} option:not([disabled])`, (os) => os.map((o) => o.value));
      await page.selectOption(select, values[attempt % values.length]);
      const chosen = await waitFor(() => page.$eval(select, (e) => e.value !== ''), { timeout, what: 'chosen' }).catch(() => false);
      if (!chosen) lost.push(`choice from the list (${todo.path})${after()}`);
      lastTyped = null;
    } else if (todo.kind === 'address') {
      // The system's own picker opens for a <select>; choosing in it is not a tap on the page.
      for (const [depth, code] of [[0, '210000'], [1, '211400'], [2, '211402']]) {
        const select = `${sel} .address select >> nth=${depth}`;
        await page.waitForSelector(select);
        await page.selectOption(select, code);
      }
      await tap(page, `${sel} .address input[type=text]`, pointer);
      await page.keyboard.type('文化路1号');
      await tap(page, `${sel} .address button`, pointer);
      const shown = await waitFor(() => page.$(`${sel} .address-now`), { timeout, what: 'address' }).catch(() => false);
      if (!shown) lost.push(`tap on 确定地址 (${todo.path}) after typing the street`);
      lastTyped = null;
    }
    await sleep(20);
  }
  lost.push('the form did not reach 确认提交');
  return { lost, pages: seenPages.size };
}

// The open form filled by taps (tapFillForm), confirmed and sent: resolves with the submission's id
// once it shows 已提交 (the intake's receipt is in).
export async function tapSubmitForm(page) {
  const filled = await tapFillForm(page, { timeout: 20000 });
  assert.deepEqual(filled.lost, []);
  await page.waitForSelector('#confirm-submit');
  await page.click('#confirm-submit');
  await page.waitForSelector('#submit-done');
  const id = await page.getAttribute('#submit-done', 'data-id');
  await waitFor(() => page.getAttribute('#submit-status', 'data-status').then((x) => x === '1'), { timeout: 30000, what: '已提交' });
  return id;
}
