// The mini-program's view of the shared shell: the modules the H5 shell uses too, with the WeChat
// host installed. tools/miniprogram/assemble.sh bundles this file (esbuild, CommonJS) into the
// package as lib/tongban.js; the pages require it. The core module's glue stays a file of its own
// in the package (core/tongban-phone.js), required here at run time.
import { useHost } from '../../mobile-shell/js/bridge.js';
import { wechatHost } from '../../mobile-shell/js/hosts/wechat.js';

export { call, callCopy } from '../../mobile-shell/js/core.js';
export { ensureGuides, checkForUpdate } from '../../mobile-shell/js/guides-store.js';
import { checkForUpdate } from '../../mobile-shell/js/guides-store.js';
export { openForm, saveDraft, forgetForm } from '../../mobile-shell/js/form-session.js';
export { sealAndQueue } from '../../mobile-shell/js/submission.js';
export { SLOTS, workingDays, requestAppointment, rate } from '../../mobile-shell/js/appointment.js';
export { decideScan } from '../../mobile-shell/js/scan-decision.js';
export { outboxReady, onOutboxChange, refreshStatuses, pump, signedHttp } from '../../mobile-shell/js/outbox.js';
export { loadWallet, useDemoWallet } from '../../mobile-shell/js/wallet.js';
export { signInOffered, beginSignIn, finishSignInOnStart, takeSignInNotice, signInCard } from '../../mobile-shell/js/signin.js';
export { personalCredential, personalCodeNow } from '../../mobile-shell/js/my-code.js';
export { elderlyMode, chooseElderly } from '../../mobile-shell/js/elderly.js';
export { b64, utf8, fromUtf8 } from '../../mobile-shell/js/bytes.js';
export * from '../../mobile-shell/js/screen-text.js';
export { S, fill } from '../../mobile-shell/js/strings.js';
import { loadStrings } from '../../mobile-shell/js/strings.js';
export { bridge } from '../../mobile-shell/js/bridge.js';

let started = null;
// Installs the WeChat host once (the random pool filled, the network state known), then takes the
// core's string table the shared screen words come from, and resolves with the host; every page
// awaits this before its first core call.
export function start() {
  if (!started) {
    const config = require('../config.js');  // the city's intake (https://…/), kept beside app.js
    const core = require('../core/core.js');  // the one core module the package carries (assemble.sh)
    const host = wechatHost({
      wx, WXWebAssembly, createTongbanCore: core.create, module: core.name, wasmPath: `/core/${core.name}.wasm.br`, intake: config.intake,
    });
    useHost(host);
    started = host.ready().then(async () => { await loadStrings(); return host; }).catch((e) => { started = null; throw e; });
  }
  return started;
}

// Guide updates, as the H5 shell does them: checked at launch and whenever the network returns,
// applied only after the core verified them (guides-store.js); the person is told in a toast. A
// refused update keeps the installed catalogue and is only logged (nothing personal in it).
let watching = false;
export async function updateGuides() {
  const host = await start();
  if (!watching) {
    watching = true;
    host.onConnectivityChange((online) => { if (online) updateGuides().catch(() => {}); });
  }
  try {
    const r = await checkForUpdate();
    if (r) wx.showToast({ title: '办事指南已更新到最新版本', icon: 'none', duration: 3000 });
    return r;
  } catch (e) {
    console.warn('guide update refused:', e.message);
    return { refused: e.message };
  }
}
export { wechatTemplates, subscribeWechat } from '../../mobile-shell/js/notices.js';
