// The ID-card reader and staff assist (帮办) at the native kiosk in a real X window (Xvfb), touch
// (mouse) only: a card laid on the simulated reader fills 城乡居民养老保险参保's applicant (an
// expired card is refused with its date and fills nothing; no card, an unplugged reader), the same
// through a vendor library loaded with dlopen (and a missing one reported); a staff station that
// shows nothing before a clerk signs in with credential and PIN (a wrong PIN, a revoked credential),
// signs out when idle and keeps an audit log `tongban audit verify` accepts; and a clerk helping at a
// public kiosk with the resident's consent, whose signed record the department's `tongban open` shows.
//   node tests/kiosk/staff.test.mjs [--kiosk PATH] [--tongban PATH] [--fake-reader LIB] [--out DIR]
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { testPaths, sleep } from '../lib/harness.mjs';
import { kioskFixture, shotWhenDrawn, target, kioskApplication, typePin, reveal } from '../lib/kiosk_fixture.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban', 'fake-reader']);
const out = paths.out;
const { withKiosk, tb, issueStaff, makeCard } = kioskFixture(paths);
const keys = paths.keys;  // the demo deployment's (--suite sm: every key SM2, the clerk's too)

async function openForm(a, { frameAfter, click }, item) {
  click(target(a, 'entry.apply'));
  a = await frameAfter((b) => b.screen === 'apply' && b.targets.some((x) => x.id === `apply.${item}`), 'apply list');
  click(target(a, `apply.${item}`));
  return frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'form');
}

const shot = (k, name) => shotWhenDrawn(k, `${out}/${name}.png`);

const fromCard = (a) => a.texts.filter((s) => s === '已从身份证读取').length;

describe('ID-card reader', () => {
  test('a card on the simulated reader fills the applicant; an expired card is refused with its date and fills nothing; no card; an unplugged reader', { timeout: 90000 }, async () => {
    const dir = mkdtempSync('/tmp/tongban-card-');
    const card = `${dir}/reader/card`;
    execFileSync('mkdir', ['-p', `${dir}/reader`]);
    try {
      await withKiosk({ flags: ['--card-reader', `sim:${card}`] }, async (k) => {
        const { display, frameAfter, click } = k;
        let a = await frameAfter((b) => b.frame >= 1, 'first frame');
        a = await openForm(a, k, 'jumin-yanglao-canbao');
        assert.ok(a.texts.some((s) => s.startsWith('将身份证放在读卡区')), 'the reader hint');
        target(a, 'card.read');
        makeCard(card, '20250301');
        a = await frameAfter((b) => b.texts.some((s) => s.startsWith('证件已于2025年3月1日过期，未填写任何信息')), 'expired card refused');
        assert.equal(target(a, 'field.name').state, 'empty', 'nothing filled from an expired card');
        assert.equal(target(a, 'field.id_number').state, 'empty', 'nothing filled from an expired card');
        assert.equal(fromCard(a), 0);
        await shot(k, 'card-expired');
        makeCard(card);
        a = await frameAfter((b) => b.texts.includes('已从身份证读取以下信息，请核对：'), 'what was taken');
        for (const line of ['参保人姓名：张丽华', '性别：女', '出生日期：1988年3月15日', '民族：汉族', '公民身份号码：211402********1242'])
          assert.ok(a.texts.includes(line), `shows ${line} (have: ${a.texts.join(' | ')})`);
        assert.ok(a.modal, 'the list is a modal sheet');
        await shot(k, 'card-taken');
        click(target(a, 'card.ok'));
        a = await frameAfter((b) => !b.targets.some((x) => x.id === 'card.ok') && fromCard(b) >= 5, 'fields marked as read from the card');
        for (const f of ['name', 'id_number']) assert.equal(target(a, `field.${f}`).state, 'filled', `${f} filled`);
        // The form asks 谁来办理 first, so 性别 may sit below the fold: scroll down to it with the rail.
        // (A page that has moved draws no further frames: wait for the layout to change, not for frames.)
        a = await reveal(k, a, 'choice.gender.female');
        assert.equal(target(a, 'choice.gender.female').state, 'selected', 'sex from the card');
        await shot(k, 'card-filled');
        // Taken off the reader, then 读取身份证 with nothing on it.
        rmSync(card);
        await sleep(500);
        click(target(a, 'card.read'));
        a = await frameAfter((b) => b.texts.some((s) => s.startsWith('未检测到身份证')), 'no card on the reader');
        assert.ok(fromCard(a) >= 5, 'the form keeps what the card gave');
        // The reader unplugged (its folder gone): said plainly; the kiosk runs on.
        rmSync(`${dir}/reader`, { recursive: true });
        click(target(a, 'card.read'));
        a = await frameAfter((b) => b.texts.some((s) => s.startsWith('读卡器未连接')), 'reader unplugged');
        click(target(a, 'session.end'));
        a = await frameAfter((b) => b.screen === 'home', 'session ended');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the vendor adapter: the reader library loaded with dlopen under the entry point names given; a missing library is reported and the kiosk runs without 读取身份证', { timeout: 90000 }, async () => {
    const dir = mkdtempSync('/tmp/tongban-vendor-');
    const entries = 'open=fake_open,close=fake_close,find=fake_find,select=fake_select,read=fake_read';
    try {
      await withKiosk({ flags: ['--card-reader', `vendor:${paths['fake-reader']}`, '--card-reader-entries', entries],
        env: { TB_FAKE_READER_CARD: `${dir}/card` } }, async (k) => {
        let a = await k.frameAfter((b) => b.frame >= 1, 'first frame');
        a = await openForm(a, k, 'jumin-yanglao-canbao');
        makeCard(`${dir}/card`);
        a = await k.frameAfter((b) => b.texts.includes('参保人姓名：张丽华'), 'read through the vendor library');
        k.click(target(a, 'card.ok'));
        a = await k.frameAfter((b) => fromCard(b) >= 5, 'filled');
        // Read again on request: the card is still on the reader.
        k.click(target(a, 'card.read'));
        a = await k.frameAfter((b) => b.texts.includes('参保人姓名：张丽华'), 'read again');
      });
      await withKiosk({ flags: ['--card-reader', `vendor:${dir}/libnothere.so`] }, async (k) => {
        let a = await k.frameAfter((b) => b.frame >= 1, 'first frame');
        assert.match(k.stderr(), /card reader: vendor:.*libnothere\.so: cannot load the reader's library .*读取身份证 is off/);
        a = await openForm(a, k, 'jumin-yanglao-canbao');
        assert.ok(!a.targets.some((x) => x.id === 'card.read'), 'no 读取身份证 without a reader');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('staff assist', () => {
  test('a staff station: nothing before sign-in, a revoked credential refused, a wrong PIN, sign-in with the PIN, idle sign-out; its audit log verifies with the CLI and names no one', { timeout: 120000 }, async () => {
    const data = mkdtempSync('/tmp/tongban-station-');
    const staff = issueStaff(data, 'S001', '王小明');
    const revoked = issueStaff(data, 'S002', '李四', ['--credential-id', 'bb'.repeat(16)]);
    tb('code', 'revoke', '--key', `${keys}/code-issuer.key`, '--id', 'bb'.repeat(16), '-o', `${data}/code-revoked.tbl`);
    const resident = tb('code', 'issue', 'printed', '--key', `${keys}/code-issuer.key`, '--name', '赵六', '--id', '110105199001010010').trim().split('\n').pop();
    try {
      await withKiosk({ flags: ['--data', data, '--staff', '--staff-idle', '12', '--idle-timeout', '600'] }, async (k) => {
        const { display, frameAfter, click, wedge } = k;
        let a = await frameAfter((b) => b.frame >= 1 && b.texts.includes('工作人员登录'), 'the sign-in screen');
        assert.ok(!a.targets.some((x) => x.id.startsWith('entry.')), 'no services before sign-in');
        await shot(k, 'staff-signin');
        wedge(resident);
        a = await frameAfter((b) => b.texts.includes('请工作人员先扫描工作证登录'), "a resident's code before sign-in");
        assert.ok(!a.texts.some((s) => s.includes('赵') || s.includes('110105')), 'nothing of the resident shown');
        wedge(revoked);
        a = await frameAfter((b) => b.texts.some((s) => /^工作证不能使用：已注销/.test(s)), 'revoked credential refused');
        assert.ok(!a.targets.some((x) => x.id.startsWith('pin.')), 'no PIN asked for a revoked credential');
        wedge(staff);
        a = await frameAfter((b) => b.targets.some((x) => x.id === 'pin.ok') && b.texts.includes('请输入工作证密码'), 'PIN keypad');
        assert.ok(a.texts.some((s) => s.startsWith('王*明（工号 S001')), 'who is signing in, masked');
        a = await typePin(a, k, '111111');
        a = await frameAfter((b) => b.texts.some((s) => s.startsWith('密码错误，还可以再试 2 次')), 'wrong PIN');
        await shot(k, 'staff-wrong-pin');
        a = await typePin(a, k, '246810');
        a = await frameAfter((b) => b.targets.some((x) => x.id === 'entry.apply') && b.targets.some((x) => x.id === 'staff.signout'), 'signed in');
        assert.equal(target(a, 'staff.signout').label, '退出登录（王*明）');
        await shot(k, 'staff-signed-in');
        // A resident's code now shows the masked ID number (a staff station's view).
        wedge(resident);
        a = await frameAfter((b) => b.texts.includes('证件号：110105********0010'), "a resident's code after sign-in");
        // 12 s without a touch: signed out, back to the sign-in screen.
        const t0 = Date.now();
        a = await frameAfter((b) => b.texts.includes('工作人员登录') && !b.targets.some((x) => x.id === 'staff.signout'), 'idle sign-out', );
        assert.ok(Date.now() - t0 > 8000, 'not before the idle time');
        assert.ok(!a.texts.some((s) => s.includes('110105')), 'nothing personal left on screen');
      });
      const verified = tb('audit', 'verify', `${data}/audit.log`, '--device-pub', `${data}/device.pub`);
      assert.match(verified, /staff-refused .*reason=revoked/);
      assert.match(verified, /pin-refused staff=S001 tries-left=2/);
      assert.match(verified, /sign-in staff=S001 .*mode=station/);
      assert.match(verified, /sign-out staff=S001 reason=idle/);
      assert.match(verified, /^ok \d+ entries/m);
      assert.ok(!/王|赵|110105|246810/.test(verified), `no names, numbers or PINs in the log: ${verified}`);
      // Tampered with: an entry removed is refused, naming its line.
      const lines = readFileSync(`${data}/audit.log`, 'utf8').trim().split('\n');
      writeFileSync(`${data}/cut.log`, [lines[0], ...lines.slice(2)].join('\n') + '\n');
      assert.throws(() => tb('audit', 'verify', `${data}/cut.log`, '--device-pub', `${data}/device.pub`), /line 2/);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  test("a clerk at a public kiosk: the resident's consent first, then an assisted application whose sealed part carries the clerk's signed record (tongban open)", { timeout: 180000 }, async () => {
    const data = mkdtempSync('/tmp/tongban-assist-');
    const staff = issueStaff(data, 'S001', '王小明');
    try {
      await withKiosk({ flags: ['--data', data] }, async (k) => {
        const { display, frameAfter, click, wedge } = k;
        let a = await frameAfter((b) => b.frame >= 1, 'first frame');
        assert.ok(a.targets.some((x) => x.id === 'entry.apply'), 'a public kiosk needs no sign-in');
        wedge(staff);
        a = await frameAfter((b) => b.targets.some((x) => x.id === 'pin.ok'), 'PIN keypad');
        a = await typePin(a, k, '246810');
        a = await frameAfter((b) => b.targets.some((x) => x.id === 'consent.agree'), 'consent asked');
        assert.ok(a.texts.some((s) => s.includes('王*明（工号 S001')), 'the resident sees who will help');
        await shot(k, 'staff-consent');
        click(target(a, 'consent.agree'));
        a = await frameAfter((b) => !b.targets.some((x) => x.id === 'consent.agree') && b.targets.some((x) => x.id === 'staff.signout'), 'helping');
        a = await kioskApplication(a, k);
        click(target(a, 'form.confirm'));
        a = await frameAfter((b) => b.screen === 'submitted', 'submitted');
        click(target(a, 'session.end'));
        a = await frameAfter((b) => b.screen === 'home' && !b.targets.some((x) => x.id === 'staff.signout'), 'the sign-in ends with the session');
      });
      const envelope = readdirSync(data).find((f) => /^outbox-.*\.tbs$/.test(f));
      assert.ok(envelope, `an envelope in the outbox (${readdirSync(data).join(', ')})`);
      const opened = JSON.parse(tb('open', `${data}/${envelope}`, '--key', `${keys}/departments/gongan.key`, '--out', data,
        '--staff-trust', `${keys}/code-issuer.pub`));
      assert.equal(opened.assisted.staff_id, 'S001');
      assert.equal(opened.assisted.name, '王*明');
      assert.equal(opened.assisted.consent, 'on-screen');
      assert.equal(opened.assisted.signature, 'valid');
      assert.match(opened.assisted.credential_issuer, /^trusted/);
      assert.equal(opened.suite, paths.suite === 'sm' ? 'tongban-seal-sm-v1' : 'tongban-seal-v1', 'in the deployment\'s suite');
      // The kiosk's own key (it signs the envelope and the audit log) is in that suite too.
      assert.match(readFileSync(`${data}/device.pub`, 'utf8'), paths.suite === 'sm' ? /^kind: sm2-device$/m : /^kind: ed25519-device$/m);
      const log = tb('audit', 'verify', `${data}/audit.log`, '--device-pub', `${data}/device.pub`);
      assert.match(log, /consent staff=S001 answer=given/);
      assert.match(log, /submitted submission=[0-9a-f]+ item=sfz-buling identity=typed assisted-by=S001/);
      assert.match(log, /sign-out staff=S001 reason=session-end/);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
