// The receipt slip on paper: the native kiosk (Xvfb, xdotool) prints to a network printer's raw
// port (--printer tcp:127.0.0.1:PORT), here a test listener that answers ESC/POS real-time status
// like a thermal printer. A printer that does not answer and one out of paper are said in plain
// Chinese and the slip is kept for 重新打印; once the intake has signed, the slip that arrives is read
// back (tests/tools/escpos_read: GB18030 text, the raster QR read with ZXing) and carries the same
// receipt code as the screen.
//   node tests/kiosk/paper.test.mjs [--kiosk PATH] [--tongban PATH] [--escpos-read PATH] [--out DIR]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { testPaths, screenshotX, waitFor, sleep, freePort } from '../lib/harness.mjs';
import { kioskFixture, target, kioskApplication } from '../lib/kiosk_fixture.mjs';
import { decodeQrImage } from '../lib/qr_decode.mjs';
import { testPrinter, readSlip as readSlipWith } from '../lib/test_printer.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban', 'escpos-read']);
const out = paths.out;
const { withKiosk, startIntake } = kioskFixture(paths);
const readSlip = (bytes) => readSlipWith(paths['escpos-read'], out, bytes);

test('kiosk paper: printer offline and out of paper said in plain Chinese, slip kept; printed as ESC/POS (GB18030, raster QR = the receipt code)', { timeout: 300000 }, async () => {
  const intakePort = await freePort(), printerPort = await freePort();
  const dir = mkdtempSync('/tmp/tongban-kiosk-intake-');
  const data = mkdtempSync('/tmp/tongban-kiosk-outbox-');
  let intake = null, printer = null;
  try {
    const flags = ['--data', data, '--intake', `http://127.0.0.1:${intakePort}`,
      '--printer', `tcp:127.0.0.1:${printerPort}`, '--printer-qr', 'raster'];
    await withKiosk({ flags }, async (k) => {
      const { display, frameAfter, click } = k;
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      a = await kioskApplication(a, k);
      click(target(a, 'form.confirm'));
      a = await frameAfter((b) => b.screen === 'submitted' && b.texts.some((s) => s.startsWith('状态：排队中')), 'queued');
      const id = a.arg;
      // Printer switched off: nothing listens on its port.
      click(target(a, 'receipt.print'));
      a = await frameAfter((b) => b.texts.some((s) => s.startsWith('打印机没有响应')), 'printer offline said');
      assert.ok(a.texts.some((s) => s.includes('回执已保留')), 'the slip is kept');
      assert.equal(target(a, 'receipt.print').label, '重新打印');
      await sleep(200);
      screenshotX(display, `${out}/paper-offline.png`);
      // The network returns (the outbox retries on its own, sooner the earlier it comes back) and
      // the printer is switched on, but out of paper: it says so when asked (DLE EOT 4) and gets no job.
      intake = await startIntake(intakePort, dir);
      printer = await testPrinter(printerPort);
      printer.state.paper = 'out';
      click(target(a, 'receipt.print'));
      a = await frameAfter((b) => b.texts.some((s) => s.startsWith('打印机缺纸')), 'out of paper said');
      await waitFor(() => printer.jobs.length === 1, { what: 'the status query' });
      assert.deepEqual([...printer.jobs[0]], [0x10, 0x04, 0x04], 'only the status was asked; no slip printed without paper');
      // The receipt arrives while the slip waits; paper goes in; 重新打印 prints a slip with the code.
      // (the outbox's backoff may have grown while the test machine was busy: up to a minute)
      a = await waitFor(() => frameAfter((b) => b.texts.some((s) => s.startsWith('状态：已提交')), 'submitted'),
        { timeout: 90000, what: 'submitted once the intake is up' });
      await sleep(300);
      const shot = `${out}/paper-receipt.png`;
      screenshotX(display, shot);
      const onScreen = await decodeQrImage(readFileSync(shot));
      assert.equal(onScreen.length, 1, 'the receipt QR on screen');
      printer.state.paper = 'ok';
      click(target(a, 'receipt.print'));
      a = await frameAfter((b) => b.targets.some((x) => x.id === 'receipt.print' && x.label === '已打印回执'), 'printed');
      assert.ok(!a.texts.some((s) => s.startsWith('打印机')), 'the problem is cleared');
      await waitFor(() => printer.jobs.length === 2, { what: 'the slip at the printer' });
      const slip = readSlip(printer.jobs[1]);
      assert.ok(!slip.error, slip.error);
      assert.ok(slip.chinese_mode && slip.cut, 'Chinese mode on, cut at the end');
      assert.ok(slip.lines.includes('通办 办件回执'), JSON.stringify(slip.lines));
      assert.ok(slip.lines.includes('事项：居民身份证补领申请表'), 'the service');
      assert.ok(slip.lines.includes('送达：青禾市公安局'), 'where it went');
      assert.ok(slip.lines.some((l) => /^时间：20\d\d-\d\d-\d\d \d\d:\d\d$/.test(l)), 'when');
      assert.ok(slip.lines.includes(`回执编号：${id.slice(0, 8)}`), 'the short number');
      assert.ok(slip.lines.some((l) => l.startsWith('状态：已提交')), 'says submitted');
      assert.deepEqual(slip.qr_command, [], 'raster mode: no QR command');
      assert.deepEqual(slip.qr_raster, [onScreen[0]], 'the printed QR reads as the receipt code on screen');
      assert.ok(onScreen[0].startsWith('TBR1:'), 'a receipt code');
      await sleep(200);
      screenshotX(display, `${out}/paper-printed.png`);
      click(target(a, 'submit.finish'));
      await frameAfter((b) => b.screen === 'home', 'session ended');
    });
  } finally {
    if (printer) await printer.stop();
    if (intake) await intake.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
});

test('kiosk paper: a bad --printer is refused by name before the window opens', () => {
  let err = '';
  try { execFileSync(paths.kiosk, ['--printer', 'lpt1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }); } catch (e) { err = String(e.stderr); }
  assert.ok(err.includes("--printer: expected a device path (/dev/usb/lp0), tcp:HOST:PORT or cups:QUEUE, got 'lpt1'"), err);
  try { execFileSync(paths.kiosk, ['--printer', 'cups:a;rm -rf'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }); } catch (e) { err = String(e.stderr); }
  assert.ok(err.includes('a CUPS queue name is letters'), err);
});
