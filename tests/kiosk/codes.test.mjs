// 一码通城 at the native kiosk in a real X window (Xvfb): codes read by a keyboard-wedge scanner at
// a staff station (a printed code with the masked ID, a revoked one refused, a house plate, a
// service code, a personal checklist made at another kiosk), and by a camera (frames from a .y4m
// file: a phone's rotating code, then a service code; a bad camera reported).
//   node tests/kiosk/codes.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testPaths, screenshotX, sleep } from '../lib/harness.mjs';
import { kioskFixture, target, answerScenario, signInStaff } from '../lib/kiosk_fixture.mjs';
import { writeY4m } from '../lib/y4m.mjs';
import { chain } from '../lib/steps.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const out = paths.out;
const { withKiosk, tb, issueStaff } = kioskFixture(paths);

// The checklist a resident made at one kiosk is scanned at the staff station in the next step.
describe('codes at a staff station', () => {
  const step = chain();
  let checklistCode = null;
  step('a personal checklist made at a kiosk: a service code opens its guide, whose scenario guidance ends in a TBG1 code', { timeout: 60000 }, async () => {
    const service = tb('code', 'issue', 'service', '--item', 'sfz-buling', '--key', `${paths.keys}/code-issuer.key`).trim().split('\n').pop();
    await withKiosk({}, async ({ frameAfter, click, wedge }) => {
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      wedge(service);
      a = await frameAfter((b) => b.screen === 'guide-item' && b.arg === 'sfz-buling' && b.targets.some((x) => x.id === 'guide.scenario'), 'its guide');
      a = await answerScenario(a, { frameAfter, click });
      const qr = target(a, 'qr');
      assert.ok(qr.label.startsWith('TBG1:sfz-buling:'), `checklist code ${qr.label}`);
      checklistCode = qr.label;
    });
  });

  step('codes at a staff station: keyboard-wedge scans of a printed code (masked ID shown), a revoked one refused, a house plate listing its services, a service code opening its guide, a personal checklist code opening the same checklist', { timeout: 90000 }, async () => {
    const keys = `${paths.keys}`;
    const issue = (...a) => tb('code', 'issue', ...a, '--key', `${keys}/code-issuer.key`).trim().split('\n').pop();
    const good = issue('printed', '--name', '王小明', '--id', '110105199001010020');
    const lost = issue('printed', '--name', '李四', '--id', '110105198002020011', '--credential-id', 'aa'.repeat(16));
    const plate = issue('house-plate', '--plate-id', 'qh-wenhua-88', '--address', '青禾市长安区文化路88号', '--division', '110105',
      '--item', 'sfz-buling', '--item', 'hukou-qianru');
    const service = issue('service', '--item', 'sfz-buling');
    const data = mkdtempSync('/tmp/tongban-kiosk-codes-');
    // The issuer revoked 李四's lost card; the list reached the kiosk's data folder.
    tb('code', 'revoke', '--key', `${keys}/code-issuer.key`, '--id', 'aa'.repeat(16), '-o', `${data}/code-revoked.tbl`);
    const clerk = issueStaff(data, 'S001', '王小明');
    try {
      await withKiosk({ flags: ['--data', data, '--staff'] }, async (k) => {
        const { display, frameAfter, click, wedge } = k;
        let a = await frameAfter((b) => b.frame >= 1, 'first frame');
        // A staff station shows nothing until a clerk signs in (docs/STAFF.md).
        a = await signInStaff(a, k, clerk);
        wedge(good);
        a = await frameAfter((b) => b.screen === 'scan' && b.texts.includes('随身码核验通过'), 'printed code verified');
        assert.ok(a.texts.includes('姓名：王*明'), `masked name: ${a.texts.join(' | ')}`);
        assert.ok(a.texts.includes('证件号：110105********0020'), 'staff station shows the masked ID number');
        await sleep(200);
        screenshotX(display, `${out}/scan-staff-printed.png`);
        wedge(lost);
        a = await frameAfter((b) => b.texts.some((x) => x.startsWith('核验未通过') && /已注销/.test(x)), 'revoked code refused');
        wedge('TBP1:NOT-A-REAL-CODE');
        a = await frameAfter((b) => b.texts.some((x) => x.startsWith('核验未通过') && /不是有效的码/.test(x)), 'garbage refused');
        // What to do in plain words, and for the clerk the parser's own reason as a second line.
        assert.ok(a.texts.some((x) => /再扫一次/.test(x)), `plain advice: ${a.texts.join(' | ')}`);
        assert.ok(a.texts.some((x) => x.startsWith('技术信息（供工作人员）：') && /[A-Za-z]/.test(x)), `technical line: ${a.texts.join(' | ')}`);
        await sleep(200);
        screenshotX(display, `${out}/scan-staff-refused.png`);
        wedge(plate);
        a = await frameAfter((b) => b.texts.includes('门牌：青禾市长安区文化路88号'), 'house plate');
        click(target(a, 'plate.sfz-buling'));
        a = await frameAfter((b) => b.screen === 'guide-item' && b.arg === 'sfz-buling', 'the service at that address');
        click(target(a, 'nav.back'));
        a = await frameAfter((b) => b.screen === 'scan', 'back to scanning');
        wedge(service);
        a = await frameAfter((b) => b.screen === 'guide-item' && b.arg === 'sfz-buling', 'a service code opens its guide');
        // The resident's personal checklist (made at a kiosk or on the phone) opens the same checklist.
        assert.ok(checklistCode, 'no checklist code from the step before');
        click(target(a, 'nav.back'));
        a = await frameAfter((b) => b.screen === 'scan', 'back to scanning');
        wedge(checklistCode);
        a = await frameAfter((b) => b.screen === 'guide-scenario' && b.targets.some((x) => x.id === 'qr'), 'the checklist from its code');
        assert.deepEqual(target(a, 'qr').label, checklistCode, 'the same checklist');
      });
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});

// A camera's frames as a YUV4MPEG2 file (what `--camera` also reads from a V4L2 device): each code
// rendered by the CLI, centred in a 640x480 grey frame, held for `frames` frames at 10 fps.
function cameraFile(dir, scenes) {
  const W = 640, H = 480;
  return writeY4m(join(dir, 'camera.y4m'), W, H, scenes.map(({ text, frames }) => {
    if (!text) return { grey: Buffer.alloc(W * H, 235), frames };  // an empty scene: a light wall
    const png = join(dir, 'code.png');
    tb('code', 'render', text, '-o', png, '--scale', '3');
    const grey = execFileSync('convert', [png, '-background', '#ebebeb', '-gravity', 'center', '-extent', `${W}x${H}`, '-depth', '8', 'gray:-'],
      { maxBuffer: 1 << 24 });
    return { grey, frames };
  }));
}

test('camera (--camera, frames from a .y4m file): a phone\'s rotating code held in view is verified once (no replay refusal while it stays), then a service code opens its guide; a bad camera is reported and the kiosk runs on', { timeout: 90000 }, async () => {
  const dir = mkdtempSync('/tmp/tongban-kiosk-camera-');
  const keys = `${paths.keys}`;
  try {
    tb('keys', 'new', 'phone', '--out', dir, '--kind', 'device', '--suite', paths.suite);  // the phone's key, in its city's suite
    tb('code', 'issue', 'dynamic-credential', '--key', `${keys}/code-issuer.key`, '--device-pub', `${dir}/phone.pub`,
      '--name', '赵六', '--id', '110105199203030031', '-o', `${dir}/cred.bin`);
    const dynamic = tb('code', 'dynamic', '--credential', `${dir}/cred.bin`, '--device-key', `${dir}/phone.key`).trim();
    const service = tb('code', 'issue', 'service', '--item', 'sfz-buling', '--key', `${keys}/code-issuer.key`).trim().split('\n').pop();
    // 1 s of wall, 4 s of the phone's code (~30 decodes of it), 1 s of wall, 3 s of the service code.
    const file = cameraFile(dir, [{ frames: 10 }, { text: dynamic, frames: 40 }, { frames: 10 }, { text: service, frames: 30 }]);
    await withKiosk({ flags: ['--camera', file] }, async ({ display, frameAfter, stderr }) => {
      let a = await frameAfter((b) => b.screen === 'scan' && b.texts.includes('个人码核验通过'), 'the phone\'s code read by the camera and verified');
      assert.ok(a.texts.includes('姓名：赵*'), `masked name: ${a.texts.join(' | ')}`);
      assert.ok(!a.texts.some((x) => x.includes('证件号')), 'not a staff station: no ID number');
      await sleep(300);
      screenshotX(display, `${out}/camera-dynamic.png`);
      // Still in view for seconds: read once, so never refused as shown again.
      await sleep(2000);
      a = await frameAfter((b) => b.frame >= a.frame, 'a later frame');
      assert.ok(!a.texts.some((x) => x.startsWith('核验未通过')), `held in view, refused: ${a.texts.join(' | ')}`);
      await frameAfter((b) => b.screen === 'guide-item' && b.arg === 'sfz-buling', 'the service code opens its guide');
      assert.ok(/camera: reading codes from/.test(stderr()), `camera start logged: ${stderr()}`);
      assert.ok(!stderr().includes('赵'), 'no personal data in the log');
    });
    writeFileSync(join(dir, 'bad.y4m'), 'GIF89a not a camera');
    for (const [source, why] of [[join(dir, 'bad.y4m'), /not a YUV4MPEG2/], ['/dev/video-none', /cannot open the camera/]]) {
      await withKiosk({ flags: ['--camera', source] }, async ({ frameAfter, stderr }) => {
        const a = await frameAfter((b) => b.frame >= 1, 'first frame');
        assert.deepEqual(a.screen, 'home', 'the kiosk runs on');
        assert.ok(why.test(stderr()) && /scanning by camera is off/.test(stderr()), `reported: ${stderr()}`);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
