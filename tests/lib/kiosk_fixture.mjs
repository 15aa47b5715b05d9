// What the native kiosk's test files share: a kiosk in a real X window (its own Xvfb, clicked and
// typed into with xdotool, read through the automation description of each drawn frame), a real
// intake to send to, and the flows several files walk through. Each test starts the kiosks it needs
// (`withKiosk`), so a test never sees another test's session, data folder or display.
import { spawn, execFileSync } from 'node:child_process';
import { rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { startXvfb, readJson, waitFor, httpStatus, sleep, screenshotX, demoKeysDir } from './harness.mjs';
import { fillKioskForm } from './kiosk_form.mjs';
import { settled } from './chinese_input.mjs';

// What the kiosk tests type, read from the simulated card or scan about 张丽华 (makeCard below, the
// demo resident): a log that holds any of it is a leak (docs/DEPLOYING.md, "Logs"). Returns the
// failure, or null.
const PERSONAL = [['name', '张丽华'], ['ID number', '211402198803151242'], ['ID number', '211402198803151234'],
  ['address', '兴工街道文化路88号']];
function personalDataIn(log, who) {
  const hit = PERSONAL.find(([, value]) => log.includes(value));
  return hit ? new Error(`${who} logged the resident's ${hit[0]} (${hit[1]})`) : null;
}

// `suite`, `keys`, `deployment` (harness testPaths): in the `sm` suite the kiosk trusts that
// deployment's keys and shows its bundle (--keys, --assets) instead of --demo's.
export function kioskFixture({ kiosk, tongban, out, suite = 'ed25519', keys = demoKeysDir('ed25519'), deployment }) {
  const trustFlags = suite === 'sm' ? ['--keys', deployment, '--assets', deployment] : ['--demo'];
  // Runs fn with a kiosk on a display of its own; stops both after, and a kiosk that was still
  // running must exit with 0 on SIGTERM. Each kiosk gets a fresh data folder unless the test passes
  // --data (its outbox, its device key), and trusts the demo keys (--demo: the sample bundle and the
  // demo intake are signed with them).
  // `prepare(display)`, when given, starts what the kiosk needs on its display before it (an input
  // method); it returns { env } for the kiosk and stop(), called once the kiosk has exited.
  async function withKiosk({ width = 1920, height = 1080, flags = [], env = {}, expectKilled = false, prepare = null }, fn) {
    const x = await startXvfb(width, height);
    let prepared = null;
    try {
      prepared = prepare ? await prepare(x.display) : null;
    } catch (e) {
      await x.stop();
      throw e;
    }
    env = { ...env, ...prepared?.env };
    const autoFile = `${out}/automation-${process.pid}.json`;
    rmSync(autoFile, { force: true });
    const scratch = flags.includes('--data') ? null : mkdtempSync('/tmp/tongban-kiosk-data-');
    const proc = spawn(kiosk, [...trustFlags, '--automation', autoFile, '--size', `${width}x${height}`, ...(scratch ? ['--data', scratch] : []), ...flags],
      { env: { ...process.env, DISPLAY: x.display, ...env }, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; process.stderr.write(d); });
    let exited = null, signal = null;
    proc.on('exit', (code, sig) => { exited = code ?? -1; signal = sig; });
    const onDisplay = { env: { ...process.env, DISPLAY: x.display } };
    const frameAfter = async (pred, what) => waitFor(() => {
      if (exited !== null && !expectKilled) throw new Error(`kiosk exited with ${exited}`);
      const a = readJson(autoFile);
      return a && pred(a) ? a : null;
    }, { what });
    const tapAt = (target) => ['mousemove', String(Math.round(target.x + target.w / 2)), String(Math.round(target.y + target.h / 2)), 'click', '1'];
    const click = (target) => execFileSync('xdotool', tapAt(target), onDisplay);
    // Taps in quick succession, as a brisk finger does: one xdotool run, so every press and release
    // is queued before the kiosk has drawn what the first tap changed.
    const clickAtOnce = (...targets) => execFileSync('xdotool', targets.flatMap(tapAt), onDisplay);
    // A finger drawing a stroke: pressed at the first point, moved through the others, lifted. The
    // kiosk starts a stroke on the frame that sees the press, so the moves wait for that frame.
    const stroke = async (points) => {
      const [x0, y0] = points[0];
      const before = readJson(autoFile)?.frame ?? 0;
      execFileSync('xdotool', ['mousemove', String(x0), String(y0), 'mousedown', '1'], onDisplay);
      await frameAfter((b) => b.frame > before, 'the press drawn');
      execFileSync('xdotool', [...points.slice(1).flatMap(([x, y]) => ['mousemove', String(x), String(y)]), 'mouseup', '1'], onDisplay);
    };
    const typeText = (text) => execFileSync('xdotool', ['type', '--delay', '30', text], onDisplay);
    const clearText = () => execFileSync('xdotool', ['key', 'ctrl+a', 'BackSpace'], onDisplay);
    // A keyboard-wedge (HID) scanner reading a code: it types the text quickly and presses Enter.
    const wedge = (text) => {
      execFileSync('xdotool', ['type', '--delay', '5', text], onDisplay);
      execFileSync('xdotool', ['key', 'Return'], onDisplay);
    };
    let failure = null;
    try {
      await fn({ display: x.display, xvfbPid: x.pid, frameAfter, click, clickAtOnce, stroke, typeText, clearText, wedge, proc, stderr: () => stderr,
        exitedWith: () => (exited === null ? null : { code: exited, signal }) });
    } catch (e) {
      failure = e;
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    const terminated = exited === null;
    if (terminated) {
      proc.kill('SIGTERM');
      // One that hangs on SIGTERM is killed, so that neither it nor its display outlives the test.
      await waitFor(() => exited !== null, { what: 'kiosk to exit on SIGTERM', timeout: 5000 })
        .catch((e) => { proc.kill('SIGKILL'); failure ||= e; });
    }
    if (prepared) await prepared.stop().catch((e) => { failure ||= e; });
    await x.stop();
    failure ||= personalDataIn(stderr, 'the kiosk');
    if (failure) throw failure;
    if (terminated) assert.equal(exited, 0, 'kiosk exit status after SIGTERM');
  }

  // A real intake (tongban intake serve on SQLite, demo intake key, open registration) on a port
  // chosen up front, so the kiosk can be started before it (offline) and find it later.
  async function startIntake(port, dir) {
    const proc = spawn(tongban, ['intake', 'serve', '--db', `sqlite:${dir}/intake.db`, '--port', String(port),
      '--intake-key', `${keys}/intake.key`, '--open-registration'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr.on('data', (d) => { err += d; });
    const exit = () => new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); });
    await waitFor(async () => (await httpStatus(`http://127.0.0.1:${port}/api/v1/health`)) === 200, { what: `intake (${err})` })
      .catch(async (e) => { await exit(); throw e; });
    const stop = async () => {
      await exit();
      const leaked = personalDataIn(err, 'the intake');
      if (leaked) throw leaked;
    };
    return { stop };
  }

  const tb = (...a) => execFileSync(tongban, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  // A clerk's staff credential (工作证) from the demo code issuer, its PIN 246810 (docs/STAFF.md).
  function issueStaff(dir, id, name, extra = []) {
    writeFileSync(`${dir}/pin-${id}`, '246810\n');
    return tb('code', 'issue', 'staff', '--key', `${keys}/code-issuer.key`, '--staff-id', id, '--name', name,
      '--unit', '连山区政务服务中心', '--pin-file', `${dir}/pin-${id}`, ...extra).trim().split('\n').pop();
  }

  // 张丽华's ID card (GA 467 layout), written where the simulated reader looks: laying it on the reader.
  // Its name, number and address must never show up in a log (personalDataIn).
  const makeCard = (file, validUntil = '20400301') => tb('idcard', 'make', '--name', '张丽华', '--sex', '2', '--ethnicity', '01',
    '--birth', '19880315', '--address', '辽宁省葫芦岛市连山区兴工街道文化路88号', '--id', '211402198803151242',
    '--authority', '葫芦岛市公安局连山分局', '--valid-from', '20200301', '--valid-until', validUntil, '-o', file);

  return { withKiosk, startIntake, tb, issueStaff, makeCard };
}

export const target = (a, id) => {
  const found = a.targets.find((x) => x.id === id);
  assert.ok(found, `target ${id} not on screen (have: ${a.targets.map((x) => x.id).join(', ')})`);
  return found;
};

// Why target `id` is not wholly in sight, or '' when it is: inside the window and above the footer
// (结束办理's bar), and not cut by the edge of a scroll area's view it overlaps (the automation's
// `views`). A target counts as on screen once its centre is (automation.h), so a box half under a
// scroll edge is listed — and looks tappable to a person — while half of it is hidden.
export function cutOff(a, id) {
  const t = target(a, id);
  const footer = a.targets.find((x) => x.id === 'session.end');
  const bottom = footer ? footer.y : a.display.h;
  const at = (r) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.w)}x${Math.round(r.h)}`;
  if (t.x < 0 || t.y < 0 || t.x + t.w > a.display.w || t.y + t.h > bottom) return `${id} (${at(t)}) is off the screen or under its footer (from y ${Math.round(bottom)})`;
  for (const v of a.views || []) {
    const overlaps = t.y < v.y + v.h && t.y + t.h > v.y && t.x < v.x + v.w && t.x + t.w > v.x;
    const inside = t.y >= v.y && t.y + t.h <= v.y + v.h && t.x >= v.x && t.x + t.w <= v.x + v.w;
    if (overlaps && !inside) return `${id} (${at(t)}) is cut by the edge of the scroll area ${v.id} (${at(v)})`;
  }
  return '';
}

// A screenshot (PNG at `file`) once the frame on screen has every glyph baked (new characters are
// baked between frames): the picture shows what a person sees. Returns that frame.
export async function shotWhenDrawn(k, file) {
  const a = await k.frameAfter((b) => b.missing_glyphs === 0 && b.unbaked === false, `${file}: every character drawn`);
  await sleep(200);
  screenshotX(k.display, file);
  return a;
}

// Scrolls the screen with its rail (下一页) until the target `id` is in sight; returns the latest
// frame once the kiosk stopped drawing, so a tap meets the target where that frame drew it.
export async function reveal(k, a, id) {
  const rail = (b) => b.targets.find((x) => x.id.endsWith('.down') && !x.id.startsWith('choices-'));
  // Where everything is: a page that moved shows it.
  const layout = (b) => b.targets.map((x) => `${x.id}@${Math.round(x.y)}`).join(' ');
  for (let i = 0; i < 12 && !a.targets.some((x) => x.id === id); i++) {
    // A page's rail is drawn once its height is known (the frame after it first appears).
    a = await k.frameAfter((b) => b.frame >= a.frame && (b.targets.some((x) => x.id === id) || rail(b)), `${id} or the rail`);
    if (a.targets.some((x) => x.id === id)) break;
    const down = rail(a);
    assert.ok(down && down.state !== 'disabled', `${id} not on the page (have: ${a.targets.map((x) => x.id).join(', ')})`);
    const before = layout(a);
    k.click(down);
    a = await settled(k, await k.frameAfter((b) => layout(b) !== before, 'the next page'));
  }
  target(a, id);
  return a;
}

// Taps the target `id` (scrolled into sight first) and returns the first frame after it for which
// `pred` holds. `k` is { frameAfter, click } of either kiosk.
export async function tapTarget(k, a, id, pred, what) {
  a = await reveal(k, a, id);
  await k.click(target(a, id));
  return k.frameAfter(pred, what);
}

// Types a PIN on the staff sign-in keypad and taps 确定 (the PIN itself is never drawn, only dots).
export async function typePin(a, { frameAfter, click }, pin) {
  for (const d of pin) click(target(a, `pin.${d}`));
  a = await frameAfter((b) => b.texts.includes('●'.repeat(pin.length)), `PIN typed (${pin.length} dots)`);
  assert.ok(!a.texts.some((s) => s.includes(pin)), 'the PIN itself is never drawn');
  click(target(a, 'pin.ok'));
  return a;
}

// A clerk signs in: their credential read by the wedge scanner, the PIN on the keypad.
export async function signInStaff(a, k, credential, pin = '246810') {
  k.wedge(credential);
  a = await k.frameAfter((b) => b.targets.some((x) => x.id === 'pin.ok'), 'PIN keypad');
  await typePin(a, k, pin);
  return k.frameAfter((b) => b.targets.some((x) => x.id === 'staff.signout') && !b.targets.some((x) => x.id === 'pin.ok'), 'signed in');
}

// Types a word on the on-screen keyboard, one key at a time, waiting each time until the search
// box shows the text so far (a single letter is also a key label: then it must appear twice).
export async function typeOnKeyboard(a, word, frameAfter, click) {
  for (let i = 1; i <= word.length; i++) {
    const prefix = word.slice(0, i);
    click(target(a, `key.${word[i - 1]}`));
    a = await frameAfter((b) => b.texts.filter((s) => s === prefix).length >= (prefix.length === 1 ? 2 : 1), `typed ${prefix}`);
  }
  return a;
}

// From home, fills sfz-buling at the kiosk up to the confirmation screen. `k` is withKiosk's kiosk.
export async function kioskApplication(a, k) {
  k.click(target(a, 'entry.apply'));
  a = await k.frameAfter((b) => b.screen === 'apply' && b.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
  k.click(target(a, 'apply.sfz-buling'));
  a = await k.frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'form');
  a = await fillKioskForm(a, k);
  assert.equal(a.screen, 'apply-done', `form complete (last steps: ${(a.trace || []).join(', ')})`);
  return a;
}

// From a guide item's page, answers the scenario guidance (按我的情况生成材料清单) with the first
// option each time until the checklist and its QR code are up; returns that frame.
export async function answerScenario(a, { frameAfter, click }) {
  click(target(a, 'guide.scenario'));
  a = await frameAfter((b) => b.screen === 'guide-scenario', 'scenario');
  for (let i = 0; i < 6 && !a.targets.some((x) => x.id === 'qr'); i++) {
    const option = a.targets.find((x) => x.id.startsWith('option.'));
    const n = a.texts.length;
    click(option);
    a = await frameAfter((b) => b.targets.some((x) => x.id === 'qr') || b.texts.join('|') !== a.texts.join('|') || b.texts.length !== n, 'next question');
  }
  return a;
}
