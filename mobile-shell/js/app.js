// The phone shell: a hash router and the screens. Every screen is drawn from what the core
// returns (view-models as JSON), so the phone says exactly what the kiosk says.
import { bridge, useHost } from './bridge.js';
import { h5Host } from './hosts/h5.js';
import { call } from './core.js';
import { h, render, whenReleased } from './dom.js';
import { guidesHome, guidesSearch, guidesList, guideItem, guideScenario } from './guides.js';
import { checkForUpdate } from './guides-store.js';
import { applyList, applyForm, applyReview } from './forms.js';
import { mineScreen } from './mine.js';
import { appointScreen } from './submit.js';
import { scanHome, myCode, scanCamera, handOff } from './codes.js';
import { outboxReady, onOutboxChange, onUploadProgress } from './outbox.js';
import { S, loadStrings } from './strings.js';
import { elderlyMode, chooseElderly } from './elderly.js';
import { finishSignInOnStart } from './signin.js';

useHost(h5Host);

const view = document.getElementById('view');
const titleEl = document.getElementById('title');
const backBtn = document.getElementById('back');
const elderlyBtn = document.getElementById('elderly');
const offlineEl = document.getElementById('offline');

const state = {
  elderly: elderlyMode(),
  home: null,
};

// Line icons as inline SVG (emoji fonts are missing on many phones and kiosks).
const ICON_PATHS = {
  guides: 'M7 3h10a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm2 5h6m-6 4h6m-6 4h4',
  scan: 'M4 8V4h4m8 0h4v4m0 8v4h-4M8 20H4v-4m5-7h6v6H9z',
  apply: 'M7 3h10a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm1.5 9.5 2.5 2.5 5-5',
  mine: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 9a7 7 0 0 1 14 0',
};
function icon(key) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICON_PATHS[key] || '');
  svg.append(path);
  return svg;
}

function setTitle(text, canGoBack) {
  titleEl.textContent = text;
  document.title = `${text} · ${S.ProductName}`;
  backBtn.hidden = !canGoBack;
}

function applyElderly() {
  document.documentElement.classList.toggle('elderly', state.elderly);
  elderlyBtn.setAttribute('aria-pressed', String(state.elderly));
  // Until the core's table is in, the page's own label (index.html) stays.
  const label = state.home ? state.home.elderly_toggle_label : (state.elderly ? S.ElderlyOff : S.ElderlyOn);
  if (label) elderlyBtn.textContent = label;
}

async function showHome(ctx) {
  state.home = await call('home', { elderly: state.elderly });
  applyElderly();
  ctx.setTitle(state.home.title, false);
  render(ctx.view,
    h('p', { class: 'subtitle' }, state.home.subtitle),
    h('nav', { class: 'entries', 'aria-label': '主要功能' },
      state.home.entries.map((e) =>
        h('a', { class: `entry entry-${e.key}`, href: `#/${e.key}`, dataset: { entry: e.key } },
          h('span', { class: 'entry-icon' }, icon(e.key)),
          h('span', { class: 'entry-title' }, e.title),
          h('span', { class: 'entry-hint' }, e.hint)))));
}

// Each navigation draws through a context of its own. A screen still at work when the person has
// moved on (我的 redrawn after 使用示范身份, finishing after 我的办件 opened) then draws into a
// detached node and sets no title: it never covers the screen now shown.
let navigation = 0;
function screenContext() {
  const mine = ++navigation;
  const scratch = document.createElement('div');
  const current = () => mine === navigation;
  return {
    get view() { return current() ? view : scratch; },
    setTitle: (text, canGoBack) => { if (current()) setTitle(text, canGoBack); },
    current,
  };
}

// Routes: #/ (home), #/guides[/search/<q> | /event/<id> | /dept/<id> | /item/<id> | /scenario/<id>/<answers>],
// #/apply[/<item>[/review | /field/<path>]], #/scan[/mine | /camera], #/mine[/applications], #/appoint/<item>,
// #/handoff/<item>. A screen may return the element to focus (修改 goes back to a field); otherwise
// the screen starts at the top.
const routes = {
  '': showHome,
  guides: (ctx, sub, a, b) => {
    if (sub === 'search') return guidesSearch(ctx, a || '');
    if (sub === 'event' || sub === 'dept') return guidesList(ctx, sub, a);
    if (sub === 'item') return guideItem(ctx, a);
    if (sub === 'scenario') return guideScenario(ctx, a, b || '');
    return guidesHome(ctx);
  },
  scan: (ctx, sub) => (sub === 'mine' ? myCode(ctx) : sub === 'camera' ? scanCamera(ctx) : scanHome(ctx)),
  handoff: (ctx, item) => handOff(ctx, item),
  apply: (ctx, item, sub, path) => (!item ? applyList(ctx) : sub === 'review' ? applyReview(ctx, item)
    : applyForm(ctx, item, sub === 'field' ? path : null)),
  mine: (ctx, sub) => mineScreen(ctx, sub),
  appoint: (ctx, item) => appointScreen(ctx, item),
};

async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map((p) => decodeURIComponent(p));
  const [name, ...rest] = parts;
  const screen = routes[name] || showHome;
  const ctx = screenContext();
  let target = null;
  try {
    await loadStrings();
    target = await screen(ctx, ...rest);
  } catch (e) {
    render(ctx.view, h('p', { class: 'error', role: 'alert' }, `出错了：${e.message}`));
  }
  if (!ctx.current()) return;  // moved on meanwhile: the newer navigation places focus
  if (target instanceof Element) {
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  } else {
    window.scrollTo(0, 0);
    view.focus({ preventScroll: true });
  }
  window.__tbBoot.rendered = window.__tbBoot.rendered || performance.now();
  document.body.dataset.screen = [name || 'home', rest[0]].filter(Boolean).join('-');
}

elderlyBtn.addEventListener('click', async () => {
  state.elderly = !state.elderly;
  chooseElderly(state.elderly);
  if (state.home) state.home = await call('home', { elderly: state.elderly });
  applyElderly();
});
backBtn.addEventListener('click', () => history.length > 1 ? history.back() : (location.hash = '#/'));
// Guide updates: checked at start and whenever the network comes back; applied only after the
// core verified them (see guides-store.js).
const toast = document.getElementById('toast');
async function updateGuides() {
  try {
    const r = await checkForUpdate();
    if (r) {
      toast.textContent = '办事指南已更新到最新版本';
      toast.hidden = false;
      setTimeout(() => { toast.hidden = true; }, 4000);
      document.body.dataset.guidesVersion = String(r.version);
    }
  } catch (e) {
    console.warn('guide update refused:', e.message);
    document.body.dataset.guidesUpdateError = e.message;
  }
}
// The offline banner says what still works and how many submissions wait for the network.
let queued = 0;
function showConnectivity(online) {
  offlineEl.hidden = online && queued === 0;
  offlineEl.textContent = online
    ? `${queued} 件办件正在发送…`
    : `当前离线：已保存的指南仍可查看${queued ? `；${queued} 件办件待发送，联网后自动提交` : ''}`;
  offlineEl.dataset.queued = String(queued);
}
// Above the screen: shown or hidden while a finger is down, it would move the control being tapped.
onOutboxChange((r) => {
  document.body.dataset.outboxQueued = String(r.queued);
  queued = r.queued;
  whenReleased('connectivity', () => showConnectivity(bridge.isOnline()), false);
});
onUploadProgress((have) => { document.body.dataset.uploaded = String(have); });
bridge.onConnectivityChange((online) => {
  whenReleased('connectivity', () => showConnectivity(online), false);
  if (online) updateGuides();
});
showConnectivity(bridge.isOnline());
window.addEventListener('hashchange', route);

applyElderly();
loadStrings().then(applyElderly, () => {});  // the label once the table is in; a failure is route()'s to say
// Back from the city's identity provider: the sign-in is finished (or its failure said) on 我的.
finishSignInOnStart().then(route).then(async () => {
  // The version comes from the core module; which build it is (wasm32-emscripten) is for support
  // staff and tests, not for the screen.
  const v = await call('version');
  const about = document.getElementById('about');
  about.textContent = `${S.ProductName} ${v.version}`;
  about.dataset.platform = v.platform;
  updateGuides();
  // Whatever waited in the outbox from an earlier visit goes out now (or when the network returns).
  outboxReady().catch((e) => console.warn('outbox:', e.message));
});
