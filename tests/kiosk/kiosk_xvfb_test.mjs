// The native kiosk in a real X window (Xvfb), clicked with real X input (xdotool) and checked
// through screenshots (ImageMagick) and its automation description of each drawn frame.
//   node kiosk_xvfb_test.mjs --kiosk PATH --out DIR
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { rmSync, mkdtempSync, mkdirSync, copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeQrImage } from '../lib/qr_decode.mjs';
import { fillKioskForm } from '../lib/kiosk_form.mjs';
import { publishUpdate } from '../lib/publish.mjs';
import { writeY4m } from '../lib/y4m.mjs';
import { parseArgs, startXvfb, screenshotX, pixel, readJson, waitFor, ensureDir, makeRunner, assert, assertEq, sleep, freePort, httpStatus }
  from '../lib/harness.mjs';

const args = parseArgs();
const kiosk = args.kiosk;
const sourceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = ensureDir(args.out || 'kiosk-artifacts');
const t = makeRunner('kiosk.xvfb');

// Each kiosk gets a fresh data folder unless the check passes --data (its outbox, its device key).
async function withKiosk({ width = 1920, height = 1080, flags = [], env = {}, expectKilled = false }, fn) {
  const x = await startXvfb(width, height);
  const autoFile = `${out}/automation-${process.pid}.json`;
  rmSync(autoFile, { force: true });
  const scratch = flags.includes('--data') ? null : mkdtempSync('/tmp/tongban-kiosk-data-');
  const proc = spawn(kiosk, ['--automation', autoFile, '--size', `${width}x${height}`, ...(scratch ? ['--data', scratch] : []), ...flags],
    { env: { ...process.env, DISPLAY: x.display, ...env }, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; process.stderr.write(d); });
  let exited = null, signal = null;
  proc.on('exit', (code, sig) => { exited = code ?? -1; signal = sig; });
  const frameAfter = async (pred, what) => waitFor(() => {
    if (exited !== null && !expectKilled) throw new Error(`kiosk exited with ${exited}`);
    const a = readJson(autoFile);
    return a && pred(a) ? a : null;
  }, { what });
  const click = (target) => {
    const cx = Math.round(target.x + target.w / 2), cy = Math.round(target.y + target.h / 2);
    execFileSync('xdotool', ['mousemove', String(cx), String(cy), 'click', '1'], { env: { ...process.env, DISPLAY: x.display } });
  };
  const typeText = (text) => execFileSync('xdotool', ['type', '--delay', '30', text], { env: { ...process.env, DISPLAY: x.display } });
  // A keyboard-wedge (HID) scanner reading a code: it types the text quickly and presses Enter.
  const wedge = (text) => {
    execFileSync('xdotool', ['type', '--delay', '5', text], { env: { ...process.env, DISPLAY: x.display } });
    execFileSync('xdotool', ['key', 'Return'], { env: { ...process.env, DISPLAY: x.display } });
  };
  try {
    await fn({ display: x.display, frameAfter, click, typeText, wedge, proc, stderr: () => stderr, exitedWith: () => (exited === null ? null : { code: exited, signal }) });
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    if (exited === null) {
      proc.kill('SIGTERM');
      await waitFor(() => exited !== null, { what: 'kiosk to exit on SIGTERM', timeout: 5000 });
      assertEq(exited, 0, 'kiosk exit status after SIGTERM');
    }
    await x.stop();
  }
}

// Types a word on the on-screen keyboard, one key at a time, waiting each time until the search
// box shows the text so far (a single letter is also a key label: then it must appear twice).
async function typeOnKeyboard(a, word, frameAfter, click) {
  for (let i = 1; i <= word.length; i++) {
    const prefix = word.slice(0, i);
    click(target(a, `key.${word[i - 1]}`));
    a = await frameAfter((b) => b.texts.filter((s) => s === prefix).length >= (prefix.length === 1 ? 2 : 1), `typed ${prefix}`);
  }
  return a;
}

let checklistCode = null;  // the personal checklist code the guides check made (scanned again at the staff station)

const target = (a, id) => {
  const found = a.targets.find((x) => x.id === id);
  assert(found, `target ${id} not on screen (have: ${a.targets.map((x) => x.id).join(', ')})`);
  return found;
};

await t.check('landscape home: four entries, elderly switch, Chinese glyphs all present', async () => {
  await withKiosk({}, async ({ display, frameAfter, click }) => {
    const a = await frameAfter((a) => a.frame >= 1, 'first frame');
    assertEq(a.screen, 'home', 'screen');
    assertEq(a.targets.filter((x) => x.id.startsWith('entry.')).map((x) => x.label),
      ['办事指南', '扫码', '我要办', '我的 / 查询'], 'entry labels');
    assertEq(a.missing_glyphs, 0, 'characters the font could not draw');
    assert(a.texts.includes('政务服务 · 一网通办'), 'subtitle drawn');
    // Landscape: one row of four tiles.
    const ys = new Set(a.targets.filter((x) => x.id.startsWith('entry.')).map((x) => Math.round(x.y)));
    assertEq(ys.size, 1, 'tile rows in landscape');
    await sleep(300);
    const shot = `${out}/home-landscape.png`;
    screenshotX(display, shot);
    // The real window shows the header in the primary blue and white tiles where the automation says.
    assertEq(pixel(shot, 5, 5), [0x1a, 0x5f, 0xc8], 'header colour at (5,5)');
    const g = target(a, 'entry.guides');
    assertEq(pixel(shot, g.x + g.w / 2, g.y + g.h - 20), [255, 255, 255], 'tile body colour');

    // One tap to elderly mode: larger type and bigger targets.
    const before = target(a, 'toggle.elderly');
    click(before);
    const e = await frameAfter((a) => a.elderly === true, 'elderly mode');
    const after = target(e, 'toggle.elderly');
    assert(after.h > before.h, `elderly toggle taller (${after.h} > ${before.h})`);
    assertEq(after.label, '标准版', 'toggle label in elderly mode');
    assertEq(e.missing_glyphs, 0, 'missing glyphs in elderly mode');
    await sleep(300);
    screenshotX(display, `${out}/home-elderly.png`);

    // Open 办事指南 and come back.
    click(target(e, 'entry.guides'));
    const g2 = await frameAfter((a) => a.screen === 'guides', 'guides screen');
    await sleep(300);
    screenshotX(display, `${out}/guides.png`);
    click(target(g2, 'nav.back'));
    await frameAfter((a) => a.screen === 'home', 'back to home');
  });
});

await t.check('ending the session returns home, resets the mode and says the data is cleared', async () => {
  await withKiosk({}, async ({ frameAfter, click }) => {
    let a = await frameAfter((a) => a.frame >= 1, 'first frame');
    click(target(a, 'toggle.elderly'));
    a = await frameAfter((a) => a.elderly && a.targets.some((x) => x.id === 'session.end'), 'session with end button');
    click(target(a, 'entry.apply'));
    a = await frameAfter((a) => a.screen === 'apply', 'apply screen');
    click(target(a, 'session.end'));
    a = await frameAfter((a) => a.screen === 'home' && !a.elderly, 'home after ending');
    assert(a.texts.includes('已退出，您的信息已清除'), 'notice shown');
  });
});

await t.check('portrait 1080x1920: a 2x2 grid', async () => {
  await withKiosk({ width: 1080, height: 1920, flags: ['--portrait'] }, async ({ display, frameAfter }) => {
    const a = await frameAfter((a) => a.frame >= 1, 'first frame');
    const tiles = a.targets.filter((x) => x.id.startsWith('entry.'));
    assertEq(new Set(tiles.map((x) => Math.round(x.y))).size, 2, 'tile rows in portrait');
    assert(tiles.every((x) => x.x + x.w <= 1080), 'tiles inside the screen');
    await sleep(300);
    screenshotX(display, `${out}/home-portrait.png`);
  });
});

await t.check('idle kiosk draws nothing new', async () => {
  await withKiosk({}, async ({ frameAfter }) => {
    const a = await frameAfter((a) => a.frame >= 1, 'first frame');
    await sleep(1500);
    const b = await frameAfter(() => true, 'a frame');
    assert(b.frame - a.frame <= 2, `frames drawn while idle: ${b.frame - a.frame}`);
  });
});

await t.check('guides: browse, search with the on-screen keyboard, item page, scroll, scenario QR', async () => {
  await withKiosk({}, async ({ display, frameAfter, click }) => {
    let a = await frameAfter((a) => a.frame >= 1, 'first frame');
    click(target(a, 'entry.guides'));
    a = await frameAfter((a) => a.screen === 'guides' && a.targets.some((x) => x.id.startsWith('event.')), 'guide home');
    assert(a.targets.some((x) => x.id === 'department.gongan'), 'departments listed');
    assertEq(a.missing_glyphs, 0, 'missing glyphs on the guide home');
    await sleep(300);
    screenshotX(display, `${out}/guides-home.png`);
    click(target(a, 'event.birth'));
    a = await frameAfter((a) => a.screen === 'guide-list' && a.targets.some((x) => x.id === 'item.chusheng-yijianshi'), 'birth list');
    click(target(a, 'nav.back'));
    a = await frameAfter((a) => a.screen === 'guides', 'back to guide home');
    // Search by initials on the on-screen keyboard: no IME needed.
    click(target(a, 'guide.search'));
    a = await frameAfter((a) => a.screen === 'guide-search' && a.targets.some((x) => x.id === 'key.s'), 'keyboard');
    a = await typeOnKeyboard(a, 'sfz', frameAfter, click);
    a = await frameAfter((a) => a.targets.some((x) => x.id.startsWith('item.')), 'results');
    assertEq(a.targets.find((x) => x.id.startsWith('item.')).id, 'item.sfz-buling', 'first result for sfz');
    await sleep(300);
    screenshotX(display, `${out}/guides-search-sfz.png`);
    click(target(a, 'item.sfz-buling'));
    a = await frameAfter((a) => a.screen === 'guide-item' && a.arg === 'sfz-buling' && a.targets.some((x) => x.id.endsWith('.down')), 'item page');
    assert(a.texts.includes('所需材料') && a.texts.includes('办理流程') && a.texts.includes('办理地点'), 'item sections drawn');
    assertEq(a.missing_glyphs, 0, 'missing glyphs on the item page');
    await sleep(300);
    screenshotX(display, `${out}/guide-item.png`);
    const before = target(a, 'guide.scenario').y;
    click(target(a, 'guide-item-sfz-buling.down'));
    a = await frameAfter((b) => !b.targets.some((x) => x.id === 'guide.scenario') || target(b, 'guide.scenario').y < before - 100, 'page down');
    await sleep(300);
    screenshotX(display, `${out}/guide-item-page2.png`);
    click(target(a, 'guide-item-sfz-buling.up'));
    a = await frameAfter((b) => b.targets.some((x) => x.id === 'guide.scenario') && Math.abs(target(b, 'guide.scenario').y - before) < 2, 'page up');
    // Scenario guidance: answer until the checklist and its QR code are up.
    click(target(a, 'guide.scenario'));
    a = await frameAfter((a) => a.screen === 'guide-scenario', 'scenario');
    for (let i = 0; i < 6 && !a.targets.some((x) => x.id === 'qr'); i++) {
      const option = a.targets.find((x) => x.id.startsWith('option.'));
      const n = a.texts.length;
      click(option);
      a = await frameAfter((b) => b.targets.some((x) => x.id === 'qr') || b.texts.join('|') !== a.texts.join('|') || b.texts.length !== n, 'next question');
    }
    const qr = target(a, 'qr');
    assert(qr.label.startsWith('TBG1:sfz-buling:'), `checklist code ${qr.label}`);
    checklistCode = qr.label;
    await sleep(300);
    const shot = `${out}/guide-scenario-qr.png`;
    screenshotX(display, shot);
    const crop = execFileSync('convert', [shot, '-crop', `${Math.round(qr.w + 40)}x${Math.round(qr.h + 40)}+${Math.round(qr.x - 20)}+${Math.round(qr.y - 20)}`, 'png:-']);
    assertEq(await decodeQrImage(crop), [qr.label], 'QR decoded from the kiosk screen');
    click(target(a, 'toggle.elderly'));
    a = await frameAfter((a) => a.elderly, 'elderly checklist');
    await sleep(300);
    screenshotX(display, `${out}/guide-scenario-elderly.png`);
    assertEq(a.missing_glyphs, 0, 'missing glyphs in elderly mode');
  });
});

await t.check('guides: updates dropped in incoming/ are verified; a good delta is applied, a tampered one refused', async () => {
  const site = mkdtempSync('/tmp/tongban-kiosk-site-');
  mkdirSync(join(site, 'data'));
  const assets = resolve(dirname(kiosk), '../assets');
  copyFileSync(join(assets, 'guides.tbg'), join(site, 'data/guides.tbg'));
  const tongban = resolve(dirname(kiosk), '../tools/tongban');
  const good = publishUpdate({ tongban, site, sourceRoot, newFee: '工本费40元（自助终端更新测试）' });
  const bad = publishUpdate({ tongban, site, sourceRoot, newFee: '篡改', tamper: true });
  const data = mkdtempSync('/tmp/tongban-kiosk-data-');
  mkdirSync(join(data, 'incoming'));
  copyFileSync(join(bad.dir, `data/delta-${bad.v1}.tbd`), join(data, 'incoming/a-tampered.tbd'));
  execFileSync('sleep', ['0.05']);
  copyFileSync(join(good.dir, `data/delta-${good.v1}.tbd`), join(data, 'incoming/b-good.tbd'));
  try {
    await withKiosk({ flags: ['--data', data] }, async ({ frameAfter, click, stderr }) => {
      let a = await frameAfter((a) => a.frame >= 1, 'first frame');
      assert(/a-tampered\.tbd: refused/.test(stderr()), `refusal logged: ${stderr()}`);
      assert(/b-good\.tbd: applied, version/.test(stderr()), `update logged: ${stderr()}`);
      assertEq(readdirSync(join(data, 'incoming')), [], 'incoming emptied');
      click(target(a, 'entry.guides'));
      a = await frameAfter((a) => a.screen === 'guides', 'guides');
      click(target(a, 'guide.search'));
      a = await frameAfter((a) => a.targets.some((x) => x.id === 'key.s'), 'keyboard');
      a = await typeOnKeyboard(a, 'sfz', frameAfter, click);
      a = await frameAfter((a) => a.targets.some((x) => x.id === 'item.sfz-buling'), 'result');
      click(target(a, 'item.sfz-buling'));
      a = await frameAfter((a) => a.screen === 'guide-item', 'item');
      assert(a.texts.some((s) => s.includes('自助终端更新测试')), 'updated fee on screen');
    });
    // Restart: the installed update is used (newer than the shipped bundle).
    await withKiosk({ flags: ['--data', data] }, async ({ frameAfter, stderr }) => {
      await frameAfter((a) => a.frame >= 1, 'first frame');
      assert(!/refused/.test(stderr()), 'nothing refused on restart');
    });
  } finally {
    for (const d of [site, good.dir, bad.dir, data]) rmSync(d, { recursive: true, force: true });
  }
});

await t.check('forms: a person completes 居民身份证补领 at the kiosk; ending the session forgets it', async () => {
  await withKiosk({}, async ({ display, frameAfter, click, typeText }) => {
    let a = await frameAfter((a) => a.frame >= 1, 'first frame');
    click(target(a, 'entry.apply'));
    a = await frameAfter((a) => a.screen === 'apply' && a.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
    click(target(a, 'apply.sfz-buling'));
    a = await frameAfter((a) => a.screen === 'apply-form' && a.targets.some((x) => x.id.startsWith('field.')), 'form');
    assertEq(a.missing_glyphs, 0, 'missing glyphs on the form');
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
    a = await frameAfter((b) => !b.targets.some((x) => x.id === 'editor.ok') && b.targets.some((x) => x.id === 'field.id_number' && x.state === 'error'), 'ID error');
    assert(a.texts.some((s) => s.includes('校验')), `ID error message shown: ${a.texts.filter((s) => /身份|号码|位/.test(s)).join(' | ')}`);
    a = await fillKioskForm(a, { frameAfter, click, typeText, clearText: () => execFileSync('xdotool', ['key', 'ctrl+a', 'BackSpace'], { env: { ...process.env, DISPLAY: display } }) });
    if (a.screen !== 'apply-done') {
      screenshotX(display, `${out}/form-stuck.png`);
      throw new Error(`form not completed; on screen: ${a.texts.filter((s) => s.startsWith('第') || s.includes('需要')).join(' | ')}; targets: ${a.targets.map((x) => x.id + (x.state ? '=' + x.state : '')).join(' ')}; last steps: ${(a.trace || []).join(', ')}`);
    }
    assert(a.texts.some((s) => s.startsWith('青禾市公安局：') && /\d+ 项信息/.test(s)), `department summary: ${a.texts.join(' | ')}`);
    await sleep(200);
    screenshotX(display, `${out}/form-done.png`);
    click(target(a, 'session.end'));
    a = await frameAfter((a) => a.screen === 'home' && a.texts.includes('已退出，您的信息已清除'), 'session ended');
    click(target(a, 'entry.apply'));
    a = await frameAfter((a) => a.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list again');
    click(target(a, 'apply.sfz-buling'));
    a = await frameAfter((a) => a.targets.some((x) => x.id === 'field.id_number'), 'form again');
    assertEq(target(a, 'field.id_number').state, 'empty', 'the previous person\'s answers are gone');
  });
});

// A real intake (tongban intake serve on SQLite, demo intake key, open registration) on a port
// chosen up front, so the kiosk can be started before it (offline) and find it later.
async function startIntake(port, dir) {
  const proc = spawn(args.tongban, ['intake', 'serve', '--db', `sqlite:${dir}/intake.db`, '--port', String(port),
    '--intake-key', `${sourceRoot}/assets/demo-keys/intake.key`, '--open-registration'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  await waitFor(async () => (await httpStatus(`http://127.0.0.1:${port}/api/v1/health`)) === 200, { what: `intake (${err})` });
  return { stop: () => new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); }) };
}
const tb = (...a) => execFileSync(args.tongban, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// Fills sfz-buling at the kiosk up to the confirmation screen.
async function kioskApplication(a, frameAfter, click, typeText, display) {
  click(target(a, 'entry.apply'));
  a = await frameAfter((b) => b.screen === 'apply' && b.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
  click(target(a, 'apply.sfz-buling'));
  a = await frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'form');
  a = await fillKioskForm(a, { frameAfter, click, typeText, clearText: () => execFileSync('xdotool', ['key', 'ctrl+a', 'BackSpace'], { env: { ...process.env, DISPLAY: display } }) });
  assertEq(a.screen, 'apply-done', `form complete (last steps: ${(a.trace || []).join(', ')})`);
  return a;
}

await t.check('kiosk submission: sealed with no network, queued (footer counts it), sent when the intake comes up; receipt QR verifies; 好差评; the department opens only its part', async () => {
  const port = await freePort();
  const dir = mkdtempSync('/tmp/tongban-kiosk-intake-');
  const data = mkdtempSync('/tmp/tongban-kiosk-outbox-');
  let intake = null;
  try {
    await withKiosk({ flags: ['--data', data, '--intake', `http://127.0.0.1:${port}`] }, async ({ display, frameAfter, click, typeText }) => {
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      a = await kioskApplication(a, frameAfter, click, typeText, display);
      click(target(a, 'form.confirm'));
      a = await frameAfter((b) => b.screen === 'submitted' && b.texts.some((s) => s.startsWith('状态：排队中')), 'queued while the intake is down');
      const id = a.arg;
      assert(/^[0-9a-f]{32}$/.test(id), `submission id ${id}`);
      a = await frameAfter((b) => b.texts.some((s) => s.startsWith('1 件办件待发送')), 'footer counts the queued submission');
      await sleep(200);
      screenshotX(display, `${out}/submit-offline.png`);
      assert(readdirSync(data).includes(`outbox-${id}.tbs`), 'the envelope is on disk');
      // The network (the intake) comes back: the outbox retries on its own.
      intake = await startIntake(port, dir);
      a = await frameAfter((b) => b.texts.some((s) => s.startsWith('状态：已提交')), 'submitted once the intake is up');
      assert(!a.texts.some((s) => s.includes('件办件待发送')), 'footer clear');
      assert(!readdirSync(data).includes(`outbox-${id}.tbs`), 'the envelope is purged once the receipt is held');
      await sleep(300);
      const shot = `${out}/submit-receipt.png`;
      screenshotX(display, shot);
      const codes = await decodeQrImage(readFileSync(shot));
      assertEq(codes.length, 1, 'one QR code on screen');
      const receipt = JSON.parse(tb('receipt', codes[0], '--trust', `${sourceRoot}/assets/demo-keys/intake.pub`));
      assertEq(receipt.submission_id, id, 'the receipt names this submission');
      click(target(a, 'receipt.print'));
      a = await frameAfter((b) => b.targets.some((x) => x.id === 'receipt.print' && x.label === '已打印回执'), 'printed');
      assert(readdirSync(data).some((f) => f.startsWith(`print-${id.slice(0, 8)}`)), 'the slip went to the printer spool');
      click(target(a, 'rate.4'));
      a = await frameAfter((b) => b.texts.includes('感谢您的评价！'), 'rated');
      await waitFor(() => tb('intake', 'count', '--db', `sqlite:${dir}/intake.db`).trim() === '2', { what: 'rating at the intake' });
      // The department: exports from the intake and opens its own part; another can't.
      const env = `${dir}/${id}.tbs`;
      tb('intake', 'export', '--db', `sqlite:${dir}/intake.db`, id, '-o', env);
      const opened = JSON.parse(tb('open', env, '--key', `${sourceRoot}/assets/demo-keys/departments/gongan.key`));
      assertEq(opened.item, 'sfz-buling', 'item');
      assertEq(opened.data.values.id_number, '211402198803151234', 'the ID number typed on the keypad');
      let refused = '';
      try { tb('open', env, '--key', `${sourceRoot}/assets/demo-keys/departments/renshe.key`); } catch (e) { refused = String(e.stderr); }
      assert(refused.includes('no part for this key'), `another department is refused: ${refused}`);
      click(target(a, 'submit.finish'));
      await frameAfter((b) => b.screen === 'home' && b.texts.includes('已退出，您的信息已清除'), 'session ended');
    });
  } finally {
    if (intake) await intake.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
});

await t.check('kiosk killed (kill -9) between writing the envelope and its index: nothing lost, sent once after restart', async () => {
  const port = await freePort();
  const dir = mkdtempSync('/tmp/tongban-kiosk-intake-');
  const data = mkdtempSync('/tmp/tongban-kiosk-outbox-');
  const intake = await startIntake(port, dir);
  try {
    const flags = ['--data', data, '--intake', `http://127.0.0.1:${port}`];
    await withKiosk({ flags, env: { TB_KIOSK_CRASH_AT: 'after-store' }, expectKilled: true }, async ({ display, frameAfter, click, typeText, exitedWith }) => {
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      a = await kioskApplication(a, frameAfter, click, typeText, display);
      click(target(a, 'form.confirm'));
      await waitFor(() => exitedWith(), { what: 'the kiosk to die at the crash point' });
      assertEq(exitedWith().signal, 'SIGKILL', 'killed by SIGKILL');
    });
    const stored = readdirSync(data).filter((f) => f.startsWith('outbox-') && f.endsWith('.tbs'));
    assertEq(stored.length, 1, 'the envelope was durable before the crash');
    assertEq(tb('intake', 'count', '--db', `sqlite:${dir}/intake.db`).trim(), '0', 'nothing reached the intake before the crash');
    const id = stored[0].slice(7, -4);
    // Restarted: the orphan is adopted and sent; exactly one record at the intake.
    await withKiosk({ flags }, async ({ frameAfter }) => {
      await frameAfter((b) => b.frame >= 1, 'first frame after restart');
      await waitFor(() => tb('intake', 'count', '--db', `sqlite:${dir}/intake.db`).trim() === '1', { what: 'the adopted envelope at the intake', timeout: 20000 });
      await waitFor(() => !readdirSync(data).includes(`outbox-${id}.tbs`), { what: 'purged after its receipt', timeout: 10000 });
    });
    assert(tb('intake', 'status', '--db', `sqlite:${dir}/intake.db`, id).startsWith(`${id} submitted`), 'the same submission id');
    // And again: a restart with nothing pending sends nothing twice.
    await withKiosk({ flags }, async ({ frameAfter }) => {
      await frameAfter((b) => b.frame >= 1, 'first frame');
      await sleep(1500);
    });
    assertEq(tb('intake', 'count', '--db', `sqlite:${dir}/intake.db`).trim(), '1', 'no duplicate');
  } finally {
    await intake.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
});

await t.check('codes at a staff station: keyboard-wedge scans of a printed code (masked ID shown), a revoked one refused, a house plate listing its services, a service code opening its guide, a personal checklist code opening the same checklist', async () => {
  const keys = `${sourceRoot}/assets/demo-keys`;
  const issue = (...a) => tb('code', 'issue', ...a, '--key', `${keys}/code-issuer.key`).trim().split('\n').pop();
  const good = issue('printed', '--name', '王小明', '--id', '110105199001010020');
  const lost = issue('printed', '--name', '李四', '--id', '110105198002020011', '--credential-id', 'aa'.repeat(16));
  const plate = issue('house-plate', '--plate-id', 'qh-wenhua-88', '--address', '青禾市长安区文化路88号', '--division', '110105',
    '--item', 'sfz-buling', '--item', 'hukou-qianru');
  const service = issue('service', '--item', 'sfz-buling');
  const data = mkdtempSync('/tmp/tongban-kiosk-codes-');
  // The issuer revoked 李四's lost card; the list reached the kiosk's data folder.
  tb('code', 'revoke', '--key', `${keys}/code-issuer.key`, '--id', 'aa'.repeat(16), '-o', `${data}/code-revoked.tbl`);
  try {
    await withKiosk({ flags: ['--data', data, '--staff'] }, async ({ display, frameAfter, click, wedge }) => {
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      wedge(good);
      a = await frameAfter((b) => b.screen === 'scan' && b.texts.includes('随身码核验通过'), 'printed code verified');
      assert(a.texts.includes('姓名：王*明'), `masked name: ${a.texts.join(' | ')}`);
      assert(a.texts.includes('证件号：110105********0020'), 'staff station shows the masked ID number');
      await sleep(200);
      screenshotX(display, `${out}/scan-staff-printed.png`);
      wedge(lost);
      a = await frameAfter((b) => b.texts.some((x) => x.startsWith('核验未通过') && /已注销/.test(x)), 'revoked code refused');
      wedge('TBP1:NOT-A-REAL-CODE');
      a = await frameAfter((b) => b.texts.some((x) => x.startsWith('核验未通过') && /不是有效的码/.test(x)), 'garbage refused');
      wedge(plate);
      a = await frameAfter((b) => b.texts.includes('门牌：青禾市长安区文化路88号'), 'house plate');
      click(target(a, 'plate.sfz-buling'));
      a = await frameAfter((b) => b.screen === 'guide-item' && b.arg === 'sfz-buling', 'the service at that address');
      click(target(a, 'nav.back'));
      a = await frameAfter((b) => b.screen === 'scan', 'back to scanning');
      wedge(service);
      a = await frameAfter((b) => b.screen === 'guide-item' && b.arg === 'sfz-buling', 'a service code opens its guide');
      // The resident's personal checklist (made at a kiosk or on the phone) opens the same checklist.
      assert(checklistCode, 'no checklist code from the guides check');
      click(target(a, 'nav.back'));
      a = await frameAfter((b) => b.screen === 'scan', 'back to scanning');
      wedge(checklistCode);
      a = await frameAfter((b) => b.screen === 'guide-scenario' && b.targets.some((x) => x.id === 'qr'), 'the checklist from its code');
      assertEq(target(a, 'qr').label, checklistCode, 'the same checklist');
    });
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

await t.check('预约 at the kiosk: hall, working day and hour picked, name and mobile typed (a wrong mobile refused), sealed to the department and delivered; the session forgets it', async () => {
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
      click(target(a, 'field.appoint.name'));
      a = await frameAfter((b) => b.targets.some((x) => x.id === 'editor.ok'), 'editor');
      await typeText('Wang Fang');
      a = await frameAfter((b) => b.texts.includes('Wang Fang'), 'name typed');
      click(target(a, 'editor.ok'));
      a = await frameAfter((b) => target(b, 'field.appoint.name').state === 'filled', 'name set');
      await sleep(200);
      screenshotX(display, `${out}/appoint.png`);
      click(target(a, 'appoint.send'));
      a = await frameAfter((b) => b.texts.includes('预约申请已加密保存') && b.texts.some((x) => x.startsWith('状态：已提交')), 'sent and receipted');
      await sleep(200);
      screenshotX(display, `${out}/appoint-done.png`);
      assert(!a.texts.some((x) => x.includes('13900139000') || x.includes('Wang Fang')), 'the done screen shows no name or mobile');
      const id = tb('intake', 'list', '--db', `sqlite:${dir}/intake.db`, '--department', 'gongan').trim().split('\n').pop().split(/\s+/)[0];
      const env = join(dir, 'a.tbs');
      tb('intake', 'export', '--db', `sqlite:${dir}/intake.db`, id, '-o', env);
      const opened = JSON.parse(tb('open', env, '--key', `${sourceRoot}/assets/demo-keys/departments/gongan.key`));
      assertEq([opened.kind, opened.item], ['appointment', 'sfz-buling'], 'kind and item');
      const v = opened.data;
      assertEq([v.hall, String(v.date), v.slot, v.name, v.mobile], ['changan-hall', day.id.split('.').pop(), '14:00-15:00', 'Wang Fang', '13900139000'],
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

await t.check('camera (--camera, frames from a .y4m file): a phone\'s rotating code held in view is verified once (no replay refusal while it stays), then a service code opens its guide; a bad camera is reported and the kiosk runs on', async () => {
  const dir = mkdtempSync('/tmp/tongban-kiosk-camera-');
  const keys = `${sourceRoot}/assets/demo-keys`;
  try {
    tb('keys', 'new', 'phone', '--out', dir, '--kind', 'device');
    tb('code', 'issue', 'dynamic-credential', '--key', `${keys}/code-issuer.key`, '--device-pub', `${dir}/phone.pub`,
      '--name', '赵六', '--id', '110105199203030031', '-o', `${dir}/cred.bin`);
    const dynamic = tb('code', 'dynamic', '--credential', `${dir}/cred.bin`, '--device-key', `${dir}/phone.key`).trim();
    const service = tb('code', 'issue', 'service', '--item', 'sfz-buling', '--key', `${keys}/code-issuer.key`).trim().split('\n').pop();
    // 1 s of wall, 4 s of the phone's code (~30 decodes of it), 1 s of wall, 3 s of the service code.
    const file = cameraFile(dir, [{ frames: 10 }, { text: dynamic, frames: 40 }, { frames: 10 }, { text: service, frames: 30 }]);
    await withKiosk({ flags: ['--camera', file] }, async ({ display, frameAfter, stderr }) => {
      let a = await frameAfter((b) => b.screen === 'scan' && b.texts.includes('个人码核验通过'), 'the phone\'s code read by the camera and verified');
      assert(a.texts.includes('姓名：赵*'), `masked name: ${a.texts.join(' | ')}`);
      assert(!a.texts.some((x) => x.includes('证件号')), 'not a staff station: no ID number');
      await sleep(300);
      screenshotX(display, `${out}/camera-dynamic.png`);
      // Still in view for seconds: read once, so never refused as shown again.
      await sleep(2000);
      a = await frameAfter((b) => b.frame >= a.frame, 'a later frame');
      assert(!a.texts.some((x) => x.startsWith('核验未通过')), `held in view, refused: ${a.texts.join(' | ')}`);
      await frameAfter((b) => b.screen === 'guide-item' && b.arg === 'sfz-buling', 'the service code opens its guide');
      assert(/camera: reading codes from/.test(stderr()), `camera start logged: ${stderr()}`);
      assert(!stderr().includes('赵'), 'no personal data in the log');
    });
    writeFileSync(join(dir, 'bad.y4m'), 'GIF89a not a camera');
    for (const [source, why] of [[join(dir, 'bad.y4m'), /not a YUV4MPEG2/], ['/dev/video-none', /cannot open the camera/]]) {
      await withKiosk({ flags: ['--camera', source] }, async ({ frameAfter, stderr }) => {
        const a = await frameAfter((b) => b.frame >= 1, 'first frame');
        assertEq(a.screen, 'home', 'the kiosk runs on');
        assert(why.test(stderr()) && /scanning by camera is off/.test(stderr()), `reported: ${stderr()}`);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

await t.check('no display: a clear message and a non-zero exit, no crash', async () => {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const r = spawnSync(kiosk, [], { env, encoding: 'utf8', timeout: 10000 });
  assertEq(r.status, 3, 'exit status');
  assert(/no display available/.test(r.stderr), `message: ${r.stderr}`);
});

await t.check('bad flags: usage and exit 2', async () => {
  const r = spawnSync(kiosk, ['--size', '10x10'], { encoding: 'utf8' });
  assertEq(r.status, 2, 'exit status');
  assert(r.stderr.includes('--size: expected WxH'), `message: ${r.stderr}`);
});

t.finish();
