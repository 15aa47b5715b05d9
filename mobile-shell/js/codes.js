// 扫码 on the phone (一码通城): my rotating personal code, scanning the city's codes, and handing a
// form over to a kiosk or a clerk. Codes are made and checked by the core; this file draws them.
import { bridge } from './bridge.js';
import { call, b64 } from './core.js';
import { h, render } from './dom.js';
import { decideScan } from './scan-decision.js';
import { loadWallet } from './wallet.js';
import { personalCredential, personalCodeNow } from './my-code.js';
import { S, fill } from './strings.js';

export async function scanHome(ctx) {
  ctx.setTitle(S.Scan, true);
  render(ctx.view,
    h('nav', { class: 'entries two' },
      h('a', { class: 'entry', href: '#/scan/mine', id: 'scan-mine' }, h('span', { class: 'entry-title' }, '我的码'), h('span', { class: 'entry-hint' }, '乘车、就医、进馆出示')),
      h('a', { class: 'entry', href: '#/scan/camera', id: 'scan-camera' }, h('span', { class: 'entry-title' }, '扫一扫'), h('span', { class: 'entry-hint' }, '场所码、门牌码、服务码'))));
}

// 我的码: rotating every 30 s, signed by this phone's key; works offline once the credential is here.
export async function myCode(ctx) {
  ctx.setTitle('我的码', true);
  const wallet = await loadWallet();
  let cred;
  try {
    cred = await personalCredential(wallet);
  } catch (e) {
    render(ctx.view, h('p', { class: 'error', role: 'alert' }, `${e.message}。请联网后再试。`));
    return;
  }
  if (!cred) {
    render(ctx.view, h('p', { class: 'subtitle' }, '还没有个人码：请先在“我的”中实名登录（体验：使用示范身份）。'),
      h('a', { class: 'button', href: '#/mine' }, '去“我的”'));
    return;
  }
  const qr = h('div', { class: 'qr my-code', id: 'my-code', role: 'img', 'aria-label': '我的个人码，每30秒更新' });
  const count = h('p', { class: 'countdown', id: 'my-code-countdown', 'aria-live': 'off' });
  const masked = wallet.profile ? (await call('mask', { kind: 'name', value: wallet.profile.name })).masked : '';
  render(ctx.view, h('section', { class: 'card code-card' },
    h('p', { class: 'code-name' }, masked), qr, count,
    h('p', { class: 'hint' }, '请出示给闸机或工作人员扫描。截图无效：二维码每30秒更新。')));
  let shown = '';
  const tick = async () => {
    if (!document.body.contains(qr)) return clearInterval(timer);  // left the screen
    const r = await personalCodeNow(cred);
    if (r.text !== shown) {
      shown = r.text;
      qr.innerHTML = r.svg;  // drawn by the core from the code text only
      qr.dataset.code = r.text;
    }
    count.textContent = `${r.seconds_left} 秒后更新`;
  };
  const timer = setInterval(tick, 1000);
  await tick();
}

// What the phone does with a scanned text: the core decides (scan-decision.js); this draws its view
// or goes where it opens.
export async function handleScanned(ctx, text) {
  const v = await decideScan(text);
  const go = {
    item: () => `#/guides/item/${encodeURIComponent(v.item)}`,
    form: () => `#/apply/${encodeURIComponent(v.item)}`,
    checklist: () => `#/guides/scenario/${encodeURIComponent(v.item)}/${v.answers.map(encodeURIComponent).join('.')}`,
  }[v.opens];
  if (go) {
    location.hash = go();
    return v;
  }
  const refused = v.outcome === 'refused' || v.outcome === 'message';
  render(ctx.view, h('section', { class: 'card', id: 'scan-result', dataset: { outcome: v.outcome, kind: v.kind } },
    h('h2', { class: refused ? 'error' : '' }, v.headline),
    v.name_masked ? h('p', { class: 'code-name' }, fill(S.ScanName, v.name_masked)) : null,
    v.detail ? h('p', {}, v.detail) : null,
    v.services.length ? h('ul', { class: 'plate-items' },
      v.services.map((s) => h('li', {}, h('a', { href: `#/guides/item/${encodeURIComponent(s.id)}` }, s.name)))) : null),
  h('a', { class: 'button secondary', href: '#/scan/camera' }, refused ? '再扫一次' : '继续扫码'));
  return v;
}

// Why the camera could not be used, in the resident's words (getUserMedia's errors are English
// developer text such as "Requested device not found"); what to do instead follows.
const CAMERA_PROBLEMS = {
  NotFoundError: '没有找到可用的相机',
  DevicesNotFoundError: '没有找到可用的相机',
  OverconstrainedError: '没有找到可用的相机',
  NotAllowedError: '没有获得使用相机的许可（可在浏览器设置中允许）',
  PermissionDeniedError: '没有获得使用相机的许可（可在浏览器设置中允许）',
  SecurityError: '当前网页不能使用相机',
  NotReadableError: '相机正被其他应用使用',
  TrackStartError: '相机正被其他应用使用',
  AbortError: '相机未能打开',
};
export function cameraProblem(e) {
  if (e && CAMERA_PROBLEMS[e.name]) return CAMERA_PROBLEMS[e.name];
  if (e && /[\u4e00-\u9fff]/.test(e.message || '')) return e.message;  // already said in Chinese (scanner.js)
  return '相机或扫码组件未能启动';
}

// 扫一扫: the camera (ZXing-C++'s WebAssembly build, loaded only now) or a photo from the album.
export async function scanCamera(ctx) {
  ctx.setTitle('扫一扫', true);
  const video = h('video', { id: 'scan-video', playsinline: true, muted: true, autoplay: true, 'aria-label': '相机取景' });
  const status = h('p', { class: 'hint', id: 'scan-status', role: 'status' }, '正在打开相机…');
  // The browser's own file input would say "Choose File": a labelled button opens it instead.
  const file = h('input', { type: 'file', accept: 'image/*', id: 'scan-file', hidden: true, tabindex: '-1' });
  const typed = h('input', { type: 'text', id: 'scan-text', placeholder: '或粘贴码的文字', autocomplete: 'off' });
  render(ctx.view, h('div', { class: 'scanner' }, video), status,
    h('div', { class: 'field' }, file,
      h('button', { type: 'button', class: 'button secondary', id: 'scan-pick', onclick: () => file.click() }, '从相册选择图片')),
    h('div', { class: 'field' }, h('label', { for: 'scan-text' }, '码的文字'), typed,
      h('button', { type: 'button', class: 'button small', id: 'scan-text-go', onclick: () => handleScanned(ctx, typed.value) }, '核验')));
  const stop = new AbortController();
  window.addEventListener('hashchange', () => stop.abort(), { once: true });
  let scanner;
  try {
    scanner = await import('./scanner.js');
  } catch (e) {
    status.textContent = '扫码组件未能加载，请联网后再试；也可粘贴码的文字。';
    return;
  }
  file.addEventListener('change', async () => {
    const texts = await scanner.scanImageFile(file.files[0]);
    if (texts.length) { stop.abort(); handleScanned(ctx, texts[0]); } else status.textContent = '图片中没有找到二维码';
  });
  try {
    let done = false;
    await scanner.scanFrames(video, (text) => {
      if (done) return;
      done = true;
      stop.abort();
      handleScanned(ctx, text);
    }, { signal: stop.signal, openCamera: () => bridge.openCamera() });
    status.textContent = '把二维码放进框内';
  } catch (e) {
    video.hidden = true;
    status.textContent = `${cameraProblem(e)}。可从相册选择图片，或粘贴码的文字。`;
    status.dataset.problem = e && e.name ? e.name : 'Error';
  }
}

// Hand a form over: its draft, encrypted into codes the kiosk or the clerk scans (nothing typed twice).
export async function handOff(ctx, item) {
  ctx.setTitle('到自助机或窗口继续办理', true);
  let r;
  try {
    r = await call('handoff.form', { entropy: b64(bridge.randomBytes(128)), now: Math.floor(Date.now() / 1000) });
  } catch (e) {
    render(ctx.view, h('p', { class: 'error' }, e.message), h('a', { class: 'button', href: `#/apply/${encodeURIComponent(item)}` }, '返回申请表'));
    return;
  }
  let at = 0;
  const qr = h('div', { class: 'qr', id: 'handoff-code' });
  const label = h('p', { class: 'countdown', id: 'handoff-index' });
  const show = () => {
    qr.innerHTML = r.parts[at].svg;
    qr.dataset.code = r.parts[at].text;
    label.textContent = r.parts.length > 1 ? `第 ${at + 1} / ${r.parts.length} 张，请依次扫描` : '请在自助机“扫码”处扫描';
  };
  render(ctx.view, h('section', { class: 'card code-card' }, qr, label,
    h('p', { class: 'hint' }, '已填的内容加密在码里，扫码后自动填好，不用再输入一遍。离开此页后码即失效。')),
  r.parts.length > 1 ? h('div', { class: 'form-nav' },
    h('button', { type: 'button', class: 'button secondary', id: 'handoff-prev', onclick: () => { at = (at + r.parts.length - 1) % r.parts.length; show(); } }, '上一张'),
    h('button', { type: 'button', class: 'button', id: 'handoff-next', onclick: () => { at = (at + 1) % r.parts.length; show(); } }, '下一张')) : null);
  show();
}

