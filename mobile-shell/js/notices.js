// 办件提醒: the resident's phone told when a department accepts or returns an application, and
// before an appointment (docs/INTAKE.md, "Notices"). The intake pushes only the kind of news,
// encrypted to this browser; the service worker words it and 我的办件 shows the details. Decided
// here once; each host says whether it can receive pushes (bridge.pushSupported).
import { bridge } from './bridge.js';
import { fromB64, fromUtf8, utf8 } from './bytes.js';
import { h } from './dom.js';
import { ensureRegistered, signedHttp } from './outbox.js';

const PREF = 'notices';  // 'on' when this phone asked for them

// The intake's VAPID key (bytes), or null when the intake sends no notices.
async function serverKey() {
  const r = await bridge.http('GET', 'api/v1/push-key');
  if (r.status !== 200) return null;
  return fromB64(JSON.parse(fromUtf8(r.bytes)).key.replace(/-/g, '+').replace(/_/g, '/'));
}

export const noticesOn = () => bridge.getPreference(PREF) === 'on';

// Subscribes and tells the intake where to push; rejects with the reason in the resident's words.
export async function turnOnNotices() {
  if (!bridge.isOnline()) throw new Error('需要联网才能开启提醒');
  const key = await serverKey();
  if (!key) throw new Error('本地的政务服务暂未开通消息提醒');
  const subscription = await bridge.pushSubscribe(key);
  await ensureRegistered();
  const r = await signedHttp('POST', 'api/v1/push-subscriptions', utf8(JSON.stringify(subscription)), 'application/json');
  if (r.status !== 204) throw new Error(`开启提醒失败（${r.status}）：${fromUtf8(r.bytes)}`);
  bridge.setPreference(PREF, 'on');
}

export async function turnOffNotices() {
  const r = await signedHttp('DELETE', 'api/v1/push-subscriptions');
  if (r.status !== 204) throw new Error(`关闭提醒失败（${r.status}），请联网后再试`);
  await bridge.pushUnsubscribe();
  bridge.setPreference(PREF, '');
}

// The card in 我的办件: what notices are, and the switch. `redraw` after a change.
export function noticesCard(redraw) {
  if (!bridge.pushSupported()) return null;
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
