// 读给我听 on the native kiosk (Xvfb, xdotool taps): the speech port runs espeak-ng, captured to a
// WAV file (TB_SPEECH_CAPTURE); on a form page the audio is speech-length and not silent (sox
// stat), slower in 长辈版; on a kiosk without espeak-ng the tap says so in plain Chinese and the
// kiosk runs on.
//   node tests/kiosk/speech.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { testPaths, screenshotX, waitFor, sleep } from '../lib/harness.mjs';
import { kioskFixture, target } from '../lib/kiosk_fixture.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const out = paths.out;
const { withKiosk } = kioskFixture(paths);

// sox's statistics of a WAV file: its length in seconds and RMS amplitude (0..1); sox writes them to stderr.
function stat(file) {
  const r = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `sox stat ${file}: ${r.stderr}`);
  const value = (name) => Number((r.stderr.match(new RegExp(`${name}:\\s+([-0-9.]+)`)) || [])[1]);
  return { seconds: value('Length \\(seconds\\)'), rms: value('RMS\\s+amplitude') };
}

// Waits until espeak-ng has finished writing (the file's size holds still), then reads it.
async function captured(file) {
  let last = -1;
  await waitFor(() => {
    if (!existsSync(file)) return false;
    const size = statSync(file).size;
    const still = size > 44 && size === last;
    last = size;
    return still;
  }, { what: `speech captured to ${file}`, interval: 400, timeout: 20000 });
  return stat(file);
}

async function openForm(a, { frameAfter, click }) {
  click(target(a, 'entry.apply'));
  a = await frameAfter((b) => b.screen === 'apply' && b.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
  click(target(a, 'apply.sfz-buling'));
  return frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'form');
}

test('kiosk 读给我听: a form page read aloud through espeak-ng, speech-length and not silent; slower in 长辈版', { timeout: 180000 }, async () => {
  const dir = mkdtempSync('/tmp/tongban-kiosk-speech-');
  const wav = `${dir}/said.wav`;
  try {
    await withKiosk({ env: { TB_SPEECH_CAPTURE: wav } }, async (k) => {
      const { display, frameAfter, click } = k;
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      assert.ok(a.targets.some((x) => x.id === 'speech.read' && x.label === '读给我听'), 'the button is on the home screen');
      a = await openForm(a, k);
      assert.ok(a.targets.some((x) => x.id === 'speech.read'), 'and on the form page');
      await sleep(200);
      screenshotX(display, `${out}/speech-form.png`);
      click(target(a, 'speech.read'));
      const normal = await captured(wav);
      assert.ok(normal.seconds > 3 && normal.seconds < 120, `speech-length: ${normal.seconds} s`);
      assert.ok(normal.rms > 0.02, `not silent: RMS ${normal.rms}`);
      rmSync(wav);
      // 长辈版: the same page, read slower.
      click(target(a, 'toggle.elderly'));
      a = await frameAfter((b) => b.elderly === true && b.screen === 'apply-form', '长辈版');
      click(target(a, 'speech.read'));
      const slow = await captured(wav);
      assert.ok(slow.rms > 0.02, `not silent: RMS ${slow.rms}`);
      assert.ok(slow.seconds > normal.seconds * 1.15, `slower in 长辈版: ${slow.seconds} s against ${normal.seconds} s`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kiosk 读给我听 without espeak-ng: said in plain Chinese, the kiosk runs on', { timeout: 120000 }, async () => {
  await withKiosk({ env: { PATH: '/nonexistent' } }, async (k) => {
    const { display, frameAfter, click } = k;
    let a = await frameAfter((b) => b.frame >= 1, 'first frame');
    click(target(a, 'speech.read'));
    a = await frameAfter((b) => b.texts.some((s) => s.startsWith('朗读暂不可用')), 'no speech said');
    await sleep(200);
    screenshotX(display, `${out}/speech-missing.png`);
    click(target(a, 'entry.apply'));
    await frameAfter((b) => b.screen === 'apply', 'still running');
  });
});
