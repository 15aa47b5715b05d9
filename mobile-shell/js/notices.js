// 办件提醒: the resident's phone told when a department accepts or returns an application, and
// before an appointment (docs/INTAKE.md, "Notices"). Decided here once; each host says how it is
// told (bridge.noticeChannel()):
//   'webpush'  H5: the intake pushes only the kind of news, encrypted to this browser; the service
//              worker words it and 我的办件 shows the details;
//   'wechat'   the mini-program: WeChat's subscription messages (订阅消息), one per consent — the
//              person consents to the intake's templates, and the phone hands the intake a
//              wx.login code it trades with WeChat for where to send;
//   null       neither (a web-view without push): not offered.
import { bridge } from './bridge.js';
import { fromB64, fromUtf8, utf8 } from './bytes.js';
import { ensureRegistered, signedHttp } from './outbox.js';

const PREF = 'notices';  // 'on' when this phone asked for them

// The intake's VAPID key (bytes), or null when the intake sends no notices.
async function serverKey() {
  const r = await bridge.http('GET', 'api/v1/push-key');
  if (r.status !== 200) return null;
  return fromB64(JSON.parse(fromUtf8(r.bytes)).key.replace(/-/g, '+').replace(/_/g, '/'));
}

export const noticesOn = () => bridge.getPreference(PREF) === 'on';
export const noticeChannel = () => bridge.noticeChannel();

// The mini-program's templates ({status, reminder}: ids), fetched before the tap: WeChat lets
// wx.requestSubscribeMessage run only straight from a tap. null when the intake has none.
export async function wechatTemplates() {
  if (!bridge.isOnline()) return null;
  const r = await bridge.http('GET', 'api/v1/wechat-templates');
  return r.status === 200 ? JSON.parse(fromUtf8(r.bytes)) : null;
}

// From the tap: the person's consent first, then the login code to the intake. Resolves with the
// kinds consented to; rejects with the reason in the resident's words.
export async function subscribeWechat(templates) {
  const answers = await bridge.requestSubscribe(Object.values(templates));
  const kinds = Object.keys(templates).filter((k) => answers[templates[k]] === 'accept');
  if (!kinds.length) throw new Error('您没有同意接收提醒；需要时可再点“开启提醒”');
  const code = await bridge.loginCode();
  await ensureRegistered();
  const r = await signedHttp('POST', 'api/v1/push-subscriptions/wechat', utf8(JSON.stringify({ code, kinds })), 'application/json');
  if (r.status !== 204) throw new Error(`开启提醒失败（${r.status}）：${fromUtf8(r.bytes)}`);
  return kinds;
}

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
