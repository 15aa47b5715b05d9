// The phone's QR scanner module (mobile-shell/js/scanner.js) in real headless Chromium, served from
// the assembled site by the real `tongban serve`:
//   - the site ships zxing-wasm (module, chunk, .wasm) and nothing is loaded before a scan starts;
//   - scanImageFile reads a PNG made by `tongban code render` (and returns [] for a blank or broken file);
//   - scanFrames opens the camera itself and decodes a fake camera (Chromium's file-backed fake
//     capture device fed a .y4m video of the rendered code), then releases it when aborted;
//   - scanFrames on a stream the caller provides (canvas.captureStream());
//   - every request stays on the local server (no CDN).
//   node scanner_check.mjs --site DIR --tongban PATH [--out DIR]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, startServer, ensureDir, makeRunner, assert, assertEq } from '../lib/harness.mjs';
import { writeY4m } from '../lib/y4m.mjs';

const args = parseArgs();
if (!args.site || !args.tongban) {
  console.error('usage: node scanner_check.mjs --site DIR --tongban PATH [--out DIR]');
  process.exit(2);
}
const out = ensureDir(args.out || 'scanner-artifacts');
const t = makeRunner('web.scanner');
const sourceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync('/tmp/tongban-scanner-');
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));  // also when setup throws
const W = 640, H = 480;

// The code under test, rendered by the CLI.
const TEXT = 'TBS1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEPWK G2EP4J0B';
const TEXT_ZH = '青禾市政务服务中心 一窗受理';
execFileSync(args.tongban, ['code', 'render', TEXT, '-o', join(tmp, 'code.png'), '--scale', '6']);
execFileSync(args.tongban, ['code', 'render', TEXT_ZH, '-o', join(tmp, 'zh.png'), '--scale', '4']);

// A camera's view of it: the code on a 640x480 grey frame (ImageMagick), as a Y4M video (4:2:0, the
// chroma planes neutral) for Chromium's fake capture device. The frame is slightly tilted and soft.
const grey = execFileSync('convert', [join(tmp, 'code.png'), '-resize', '300x300', '-background', 'rgb(200,200,200)', '-rotate', '8',
  '-gravity', 'center', '-extent', `${W}x${H}`, '-blur', '0x0.7', '-depth', '8', 'gray:-'], { maxBuffer: 1 << 24 });
assert(grey.length === W * H, `ImageMagick gave ${grey.length} bytes, not ${W * H}`);
const y4m = writeY4m(join(tmp, 'camera.y4m'), W, H, [{ grey, frames: 20 }]);

const server = await startServer(args.tongban, args.site);
const userDataDir = mkdtempSync('/tmp/tongban-scanner-chromium-');
let context = null;
let setupError = null;
try {
  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`],
  });
  await context.grantPermissions(['camera'], { origin: server.url.replace(/\/$/, '') });
  const offsite = [];
  context.on('request', (r) => { const u = r.url(); if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')) offsite.push(u); });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await page.waitForLoadState('load');
  const zxingLoads = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('zxing')));

  await t.check('the site ships the scanner and zxing-wasm (module, chunk, wasm)', async () => {
    for (const f of ['js/scanner.js', 'vendor/zxing-wasm/es/reader/index.js', 'vendor/zxing-wasm/es/share.js',
      'vendor/zxing-wasm/reader/zxing_reader.wasm']) assert(existsSync(join(args.site, f)), `${f} missing from the site`);
  });

  await t.check('nothing of zxing is loaded at start, nor by importing the scanner module', async () => {
    assertEq(await zxingLoads(), [], 'zxing requests after the app loaded');
    await page.evaluate(async () => { window.scanner = await import('./js/scanner.js'); });
    assertEq(await zxingLoads(), [], 'zxing requests after importing js/scanner.js');
  });

  const blobCall = (png, fn) => page.evaluate(async ({ b64, fn }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const file = new File([bytes], 'photo.png', { type: 'image/png' });
    return window.scanner[fn](file);
  }, { b64: png.toString('base64'), fn });

  await t.check('scanImageFile reads a PNG rendered by `tongban code render`', async () => {
    assertEq(await blobCall(readFileSync(join(tmp, 'code.png')), 'scanImageFile'), [TEXT], 'texts');
    assertEq(await blobCall(readFileSync(join(tmp, 'zh.png')), 'scanImageFile'), [TEXT_ZH], 'UTF-8 texts');
  });

  await t.check('the reader was loaded from this site only once a scan started', async () => {
    const loads = await zxingLoads();
    assert(loads.some((u) => u.startsWith(server.url) && u.endsWith('/vendor/zxing-wasm/reader/zxing_reader.wasm')), `wasm not fetched from the site: ${loads}`);
    assert(loads.every((u) => u.startsWith(server.url)), `zxing fetched from elsewhere: ${loads}`);
  });

  await t.check('scanImageFile: a photo without a code gives [], a broken file gives [] (no throw)', async () => {
    const blank = execFileSync('convert', ['-size', '320x240', 'xc:white', 'png:-']);
    assertEq(await blobCall(blank, 'scanImageFile'), [], 'blank');
    assertEq(await blobCall(Buffer.from('this is not an image at all'), 'scanImageFile'), [], 'garbage');
  });

  await t.check('scanFrames opens the (fake) camera, decodes its frames and releases it when aborted', async () => {
    const r = await page.evaluate(async () => {
      const video = document.createElement('video');
      document.body.append(video);
      const stop = new AbortController();
      const texts = [];
      const t0 = performance.now();
      let firstMs = null;
      const got = new Promise((resolve) => {
        window.scanner.scanFrames(video, (text) => { texts.push(text); if (firstMs === null) firstMs = performance.now() - t0; resolve(); }, { signal: stop.signal })
          .then((s) => { window.scanDone = s.done; }, (e) => { texts.push(`ERROR ${e.message}`); resolve(); });
      });
      await Promise.race([got, new Promise((r) => setTimeout(r, 15000))]);
      const cameraWas = video.srcObject ? video.srcObject.getVideoTracks()[0]?.label : null;
      const size = `${video.videoWidth}x${video.videoHeight}`;
      const tracks = video.srcObject ? video.srcObject.getTracks() : [];
      stop.abort();
      if (window.scanDone) await window.scanDone;
      return { texts, firstMs, cameraWas, size, released: video.srcObject === null && tracks.every((tr) => tr.readyState === 'ended') };
    });
    console.log(`       camera "${r.cameraWas}" ${r.size}, first text after ${Math.round(r.firstMs)} ms`);
    assertEq(r.texts.slice(0, 1), [TEXT], 'first text from the camera');
    assert(r.size === `${W}x${H}`, `the camera should be the fake 640x480 file, got ${r.size}`);
    assert(r.released, 'the camera was not released after abort');
  });

  await t.check('scanFrames on a stream the page provides (canvas.captureStream), same text reported once', async () => {
    const r = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = 640; canvas.height = 480;
      const ctx = canvas.getContext('2d');
      let tick = 0;
      const draw = () => { ctx.fillStyle = '#ddd'; ctx.fillRect(0, 0, 640, 480); ctx.drawImage(img, 200 + (tick++ % 3), 100, 260, 260); };
      draw();
      const timer = setInterval(draw, 50);
      const video = document.createElement('video');
      video.srcObject = canvas.captureStream(20);
      const stop = new AbortController();
      const texts = [];
      const s = await window.scanner.scanFrames(video, (text) => texts.push(text), { signal: stop.signal });
      await new Promise((r) => setTimeout(r, 1200));  // ~12 frames: the same code is reported once
      stop.abort();
      await s.done;
      clearInterval(timer);
      return { texts, kept: video.srcObject !== null };
    }, readFileSync(join(tmp, 'zh.png')).toString('base64'));
    assertEq(r.texts, [TEXT_ZH], 'texts (once)');
    assert(r.kept, "the caller's stream must be left alone");
  });

  await t.check('scanFrames with an already aborted signal returns at once', async () => {
    const r = await page.evaluate(async () => {
      const c = new AbortController();
      c.abort();
      const s = await window.scanner.scanFrames(document.createElement('video'), () => {}, { signal: c.signal });
      await s.done;
      return true;
    });
    assert(r, 'did not return');
  });

  await t.check('no request left the local server; no page errors', async () => {
    assertEq(offsite, [], 'requests to other origins');
    assertEq(errors, [], 'page errors');
  });

  await page.screenshot({ path: join(out, 'scanner.png') }).catch(() => {});
} catch (e) {
  setupError = e;  // the checks above report their own failures; this is the harness itself failing
  console.log(`  FAIL setup: ${e.stack || e}`);
} finally {
  if (context) await context.close().catch(() => {});
}

// The browser kiosk with a webcam (kiosk/?camera=1): a hall's service code held up to the camera is
// read through the same scanner module, verified by the kiosk and opens its guide.
const kioskDir = mkdtempSync('/tmp/tongban-scanner-kiosk-chromium-');
let kioskContext = null;
try {
  const service = execFileSync(args.tongban, ['code', 'issue', 'service', '--item', 'sfz-buling', '--key',
    join(sourceRoot, 'assets/demo-keys/code-issuer.key')]).toString().trim().split('\n').pop();
  execFileSync(args.tongban, ['code', 'render', service, '-o', join(tmp, 'service.png'), '--scale', '4']);
  const greyService = execFileSync('convert', [join(tmp, 'service.png'), '-background', 'rgb(200,200,200)', '-gravity', 'center',
    '-extent', `${W}x${H}`, '-depth', '8', 'gray:-'], { maxBuffer: 1 << 24 });
  writeY4m(join(tmp, 'service.y4m'), W, H, [{ grey: greyService, frames: 20 }]);
  const { chromium } = await import('playwright-core');
  kioskContext = await chromium.launchPersistentContext(kioskDir, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${join(tmp, 'service.y4m')}`, '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
  });
  await kioskContext.grantPermissions(['camera'], { origin: server.url.replace(/\/$/, '') });
  const page = await kioskContext.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await t.check('browser kiosk with ?camera=1: a service code held to the webcam is verified and opens its guide', async () => {
    await page.goto(`${server.url}kiosk/?camera=1&automation=1`);
    await page.waitForFunction(() => window.__kioskAutomation && window.__kioskAutomation.screen === 'guide-item' &&
      window.__kioskAutomation.arg === 'sfz-buling', null, { timeout: 30000 });
    await page.screenshot({ path: join(out, 'kiosk-web-camera.png') });
    assertEq(errors, [], 'page errors');
  });
} catch (e) {
  setupError = e;
  console.log(`  FAIL kiosk camera setup: ${e.stack || e}`);
} finally {
  if (kioskContext) await kioskContext.close().catch(() => {});
  rmSync(kioskDir, { recursive: true, force: true });
  await server.stop();
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
}
if (!t.finish() || setupError) process.exitCode = 1;
