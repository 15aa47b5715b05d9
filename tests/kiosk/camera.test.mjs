// 拍照上传's faults at the native kiosk (Xvfb, xdotool taps): a document camera unplugged before the
// person taps 拍照上传, and one that stops while its picture is live, are said in plain Chinese —
// read aloud too, once the person has asked for 读给我听 — and the form keeps what it has. The photo
// itself, attached and sealed, is in the journey test (journey.test.mjs).
//   node tests/kiosk/camera.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { testPaths, waitFor } from '../lib/harness.mjs';
import { kioskFixture, target, reveal, shotWhenDrawn } from '../lib/kiosk_fixture.mjs';
import { fakeSpeaker } from '../lib/speech_check.mjs';
import { writeY4m, documentPage } from '../lib/y4m.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const out = paths.out;
const { withKiosk } = kioskFixture(paths);

const GONE = '拍照设备没有连接好';
const PAI_ZHAO = 'pai1 zhao4';  // 拍照, as the speech engine is given it

const shot = (k, name) => shotWhenDrawn(k, `${out}/${name}.png`);

async function cameraOnForm(k) {
  let a = await k.frameAfter((b) => b.frame >= 1, 'first frame');
  k.click(target(a, 'entry.apply'));
  a = await reveal(k, await k.frameAfter((b) => b.screen === 'apply', 'the list of items'), 'apply.shebaoka-shenling');
  k.click(target(a, 'apply.shebaoka-shenling'));
  a = await k.frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'the form');
  return a;
}

test('camera: unplugged before 拍照上传 — said plainly and read aloud, the form keeps what it has', { timeout: 120000 }, async () => {
  const dir = mkdtempSync('/tmp/tongban-camera-');
  const speaker = fakeSpeaker(dir);
  const y4m = writeY4m(`${dir}/page.y4m`, 320, 240, [{ grey: documentPage(320, 240), frames: 3 }]);
  try {
    await withKiosk({ flags: ['--document-camera', y4m], env: speaker.env }, async (k) => {
      let a = await cameraOnForm(k);
      k.click(target(a, 'speech.read'));
      await waitFor(() => speaker.said().length === 1, { what: 'the page read aloud' });
      rmSync(y4m);  // the camera's cable pulled
      a = await reveal(k, a, 'camera.card_photo');
      k.click(target(a, 'camera.card_photo'));
      a = await k.frameAfter((b) => b.texts.some((s) => s.startsWith(GONE)), 'the camera gone, said');
      assert.ok(!a.targets.some((x) => x.id === 'camera.shoot'), 'nothing to shoot with');
      await waitFor(() => speaker.said().length === 2, { what: 'the fault read aloud' });
      assert.ok(speaker.said()[1].includes(PAI_ZHAO), `said: ${speaker.said()[1]}`);
      await shot(k, 'camera-gone');
      const f = a.frame;
      k.click(target(a, 'camera.cancel'));
      a = await k.frameAfter((b) => b.frame > f && !b.targets.some((x) => x.id === 'camera.cancel'), 'back on the form');
      assert.notEqual(target(a, 'camera.card_photo').state, 'filled', 'no photo attached');
      assert.ok(a.targets.some((x) => x.id === 'attach.card_photo'), 'the counter is still offered');
      assert.equal(a.screen, 'apply-form', 'the form is there as it was');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('camera: stops while its picture is live — said plainly, no photo attached', { timeout: 120000 }, async () => {
  const dir = mkdtempSync('/tmp/tongban-camera-');
  // Three whole frames, then one cut short: the camera stops after showing the page.
  const y4m = writeY4m(`${dir}/page.y4m`, 320, 240, [{ grey: documentPage(320, 240), frames: 3 }], 2);
  const bytes = readFileSync(y4m);
  writeFileSync(y4m, Buffer.concat([bytes, Buffer.from('FRAME\n'), bytes.subarray(bytes.length - 1000)]));
  try {
    await withKiosk({ flags: ['--document-camera', y4m] }, async (k) => {
      let a = await reveal(k, await cameraOnForm(k), 'camera.card_photo');
      k.click(target(a, 'camera.card_photo'));
      a = await k.frameAfter((b) => b.targets.some((x) => x.id === 'camera.picture' && x.state === 'live'), 'the live picture');
      a = await k.frameAfter((b) => b.texts.some((s) => s.startsWith(GONE)), 'the camera stopped, said');
      assert.ok(!a.targets.some((x) => x.id === 'camera.shoot'), 'nothing to shoot with');
      await shot(k, 'camera-stopped');
      const f = a.frame;
      k.click(target(a, 'camera.cancel'));
      a = await k.frameAfter((b) => b.frame > f && !b.targets.some((x) => x.id === 'camera.cancel'), 'back on the form');
      assert.notEqual(target(a, 'camera.card_photo').state, 'filled', 'no photo attached');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
