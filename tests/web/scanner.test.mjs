// The phone's QR scanner module (mobile-shell/js/scanner.js) in real headless Chromium, served from
// the assembled site by the real `tongban serve`:
//   - the site ships zxing-wasm (module, chunk, .wasm) and our scan module (tongban-scan: the passes
//     over a frame), and none of them is loaded before a scan starts;
//   - scanImageFile reads a PNG made by `tongban code render` (and returns [] for a blank or broken file);
//   - scanFrames opens the camera through the H5 host and decodes a fake camera (Chromium's file-backed fake
//     capture device fed a .y4m video of the rendered code), then releases it when aborted;
//   - scanFrames on a stream the caller provides (canvas.captureStream());
//   - every request stays on the local server (no CDN);
// and the browser kiosk reading a hall's service code from its webcam (kiosk/?camera=1).
//   node tests/web/scanner.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { testPaths, startServer, launchChromium, sourceRoot } from '../lib/harness.mjs';
import { writeY4m } from '../lib/y4m.mjs';
import { chain } from '../lib/steps.mjs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
const W = 640, H = 480;
// The code under test, rendered by the CLI.
const TEXT = 'TBS1:6BFOXN*TS0BI$ZD4N9:9S6RCVN5+O30K3/XIV0W23NTDEPWK G2EP4J0B';
const TEXT_ZH = '青禾市政务服务中心 一窗受理';
// A camera's view of a code: the code on a 640x480 grey frame (ImageMagick), as a Y4M video (4:2:0,
// the chroma planes neutral) for Chromium's fake capture device.
const fakeCamera = (y4m) => ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`];

let tmp, server;
before(async () => {
  tmp = mkdtempSync('/tmp/tongban-scanner-');
  execFileSync(paths.tongban, ['code', 'render', TEXT, '-o', join(tmp, 'code.png'), '--scale', '6']);
  execFileSync(paths.tongban, ['code', 'render', TEXT_ZH, '-o', join(tmp, 'zh.png'), '--scale', '4']);
  server = await startServer(paths.tongban, paths.site);
}, { timeout: 30000 });
after(async () => {
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('phone scanner module (js/scanner.js) with a fake camera', () => {
  let browser, page, errors, offsite, zxingLoads, blobCall;
  before(async () => {
    // The frame is slightly tilted and soft.
    const grey = execFileSync('convert', [join(tmp, 'code.png'), '-resize', '300x300', '-background', 'rgb(200,200,200)', '-rotate', '8',
      '-gravity', 'center', '-extent', `${W}x${H}`, '-blur', '0x0.7', '-depth', '8', 'gray:-'], { maxBuffer: 1 << 24 });
    assert.ok(grey.length === W * H, `ImageMagick gave ${grey.length} bytes, not ${W * H}`);
    browser = await launchChromium({ args: fakeCamera(writeY4m(join(tmp, 'camera.y4m'), W, H, [{ grey, frames: 20 }])) });
    await browser.context.grantPermissions(['camera'], { origin: server.url.replace(/\/$/, '') });
    offsite = [];
    browser.context.on('request', (r) => { const u = r.url(); if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')) offsite.push(u); });
    page = await browser.context.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForLoadState('load');
    zxingLoads = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /zxing|tongban-scan/.test(n)));
    blobCall = (png, fn) => page.evaluate(async ({ b64, fn }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const file = new File([bytes], 'photo.png', { type: 'image/png' });
      return window.scanner[fn](file);
    }, { b64: png.toString('base64'), fn });
  }, { timeout: 60000 });
  after(async () => {
    await page?.screenshot({ path: join(out, 'scanner.png') }).catch(() => {});
    await browser?.close();
  });

  test('the site ships the scanner, zxing-wasm (module, chunk, wasm) and the scan module', { timeout: 60000 }, async () => {
    for (const f of ['js/scanner.js', 'vendor/zxing-wasm/es/reader/index.js', 'vendor/zxing-wasm/es/share.js',
      'vendor/zxing-wasm/reader/zxing_reader.wasm', 'tongban-scan.js', 'tongban-scan.wasm']) assert.ok(existsSync(join(paths.site, f)), `${f} missing from the site`);
  });

  // One page throughout: the module imported by the first step is the one the later steps use, and
  // what it loaded is what the last step checks.
  const step = chain();
  step('nothing of zxing or the scan module is loaded at start, nor by importing the scanner module', { timeout: 60000 }, async () => {
    assert.deepEqual(await zxingLoads(), [], 'zxing requests after the app loaded');
    await page.evaluate(async () => { window.scanner = await import('./js/scanner.js'); });
    assert.deepEqual(await zxingLoads(), [], 'zxing requests after importing js/scanner.js');
  });

  step('scanImageFile reads a PNG rendered by `tongban code render`', { timeout: 60000 }, async () => {
    assert.deepEqual(await blobCall(readFileSync(join(tmp, 'code.png')), 'scanImageFile'), [TEXT], 'texts');
    assert.deepEqual(await blobCall(readFileSync(join(tmp, 'zh.png')), 'scanImageFile'), [TEXT_ZH], 'UTF-8 texts');
  });

  step('the reader was loaded from this site only once a scan started', { timeout: 60000 }, async () => {
    const loads = await zxingLoads();
    assert.ok(loads.some((u) => u.startsWith(server.url) && u.endsWith('/vendor/zxing-wasm/reader/zxing_reader.wasm')), `wasm not fetched from the site: ${loads}`);
    assert.ok(loads.some((u) => u.startsWith(server.url) && u.endsWith('/tongban-scan.wasm')), `the scan module not fetched from the site: ${loads}`);
    assert.ok(loads.every((u) => u.startsWith(server.url)), `zxing fetched from elsewhere: ${loads}`);
  });

  step('scanImageFile: a photo without a code gives [], a broken file gives [] (no throw)', { timeout: 60000 }, async () => {
    const blank = execFileSync('convert', ['-size', '320x240', 'xc:white', 'png:-']);
    assert.deepEqual(await blobCall(blank, 'scanImageFile'), [], 'blank');
    assert.deepEqual(await blobCall(Buffer.from('this is not an image at all'), 'scanImageFile'), [], 'garbage');
  });

  step('scanFrames opens the (fake) camera, decodes its frames and releases it when aborted', { timeout: 60000 }, async (t) => {
    const r = await page.evaluate(async () => {
      window.h5Host = (await import('./js/hosts/h5.js')).h5Host;  // the camera comes from the host
      const video = document.createElement('video');
      document.body.append(video);
      const stop = new AbortController();
      const texts = [];
      const t0 = performance.now();
      let firstMs = null;
      const got = new Promise((resolve) => {
        window.scanner.scanFrames(video, (text) => { texts.push(text); if (firstMs === null) firstMs = performance.now() - t0; resolve(); },
          { signal: stop.signal, openCamera: () => window.h5Host.openCamera() })
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
    t.diagnostic(`camera "${r.cameraWas}" ${r.size}, first text after ${Math.round(r.firstMs)} ms`);
    assert.deepEqual(r.texts.slice(0, 1), [TEXT], 'first text from the camera');
    assert.ok(r.size === `${W}x${H}`, `the camera should be the fake 640x480 file, got ${r.size}`);
    assert.ok(r.released, 'the camera was not released after abort');
  });

  step('scanFrames on a stream the page provides (canvas.captureStream), same text reported once', { timeout: 60000 }, async () => {
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
    assert.deepEqual(r.texts, [TEXT_ZH], 'texts (once)');
    assert.ok(r.kept, "the caller's stream must be left alone");
  });

  // Damaged codes (made by Debian's qrencode, photographed in software by the benchmark's frame
  // maker, with its own seed): readFrame's passes — made by the scan module from the native path's own
  // source (scan/frame_passes.h), read by zxing-wasm — read what the native path reads
  // (tests/core/test_qr_damage.cpp).
  // Without a budget, so the result does not depend on the machine's load; the benchmark measures
  // what fits 40 ms a frame.
  step('readFrame reads glare and noisy, rotated codes, and nothing in a frame without one', { timeout: 120000 }, async () => {
    const frames = join(tmp, 'damaged.bin');
    execFileSync(join(dirname(paths.tongban), 'bench', 'bench_qr_decode'), ['--samples', 'none', '--frames', frames, '--synthetic', '0',
      '--empty', '6', '--damaged', '12', '--reps', '1', '--seed', '1805'], { maxBuffer: 1 << 24 });
    const r = await page.evaluate(async (b64) => {
      const buf = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
      const dv = new DataView(buf), dec = new TextDecoder(), kinds = ['synthetic', 'photo', 'empty', 'sample', 'glare', 'noisy-rotated'];
      const zx = await window.scanner.loadReader();
      const out = {}, w0 = 640, h0 = 480;
      let last = null;
      for (let i = 0, at = 12, n = dv.getUint32(8, true); i < n; i++) {
        const kind = kinds[dv.getUint32(at, true)], w = dv.getUint32(at + 4, true), h = dv.getUint32(at + 8, true), nl = dv.getUint32(at + 12, true);
        at += 16 + nl;
        const tl = dv.getUint32(at, true);
        const expected = dec.decode(new Uint8Array(buf, at + 4, tl));
        at += 4 + tl;
        const grey = new Uint8Array(buf, at, w * h);
        at += w * h;
        const rgba = new Uint8ClampedArray(w * h * 4);
        for (let p = 0; p < w * h; p++) { rgba[4 * p] = rgba[4 * p + 1] = rgba[4 * p + 2] = grey[p]; rgba[4 * p + 3] = 255; }
        last = { kind, grey, rgba };
        const texts = await window.scanner.readFrame(zx, new ImageData(rgba, w, h), { budgetMs: Infinity });
        const k = (out[kind] ||= { n: 0, read: 0, wrong: 0 });
        k.n++;
        if (expected ? texts[0] === expected : texts.length === 0) k.read++;
        else if (texts.length) k.wrong++;
      }
      // The last frame's pixels, and those of its last pass, were wiped once it was read.
      const m = zx.passes, frame = m._tb_scan_frame(w0, h0);
      out.leftFrame = m.HEAPU8.subarray(frame, frame + 4 * w0 * h0).some((v) => v !== 0);
      out.leftPass = m.HEAPU8.subarray(m._tb_scan_image(), m._tb_scan_image() + 4 * m._tb_scan_width() * m._tb_scan_height()).some((v) => v !== 0);
      // Nor anywhere else in the module's memory: a noisy, rotated frame's passes made one by one
      // (the frame in grey, each pass's image: the redrawn symbol among them), a stretch of 48
      // pixels from the middle of each noted, everything forgotten, then the whole heap searched
      // for those stretches (freed blocks included).
      const noisy = last.kind === 'noisy-rotated' ? last : null;
      out.lastKind = last.kind;
      if (noisy) {
        const stretches = [];
        const note = (grey, w, h) => {
          const at = (h >> 1) * w + (w >> 1) - 24, s = new Uint8Array(48);
          for (let k = 0; k < 48; k++) s[k] = grey(at + k);
          if (s.some((v) => v !== s[0])) stretches.push(s);
        };
        m.HEAPU8.set(noisy.rgba, m._tb_scan_frame(w0, h0));
        note((p) => noisy.grey[p], w0, h0);
        const count = m._tb_scan_begin();
        out.passesMade = 0;
        for (let i = 0; i < count; i++) {
          if (m._tb_scan_pass(i) !== 2) continue;
          out.passesMade++;
          const img = m._tb_scan_image(), w = m._tb_scan_width(), h = m._tb_scan_height();
          const copy = m.HEAPU8.slice(img, img + 4 * w * h);
          note((p) => copy[4 * p], w, h);
        }
        m._tb_scan_forget();
        const heap = m.HEAPU8;
        out.stretches = stretches.length;
        out.where = [];
        out.stretchesLeft = stretches.filter((s, idx) => {
          for (let p = heap.indexOf(s[0]); p >= 0 && p + 48 <= heap.length; p = heap.indexOf(s[0], p + 1)) {
            let k = 1;
            while (k < 48 && heap[p + k] === s[k]) k++;
            if (k === 48) { out.where.push([idx, p, heap.length]); return true; }
          }
          return false;
        }).length;
      }
      return out;
    }, readFileSync(frames).toString('base64'));
    // What the reader reads today on these frames (a floor, as in the native test): 11 of 12 each.
    for (const kind of ['glare', 'noisy-rotated']) {
      assert.equal(r[kind].n, 12);
      assert.ok(r[kind].read >= 11, `${kind}: ${r[kind].read} of 12 read`);
      assert.equal(r[kind].wrong, 0, `${kind}: a wrong text`);
    }
    assert.deepEqual(r.empty, { n: 6, read: 6, wrong: 0 }, 'frames without a code must give nothing');
    assert.equal(r.leftFrame, false, 'the scan module kept the last frame\'s pixels');
    assert.equal(r.leftPass, false, 'the scan module kept its last pass\'s pixels');
    assert.equal(r.lastKind, 'noisy-rotated', 'the frames end with a noisy, rotated one');
    assert.ok(r.passesMade >= 8 && r.stretches >= 8, `${r.passesMade} passes made, ${r.stretches} stretches noted`);
    assert.equal(r.stretchesLeft, 0, `${JSON.stringify(r.where)} ${r.stretchesLeft} of ${r.stretches} stretches of a frame or its passes left in the scan module's memory`);
  });

  step('scanFrames with an already aborted signal returns at once', { timeout: 60000 }, async () => {
    const r = await page.evaluate(async () => {
      const c = new AbortController();
      c.abort();
      const s = await window.scanner.scanFrames(document.createElement('video'), () => {}, { signal: c.signal });
      await s.done;
      return true;
    });
    assert.ok(r, 'did not return');
  });

  step('no request left the local server; no page errors', { timeout: 60000 }, async () => {
    assert.deepEqual(offsite, [], 'requests to other origins');
    assert.deepEqual(errors, [], 'page errors');
  });
});

// The browser kiosk with a webcam (kiosk/?camera=1): a hall's service code held up to the camera is
// read through the same scanner module, verified by the kiosk and opens its guide.
describe('browser kiosk with a webcam', () => {
  let browser, page, errors;
  before(async () => {
    const service = execFileSync(paths.tongban, ['code', 'issue', 'service', '--item', 'sfz-buling', '--key',
      join(sourceRoot, 'assets/demo-keys/code-issuer.key')]).toString().trim().split('\n').pop();
    execFileSync(paths.tongban, ['code', 'render', service, '-o', join(tmp, 'service.png'), '--scale', '4']);
    const grey = execFileSync('convert', [join(tmp, 'service.png'), '-background', 'rgb(200,200,200)', '-gravity', 'center',
      '-extent', `${W}x${H}`, '-depth', '8', 'gray:-'], { maxBuffer: 1 << 24 });
    browser = await launchChromium({ args: fakeCamera(writeY4m(join(tmp, 'service.y4m'), W, H, [{ grey, frames: 20 }])),
      viewport: { width: 1280, height: 800 } });
    await browser.context.grantPermissions(['camera'], { origin: server.url.replace(/\/$/, '') });
    page = await browser.context.newPage();
    errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
  }, { timeout: 60000 });
  after(() => browser?.close());

  test('browser kiosk with ?camera=1: a service code held to the webcam is verified and opens its guide', { timeout: 60000 }, async () => {
    await page.goto(`${server.url}kiosk/?camera=1&automation=1`);
    await page.waitForFunction(() => window.__kioskAutomation && window.__kioskAutomation.screen === 'guide-item' &&
      window.__kioskAutomation.arg === 'sfz-buling', null, { timeout: 30000 });
    await page.screenshot({ path: join(out, 'kiosk-web-camera.png') });
    assert.deepEqual(errors, [], 'page errors');
  });
});
