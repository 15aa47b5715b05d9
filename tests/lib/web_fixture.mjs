// What every web test file starts in its before() hook and stops in after(): the server the product
// runs (`tongban serve`: the site, the intake on SQLite with the demo intake key, devices that
// register themselves, the demo credential desk), one headless Chromium profile of its own, pages
// that collect their errors, and the CLI for the department's side. Each file gets its own server
// port, profile and intake, so the files run in parallel.
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { startServer, launchChromium, waitFor, demoKeysDir } from './harness.mjs';

export const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const kioskScreen = { viewport: { width: 1920, height: 1080 } };
// What a page logs while the network is down on purpose.
export const offlineNoise = /ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/;

// `device`: the browser's device options for every page (the `phone` above, for touch taps).
// `tongban serve` as the product runs it, with an intake of its own: { url, intakeDir, intakeDb,
// stop() } (the intake's folder is removed by stop()).
// `keys`: the demo deployment's keys (harness testPaths: the suite's).
// `extraArgs`, `port`: more of serve's options (real-name sign-in), on a port known beforehand.
export async function startProductServer({ site, tongban, keys = demoKeysDir('ed25519') }, { extraArgs = [], port = null } = {}) {
  const intakeDir = mkdtempSync('/tmp/tongban-web-intake-');
  const intakeDb = `sqlite:${intakeDir}/intake.db`;
  const server = await startServer(tongban, site, ['--db', intakeDb, '--intake-key', `${keys}/intake.key`,
    '--open-registration', '--code-issuer', `${keys}/code-issuer.key`, ...extraArgs], port);
  return {
    url: server.url, intakeDir, intakeDb, log: server.output,
    async stop() {
      await server.stop();
      rmSync(intakeDir, { recursive: true, force: true });
      assertNothingPersonalLogged(server.output(), site);
    },
  };
}

// The server's whole log of a run (every web test's, at its end) holds nothing of the demo resident
// the tests apply as: not the name, the ID number, the mobile or the street address (docs/DEPLOYING.md,
// "Logs"). It does hold the access log, so an empty log cannot pass for a clean one.
export function assertNothingPersonalLogged(log, site) {
  const resident = JSON.parse(readFileSync(`${site}/data/demo/profile.json`, 'utf8'));
  const street = resident.address.split('|').pop();
  for (const [what, value] of [['name', resident.name], ['ID number', resident.id], ['mobile', resident.mobile], ['address', street]])
    assert.ok(!log.includes(value), `the server logged the demo resident's ${what} (${value})`);
  assert.match(log, /access GET "\/" 200 \d+ B/, 'the server logs an access line per request');
}

// `args`: Chromium flags beside the common ones (a fake camera).
export async function startWeb({ site, tongban, keys }, { device, args, serverArgs, port } = {}) {
  const server = await startProductServer({ site, tongban, keys }, { extraArgs: serverArgs, port });
  const { intakeDir, intakeDb } = server;
  const browser = await launchChromium({ device, args }).catch(async (e) => { await server.stop(); throw e; });
  const web = {
    url: server.url, context: browser.context, intakeDir, intakeDb, log: server.log,
    cli: (...a) => execFileSync(tongban, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    async newPage(options = {}) {
      const page = await browser.context.newPage();
      if (options.viewport) await page.setViewportSize(options.viewport);
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text() + (m.location()?.url ? ` (${m.location().url})` : '')); });
      return { page, errors };
    },
    // The web kiosk (kiosk/?automation=1) on its home screen, read through its automation frames.
    // It takes what a keyboard-wedge scanner types: the code's text, then Enter. A scanner types far
    // faster than the kiosk draws, so every key goes into Chromium's input queue at once (trusted
    // key events over CDP) instead of one at a time as page.keyboard.type does, which waits for each
    // key to be handled: about half a second a key for the kiosk on SwiftShader on a busy machine,
    // minutes for a 300-character code, long enough for a rotating code to expire.
    // `query`: more of the page's options ('document-camera=1').
    async openKiosk({ query = '' } = {}) {
      const { page, errors } = await web.newPage(kioskScreen);
      await page.goto(`${server.url}kiosk/?automation=1${query ? `&${query}` : ''}`);
      const frameAfter = async (pred, what, timeout = 20000) => waitFor(async () => {
        const a = await page.evaluate(() => window.__kioskError ? { error: window.__kioskError } : window.__kioskAutomation);
        if (a && a.error) throw new Error(`kiosk failed: ${a.error}`);
        return a && pred(a) ? a : null;
      }, { what, timeout });
      const home = await frameAfter((b) => b.screen === 'home', 'web kiosk home');
      const click = async (x) => page.mouse.click(x.x + x.w / 2, x.y + x.h / 2);
      const cdp = await page.context().newCDPSession(page);
      const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 };
      const scan = (text) => Promise.all([...[...text].map((ch) => ({ key: ch })), enter].flatMap((k) => [
        cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...k, text: k === enter ? '\r' : k.key }),
        cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...k }),
      ]));
      // A finger drawing a stroke, as on the native kiosk: the stroke starts on the frame that sees
      // the press, then the moves. The moves go into Chromium's input queue at once (CDP), as a
      // finger's do: page.mouse.move waits for each to be handled, half a second apiece for the
      // kiosk on SwiftShader.
      const mouse = (type, [x, y]) => cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1 });
      const stroke = async (points) => {
        await page.mouse.move(...points[0]);
        const before = (await page.evaluate(() => window.__kioskAutomation)).frame;
        await mouse('mousePressed', points[0]);
        await frameAfter((b) => b.frame > before, 'the press drawn');
        await Promise.all([...points.slice(1).map((p) => mouse('mouseMoved', p)), mouse('mouseReleased', points[points.length - 1])]);
      };
      return { page, errors, home, frameAfter, click, scan, stroke };
    },
    // Waits until the phone shell's service worker (scope /, registered by the page it is on) is
    // active, and reloads so the page is under its control: from then on the site works offline.
    async controlledByServiceWorker(page) {
      await waitFor(() => page.evaluate(async () => !!(await navigator.serviceWorker.ready).active), { what: 'service worker' });
      await page.reload();  // now controlled by the worker
      await waitFor(() => page.evaluate(() => !!navigator.serviceWorker.controller), { what: 'controller' });
    },
    // The phone's demo wallet (张丽华, masked 张*华), which prefills forms and carries the personal code.
    async useDemoWallet(page) {
      await page.goto(`${server.url}#/mine`);
      await page.click('#use-demo');
      await waitFor(() => page.textContent('#mine-name').then((t) => t === '张*华'), { what: 'demo wallet (masked name)' });
    },
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
  return web;
}
