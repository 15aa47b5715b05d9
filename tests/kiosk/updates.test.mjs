// Guide updates over the network (issue 16): a kiosk started with --updates reads the publisher's
// updates.json (served by the real `tongban serve`, which is also its intake), fetches only the delta
// made for its version, verifies it, shows it once idle, and sends the intake a heartbeat after each
// look (`tongban intake fleet`). A publisher answering garbage, a rolled-back bundle or a tampered
// delta changes nothing: the kiosk keeps its version and says why.
//   node tests/kiosk/updates.test.mjs [--kiosk PATH] [--tongban PATH] [--site DIR] [--out DIR]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { testPaths, startServer, waitFor, sourceRoot } from '../lib/harness.mjs';
import { kioskFixture } from '../lib/kiosk_fixture.mjs';
import { publishUpdate } from '../lib/publish.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban', 'site']);
const { withKiosk, tb } = kioskFixture(paths);

// The kiosk's assets folder (font, lexicon) with the publisher's current bundle as the shipped one,
// so the kiosk starts at exactly the version the published delta was made for.
function assetsShipping(bundle) {
  const dir = mkdtempSync('/tmp/tongban-kiosk-assets-');
  for (const f of readdirSync(paths.deployment)) if (f !== 'guides.tbg') symlinkSync(join(paths.deployment, f), join(dir, f));
  copyFileSync(bundle, join(dir, 'guides.tbg'));
  return dir;
}

// The bytes the server sent for each path, from its access log (`access GET "/p" 200 N B`).
function bytesServed(log, pathPrefix) {
  let total = 0;
  for (const m of log.matchAll(/access GET "([^"]+)" 200 (\d+) B/g)) if (m[1].startsWith(pathPrefix)) total += Number(m[2]);
  return total;
}

test('updates over the network: only the delta is fetched (< 5 % of the bundle), verified, shown when idle; a heartbeat reaches the fleet list', { timeout: 120000 }, async () => {
  const pub = publishUpdate({ tongban: paths.tongban, site: paths.site, sourceRoot, newFee: '工本费40元（网络更新）' });
  const intakeDir = mkdtempSync('/tmp/tongban-kiosk-updates-');
  const db = `sqlite:${intakeDir}/intake.db`;
  let assets = null;
  const server = await startServer(paths.tongban, pub.dir, ['--db', db, '--intake-key', `${paths.keys}/intake.key`, '--open-registration']);
  try {
    const service = tb('code', 'issue', 'service', '--item', 'sfz-buling', '--key', `${paths.keys}/code-issuer.key`).trim().split('\n').pop();
    assets = assetsShipping(join(pub.dir, 'data/guides.tbg'));
    await withKiosk({ flags: ['--assets', assets, '--updates', `${server.url}data/`, '--update-every', '2', '--intake', server.url.replace(/\/$/, '')] },
      async ({ frameAfter, wedge, stderr }) => {
        await frameAfter((b) => b.frame >= 1, 'first frame');
        await waitFor(() => stderr().includes(`now showing version ${pub.v2}`), { timeout: 30000, what: `version ${pub.v2} shown (${stderr()})` });
        wedge(service);
        const a = await frameAfter((b) => b.screen === 'guide-item' && b.arg === 'sfz-buling', 'the changed item');
        assert.ok(a.texts.some((t) => t.includes('网络更新')), `the new fee is shown: ${a.texts.join(' | ')}`);
        // Only the delta travelled: never the whole bundle, and under 5 % of its size.
        const bundle = statSync(join(pub.dir, 'data/guides-next.tbg')).size;
        const sent = bytesServed(server.output(), '/data/delta-');
        assert.ok(!server.output().includes('GET "/data/guides-next.tbg"'), 'the whole bundle was not fetched');
        assert.ok(sent > 0 && sent < bundle * 0.05, `delta ${sent} B of a ${bundle} B bundle (${(100 * sent / bundle).toFixed(2)} %)`);
        // The heartbeat after a look names the version now shown; the fleet list shows the kiosk.
        await waitFor(() => {
          const fleet = JSON.parse(tb('intake', 'fleet', '--db', db, '--json'));
          return fleet.some((d) => d.status === 'ok' && Number(d.bundle_version) === pub.v2);
        }, { timeout: 20000, what: 'the kiosk in the fleet list with the new version' });
      });
    const log = server.output();
    assert.ok(!log.includes('张丽华') && !log.includes('211402198803151234'), 'nothing personal in the server log');
  } finally {
    await server.stop();
    for (const d of [pub.dir, assets]) if (d) rmSync(d, { recursive: true, force: true });
    rmSync(intakeDir, { recursive: true, force: true });
  }
});

test('a bad publisher changes nothing: garbage, a rolled-back bundle, a tampered delta, a file name that leaves the folder; the kiosk keeps its version and says why', { timeout: 120000 }, async () => {
  const good = publishUpdate({ tongban: paths.tongban, site: paths.site, sourceRoot, newFee: '不应出现' });
  const bad = publishUpdate({ tongban: paths.tongban, site: paths.site, sourceRoot, newFee: '被篡改', tamper: true });
  // The publisher's folder is served as it changes between looks.
  const data = join(bad.dir, 'data');
  const server = await startServer(paths.tongban, bad.dir);
  let assets = null;
  const updates = (o) => writeFileSync(join(data, 'updates.json'), typeof o === 'string' ? o : JSON.stringify(o));
  try {
    updates('{"version": 12, not json');
    assets = assetsShipping(join(data, 'guides.tbg'));
    await withKiosk({ flags: ['--assets', assets, '--updates', `${server.url}data/`, '--update-every', '1'] }, async ({ frameAfter, stderr }) => {
      await frameAfter((b) => b.frame >= 1, 'first frame');
      const seen = async (re, what) => waitFor(() => re.test(stderr()), { timeout: 20000, what })
        .catch((e) => { throw new Error(`${e.message}; the kiosk said:\n${stderr()}\nthe publisher:\n${server.output().slice(-1500)}`); });
      await seen(/updates: updates\.json is not a JSON object/, 'garbage refused');
      // An older bundle offered as new (its version below what the kiosk holds): rolled back.
      const older = join(data, 'older.tbg');
      execBuild(older, good.v1 - 5);
      updates({ version: good.v2 + 10, bundle: 'older.tbg', deltas: {} });
      await seen(/older\.tbg \(\d+ bytes\) refused: .*rolled-back|older\.tbg \(\d+ bytes\) refused: .*版本回退/, 'rolled-back bundle refused');
      // The tampered delta publishUpdate made (one byte flipped).
      updates({ version: bad.v2, bundle: 'guides-next.tbg', deltas: { [bad.v1]: `delta-${bad.v1}.tbd` } });
      await seen(new RegExp(`delta-${bad.v1}\\.tbd \\(\\d+ bytes\\) refused`), 'tampered delta refused');
      // A name that would send the kiosk elsewhere.
      updates({ version: bad.v2, bundle: '../../etc/passwd', deltas: {} });
      await seen(/'bundle' is not a plain file name/, 'a path refused');
      assert.ok(!stderr().includes('now showing version'), 'no update was shown');
      assert.match(stderr(), new RegExp(`keeping version ${bad.v1}`), 'the kiosk says which version it keeps');
    });
  } finally {
    await server.stop();
    if (assets) rmSync(assets, { recursive: true, force: true });
    rmSync(good.dir, { recursive: true, force: true });
    rmSync(bad.dir, { recursive: true, force: true });
  }
});

// A bundle of the sample catalogue signed by the demo issuer with an explicit version.
function execBuild(out, version) {
  tb('guide', 'build', `${sourceRoot}/assets/guides`, '--forms', `${sourceRoot}/assets/forms`, '-o', out,
    '--key', `${paths.keys}/guide-issuer.key`, '--version', String(version));
}

// A full disk (the data folder on a tmpfs too small for the new bundle): the verified update cannot
// be stored, so it is refused as not-stored; the kiosk keeps showing its version, leaves no partial
// file behind, and takes the update at a later look once there is room again.
test('a full disk: the update is refused as not stored, nothing half-written, the running version kept; taken once there is room', {
  timeout: 120000,
  skip: process.getuid?.() !== 0 ? 'needs root to mount a small tmpfs as the data folder' : false,
}, async () => {
  const pub = publishUpdate({ tongban: paths.tongban, site: paths.site, sourceRoot, newFee: '工本费40元（磁盘满后）' });
  const server = await startServer(paths.tongban, pub.dir);
  const data = mkdtempSync('/tmp/tongban-kiosk-full-');
  let assets = null, mounted = false;
  try {
    const bundle = statSync(join(pub.dir, 'data/guides-next.tbg')).size;
    // Room for the kiosk's own small files (each takes a page), not for the bundle.
    const size = Math.floor(bundle / 2 / 4096) * 4096;
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tongban-full', data]);
    mounted = true;
    assets = assetsShipping(join(pub.dir, 'data/guides.tbg'));
    await withKiosk({ flags: ['--assets', assets, '--data', data, '--updates', `${server.url}data/`, '--update-every', '1'] },
      async ({ frameAfter, stderr }) => {
        await frameAfter((b) => b.frame >= 1, 'first frame');
        await waitFor(() => /refused: .*not-stored|refused: .*could not be written/.test(stderr()),
          { timeout: 30000, what: `the update refused as not stored (${stderr()})` });
        assert.match(stderr(), new RegExp(`keeping version ${pub.v1}`), 'the kiosk says it keeps its version');
        assert.ok(!stderr().includes('now showing version'), 'no update was shown');
        const left = readdirSync(data);
        assert.ok(!left.includes('guides.tbg') && !left.some((f) => f.includes('.tmp')), `nothing half-written: ${left.join(', ')}`);
        // Room again: the next look stores and shows it.
        execFileSync('mount', ['-o', 'remount,size=16m', data]);
        await waitFor(() => stderr().includes(`now showing version ${pub.v2}`), { timeout: 30000, what: `version ${pub.v2} shown once there is room` });
        assert.equal(statSync(join(data, 'guides.tbg')).size, bundle, 'the stored bundle is whole');
      });
  } finally {
    await server.stop();
    if (mounted) execFileSync('umount', ['-l', data]);
    for (const d of [pub.dir, assets, data]) if (d) rmSync(d, { recursive: true, force: true });
  }
});
