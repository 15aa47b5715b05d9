// Guide updates in the mini-program: a publisher (a copy of the site, updated with the CLI exactly
// as an operator would: tests/lib/publish.mjs) offers a newer catalogue and a delta; the
// mini-program launches offline with the packaged one, and when the network returns it fetches the
// delta over wx.request, the core verifies it, and the pages show the new version — or, from a
// publisher whose delta was tampered with, refuses it and keeps what it had.
//   node tests/miniprogram/updates.test.mjs [--miniprogram DIR --site DIR --tongban PATH]
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, waitFor, sourceRoot } from '../lib/harness.mjs';
import { startProductServer } from '../lib/web_fixture.mjs';
import { miniProgramCopy } from '../lib/miniprogram_fixture.mjs';
import { setUpPages } from '../lib/miniprogram_pages.mjs';
import { publishUpdate } from '../lib/publish.mjs';
import { rmSync } from 'node:fs';

const paths = testPaths(null, ['miniprogram', 'site', 'tongban']);
const cleanup = [];
after(async () => { for (const c of cleanup.reverse()) await c(); });

async function publisherAndPhone(options) {
  const pub = publishUpdate({ tongban: paths.tongban, site: paths.site, sourceRoot, ...options });
  cleanup.push(() => rmSync(pub.dir, { recursive: true, force: true }));
  const server = await startProductServer({ ...paths, site: pub.dir });
  cleanup.push(() => server.stop());
  const copy = miniProgramCopy(paths.miniprogram, { intake: server.url, urlCheck: false });
  cleanup.push(() => copy.remove());
  return { pub, copy };
}

const shippedFee = '工本费40元；同时申领临时身份证另收10元';

test('launched offline on the packaged catalogue; the network returns: the verified delta is applied and the pages show it', { timeout: 120000 }, async () => {
  const { copy, pub } = await publisherAndPhone({ newFee: '工本费40元（小程序测试更新）' });
  const mp = setUpPages(copy);
  copy.shim.network(false);
  assert.equal(await mp.launch(), null, 'offline: nothing asked of the publisher');
  const before = await mp.open('item', { id: 'sfz-buling' });
  assert.equal(before.instance.data.v.fee, shippedFee);
  copy.shim.network(true);  // wx.onNetworkStatusChange: the app asks the publisher by itself
  await waitFor(() => copy.shim.toasts.includes('办事指南已更新到最新版本'), { timeout: 30000, what: 'the update toast' });
  const after = await mp.open('item', { id: 'sfz-buling' });
  assert.equal(after.instance.data.v.fee, '工本费40元（小程序测试更新）');
  assert.match(after.instance.data.v.updated || '', /\S/);
  // Installed: what the host stores is the new version (the next launch starts from it).
  const stored = copy.shim.readUserFile('guides.tbg');
  assert.ok(stored.length > 1000, 'the verified bundle is stored');
  assert.ok(pub.v2 > pub.v1);
});

test('a delta changed on the way: refused by the core, the catalogue the phone had is kept, no toast', { timeout: 120000 }, async () => {
  const { copy } = await publisherAndPhone({ newFee: '被篡改', tamper: true });
  const mp = setUpPages(copy);
  const r = await mp.launch();
  assert.ok(r && r.refused, `the tampered delta is refused (${JSON.stringify(r)})`);
  assert.deepEqual(copy.shim.toasts, []);
  const item = await mp.open('item', { id: 'sfz-buling' });
  assert.equal(item.instance.data.error, '');
  assert.equal(item.instance.data.v.fee, shippedFee);
});
