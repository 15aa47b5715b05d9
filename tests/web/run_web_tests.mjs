// The web builds in real headless Chromium (Debian's), served by the real `tongban serve`:
// the mobile shell (phone) and the web kiosk (same C++ UI as the native kiosk, on WebGL).
//   node run_web_tests.mjs --site DIR --tongban PATH --out DIR
import { parseArgs, startServer, launchChromium, waitFor, ensureDir, makeRunner, assert, assertEq, sleep }
  from '../lib/harness.mjs';

const args = parseArgs();
const out = ensureDir(args.out || 'web-artifacts');
const t = makeRunner('web.chromium');
const server = await startServer(args.tongban, args.site);
const browser = await launchChromium();
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function newPage(options = {}) {
  const page = await browser.context.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { page, errors };
}

try {
  await t.check('mobile shell: home drawn from the core module, in real HTML', async () => {
    const { page, errors } = await newPage(phone);
    await page.goto(server.url);
    await page.waitForSelector('.entry');
    const titles = await page.$$eval('.entry-title', (els) => els.map((e) => e.textContent));
    assertEq(titles, ['办事指南', '扫码', '我要办', '我的 / 查询'], 'entry titles');
    // The footer's version comes from the WebAssembly core, not from JavaScript.
    const about = await waitFor(() => page.textContent('#about').then((s) => s.includes('wasm32-emscripten') && s));
    assert(/通办 \d+\.\d+\.\d+/.test(about), `about line: ${about}`);
    assertEq(await page.getAttribute('html', 'lang'), 'zh-CN', 'document language');
    await page.screenshot({ path: `${out}/phone-home.png` });
    assertEq(errors, [], 'page errors');
  });

  await t.check('mobile shell: elderly mode enlarges type and targets, and is remembered', async () => {
    const { page } = await newPage(phone);
    await page.goto(server.url);
    await page.waitForSelector('.entry');
    const small = await page.$eval('.entry-title', (e) => parseFloat(getComputedStyle(e).fontSize));
    await page.click('#elderly');
    await waitFor(() => page.evaluate(() => document.documentElement.classList.contains('elderly')));
    const large = await page.$eval('.entry-title', (e) => parseFloat(getComputedStyle(e).fontSize));
    assert(large >= small * 1.3, `font size ${small} -> ${large}`);
    assertEq(await page.getAttribute('#elderly', 'aria-pressed'), 'true', 'toggle state for screen readers');
    const h = await page.$eval('.entry', (e) => e.getBoundingClientRect().height);
    assert(h >= 150, `entry height in elderly mode: ${h}`);
    await page.screenshot({ path: `${out}/phone-home-elderly.png` });
    await page.reload();
    await page.waitForSelector('.entry');
    assert(await page.evaluate(() => document.documentElement.classList.contains('elderly')), 'remembered after reload');
    await page.click('#elderly');  // back to standard for the other checks
  });

  await t.check('mobile shell: navigation and the core API from the page', async () => {
    const { page } = await newPage(phone);
    await page.goto(server.url);
    await page.click('.entry-guides');
    await waitFor(() => page.evaluate(() => document.body.dataset.screen === 'guides'));
    assertEq(await page.textContent('#title'), '办事指南', 'title');
    assert(await page.isVisible('#back'), 'back button visible');
    await page.click('#back');
    await waitFor(() => page.evaluate(() => document.body.dataset.screen === 'home'));
    const masked = await page.evaluate(async () => (await import('./js/core.js')).call('mask', { kind: 'id', value: '11010519491231002X' }));
    assertEq(masked.masked, '110105********002X', 'masked id from the wasm core');
    const err = await page.evaluate(async () => {
      try { await (await import('./js/core.js')).call('mask', { kind: 'id' }); return null; } catch (e) { return e.message; }
    });
    assertEq(err, "argument 'value' (string) is missing", 'error from the core');
  });

  await t.check('mobile shell: works offline after the first load (service worker)', async () => {
    const { page } = await newPage(phone);
    await page.goto(server.url);
    await page.waitForSelector('.entry');
    await waitFor(() => page.evaluate(async () => !!(await navigator.serviceWorker.ready).active), { what: 'service worker' });
    await page.reload();  // now controlled by the worker
    await waitFor(() => page.evaluate(() => !!navigator.serviceWorker.controller), { what: 'controller' });
    await browser.context.setOffline(true);
    try {
      await page.reload();
      await page.waitForSelector('.entry', { timeout: 10000 });
      assert(await page.isVisible('#offline'), 'offline banner shown');
      await page.screenshot({ path: `${out}/phone-offline.png` });
    } finally {
      await browser.context.setOffline(false);
    }
  });

  await t.check('web kiosk: the ImGui kiosk on WebGL draws the home screen and takes taps', async () => {
    const { page, errors } = await newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}kiosk/?automation=1`);
    const a = await waitFor(() => page.evaluate(() => window.__kioskError ? { error: window.__kioskError } : window.__kioskAutomation),
      { what: 'first kiosk frame', timeout: 30000 });
    assert(!a.error, `kiosk failed: ${a.error}`);
    assertEq(a.screen, 'home', 'screen');
    assertEq(a.targets.filter((x) => x.id.startsWith('entry.')).map((x) => x.label),
      ['办事指南', '扫码', '我要办', '我的 / 查询'], 'entry labels');
    assertEq(a.missing_glyphs, 0, 'missing glyphs');
    await sleep(200);
    await page.screenshot({ path: `${out}/kiosk-web-home.png` });
    const toggle = a.targets.find((x) => x.id === 'toggle.elderly');
    await page.mouse.click(toggle.x + toggle.w / 2, toggle.y + toggle.h / 2);
    await waitFor(() => page.evaluate(() => window.__kioskAutomation.elderly === true), { what: 'elderly mode' });
    const g = (await page.evaluate(() => window.__kioskAutomation)).targets.find((x) => x.id === 'entry.guides');
    await page.mouse.click(g.x + g.w / 2, g.y + g.h / 2);
    await waitFor(() => page.evaluate(() => window.__kioskAutomation.screen === 'guides'), { what: 'guides screen' });
    await sleep(200);
    await page.screenshot({ path: `${out}/kiosk-web-guides-elderly.png` });
    assertEq(errors, [], 'page errors');
  });
} finally {
  await browser.close();
  await server.stop();
}
t.finish();
