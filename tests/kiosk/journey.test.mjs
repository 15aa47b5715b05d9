// Issue 13's journey test: a villager applies for 社保卡申领 at the native kiosk in a real X window
// (Xvfb), with touch events only (xdotool presses, moves and releases; not one key event): lays the
// ID card on the simulated reader and the form fills; taps 读给我听 on the form page (the audio
// espeak-ng made is captured and measured with sox); photographs the holder's photo with the
// document camera (a .y4m of a page made here); writes the mailing address with the handwriting
// pad and the pinyin keyboard (one part each) and a marker on the letters keyboard; submits with
// the intake unreachable; prints the slip on a test printer as ESC/POS (read back); taps 结束办理.
// Then the sealed envelope is opened with the CLI and the renshe department's demo key (the JPEG is
// in it), and the marker is nowhere in the kiosk's memory or data folder. The same journey in
// 长辈版, landscape and portrait; screenshots of every step in
// build/native/test-artifacts/kiosk/journey-{normal,elderly}-{landscape,portrait}-*.png.
// The per-feature tests (input, staff, speech, paper, forget) hold each part's details and faults.
//   node tests/kiosk/journey.test.mjs [--kiosk PATH] [--tongban PATH] [--escpos-read PATH] [--out DIR]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { testPaths, waitFor, sleep, freePort, sourceRoot } from '../lib/harness.mjs';
import { kioskFixture, target, reveal, shotWhenDrawn } from '../lib/kiosk_fixture.mjs';
import { fillKioskForm, photographMaterial } from '../lib/kiosk_form.mjs';
import { writeJourneyAddress, settled } from '../lib/chinese_input.mjs';
import { capturedSpeech } from '../lib/speech_check.mjs';
import { testPrinter, readSlip } from '../lib/test_printer.mjs';
import { writeY4m, documentPage, checkPagePhoto } from '../lib/y4m.mjs';
import { scanProcess, scanFolder } from '../lib/memscan.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban', 'escpos-read']);
const out = paths.out;
const { withKiosk, tb, makeCard } = kioskFixture(paths);

// Typed into the address on the touch keyboard's letters and digits: long and odd enough that no
// library string holds it by chance.
const MARKER = 'qzxkjv7731';

// The camera's view: a page (the holder's photo sheet) in perspective on the desk, 1280x960.
const FRAME = { w: 1280, h: 960 };

async function journey({ elderly, width, height }) {
  const name = `${elderly ? 'elderly' : 'normal'}-${width > height ? 'landscape' : 'portrait'}`;
  const dir = mkdtempSync('/tmp/tongban-journey-');
  const data = `${dir}/data`, reader = `${dir}/reader`, wav = `${dir}/said.wav`, opened = `${dir}/opened`;
  for (const d of [data, reader, opened]) mkdirSync(d);
  const camera = writeY4m(`${dir}/page.y4m`, FRAME.w, FRAME.h, [{ grey: documentPage(FRAME.w, FRAME.h), frames: 5 }]);
  const intakePort = await freePort(), printerPort = await freePort();  // no intake listens: offline
  const printer = await testPrinter(printerPort);
  const flags = ['--data', data, '--intake', `http://127.0.0.1:${intakePort}`, '--printer', `tcp:127.0.0.1:${printerPort}`,
    '--card-reader', `sim:${reader}/card`, '--document-camera', camera, ...(elderly ? ['--elderly'] : [])];
  let step = 0;
  try {
    await withKiosk({ width, height, flags, env: { TB_SPEECH_CAPTURE: wav } }, async (k) => {
      const { frameAfter, click, proc } = k;
      // Touch only: the form filler's keyboard is not there to use.
      const touch = { ...k, typeText: () => assert.fail('a key event in a touch-only journey'), clearText: () => assert.fail('a key event in a touch-only journey') };
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      assert.equal(a.elderly, elderly, '长辈版 as started');
      const shot = async (what) => {
        a = await shotWhenDrawn(k, `${out}/journey-${name}-${String(++step).padStart(2, '0')}-${what}.png`);
      };
      const tap = async (id, pred, what) => {
        a = await reveal(k, a, id);
        const f = a.frame;
        click(target(a, id));
        a = await frameAfter((b) => b.frame > f && pred(b), what);
        return a;
      };
      const selected = (id) => (b) => b.targets.some((x) => x.id === id && x.state === 'selected');

      // 我要办 → 社会保障卡申领.
      await tap('entry.apply', (b) => b.screen === 'apply', 'the list of items');
      await tap('apply.shebaoka-shenling', (b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'the form');
      await tap('choice.for_whom.self', selected('choice.for_whom.self'), '本人');
      await shot('form');

      // The ID card on the reader: the holder's name, sex, 民族, birth date and ID number fill.
      makeCard(`${reader}/card`);
      a = await frameAfter((b) => b.texts.includes('已从身份证读取以下信息，请核对：'), 'what the card gave');
      await shot('card-read');
      await tap('card.ok', (b) => !b.targets.some((x) => x.id === 'card.ok'), 'the card seen');
      a = await settled(k, a);
      a = await reveal(k, a, 'field.holder_name');
      assert.equal(target(a, 'field.holder_name').state, 'filled', 'the name from the card');
      a = await reveal(k, a, 'choice.holder_gender.female');
      assert.equal(target(a, 'choice.holder_gender.female').state, 'selected', 'the sex from the card');

      // 读给我听 on the form page: real espeak-ng, its audio captured and measured.
      click(target(a, 'speech.read'));
      const said = await capturedSpeech(wav);
      // The page's title and the questions in sight (read slower in 长辈版).
      assert.ok(said.seconds > 3 && said.seconds < 300, `speech-length: ${said.seconds} s`);
      assert.ok(said.rms > 0.02, `not silent: RMS ${said.rms}`);

      // The rest of the first page, and the photo with the document camera.
      if (!a.targets.some((x) => x.id === 'choice.holder_has_id.true' && x.state === 'selected'))
        await tap('choice.holder_has_id.true', selected('choice.holder_has_id.true'), 'has an ID number');
      await tap('choice.first_card.false', selected('choice.first_card.false'), 'a first card');
      await photographMaterial(tap, shot, 'card_photo');
      a = await settled(k, a);
      assert.equal(target(a, 'camera.card_photo').state, 'filled', 'the material marked as provided');
      assert.ok(a.texts.some((s) => s.includes('已拍照上传')), 'said on the form');
      await tap('form.next', (b) => b.texts.some((s) => s.startsWith('第2步')), 'page 2');

      // The mailing address: the county from the list (the card's, or picked), the street half by
      // hand (陈村), half in pinyin (文化路), and the marker on the letters and digits keyboard.
      await tap('field.home_address', (b) => b.targets.some((x) => x.id === 'division.path'), 'the address sheet');
      a = await writeJourneyAddress(k, a, MARKER, shot);
      await tap('editor.ok', (b) => !b.targets.some((x) => x.id === 'editor.ok'), 'the address taken');
      assert.ok(a.texts.some((s) => s.includes(`陈村文化路${MARKER}`)), 'the form shows the address');
      const during = scanProcess(proc.pid, [MARKER]);
      assert.ok(during.hits.length > 0, `during the session the marker is in the kiosk's memory (${during.bytesRead} bytes read)`);

      // The rest of the form, tapped through, and 确认提交 with the intake unreachable.
      a = await fillKioskForm(a, touch);
      assert.equal(a.screen, 'apply-done', `form complete (last steps: ${(a.trace || []).join(', ')})`);
      await shot('confirm');
      // 确认提交 shows the answers themselves to check, not only what goes where.
      assert.ok(a.texts.includes('张丽华') && a.texts.includes('持卡人姓名'), `the answers listed to check (${a.texts.slice(0, 12).join(' | ')})`);
      await tap('form.confirm', (b) => b.screen === 'submitted' && b.texts.some((s) => s.startsWith('状态：排队中')), 'queued offline');
      const id = a.arg;
      await shot('submitted');

      // The slip on the printer, read back.
      await tap('receipt.print', (b) => b.targets.some((x) => x.id === 'receipt.print' && x.label === '已打印回执'), 'printed');
      await waitFor(() => printer.jobs.some((j) => j.length > 3), { what: 'the slip at the printer' });
      const slip = readSlip(paths['escpos-read'], out, printer.jobs.find((j) => j.length > 3));
      assert.ok(!slip.error, slip.error);
      assert.ok(slip.chinese_mode && slip.cut, 'Chinese mode on, cut at the end');
      assert.ok(slip.lines.includes('事项：社会保障卡申领登记表'), JSON.stringify(slip.lines));
      assert.ok(slip.lines.includes(`回执编号：${id.slice(0, 8)}`), 'the short number');
      assert.ok(slip.lines.some((l) => l.startsWith('状态：排队中')), 'says it waits for the network');
      await shot('slip-printed');

      // The envelope waiting in the outbox, opened as the department would: the photo is in it.
      const envelope = readdirSync(data).find((n) => n.startsWith('outbox-') && n.endsWith('.tbs'));
      assert.ok(envelope, `the envelope in the data folder (${readdirSync(data).join(' ')})`);
      const part = JSON.parse(tb('open', `${data}/${envelope}`, '--key', `${sourceRoot}/assets/demo-keys/departments/renshe.key`, '--out', opened));
      assert.equal(part.item, 'shebaoka-shenling');
      // The photo: cropped to the page and straightened.
      const jpeg = checkPagePhoto(part, 'card_photo', FRAME);
      assert.ok(part.identity && part.identity.fields.includes('holder_name'), 'the identity recorded as read from the card');
      assert.ok(String(part.data.values.home_address).includes(`陈村文化路${MARKER}`), 'the address as written');

      // 结束办理: the marker is nowhere, in memory or on disk; nor is the photo.
      const photoBytes = jpeg.subarray(jpeg.length / 2, jpeg.length / 2 + 64);
      await tap('submit.finish', (b) => b.screen === 'home', 'session ended');
      await sleep(500);
      await shot('ended');
      const after = scanProcess(proc.pid, [MARKER, photoBytes]);
      assert.ok(after.bytesRead > 10_000_000, `the scan read the process (${after.bytesRead} bytes)`);
      assert.deepEqual(after.hits, [], `left in the kiosk's memory after 结束办理 (${after.bytesRead} bytes in ${after.regions} regions read)`);
      const disk = scanFolder(data, [MARKER, photoBytes]);
      assert.ok(disk.files > 0, 'the data folder has files');
      assert.deepEqual(disk.hits, [], 'in the data folder');
    });
  } finally {
    await printer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Standard and 长辈版, on a landscape screen (1920x1080) and a portrait one (1080x1920, the tall
// floor-standing kiosks).
for (const [elderly, width, height] of [[false, 1920, 1080], [true, 1920, 1080], [false, 1080, 1920], [true, 1080, 1920]]) {
  test(`journey: 社保卡申领 at the village kiosk${elderly ? ', 长辈版' : ''}, ${width}x${height}, touch only: card → photo → speech → handwriting and pinyin → offline → slip → forgotten`,
    { timeout: 420000 }, () => journey({ elderly, width, height }));
}
