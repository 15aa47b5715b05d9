// The mini-program's pages under miniprogram-simulate (npm), in this Node process made to look
// like the host (wechat_host.mjs): a DOM for the simulator (jsdom), the shim's wx and
// WXWebAssembly as globals, and no TextDecoder, atob, WebCrypto or eval for the package's code.
//   const mp = setUpPages(copy)          copy: miniProgramCopy(...)
//   const page = await mp.open('form', { item })   a page built and loaded as the host navigates
//   mp.tap(page, '#id'), mp.event(page, '#id', 'blur', { value })
//   mp.followed()                        the page the last navigateTo/redirectTo named, opened
//   await mp.launch()                    what the host does first: app.js's App({onLaunch}) run
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { becomeMiniProgram } from './wechat_host.mjs';
import { waitFor } from './harness.mjs';

const require = createRequire(import.meta.url);

export function setUpPages(copy) {
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  for (const name of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'getComputedStyle', 'requestAnimationFrame']) {
    globalThis[name] = name === 'window' ? dom.window : dom.window[name];
  }
  const simulate = require('miniprogram-simulate');  // installs Component() and its own wx mock…
  becomeMiniProgram(copy.shim);                        // …which the host stand-in replaces
  const ids = new Map();
  const mp = {
    simulate,
    async open(name, query = {}) {
      const path = join(copy.dir, 'pages', name, name);
      if (!ids.has(path)) ids.set(path, simulate.load(path, { compiler: 'simulate', rootPath: copy.dir }));
      const page = simulate.render(ids.get(path));
      page.attach(document.createElement('parent-wrapper'));
      await page.instance.onLoad(query);  // what the host does when it shows the page
      return page;
    },
    async launch() {
      let app = null;
      globalThis.App = (definition) => { app = definition; };
      require(join(copy.dir, 'app.js'));
      if (!app) throw new Error('app.js did not call App()');
      return app.onLaunch();
    },
    // The page the last navigation asked for, opened with its query.
    followed() {
      const url = copy.shim.navigations.at(-1);
      const [route, qs] = url.split('?');
      const name = route.split('/').pop();
      return mp.open(name, Object.fromEntries(new URLSearchParams(qs || '')));
    },
    async tap(page, selector) {
      const node = page.querySelector(selector);
      if (!node) throw new Error(`no ${selector} on the page: ${page.dom.textContent.slice(0, 300)}`);
      node.dispatchEvent('tap');
      await settle(page);
    },
    async event(page, selector, type, detail) {
      const node = page.querySelector(selector);
      if (!node) throw new Error(`no ${selector} on the page`);
      node.dispatchEvent(type, { detail });
      await settle(page);
    },
    text: (page) => page.dom.textContent.replace(/\s+/g, ' '),
  };
  return mp;
}

// Handlers are asynchronous (the core is behind promises): waits until the page's data stops changing.
async function settle(page) {
  let last = null, same = 0;
  await waitFor(() => {
    const now = JSON.stringify(page.instance.data);
    same = now === last ? same + 1 : 0;
    last = now;
    return same >= 3;
  }, { interval: 30, timeout: 20000, what: 'the page to settle' });
}
