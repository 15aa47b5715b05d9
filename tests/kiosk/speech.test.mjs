// 读给我听 on the native kiosk (Xvfb, xdotool taps): the speech port runs espeak-ng, captured to a
// WAV file (TB_SPEECH_CAPTURE); on a form page the audio is speech-length and not silent (sox
// stat), slower in 长辈版; on a kiosk without espeak-ng the tap says so in plain Chinese and the
// kiosk runs on. Once a person has asked for 读给我听, faults (a card that cannot be read, a printer
// that does not answer) are read aloud too; a tap elsewhere stops the speech. Those two run against
// a stand-in espeak-ng first on PATH (fakeSpeaker): it keeps what it was given and "speaks" until
// it is stopped, as the real one does through a sound card.
//   node tests/kiosk/speech.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { testPaths, screenshotX, waitFor, sleep, freePort } from '../lib/harness.mjs';
import { capturedSpeech, fakeSpeaker } from '../lib/speech_check.mjs';
import { kioskFixture, target } from '../lib/kiosk_fixture.mjs';
import { fillKioskForm } from '../lib/kiosk_form.mjs';
import { settled } from '../lib/chinese_input.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const out = paths.out;
const { withKiosk } = kioskFixture(paths);

async function openForm(a, { frameAfter, click }) {
  click(target(a, 'entry.apply'));
  a = await frameAfter((b) => b.screen === 'apply' && b.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
  click(target(a, 'apply.sfz-buling'));
  return frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'form');
}

test('kiosk 读给我听: a form page read aloud through espeak-ng, speech-length and not silent; the home screen slower in 长辈版', { timeout: 180000 }, async () => {
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
      const normal = await capturedSpeech(wav);
      assert.ok(normal.seconds > 3 && normal.seconds < 120, `speech-length: ${normal.seconds} s`);
      assert.ok(normal.rms > 0.02, `not silent: RMS ${normal.rms}`);
      rmSync(wav);
      // 长辈版 reads slower. Compared on the home screen: all of it is in sight in both versions, so
      // the same text is said (a form page in 长辈版's larger type shows, and says, fewer questions).
      click(target(a, 'nav.back'));
      a = await frameAfter((b) => b.screen === 'apply', '我要办');
      click(target(a, 'nav.back'));
      a = await frameAfter((b) => b.screen === 'home', 'home');
      click(target(a, 'speech.read'));
      const home = await capturedSpeech(wav);
      rmSync(wav);
      click(target(a, 'toggle.elderly'));
      a = await frameAfter((b) => b.elderly === true && b.screen === 'home', '长辈版');
      click(target(a, 'speech.read'));
      const slow = await capturedSpeech(wav);
      assert.ok(slow.rms > 0.02, `not silent: RMS ${slow.rms}`);
      assert.ok(slow.seconds > home.seconds * 1.15, `slower in 长辈版: ${slow.seconds} s against ${home.seconds} s`);
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

// What 读给我听 says (the toned pinyin handed to the engine, kept by the stand-in espeak-ng).
const TITLE = 'ju1 min2 shen1 fen4 zheng4 bu3 ling3 shen1 qing3 biao3';  // 居民身份证补领申请表
const ID_NUMBER = 'gong1 min2 shen1 fen4 hao4 ma3';                      // 公民身份号码: at the page's top
const UNDER_16 = 'wei4 man3 shi2 liu4 zhou1 sui4';                       // 申请人是否未满16周岁: at its end
const LOCAL_HUKOU = 'shi4 fou3 wei4 ben3 shi4 hu4 ji2';                  // 是否为本市户籍
const PHONE = 'lian2 xi4 dian4 hua4';                                    // 联系电话
const TYPING = 'zheng4 zai4 tian2 xie3';                                 // 正在填写

test('kiosk 读给我听 says the title and the questions in sight, not those scrolled out of it; on the editor sheet, the field being typed', { timeout: 120000 }, async () => {
  const dir = mkdtempSync('/tmp/tongban-kiosk-speaker-');
  const speaker = fakeSpeaker(dir);
  try {
    await withKiosk({ env: speaker.env }, async (k) => {
      const { frameAfter, click } = k;
      let a = await settled(k, await openForm(await frameAfter((b) => b.frame >= 1, 'first frame'), k));
      click(target(a, 'speech.read'));
      await waitFor(() => speaker.said().length === 1 && speaker.said()[0].length > 0, { what: 'the top of the page read aloud' });
      await sleep(300);  // the stand-in writes what it is handed as it comes
      const top = speaker.said()[0];
      assert.ok(top.startsWith(TITLE), `the title first: ${top}`);
      assert.ok(top.includes(ID_NUMBER), `a question in sight: ${top}`);
      assert.ok(!top.includes(UNDER_16), `not the question below the scroll edge: ${top}`);
      // To the page's end with 下一页 (its rail is drawn once the page's height is known).
      a = await frameAfter((b) => b.frame >= a.frame && b.targets.some((x) => x.id.endsWith('.down')), 'the rail');
      for (let i = 0; i < 8; i++) {
        const down = a.targets.find((x) => x.id.endsWith('.down'));
        if (!down || down.state === 'disabled') break;
        const f = a.frame;
        click(down);
        a = await settled(k, await frameAfter((b) => b.frame > f, 'the next page'));
      }
      assert.ok(!a.targets.some((x) => x.id === 'field.id_number'), 'the ID number scrolled out of sight');
      click(target(a, 'speech.read'));
      await waitFor(() => speaker.said().length === 2 && speaker.said()[1].length > 0, { what: 'the end of the page read aloud' });
      await sleep(300);
      const end = speaker.said()[1];
      assert.ok(end.startsWith(TITLE), `the title first: ${end}`);
      assert.ok(end.includes(UNDER_16), `the question now in sight: ${end}`);
      assert.ok(!end.includes(ID_NUMBER), `not the one scrolled out: ${end}`);
      // The editor sheet over the page: its own 读给我听 above the dimmed header says the field.
      let f = a.frame;
      click(target(a, 'field.mobile'));
      a = await frameAfter((b) => b.frame > f && b.targets.some((x) => x.id === 'editor.ok'), 'the keypad sheet');
      const button = target(a, 'editor.speech');
      assert.equal(button.on_modal, true, 'tappable while the sheet is up');
      click(button);
      await waitFor(() => speaker.said().length === 3 && speaker.said()[2].length > 0, { what: 'the field read aloud' });
      await sleep(300);
      const field = speaker.said()[2];
      assert.ok(field.startsWith(TITLE), `the title first: ${field}`);
      assert.ok(field.includes(TYPING) && field.includes(PHONE), `the field: ${field}`);
      assert.ok(!field.includes(LOCAL_HUKOU), `not the page beneath the sheet: ${field}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The pinyin the kiosk hands the speech engine for a text (the same tables: tongban has no such
// command, so the words are checked by their syllables, written out here).
const WU_FA_DU_QU = 'wu2 fa3 du2 qu3';           // 无法读取 (this card cannot be read)
const DA_YIN_JI = 'da3 yin4 ji1';                // 打印机 (the printer does not answer)

test('kiosk 读给我听 on: a card that cannot be read and a printer that does not answer are read aloud; before it, faults are only shown', { timeout: 240000 }, async () => {
  const dir = mkdtempSync('/tmp/tongban-kiosk-speaker-');
  const reader = mkdtempSync('/tmp/tongban-kiosk-reader-');
  const speaker = fakeSpeaker(dir);
  const printerPort = await freePort();  // nothing listens there: the printer is off
  try {
    await withKiosk({ env: speaker.env, flags: ['--card-reader', `sim:${reader}/card`, '--printer', `tcp:127.0.0.1:${printerPort}`] }, async (k) => {
      const { frameAfter, click } = k;
      let a = await openForm(await frameAfter((b) => b.frame >= 1, 'first frame'), k);
      // A card the reader cannot make sense of, before 读给我听: shown, not said.
      const layBadCard = async () => {
        writeFileSync(`${reader}/card`, Buffer.from('not a card: a bent card, a dirty reader'));
        await sleep(800);  // on the reader a moment, as a hand lays it (the reader looks every 150 ms)
        a = await frameAfter((b) => b.texts.some((s) => s.startsWith('无法读取这张身份证')), 'card unreadable shown');
        rmSync(`${reader}/card`);
        await sleep(600);  // taken off the reader
      };
      await layBadCard();
      await sleep(500);
      assert.equal(speaker.said().length, 0, 'nothing said before 读给我听');
      click(target(a, 'speech.read'));
      await waitFor(() => speaker.said().length === 1 && speaker.said()[0].length > 0, { what: 'the page read aloud' });
      await layBadCard();
      await waitFor(() => speaker.said().length === 2, { what: 'the fault read aloud' });
      assert.ok(speaker.said()[1].includes(WU_FA_DU_QU), `the card's fault said: ${speaker.said()[1]}`);
      // A printer that does not answer, after 确认提交.
      a = await fillKioskForm(a, k);
      assert.equal(a.screen, 'apply-done', `form complete (last steps: ${(a.trace || []).join(', ')})`);
      click(target(a, 'form.confirm'));
      a = await frameAfter((b) => b.screen === 'submitted' && b.targets.some((x) => x.id === 'receipt.print'), 'submitted');
      const before = speaker.said().length;
      click(target(a, 'receipt.print'));
      a = await frameAfter((b) => b.texts.some((s) => s.startsWith('打印机没有响应')), 'printer offline shown');
      await waitFor(() => speaker.said().length > before, { what: 'the printer fault read aloud' });
      assert.ok(speaker.said().at(-1).includes(DA_YIN_JI), `the printer's fault said: ${speaker.said().at(-1)}`);
      // The next person starts with 读给我听 off.
      click(target(a, 'session.end'));
      a = await frameAfter((b) => b.screen === 'home', 'session ended');
      a = await openForm(a, k);
      const n = speaker.said().length;
      await layBadCard();
      await sleep(500);
      assert.equal(speaker.said().length, n, 'a new session: faults only shown until 读给我听 is tapped');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(reader, { recursive: true, force: true });
  }
});

test('kiosk 读给我听 stops when the person taps elsewhere', { timeout: 120000 }, async () => {
  const dir = mkdtempSync('/tmp/tongban-kiosk-speaker-');
  const speaker = fakeSpeaker(dir);
  try {
    await withKiosk({ env: speaker.env }, async (k) => {
      const { frameAfter, click } = k;
      let a = await openForm(await frameAfter((b) => b.frame >= 1, 'first frame'), k);
      click(target(a, 'speech.read'));
      await waitFor(() => speaker.said().length === 1, { what: 'speaking' });
      await sleep(1000);
      assert.ok(!speaker.stopped(0), 'still speaking while nobody touches the screen');
      // A tap on a field of the form: the speech stops and the tap does what it does.
      let f = a.frame;
      click(a.targets.find((x) => x.id.startsWith('field.')));
      await waitFor(() => speaker.stopped(0), { what: 'speech stopped by the tap', timeout: 5000 });
      a = await frameAfter((b) => b.frame > f && b.targets.some((x) => x.id === 'editor.cancel'), 'the tap opened the field');
      f = a.frame;
      click(target(a, 'editor.cancel'));
      a = await frameAfter((b) => b.frame > f && !b.targets.some((x) => x.id === 'editor.cancel'), 'the sheet closed');
      // 读给我听 again: it speaks until the next tap, which may be on 读给我听 itself (it starts over).
      click(target(a, 'speech.read'));
      await waitFor(() => speaker.said().length === 2, { what: 'speaking again' });
      await sleep(500);
      assert.ok(!speaker.stopped(1), 'the new utterance runs');
      click(target(a, 'speech.read'));
      await waitFor(() => speaker.stopped(1) && speaker.said().length === 3, { what: 'stopped and started over', timeout: 5000 });
      assert.ok(!speaker.stopped(2), 'the last utterance runs on');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
