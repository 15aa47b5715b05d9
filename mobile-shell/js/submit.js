// Submitting on the phone: the application is sealed by the core (each department can open only its
// own part), attachments streamed in with a progress bar, then handed to the outbox, which sends it
// now or when the network returns. Afterwards: a 好差评 rating, and for items that must be done in
// person a 预约 appointment request — both sealed and sent through the same outbox.
import { bridge } from './bridge.js';
import { call } from './core.js';
import { h, render } from './dom.js';
import { ensureGuides } from './guides-store.js';
import { onOutboxChange } from './outbox.js';
import { sealAndQueue } from './submission.js';
import { loadWallet } from './wallet.js';
import { SLOTS, workingDays, requestAppointment, rate } from './appointment.js';
import { submissionHeadline } from './screen-text.js';
import { S } from './strings.js';

const SLICE = 256 * 1024;

function progressBar(label) {
  const bar = h('span', { style: 'width:0%' });
  const text = h('p', { class: 'progress-text', id: 'submit-progress-text' }, label);
  const box = h('div', { class: 'progress', role: 'progressbar', 'aria-labelledby': 'submit-progress-text', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', id: 'submit-progress' }, bar);
  return {
    nodes: [box, text],
    set(done, total, what) {
      const pct = total ? Math.round((100 * done) / total) : 100;
      bar.style.width = `${pct}%`;
      box.setAttribute('aria-valuenow', String(pct));
      text.textContent = what ? `${what} ${pct}%` : `${pct}%`;
    },
  };
}

function statusLine(id, title, what) {
  const p = h('p', { class: 'submit-status', id: 'submit-status', role: 'status' }, '排队中');
  const show = (r) => {
    const it = r.items.find((x) => x.id === id);
    if (!it) return;
    p.textContent = it.status_text + (it.status === 0 && it.last_error ? `（${it.last_error}）` : '');
    p.dataset.status = String(it.status);
    title.textContent = submissionHeadline(what, it.status, bridge.isOnline());
  };
  onOutboxChange(show);
  call('outbox.items', { now: Date.now() }).then(show);
  return p;
}

// The application: called from the review screen with the open form.
export async function submitApplication(ctx, item, onDone) {
  ctx.setTitle('提交申请', true);
  const progress = progressBar('正在加密');
  render(ctx.view, h('section', { class: 'card', id: 'submitting' }, h('h2', {}, '正在提交…'), ...progress.nodes));
  let result;
  try {
    const guide = await call('guide.item', { id: item });
    result = await sealAndQueue('application', {}, guide.name, progress);
    progress.set(1, 1, '已加密');
    if (onDone) await onDone();
    await doneScreen(ctx, item, guide, result);
  } catch (e) {
    render(ctx.view,
      h('p', { class: 'error', role: 'alert' }, `未能提交：${e.message}`),
      h('a', { class: 'button', href: `#/apply/${encodeURIComponent(item)}` }, '返回申请表'));
  }
}

async function doneScreen(ctx, item, guide, result) {
  ctx.setTitle('提交结果', true);
  const online = bridge.isOnline();
  const title = h('h2', { id: 'submit-headline' }, submissionHeadline('申请', 0, online));
  render(ctx.view,
    h('section', { class: 'card done', id: 'submit-done', dataset: { id: result.id } },
      title,
      h('p', {}, `申请送达：${result.departments.map((d) => d.name).join('、')}。每个部门只能看到自己需要的内容。`),
      statusLine(result.id, title, '申请'),
      h('p', { class: 'hint' }, online ? '收到回执后可在“我的办件”查看。' : '当前没有网络：申请已加密保存在本机，联网后会自动提交。')),
    ratingCard(item, result.id),
    // Side by side with a gap, as the form's own buttons; widths follow the labels.
    h('div', { class: 'form-nav done-nav' },
      guide.needs_visit ? h('a', { class: 'button secondary', id: 'go-appoint', href: `#/appoint/${encodeURIComponent(item)}` }, '预约到现场办理') : null,
      h('a', { class: 'button', href: '#/mine/applications', id: 'go-mine' }, '查看我的办件')));
}

// 好差评: 1–5 stars and optional words, sealed to the item's department.
function ratingCard(item, rates) {
  let stars = 0;
  const buttons = [1, 2, 3, 4, 5].map((n) => h('button', {
    type: 'button', class: 'star', 'aria-label': `${n}星`, 'aria-pressed': 'false', dataset: { stars: String(n) },
    onclick: () => {
      stars = n;
      // Filled or hollow, not colour alone.
      buttons.forEach((b, i) => { b.classList.toggle('on', i < n); b.setAttribute('aria-pressed', String(i < n)); b.textContent = i < n ? '★' : '☆'; });
    },
  }, '☆'));
  const comment = h('textarea', { id: 'rating-comment', rows: 2, placeholder: '说说您的感受（可不填）', maxlength: 500 });
  const card = h('section', { class: 'card rating', id: 'rating' },
    h('h2', {}, '好差评：这次办事体验如何？'),
    h('div', { class: 'stars', role: 'group', 'aria-label': '评分' }, buttons),
    comment,
    h('button', { type: 'button', class: 'button', id: 'rating-send', onclick: async () => {
      if (!stars) return;
      try {
        await rate(item, rates, stars, comment.value);
        card.replaceChildren(h('p', { id: 'rating-thanks' }, `感谢您的评价（${stars}星）。`));
      } catch (e) {
        card.append(h('p', { class: 'error', role: 'alert' }, e.message));
      }
    } }, '提交评价'));
  return card;
}

// 预约: a hall, a working day in the next two weeks, a time slot; name and mobile from the wallet.
export async function appointScreen(ctx, item) {
  await ensureGuides();
  const guide = await call('guide.item', { id: item });
  const wallet = await loadWallet();
  const profile = wallet.profile || {};
  ctx.setTitle(S.AppointTitle, true);
  const halls = h('select', { id: 'appoint-hall', 'aria-label': S.SectionHalls }, guide.halls.map((hl) => h('option', { value: hl.id }, hl.name)));
  const days = h('select', { id: 'appoint-date', 'aria-label': '日期' }, workingDays(10).map((d) => h('option', { value: String(d.value) }, d.label)));
  const slots = h('select', { id: 'appoint-slot', 'aria-label': S.AppointSlot }, SLOTS.map((s) => h('option', { value: s }, s)));
  const name = h('input', { id: 'appoint-name', type: 'text', value: profile.name || '', autocomplete: 'off' });
  const mobile = h('input', { id: 'appoint-mobile', type: 'text', inputmode: 'tel', value: profile.mobile || '', autocomplete: 'off' });
  const out = h('div', { role: 'status' });
  if (!guide.halls.length) {
    render(ctx.view, h('p', { class: 'error' }, '此事项没有可预约的办理地点。'));
    return;
  }
  render(ctx.view,
    h('p', { class: 'subtitle' }, guide.name),
    h('div', { class: 'form' },
      h('div', { class: 'field' }, h('label', { for: 'appoint-hall' }, S.SectionHalls), halls),
      h('div', { class: 'field' }, h('label', { for: 'appoint-date' }, '日期'), days),
      h('div', { class: 'field' }, h('label', { for: 'appoint-slot' }, S.AppointSlot), slots),
      h('div', { class: 'field' }, h('label', { for: 'appoint-name' }, S.AppointName), name),
      h('div', { class: 'field' }, h('label', { for: 'appoint-mobile' }, S.AppointMobile), mobile)),
    h('p', { class: 'hint' }, '预约信息加密后只有受理部门能看到。'),
    h('button', { type: 'button', class: 'button', id: 'appoint-send', onclick: async (e) => {
      e.target.disabled = true;
      try {
        const sent = await requestAppointment({
          item, hall: halls.value, date: Number(days.value), slot: slots.value, name: name.value, mobile: mobile.value,
        }, guide.name);
        const title = h('h2', {}, submissionHeadline('预约', 0, bridge.isOnline()));
        render(ctx.view,
          h('section', { class: 'card done', id: 'appoint-done' },
            title,
            h('p', {}, `${halls.selectedOptions[0].textContent} · ${days.selectedOptions[0].textContent} ${slots.value}`),
            statusLine(sent.id, title, '预约'),
            h('p', { class: 'hint' }, '提交后请留意部门的确认短信。')),
          h('a', { class: 'button', href: '#/mine/applications' }, '查看我的办件'));
      } catch (err) {
        e.target.disabled = false;
        out.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message));
      }
    } }, S.AppointSubmit),
    out);
}

