// Foundation benchmark: sizes of every shipped artifact; cold start to first render of the mobile
// shell and the web kiosk in headless Chromium (also at 4x CPU throttling, and the shell from a warm
// service-worker cache); native kiosk start to first frame; idle CPU of the native kiosk.
// Peers measured in the same run: ZXing-C++'s own wasm build from npm (size), a static HTML page
// with the same home screen and no WebAssembly (first render).
//   node tools/bench/bench_foundation.mjs [--runs 5] [--no-doc]
import { readdirSync, statSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import zlib from 'node:zlib';
import { parseArgs, startServer, launchBrowser, startXvfb, waitFor, readJson, sleep } from '../../tests/lib/harness.mjs';
import { updatePerformanceDoc, median, kb, verdict, machineLine } from './perf_doc.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = parseArgs();
const runs = Number(args.runs || 5);
const site = join(root, 'build/site');
const tongban = join(root, 'build/native/tools/tongban');
const kioskBin = join(root, 'build/native/kiosk/tongban-kiosk');
const work = join(root, 'build/bench');
mkdirSync(work, { recursive: true });

// ---------- sizes ----------
function sizes(file) {
  const raw = readFileSync(file);
  return {
    raw: raw.length,
    gzip: zlib.gzipSync(raw, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
const artifacts = walk(site).filter((f) => !f.endsWith('.br')).map((f) => ({ name: relative(site, f), ...sizes(f) }));
const sum = (list, k) => list.reduce((a, x) => a + x[k], 0);
const phoneModule = artifacts.filter((a) => /^tongban-phone\.(js|wasm)$/.test(a.name));
const shell = artifacts.filter((a) => !a.name.startsWith('kiosk/') && !a.name.startsWith('data/'));
// What one phone downloads: this site's keys are Ed25519, so never the module with the sm suite
// (js/core.js loads tongban-phone-sm only where the shipped keys are SM2; listed, not counted).
const phoneTotal = shell.filter((a) => !a.name.startsWith('tongban-phone-sm.'));
const kioskWeb = artifacts.filter((a) => a.name.startsWith('kiosk/'));
const zxingPeer = ['node_modules/zxing-wasm/dist/reader/zxing_reader.wasm', 'node_modules/zxing-wasm/dist/full/zxing_full.wasm']
  .map((p) => ({ name: p.replace('node_modules/', ''), ...sizes(join(root, p)) }));

// ---------- browser cold starts ----------
const server = await startServer(tongban, site);
const browser = await launchBrowser();
const baselineHtml = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>baseline</title>
<body><h1>通办</h1><nav>${['办事指南', '扫码', '我要办', '我的 / 查询'].map((t) => `<a href="#">${t}</a>`).join('')}</nav>
<script>window.__r = performance.now();</script></body></html>`;
writeFileSync(join(site, 'bench-baseline.html'), baselineHtml);

async function measure(kind, throttle, warm) {
  const context = await browser.newContext({ viewport: kind === 'kiosk' ? { width: 1920, height: 1080 } : { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const url = { shell: server.url, kiosk: `${server.url}kiosk/?automation=1`, baseline: `${server.url}bench-baseline.html` }[kind];
  const read = {
    shell: () => page.evaluate(() => window.__tbBoot && window.__tbBoot.rendered),
    kiosk: () => page.evaluate(() => window.__kioskAutomation && window.__kioskAutomation.first_frame_ms),
    baseline: () => page.evaluate(() => window.__r),
  }[kind];
  if (warm) {  // first visit installs the service worker; the measured visit is served from it
    await page.goto(url);
    await waitFor(read, { timeout: 60000, what: `${kind} first render` });
    await waitFor(() => page.evaluate(async () => !!(await navigator.serviceWorker.ready).active), { what: 'service worker' });
    await page.goto('about:blank');
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await page.goto(url);
  const ms = await waitFor(read, { timeout: 60000, what: `${kind} first render` });
  await context.close();
  return ms;
}
const starts = {};
for (const [kind, throttle, warm] of [['shell', 1, false], ['shell', 4, false], ['shell', 4, true], ['kiosk', 1, false],
  ['kiosk', 4, false], ['baseline', 1, false], ['baseline', 4, false]]) {
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(await measure(kind, throttle, warm));
  starts[`${kind}-${throttle}x${warm ? '-warm' : ''}`] = median(xs);
}
await browser.close();
rmSync(join(site, 'bench-baseline.html'));
await server.stop();

// ---------- native kiosk: first frame and idle CPU ----------
function cpuTicks(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return Number(rest[11]) + Number(rest[12]);  // utime + stime (fields 14, 15)
}
const xvfb = await startXvfb();
const firstFrames = [], externalFirst = [];
let idleCpu = NaN;
for (let i = 0; i < runs; i++) {
  const auto = join(work, `kiosk-auto-${i}.json`);
  rmSync(auto, { force: true });
  const t0 = performance.now();
  const p = spawn(kioskBin, ['--demo', '--automation', auto], { env: { ...process.env, DISPLAY: xvfb.display }, stdio: 'ignore' });
  const a = await waitFor(() => readJson(auto), { interval: 2, what: 'kiosk first frame' });
  externalFirst.push(performance.now() - t0);
  firstFrames.push(a.first_frame_ms);
  if (i === runs - 1) {  // idle CPU over 10 s, after it settled
    await sleep(1000);
    const c0 = cpuTicks(p.pid), w0 = performance.now();
    await sleep(10000);
    const c1 = cpuTicks(p.pid), w1 = performance.now();
    idleCpu = ((c1 - c0) / 100) / ((w1 - w0) / 1000) * 100;  // percent of one core (100 ticks/s)
  }
  await new Promise((r) => { p.once('exit', r); p.kill('SIGTERM'); });
}
await xvfb.stop();

// ---------- report ----------
const rows = (list) => list.map((a) => `| ${a.name} | ${kb(a.raw)} | ${kb(a.gzip)} | ${kb(a.brotli)} |`).join('\n');
const phoneBr = sum(phoneModule, 'brotli');
const results = {
  phoneModuleBrotli: phoneBr, shellBrotli: sum(shell, 'brotli'), kioskWebBrotli: sum(kioskWeb, 'brotli'),
  starts, nativeFirstFrame: median(firstFrames), nativeFirstFrameExternal: median(externalFirst), idleCpu,
};
writeFileSync(join(work, 'foundation.json'), JSON.stringify({ results, artifacts }, null, 2));
const md = `### Foundation (\`node tools/bench/bench_foundation.mjs\`)
${machineLine()} Median of ${runs} runs; headless Chromium (SwiftShader), served by \`tongban serve\` on loopback.

| target | measured | target | |
|---|---|---|---|
| phone core module (tongban-phone.js + .wasm), brotli | ${kb(phoneBr)} | <= 400 KB | ${verdict(phoneBr <= 400 * 1024)} |
| mobile shell first render, 4x CPU throttling, warm service-worker cache | ${starts['shell-4x-warm'].toFixed(0)} ms | <= 1000 ms | ${verdict(starts['shell-4x-warm'] <= 1000)} |
| native kiosk first frame (from process start) | ${results.nativeFirstFrame.toFixed(0)} ms | <= 500 ms | ${verdict(results.nativeFirstFrame <= 500)} |
| native kiosk idle CPU (10 s, home screen) | ${idleCpu.toFixed(2)} % | <= 1 % | ${verdict(idleCpu <= 1)} |

Cold start to first render (fresh profile, no cache):

| page | 1x CPU | 4x CPU | peer: static HTML home, 1x / 4x |
|---|---|---|---|
| mobile shell (loads + instantiates the core module, asks it for the home view-model) | ${starts['shell-1x'].toFixed(0)} ms | ${starts['shell-4x'].toFixed(0)} ms | ${starts['baseline-1x'].toFixed(0)} / ${starts['baseline-4x'].toFixed(0)} ms |
| web kiosk (ImGui on WebGL, font atlas baked in wasm) | ${starts['kiosk-1x'].toFixed(0)} ms | ${starts['kiosk-4x'].toFixed(0)} ms | |

Native kiosk first frame seen from outside (spawn to the automation file written): ${results.nativeFirstFrameExternal.toFixed(0)} ms.

Shipped artifacts (sizes as served; brotli at quality 11):

| file | raw | gzip | brotli |
|---|---|---|---|
${rows(artifacts)}
| **mobile shell total** (what a phone loads; without tongban-phone-sm.*) | ${kb(sum(phoneTotal, 'raw'))} | ${kb(sum(phoneTotal, 'gzip'))} | ${kb(sum(phoneTotal, 'brotli'))} |
| **web kiosk total** | ${kb(sum(kioskWeb, 'raw'))} | ${kb(sum(kioskWeb, 'gzip'))} | ${kb(sum(kioskWeb, 'brotli'))} |

Peer, same run: ZXing-C++'s own WebAssembly build from npm, which the phone loads only when a scan starts:

| file | raw | gzip | brotli |
|---|---|---|---|
${rows(zxingPeer)}`;
console.log(md);
if (!args['no-doc']) updatePerformanceDoc(join(root, 'docs/PERFORMANCE.md'), 'foundation', md);
