// The native kiosk's 我要办 and 预约 in a real X window (Xvfb), driven with xdotool: a person
// completes 居民身份证补领 (a wrong ID number refused beside the field) and ending the session forgets
// it; a 预约 picked and typed at the kiosk is sealed to the department and delivered to a real
// intake (`tongban intake serve`). The outbox's network and crash cases are in submission.test.mjs.
//   node tests/kiosk/forms.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { testPaths, screenshotX, sleep, freePort, sourceRoot } from '../lib/harness.mjs';
import { kioskFixture, target, cutOff } from '../lib/kiosk_fixture.mjs';
import { fillKioskForm } from '../lib/kiosk_form.mjs';
import { writePinyin, settled } from '../lib/chinese_input.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const out = paths.out;
const { withKiosk, startIntake, tb } = kioskFixture(paths);

test('forms: a person completes 居民身份证补领 at the kiosk; ending the session forgets it', { timeout: 240000 }, async () => {
  await withKiosk({}, async ({ display, frameAfter, click, typeText, clearText }) => {
    let a = await frameAfter((a) => a.frame >= 1, 'first frame');
    click(target(a, 'entry.apply'));
    a = await frameAfter((a) => a.screen === 'apply' && a.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
    click(target(a, 'apply.sfz-buling'));
    a = await frameAfter((a) => a.screen === 'apply-form' && a.targets.some((x) => x.id.startsWith('field.')), 'form');
    assert.deepEqual(a.missing_glyphs, 0, 'missing glyphs on the form');
    await sleep(200);
    screenshotX(display, `${out}/form-start.png`);
    // A wrong ID number on the keypad: the reason appears beside the field.
    const idBox = a.targets.find((x) => x.id === 'field.id_number');
    click(idBox);
    a = await frameAfter((b) => b.targets.some((x) => x.id === 'keypad.X'), 'ID keypad');
    for (const ch of '211402198803151235') { click(target(a, `keypad.${ch}`)); a = await frameAfter((b) => b.frame > a.frame, 'key'); }
    await sleep(150);
    screenshotX(display, `${out}/form-keypad.png`);
    click(target(a, 'editor.ok'));
    // Refused: the editor stays open with the reason under the number as typed (unmasked, so it can
    // be checked digit by digit), and the field behind is marked wrong.
    a = await frameAfter((b) => b.targets.some((x) => x.id === 'editor.ok') && b.texts.some((s) => s.includes('校验')) &&
      b.targets.some((x) => x.id === 'field.id_number' && x.state === 'error'), 'ID refused in the editor');
    assert.ok(a.texts.includes('211402198803151235'), `the number is shown as typed: ${a.texts.filter((s) => /^\d/.test(s)).join(' | ')}`);
    assert.ok(!a.texts.some((s) => s.includes('********')), 'nothing masked while the person corrects it');
    await sleep(150);
    screenshotX(display, `${out}/form-id-refused.png`);
    // The last digit corrected: taken, the editor closes, the field is filled.
    click(target(a, 'keypad.delete'));
    a = await frameAfter((b) => b.texts.includes('21140219880315123'), 'last digit deleted');
    click(target(a, 'keypad.4'));
    a = await frameAfter((b) => b.texts.includes('211402198803151234'), 'corrected');
    click(target(a, 'editor.ok'));
    a = await frameAfter((b) => !b.targets.some((x) => x.id === 'editor.ok') && target(b, 'field.id_number').state === 'filled', 'corrected ID taken');
    a = await fillKioskForm(a, { frameAfter, click, typeText, clearText });
    if (a.screen !== 'apply-done') {
      screenshotX(display, `${out}/form-stuck.png`);
      throw new Error(`form not completed; on screen: ${a.texts.filter((s) => s.startsWith('第') || s.includes('需要')).join(' | ')}; targets: ${a.targets.map((x) => x.id + (x.state ? '=' + x.state : '')).join(' ')}; last steps: ${(a.trace || []).join(', ')}`);
    }
    assert.ok(a.texts.some((s) => s.startsWith('青禾市公安局：') && /\d+ 项信息/.test(s)), `department summary: ${a.texts.join(' | ')}`);
    await sleep(200);
    screenshotX(display, `${out}/form-done.png`);
    click(target(a, 'session.end'));
    a = await frameAfter((a) => a.screen === 'home' && a.texts.includes('已退出，您的信息已清除'), 'session ended');
    click(target(a, 'entry.apply'));
    a = await frameAfter((a) => a.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list again');
    click(target(a, 'apply.sfz-buling'));
    a = await frameAfter((a) => a.targets.some((x) => x.id === 'field.id_number'), 'form again');
    assert.deepEqual(target(a, 'field.id_number').state, 'empty', 'the previous person\'s answers are gone');
  });
});

test('预约 at the kiosk: hall, working day and hour picked, name and mobile typed (a wrong mobile and a name in pinyin refused, the name written in Chinese taken), sealed to the department and delivered; the session forgets it', { timeout: 120000 }, async () => {
  const port = await freePort();
  const dir = mkdtempSync('/tmp/tongban-kiosk-intake-');
  const data = mkdtempSync('/tmp/tongban-kiosk-appoint-');
  const intake = await startIntake(port, dir);
  const service = tb('code', 'issue', 'service', '--item', 'sfz-buling', '--key', `${sourceRoot}/assets/demo-keys/code-issuer.key`).trim().split('\n').pop();
  try {
    await withKiosk({ flags: ['--data', data, '--intake', `http://127.0.0.1:${port}`] }, async ({ display, frameAfter, click, typeText, wedge }) => {
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      // The hall's service code for 居民身份证补领 (a keyboard-wedge scan) opens its guide.
      wedge(service);
      a = await frameAfter((b) => b.screen === 'guide-item' && b.targets.some((x) => x.id === 'guide.appoint'), 'the guide offers 预约');
      click(target(a, 'guide.appoint'));
      a = await frameAfter((b) => b.screen === 'appoint' && b.targets.some((x) => x.id.startsWith('appoint.date.')), 'appointment screen');
      // What is needed to book is wholly in sight, with nothing scrolled (the boxes are not cut by
      // the choices' scroll edge, as they were at 1920x1080).
      for (const id of ['field.appoint.name', 'field.appoint.mobile', 'appoint.send']) assert.equal(cutOff(a, id), '', id);
      click(target(a, 'appoint.hall.changan-hall'));
      a = await frameAfter((b) => target(b, 'appoint.hall.changan-hall').state === 'selected', 'hall chosen');
      const day = a.targets.find((x) => x.id.startsWith('appoint.date.'));
      click(day);
      a = await frameAfter((b) => target(b, day.id).state === 'selected', 'day chosen');
      click(target(a, 'appoint.slot.3'));
      a = await frameAfter((b) => target(b, 'appoint.slot.3').state === 'selected', 'slot chosen');
      const typeOnKeypad = async (digits) => {
        a = await frameAfter((b) => b.targets.some((x) => x.id === 'keypad.1'), 'keypad');
        click(target(a, 'keypad.clear'));
        for (const ch of digits) { a = await frameAfter((b) => b.frame > a.frame, 'redraw'); click(target(a, `keypad.${ch}`)); }
        a = await frameAfter((b) => b.texts.includes(digits), `keypad shows ${digits}`);
        click(target(a, 'editor.ok'));
      };
      click(target(a, 'field.appoint.mobile'));
      await typeOnKeypad('12345');
      a = await frameAfter((b) => b.texts.some((x) => x.startsWith('手机号：')), 'a wrong mobile refused');
      await typeOnKeypad('13900139000');
      a = await frameAfter((b) => !b.targets.some((x) => x.id === 'editor.ok') && target(b, 'field.appoint.mobile').state === 'filled', 'mobile set');
      // A name typed in pinyin on a keyboard is refused in plain Chinese; written in characters on
      // the pinyin keyboard, it is taken.
      click(target(a, 'field.appoint.name'));
      a = await frameAfter((b) => b.targets.some((x) => x.id === 'editor.ok'), 'editor');
      await typeText('Wang Fang');
      a = await frameAfter((b) => b.texts.includes('Wang Fang'), 'pinyin typed');
      click(target(a, 'editor.ok'));
      a = await frameAfter((b) => b.texts.some((x) => x.includes('姓名请用汉字填写')), 'a name in pinyin refused');
      // Cleared by touch, as a villager would (the on-screen 清空), not by a keyboard shortcut.
      click(target(a, 'kb.clear'));
      a = await frameAfter((b) => !b.texts.includes('Wang Fang'), 'the name cleared');
      a = await writePinyin({ frameAfter, click }, a, 'wangfang', '王芳');
      click(target(a, 'editor.ok'));
      a = await frameAfter((b) => !b.targets.some((x) => x.id === 'editor.ok') && target(b, 'field.appoint.name').state === 'filled', 'name set');
      for (const id of ['field.appoint.name', 'field.appoint.mobile', 'appoint.send']) assert.equal(cutOff(a, id), '', `${id}, filled`);
      await sleep(200);
      screenshotX(display, `${out}/appoint.png`);
      click(target(a, 'appoint.send'));
      a = await frameAfter((b) => b.texts.includes('预约申请已加密保存') && b.texts.some((x) => x.startsWith('状态：已提交')), 'sent and receipted');
      await sleep(200);
      screenshotX(display, `${out}/appoint-done.png`);
      assert.ok(!a.texts.some((x) => x.includes('13900139000') || x.includes('王芳')), 'the done screen shows no name or mobile');
      const id = tb('intake', 'list', '--db', `sqlite:${dir}/intake.db`, '--department', 'gongan').trim().split('\n').pop().split(/\s+/)[0];
      const env = join(dir, 'a.tbs');
      tb('intake', 'export', '--db', `sqlite:${dir}/intake.db`, id, '-o', env);
      const opened = JSON.parse(tb('open', env, '--key', `${sourceRoot}/assets/demo-keys/departments/gongan.key`));
      assert.deepEqual([opened.kind, opened.item], ['appointment', 'sfz-buling'], 'kind and item');
      const v = opened.data;
      assert.deepEqual([v.hall, String(v.date), v.slot, v.name, v.mobile], ['changan-hall', day.id.split('.').pop(), '14:00-15:00', '王芳', '13900139000'],
        'what the department reads');
      click(target(a, 'appoint.finish'));
      await frameAfter((b) => b.screen === 'home' && b.texts.includes('已退出，您的信息已清除'), 'session ended');
    });
  } finally {
    await intake.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
});

// 预约 in every shape of the kiosk's screen: every choice reachable with the large 上一页/下一页 (each
// one wholly in sight once scrolled to), and 姓名, 手机号 and 提交预约 wholly in sight throughout.
for (const [elderly, width, height] of [[false, 1920, 1080], [true, 1920, 1080], [false, 1080, 1920], [true, 1080, 1920]]) {
  test(`预约 at ${width}x${height}${elderly ? ' in 长辈版' : ''}: what is needed to book is in sight or reached with 下一页`, { timeout: 120000 }, async () => {
    const service = tb('code', 'issue', 'service', '--item', 'sfz-buling', '--key', `${sourceRoot}/assets/demo-keys/code-issuer.key`).trim().split('\n').pop();
    const shape = `${width}x${height}${elderly ? '-elderly' : ''}`;
    await withKiosk({ width, height, flags: elderly ? ['--elderly'] : [] }, async (k) => {
      let a = await k.frameAfter((b) => b.frame >= 1 && b.elderly === elderly, 'first frame');
      k.wedge(service);
      a = await k.frameAfter((b) => b.screen === 'guide-item' && b.targets.some((x) => x.id === 'guide.appoint'), 'the guide offers 预约');
      k.click(target(a, 'guide.appoint'));
      a = await settled(k, await k.frameAfter((b) => b.screen === 'appoint' && b.targets.some((x) => x.id.startsWith('appoint.date.')), '预约'));
      screenshotX(k.display, `${out}/appoint-${shape}.png`);
      const needed = ['field.appoint.name', 'field.appoint.mobile', 'appoint.send'];
      for (const id of needed) assert.equal(cutOff(a, id), '', `${shape}: ${id}`);
      // The first hall and the last hour (the page's ends): brought wholly into sight with 下一页.
      for (const id of ['appoint.hall.changan-hall', 'appoint.slot.5']) {
        const whole = (b) => b.targets.some((x) => x.id === id) && !cutOff(b, id);
        const rail = (b) => b.targets.find((x) => x.id === 'appoint-sfz-buling.down');
        for (let i = 0; i < 12; i++) {
          // The rail is drawn once the page's height is known (the frame after it first appears).
          a = await k.frameAfter((b) => b.frame >= a.frame && (whole(b) || rail(b)), `${id} or the rail`);
          if (whole(a)) break;
          const down = rail(a);
          assert.ok(down.state !== 'disabled', `${shape}: ${id} out of sight with nothing left to scroll (${a.targets.some((x) => x.id === id) ? cutOff(a, id) : 'not on screen'})`);
          const before = a.frame;
          k.click(down);
          a = await settled(k, await k.frameAfter((b) => b.frame > before, 'the next page'));
        }
        assert.equal(cutOff(a, id), '', `${shape}: ${id}`);
        for (const n of needed) assert.equal(cutOff(a, n), '', `${shape}, scrolled to ${id}: ${n}`);
      }
      screenshotX(k.display, `${out}/appoint-${shape}-scrolled.png`);
    });
  });
}
