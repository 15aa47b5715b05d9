// The native kiosk's outbox in a real X window (Xvfb), driven with xdotool, against a real intake
// (`tongban intake serve`): an application sealed with no network waits on disk and is sent when the
// intake comes up (its receipt QR verifies, 好差评, the department opens only its part); a kiosk
// killed between writing the envelope and its index loses nothing and sends it once.
//   node tests/kiosk/submission.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { testPaths, screenshotX, waitFor, sleep, freePort, sourceRoot } from '../lib/harness.mjs';
import { kioskFixture, target, kioskApplication } from '../lib/kiosk_fixture.mjs';
import { decodeQrImage } from '../lib/qr_decode.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const out = paths.out;
const { withKiosk, startIntake, tb } = kioskFixture(paths);

test('kiosk submission: sealed with no network, queued (footer counts it), sent when the intake comes up; receipt QR verifies; 好差评; the department opens only its part', { timeout: 240000 }, async () => {
  const port = await freePort();
  const dir = mkdtempSync('/tmp/tongban-kiosk-intake-');
  const data = mkdtempSync('/tmp/tongban-kiosk-outbox-');
  let intake = null;
  try {
    await withKiosk({ flags: ['--data', data, '--intake', `http://127.0.0.1:${port}`] }, async (k) => {
      const { display, frameAfter, click } = k;
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      a = await kioskApplication(a, k);
      click(target(a, 'form.confirm'));
      a = await frameAfter((b) => b.screen === 'submitted' && b.texts.some((s) => s.startsWith('状态：排队中')), 'queued while the intake is down');
      const id = a.arg;
      assert.ok(/^[0-9a-f]{32}$/.test(id), `submission id ${id}`);
      a = await frameAfter((b) => b.texts.some((s) => s.startsWith('1 件办件待发送')), 'footer counts the queued submission');
      await sleep(200);
      screenshotX(display, `${out}/submit-offline.png`);
      assert.ok(readdirSync(data).includes(`outbox-${id}.tbs`), 'the envelope is on disk');
      // The network (the intake) comes back: the outbox retries on its own.
      intake = await startIntake(port, dir);
      a = await frameAfter((b) => b.texts.some((s) => s.startsWith('状态：已提交')), 'submitted once the intake is up');
      assert.ok(!a.texts.some((s) => s.includes('件办件待发送')), 'footer clear');
      assert.ok(!readdirSync(data).includes(`outbox-${id}.tbs`), 'the envelope is purged once the receipt is held');
      await sleep(300);
      const shot = `${out}/submit-receipt.png`;
      screenshotX(display, shot);
      const codes = await decodeQrImage(readFileSync(shot));
      assert.deepEqual(codes.length, 1, 'one QR code on screen');
      const receipt = JSON.parse(tb('receipt', codes[0], '--trust', `${paths.keys}/intake.pub`));
      assert.deepEqual(receipt.submission_id, id, 'the receipt names this submission');
      click(target(a, 'receipt.print'));
      a = await frameAfter((b) => b.targets.some((x) => x.id === 'receipt.print' && x.label === '已打印回执'), 'printed');
      assert.ok(readdirSync(data).some((f) => f.startsWith(`print-${id.slice(0, 8)}`)), 'the slip went to the printer spool');
      click(target(a, 'rate.4'));
      a = await frameAfter((b) => b.texts.includes('感谢您的评价！'), 'rated');
      await waitFor(() => tb('intake', 'count', '--db', `sqlite:${dir}/intake.db`).trim() === '2', { what: 'rating at the intake' });
      // The department: exports from the intake and opens its own part; another can't.
      const env = `${dir}/${id}.tbs`;
      tb('intake', 'export', '--db', `sqlite:${dir}/intake.db`, id, '-o', env);
      const opened = JSON.parse(tb('open', env, '--key', `${paths.keys}/departments/gongan.key`));
      assert.deepEqual(opened.suite, paths.suite === 'sm' ? 'tongban-seal-sm-v1' : 'tongban-seal-v1', 'in the deployment\'s suite');
      assert.deepEqual(opened.item, 'sfz-buling', 'item');
      assert.deepEqual(opened.data.values.id_number, '211402198803151234', 'the ID number typed on the keypad');
      let refused = '';
      try { tb('open', env, '--key', `${paths.keys}/departments/renshe.key`); } catch (e) { refused = String(e.stderr); }
      assert.ok(refused.includes('not-for-you'), `another department is refused: ${refused}`);
      click(target(a, 'submit.finish'));
      await frameAfter((b) => b.screen === 'home' && b.texts.includes('已退出，您的信息已清除'), 'session ended');
    });
  } finally {
    if (intake) await intake.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
});

test('kiosk killed (kill -9) between writing the envelope and its index: nothing lost, sent once after restart', { timeout: 180000 }, async () => {
  const port = await freePort();
  const dir = mkdtempSync('/tmp/tongban-kiosk-intake-');
  const data = mkdtempSync('/tmp/tongban-kiosk-outbox-');
  const intake = await startIntake(port, dir);
  try {
    const flags = ['--data', data, '--intake', `http://127.0.0.1:${port}`];
    await withKiosk({ flags, env: { TB_KIOSK_CRASH_AT: 'after-store' }, expectKilled: true }, async (k) => {
      const { frameAfter, click, exitedWith } = k;
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      a = await kioskApplication(a, k);
      click(target(a, 'form.confirm'));
      await waitFor(() => exitedWith(), { what: 'the kiosk to die at the crash point' });
      assert.deepEqual(exitedWith().signal, 'SIGKILL', 'killed by SIGKILL');
    });
    const stored = readdirSync(data).filter((f) => f.startsWith('outbox-') && f.endsWith('.tbs'));
    assert.deepEqual(stored.length, 1, 'the envelope was durable before the crash');
    assert.deepEqual(tb('intake', 'count', '--db', `sqlite:${dir}/intake.db`).trim(), '0', 'nothing reached the intake before the crash');
    const id = stored[0].slice(7, -4);
    // Restarted: the orphan is adopted and sent; exactly one record at the intake.
    await withKiosk({ flags }, async ({ frameAfter }) => {
      await frameAfter((b) => b.frame >= 1, 'first frame after restart');
      await waitFor(() => tb('intake', 'count', '--db', `sqlite:${dir}/intake.db`).trim() === '1', { what: 'the adopted envelope at the intake', timeout: 20000 });
      await waitFor(() => !readdirSync(data).includes(`outbox-${id}.tbs`), { what: 'purged after its receipt', timeout: 10000 });
    });
    assert.ok(tb('intake', 'status', '--db', `sqlite:${dir}/intake.db`, id).startsWith(`${id} submitted`), 'the same submission id');
    // And again: a restart with nothing pending sends nothing twice.
    await withKiosk({ flags }, async ({ frameAfter }) => {
      await frameAfter((b) => b.frame >= 1, 'first frame');
      await sleep(1500);
    });
    assert.deepEqual(tb('intake', 'count', '--db', `sqlite:${dir}/intake.db`).trim(), '1', 'no duplicate');
  } finally {
    await intake.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
});

// The kiosk's secrets sealed by tongban-kiosk-keys (packaging/kiosk-keys.sh, systemd-creds; the
// machine's credential key here, the TPM on a kiosk that has one), as an installed kiosk upgrades:
// an application queued by a kiosk that kept its secrets in plain files; the script moves them into
// sealed credentials and deletes the files; systemd's decryption into the credentials folder is
// done as systemd does it (`systemd-creds decrypt`); the kiosk reads them with --secrets and sends
// the queued application with the same device key, its outbox index still readable. A secret
// missing from the folder turns submissions off instead of making a plain one.
test('kiosk secrets sealed with systemd-creds: an upgraded kiosk keeps its device key and outbox; no plain secret on disk; a missing one is refused', { timeout: 240000 }, async () => {
  const port = await freePort();
  const dir = mkdtempSync('/tmp/tongban-kiosk-intake-');
  const data = mkdtempSync('/tmp/tongban-kiosk-outbox-');
  const creds = `${dir}/credentials`;
  const run = mkdtempSync('/tmp/tongban-kiosk-run-creds-');
  const empty = mkdtempSync('/tmp/tongban-kiosk-no-creds-');
  let intake = null;
  try {
    const flags = ['--data', data, '--intake', `http://127.0.0.1:${port}`];
    await withKiosk({ flags }, async (k) => {
      let a = await k.frameAfter((b) => b.frame >= 1, 'first frame');
      a = await kioskApplication(a, k);
      k.click(target(a, 'form.confirm'));
      await k.frameAfter((b) => b.texts.some((s) => s.startsWith('1 件办件待发送')), 'queued while the intake is down');
    });
    const devicePub = readFileSync(`${data}/device.pub`, 'utf8');
    const oldSeed = readFileSync(`${data}/device.seed`), oldKey = readFileSync(`${data}/data.key`);
    assert.ok(readdirSync(data).includes('outbox.index'), 'the outbox index was written');

    const seal = () => execFileSync('sh', [`${sourceRoot}/packaging/kiosk-keys.sh`],
      { env: { ...process.env, TB_KIOSK_STATE: data, TB_KIOSK_CREDENTIALS: creds, TB_CREDS_WITH_KEY: 'host' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    seal();
    const left = readdirSync(data);
    assert.ok(!left.includes('device.seed') && !left.includes('data.key'), `no plain secret left in the data folder: ${left}`);
    for (const name of ['device.seed', 'data.key']) {
      const sealed = readFileSync(`${creds}/${name}.cred`);
      assert.equal(statSync(`${creds}/${name}.cred`).mode & 0o777, 0o600, `${name}.cred is private`);
      assert.ok(!sealed.includes(name === 'device.seed' ? oldSeed : oldKey), `${name}.cred does not hold the secret in the clear`);
      execFileSync('systemd-creds', ['decrypt', `--name=${name}`, `${creds}/${name}.cred`, `${run}/${name}`], { stdio: 'ignore' });
    }
    assert.ok(readFileSync(`${run}/device.seed`).equals(oldSeed) && readFileSync(`${run}/data.key`).equals(oldKey), 'the same secrets, sealed');
    const before = readFileSync(`${creds}/device.seed.cred`);
    seal();
    assert.ok(readFileSync(`${creds}/device.seed.cred`).equals(before), 'sealing again changes nothing');

    intake = await startIntake(port, dir);
    await withKiosk({ flags: [...flags, '--secrets', run] }, async (k) => {
      await k.frameAfter((b) => b.frame >= 1, 'first frame');
      await waitFor(() => tb('intake', 'count', '--db', `sqlite:${dir}/intake.db`).trim() === '1', { what: 'the queued application at the intake', timeout: 20000 });
      assert.ok(!/outbox index unreadable|submissions off/.test(k.stderr()), `the secrets were read: ${k.stderr()}`);
    });
    assert.equal(readFileSync(`${data}/device.pub`, 'utf8'), devicePub, 'the same device key');
    assert.ok(!readdirSync(data).some((f) => f === 'device.seed' || f === 'data.key'), 'the kiosk made no plain secret');

    await withKiosk({ flags: [...flags, '--secrets', empty] }, async (k) => {
      await k.frameAfter((b) => b.frame >= 1, 'first frame');
      await waitFor(() => /submissions off: .*device\.seed: cannot open/.test(k.stderr()), { what: 'submissions off for want of the secret' });
    });
    assert.ok(!readdirSync(data).some((f) => f === 'device.seed' || f === 'data.key'), 'still no plain secret');
  } finally {
    if (intake) await intake.stop();
    for (const d of [dir, data, run, empty]) rmSync(d, { recursive: true, force: true });
  }
});
