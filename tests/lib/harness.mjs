// Shared by the web and kiosk tests and the benchmarks: start the real local server, a real
// headless Chromium (Debian's, driven by playwright-core), and a real X server (Xvfb); the paths a
// test file runs against. No mocks: every test runs against the real thing. The tests themselves
// are node:test files (README.md, "Tests").
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import http from 'node:http';

export const sourceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// GET status code over loopback (node's own http: works whatever NODE_OPTIONS says about fetch).
export function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => { req.destroy(); resolve(0); });
  });
}

export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : true;
  }
  return out;
}

// What a test file runs against, from its command line (ctest passes every path) or else the
// default build tree, so that after tools/build.sh a single test runs as
//   node --test-name-pattern 'hand-off' tests/web/codes.test.mjs
// `needs` names the paths the file uses; a missing one is an error that says how to get it.
// Screenshots go to --out, or build/native/test-artifacts/<artifacts> (none when that is null).
// --suite sm runs the same file on the demo deployment in the 国密 suite (tools/run.sh --suite sm):
// its keys (paths.keys), signed data (paths.deployment, a kiosk's --keys and --assets) and site.
export function demoKeysDir(suite) { return `${sourceRoot}/assets/demo-keys${suite === 'sm' ? '/sm' : ''}`; }
export function testPaths(artifacts, needs) {
  const args = parseArgs();
  const suite = args.suite || 'ed25519';
  if (suite !== 'ed25519' && suite !== 'sm') throw new Error(`--suite is ed25519 or sm, not '${suite}'`);
  const built = {
    site: `${sourceRoot}/build/site${suite === 'sm' ? '-sm' : ''}`,
    tongban: `${sourceRoot}/build/native/tools/tongban`,
    kiosk: `${sourceRoot}/build/native/kiosk/tongban-kiosk`,
    'fake-reader': `${sourceRoot}/build/native/tests/libfake_idcard_reader.so`,
    'escpos-read': `${sourceRoot}/build/native/tests/escpos_read`,
    miniprogram: `${sourceRoot}/build/miniprogram`,
  };
  const paths = artifacts === null ? {} : { out: ensureDir(args.out || `${sourceRoot}/build/native/test-artifacts/${artifacts}${suite === 'sm' ? '-sm' : ''}`) };
  Object.assign(paths, { suite, keys: demoKeysDir(suite), deployment: args.deployment || `${sourceRoot}/build/native/assets${suite === 'sm' ? '-sm' : ''}` });
  for (const what of needs) {
    paths[what] = args[what] || built[what];
    if (!existsSync(paths[what])) {
      throw new Error(`no ${what} at ${paths[what]}: build it (bash tools/build.sh) or pass --${what} PATH`);
    }
  }
  return paths;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
    srv.on('error', reject);
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(fn, { timeout = 15000, interval = 50, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    await sleep(interval);
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

// Starts `tongban serve` on a free port; resolves with { url, stop }.
// `port`: when the caller needs to know it first (a provider that redirects to the site); else free.
export async function startServer(tongban, site, extraArgs = [], port = null) {
  port = port || await freePort();
  const proc = spawn(tongban, ['serve', '--site', site, '--port', String(port), ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '', stdout = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  proc.stdout.on('data', (d) => { stdout += d; });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(async () => (await httpStatus(url)) === 200, { what: `server at ${url} (${stderr.trim()})` });
  // output(): everything the server printed — its log, with the access log (for privacy checks).
  return { url, port, proc, output: () => stdout + stderr, stop: () => new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); }) };
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-swiftshader', '--use-angle=swiftshader'];

// One Chromium profile of its own (a fresh folder under /tmp), removed on close. `args` add to the
// common flags (a fake camera, say); `viewport` is the pages' default size; `device` the context's
// other device options (hasTouch, isMobile, deviceScaleFactor: a phone's touch screen).
export async function launchChromium({ args = [], viewport, device = {} } = {}) {
  const { chromium } = await import('playwright-core');
  const userDataDir = execFileSync('mktemp', ['-d', '/tmp/tongban-chromium-XXXXXX']).toString().trim();
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, ...args], ...(viewport ? { viewport } : {}), ...device,
  });
  return { context, close: async () => { await context.close(); execFileSync('rm', ['-rf', userDataDir]); } };
}

// A non-persistent browser: each newContext() is a fresh profile (cold caches), for benchmarks.
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

// Starts Xvfb on a free display; resolves with { display, pid, stop }.
export async function startXvfb(width = 1920, height = 1080) {
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const display = await new Promise((resolve, reject) => {
    let buf = '';
    proc.stdio[3].on('data', (d) => { buf += d; if (buf.includes('\n')) resolve(`:${buf.trim()}`); });
    proc.on('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
    setTimeout(() => reject(new Error('Xvfb did not start')), 10000);
  });
  return { display, pid: proc.pid, stop: () => new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); }) };
}

export function screenshotX(display, file) {
  execFileSync('import', ['-display', display, '-window', 'root', file]);
}

// Colour of one pixel of a PNG, as [r, g, b] (ImageMagick does the decoding).
export function pixel(file, x, y) {
  const out = execFileSync('convert', [file, '-crop', `1x1+${Math.round(x)}+${Math.round(y)}`, '-depth', '8', 'txt:-']).toString();
  const m = out.match(/\((\d+),(\d+),(\d+)/);
  if (!m) throw new Error(`cannot read pixel ${x},${y} of ${file}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

export function ensureDir(dir) { mkdirSync(dir, { recursive: true }); return dir; }
