// 我的 on the phone: my applications (我的办件: status and receipts, from the outbox) and the
// resident's wallet (profile and e-licences), shown masked (脱敏).
import { call } from './core.js';
import { h, render, patch } from './dom.js';
import { ensureGuides } from './guides-store.js';
import { outboxReady, refreshStatuses, pump, onOutboxChange } from './outbox.js';
import { loadWallet, useDemoWallet, clearWallet } from './wallet.js';
import { signInOffered, beginSignIn, takeSignInNotice, signInCard } from './signin.js';
import { receiptNumber, whenText } from './screen-text.js';
import { noticeChannel, noticesOn, turnOnNotices, turnOffNotices } from './notices.js';
import { S, fill } from './strings.js';

const KIND = { application: '申请', appointment: '预约' };
// 我的办件 lists what the person applied for; a 好差评 rating goes out through the same outbox but
// is not an application.
const isApplication = (it) => it.kind !== 'rating';

// The receipt QR is drawn when the person opens 查看回执 (it is then kept across redraws: data-own).
async function showReceipt(e) {
  const details = e.currentTarget;
  const qr = details.querySelector('.qr');
  if (!details.open || qr.firstChild) return;
  qr.innerHTML = (await call('qr.svg', { text: qr.dataset.own })).svg;  // drawn by the core from the code only
}

function itemCard(it) {
  return h('li', { class: `card outbox-item status-${it.status}`, dataset: { key: it.id, id: it.id, status: String(it.status) } },
    h('div', { class: 'row-head' },
      h('strong', {}, it.title || '办件'),
      h('span', { class: `badge status status-${it.status}` }, it.status_text)),
    h('p', { class: 'meta' }, `${KIND[it.kind] || '办件'} · ${whenText(it.created_at_ms)} · 送达 ${it.departments.map((d) => d.name).join('、')}`),
    it.status === 0 && it.last_error ? h('p', { class: 'hint' }, it.last_error) : null,
    it.status === 3 ? h('p', { class: 'error' }, fill(S.SubmissionRefused, it.refusal)) : null,
    it.status === 4 ? h('p', { class: 'error' }, S.SubmissionReturned) : null,
    it.receipt_code ? h('details', { class: 'receipt', ontoggle: showReceipt },
      h('summary', {}, '查看回执'),
      h('p', { class: 'hint' }, `${fill(S.ReceiptNumber, receiptNumber(it.id))}，政务服务中心签名，可出示给窗口核验。`),
      h('div', { class: 'qr small', role: 'img', 'aria-label': '回执二维码，可出示给窗口工作人员扫描', 'data-own': it.receipt_code })) : null);
}

// 办件提醒 in 我的办件 on H5 (notices.js decides; the mini-program draws its own): what notices
// are, and the switch. `redraw` after a change.
function noticesCard(redraw) {
  if (noticeChannel() !== 'webpush') return null;
  const status = h('p', { class: 'hint', id: 'notices-status', role: 'status' });
  const act = (fn) => async () => {
    status.textContent = '请稍候…';
    try { await fn(); redraw(); } catch (e) { status.textContent = e.message; status.classList.add('error'); }
  };
  const on = noticesOn();
  return h('section', { class: 'card', id: 'notices' },
    h('strong', {}, '办件提醒'),
    h('p', { class: 'hint' }, on
      ? '已开启：受理、退回和预约快到时，本机会收到提醒。提醒里没有您的个人信息。'
      : '开启后，办件被受理或退回、预约快到时，本机会收到提醒。提醒里没有您的个人信息。'),
    on ? h('button', { type: 'button', class: 'button secondary', id: 'notices-off', onclick: act(turnOffNotices) }, '关闭提醒')
      : h('button', { type: 'button', class: 'button', id: 'notices-on', onclick: act(turnOnNotices) }, '开启提醒'),
    status);
}

export async function applicationsScreen(ctx) {
  ctx.setTitle('我的办件', true);
  await Promise.all([ensureGuides(), outboxReady()]);
  const list = h('ul', { class: 'outbox-list', id: 'outbox-list' });
  const summary = h('p', { class: 'subtitle', id: 'outbox-summary' });
  // Redrawn when statuses change (patched: an open receipt stays open, a tap is not lost).
  const draw = (r) => {
    summary.textContent = r.summary;  // the core's words: what was sent back first, then what waits
    patch(list, r.items.filter(isApplication).map(itemCard));
  };
  const notices = h('div', { id: 'notices-slot' });
  const drawNotices = () => notices.replaceChildren(...[noticesCard(drawNotices)].filter(Boolean));
  drawNotices();
  render(ctx.view, summary, list,
    notices,
    h('button', { type: 'button', class: 'button secondary', id: 'outbox-refresh', onclick: async () => { await pump(); await refreshStatuses(); draw(await call('outbox.items', { now: Date.now() })); } }, '刷新状态'));
  draw(await call('outbox.items', { now: Date.now() }));
  // A submission still on its way when the screen opened turns 已提交 here without a tap; the
  // listener goes once the list has left the page.
  const off = onOutboxChange((r) => { if (list.isConnected) draw(r); else off(); });
  refreshStatuses().then(async () => draw(await call('outbox.items', { now: Date.now() }))).catch(() => {});
}

// `redraw`: drawn again in place after 使用示范身份 / 清除我的信息 (patched, see dom.js).
export async function mineScreen(ctx, sub, redraw = false) {
  if (sub === 'applications') return applicationsScreen(ctx);
  const w = await loadWallet();
  ctx.setTitle('我的', true);
  const masked = async (kind, value) => (value ? (await call('mask', { kind, value })).masked : '—');
  const p = w.profile || {};
  const offer = w.signedIn ? null : await signInOffered();
  const card = signInCard(w, !!offer);
  const notice = takeSignInNotice();
  const signInError = h('p', { class: 'error', role: 'alert', id: 'signin-error', hidden: !(notice && notice.error) }, notice && notice.error ? notice.text : '');
  const startSignIn = async () => {
    try {
      await beginSignIn();
    } catch (e) {
      const shown = document.getElementById('signin-error');  // this draw's, or the one patch kept
      shown.textContent = e.message;
      shown.hidden = false;
    }
  };
  (redraw ? patch : render)(ctx.view,
    notice && !notice.error ? h('p', { class: 'notice', role: 'status', id: 'signin-done' }, notice.text) : null,
    h('section', { class: 'card', id: 'signin-card' },
      h('h2', {}, '实名登录'),
      h('p', card.signedIn ? { id: 'signin-state' } : {}, card.text),
      signInError,
      card.button ? h('button', { type: 'button', class: 'button', id: 'signin', onclick: startSignIn }, card.button) : null),
    h('a', { class: 'card link-card', href: '#/mine/applications', id: 'mine-applications' },
      h('h2', {}, '我的办件'), h('p', {}, '申请和预约的办理状态、回执')),
    h('section', { class: 'card' },
      h('h2', {}, '个人资料'),
      h('dl', { class: 'facts' },
        h('dt', {}, S.AppointName), h('dd', { id: 'mine-name' }, await masked('name', p.name)),
        h('dt', {}, '身份证号'), h('dd', {}, await masked('id', p.id)),
        h('dt', {}, S.AppointMobile), h('dd', {}, await masked('mobile', p.mobile))),
      w.demo ? h('p', { class: 'hint' }, '这是示范身份（虚构人物），用于体验。') : null),
    h('section', { class: 'card' },
      h('h2', {}, '电子证照'),
      h('p', {}, w.elicences && w.elicences.length ? `已保存 ${w.elicences.length} 份电子证照，办事时可免交纸质材料。` : '暂无电子证照。')),
    h('div', { class: 'form-nav' },
      w.signedIn ? null : h('button', { type: 'button', class: 'button', id: 'use-demo', onclick: async () => { await useDemoWallet(); mineScreen(ctx, null, true); } }, '使用示范身份'),
      h('button', { type: 'button', class: 'button secondary', id: 'clear-wallet', onclick: async () => { await clearWallet(); mineScreen(ctx, null, true); } }, '清除我的信息')));
}
