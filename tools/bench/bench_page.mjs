// The browser half of a benchmark: the page, our module, the peers and the data copied into one
// folder (`dir`, which may already hold generated data; `files`: the page's path → its source, under
// `root` or absolute), served by `tongban serve` on loopback, and
// the page's window.runBench(benchArgs) run once in headless Chromium (Debian's). Returns what runBench
// gave, the Chromium version, and any request that left the local server (there should be none).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { startServer } from '../../tests/lib/harness.mjs';

const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run'];

export async function runBenchPage({ root, tongban, dir, files, chromiumArgs = [], benchArgs = undefined }) {
  for (const [to, from] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    copyFileSync(isAbsolute(from) ? from : join(root, from), join(dir, to));  // a build's output: absolute
  }
  const server = await startServer(tongban, dir);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...BASE_ARGS, ...chromiumArgs] });
  try {
    const page = await browser.newPage();
    const offsite = [];
    page.on('request', (r) => { if (!r.url().startsWith(server.url)) offsite.push(r.url()); });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    const web = await page.evaluate((a) => window.runBench(a), benchArgs);
    return { web, chromiumVersion: browser.version(), offsite };
  } finally {
    await browser.close();
    await server.stop();
  }
}
