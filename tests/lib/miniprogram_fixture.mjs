// What every mini-program test file starts: a copy of the assembled package (build/miniprogram)
// whose config.js points at the test's intake, the WeChat host stand-in over it (wechat_host.mjs),
// and for the page tests `tongban serve` as the product runs it (web_fixture.mjs).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wechatHostShim } from './wechat_host.mjs';

// → { dir, dataDir, shim, remove() }
export function miniProgramCopy(packageDir, { intake = 'https://intake.example.gov.cn/', urlCheck = true } = {}) {
  const root = mkdtempSync('/tmp/tongban-miniprogram-');
  const dir = join(root, 'package');
  const dataDir = join(root, 'host-data');
  cpSync(packageDir, dir, { recursive: true });
  writeFileSync(join(dir, 'config.js'), `module.exports = { intake: ${JSON.stringify(intake)} };\n`);
  const shim = wechatHostShim({ packageDir: dir, dataDir, urlCheck });
  return { dir, dataDir, shim, remove: () => rmSync(root, { recursive: true, force: true }) };
}
