// The native kiosk in a real X window (Xvfb), clicked with real X input (xdotool) and checked
// through screenshots (ImageMagick) and its automation description of each drawn frame: the home
// screen in landscape and portrait, elderly mode, ending a session, idling, and how it refuses to
// start without a display or with bad flags.
//   node tests/kiosk/home.test.mjs [--kiosk PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { testPaths, screenshotX, pixel, sleep } from '../lib/harness.mjs';
import { kioskFixture, target } from '../lib/kiosk_fixture.mjs';

const paths = testPaths('kiosk', ['kiosk']);
const out = paths.out;
const { withKiosk } = kioskFixture(paths);

test('landscape home: four entries, elderly switch, Chinese glyphs all present', { timeout: 60000 }, async () => {
  await withKiosk({}, async ({ display, frameAfter, click }) => {
    const a = await frameAfter((a) => a.frame >= 1, 'first frame');
    assert.deepEqual(a.screen, 'home', 'screen');
    assert.deepEqual(a.targets.filter((x) => x.id.startsWith('entry.')).map((x) => x.label),
      ['办事指南', '扫码', '我要办', '我的 / 查询'], 'entry labels');
    assert.deepEqual(a.missing_glyphs, 0, 'characters the font could not draw');
    assert.ok(a.texts.includes('政务服务 · 一网通办'), 'subtitle drawn');
    // Landscape: one row of four tiles.
    const ys = new Set(a.targets.filter((x) => x.id.startsWith('entry.')).map((x) => Math.round(x.y)));
    assert.deepEqual(ys.size, 1, 'tile rows in landscape');
    await sleep(300);
    const shot = `${out}/home-landscape.png`;
    screenshotX(display, shot);
    // The real window shows the header in the primary blue and white tiles where the automation says.
    assert.deepEqual(pixel(shot, 5, 5), [0x1a, 0x5f, 0xc8], 'header colour at (5,5)');
    const g = target(a, 'entry.guides');
    assert.deepEqual(pixel(shot, g.x + g.w / 2, g.y + g.h - 20), [255, 255, 255], 'tile body colour');

    // One tap to elderly mode: larger type and bigger targets.
    const before = target(a, 'toggle.elderly');
    click(before);
    const e = await frameAfter((a) => a.elderly === true, 'elderly mode');
    const after = target(e, 'toggle.elderly');
    assert.ok(after.h > before.h, `elderly toggle taller (${after.h} > ${before.h})`);
    assert.deepEqual(after.label, '标准版', 'toggle label in elderly mode');
    assert.deepEqual(e.missing_glyphs, 0, 'missing glyphs in elderly mode');
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

test('ending the session returns home, resets the mode and says the data is cleared', { timeout: 60000 }, async () => {
  await withKiosk({}, async ({ frameAfter, click }) => {
    let a = await frameAfter((a) => a.frame >= 1, 'first frame');
    click(target(a, 'toggle.elderly'));
    a = await frameAfter((a) => a.elderly && a.targets.some((x) => x.id === 'session.end'), 'session with end button');
    click(target(a, 'entry.apply'));
    a = await frameAfter((a) => a.screen === 'apply', 'apply screen');
    click(target(a, 'session.end'));
    a = await frameAfter((a) => a.screen === 'home' && !a.elderly, 'home after ending');
    assert.ok(a.texts.includes('已退出，您的信息已清除'), 'notice shown');
  });
});

test('portrait 1080x1920: a 2x2 grid', { timeout: 60000 }, async () => {
  await withKiosk({ width: 1080, height: 1920, flags: ['--portrait'] }, async ({ display, frameAfter }) => {
    const a = await frameAfter((a) => a.frame >= 1, 'first frame');
    const tiles = a.targets.filter((x) => x.id.startsWith('entry.'));
    assert.deepEqual(new Set(tiles.map((x) => Math.round(x.y))).size, 2, 'tile rows in portrait');
    assert.ok(tiles.every((x) => x.x + x.w <= 1080), 'tiles inside the screen');
    await sleep(300);
    screenshotX(display, `${out}/home-portrait.png`);
  });
});

test('idle kiosk draws nothing new', { timeout: 60000 }, async () => {
  await withKiosk({}, async ({ frameAfter }) => {
    const a = await frameAfter((a) => a.frame >= 1, 'first frame');
    await sleep(1500);
    const b = await frameAfter(() => true, 'a frame');
    assert.ok(b.frame - a.frame <= 2, `frames drawn while idle: ${b.frame - a.frame}`);
  });
});

test('no display: a clear message and a non-zero exit, no crash', { timeout: 60000 }, async () => {
  const env = { ...process.env };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const r = spawnSync(paths.kiosk, [], { env, encoding: 'utf8', timeout: 10000 });
  assert.deepEqual(r.status, 3, 'exit status');
  assert.ok(/no display available/.test(r.stderr), `message: ${r.stderr}`);
});

test('bad flags: usage and exit 2', { timeout: 60000 }, async () => {
  const r = spawnSync(paths.kiosk, ['--size', '10x10'], { encoding: 'utf8' });
  assert.deepEqual(r.status, 2, 'exit status');
  assert.ok(r.stderr.includes('--size: expected WxH'), `message: ${r.stderr}`);
});
