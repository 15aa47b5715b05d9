// The web kiosk (the same C++ ImGui UI as the native kiosk, on WebGL) in real headless Chromium,
// served by the real `tongban serve` with the intake: its home screen and taps, an application
// sealed with the network down that waits in IndexedDB and reaches the intake when it returns, and
// 拍照上传 refused plainly where the page asks for a document camera that is not there.
//   node tests/web/kiosk.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, waitFor, sleep } from '../lib/harness.mjs';
import { startWeb, phone, kioskScreen, offlineNoise } from '../lib/web_fixture.mjs';
import { fillKioskForm } from '../lib/kiosk_form.mjs';
import { tapTarget, target } from '../lib/kiosk_fixture.mjs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
let web;
before(async () => { web = await startWeb(paths); }, { timeout: 60000 });
after(() => web?.stop());

test('web kiosk: the ImGui kiosk on WebGL draws the home screen and takes taps', { timeout: 90000 }, async () => {
  const { page, errors } = await web.newPage(kioskScreen);
  await page.goto(`${web.url}kiosk/?automation=1`);
  const a = await waitFor(() => page.evaluate(() => window.__kioskError ? { error: window.__kioskError } : window.__kioskAutomation),
    { what: 'first kiosk frame', timeout: 30000 });
  assert.ok(!a.error, `kiosk failed: ${a.error}`);
  assert.deepEqual(a.screen, 'home', 'screen');
  assert.deepEqual(a.targets.filter((x) => x.id.startsWith('entry.')).map((x) => x.label),
    ['办事指南', '扫码', '我要办', '我的 / 查询'], 'entry labels');
  assert.deepEqual(a.missing_glyphs, 0, 'missing glyphs');
  await sleep(200);
  await page.screenshot({ path: `${out}/kiosk-web-home.png` });
  const toggle = a.targets.find((x) => x.id === 'toggle.elderly');
  await page.mouse.click(toggle.x + toggle.w / 2, toggle.y + toggle.h / 2);
  await waitFor(() => page.evaluate(() => window.__kioskAutomation.elderly === true), { what: 'elderly mode' });
  const g = (await page.evaluate(() => window.__kioskAutomation)).targets.find((x) => x.id === 'entry.guides');
  await page.mouse.click(g.x + g.w / 2, g.y + g.h / 2);
  await waitFor(() => page.evaluate(() => window.__kioskAutomation.screen === 'guides'), { what: 'guides screen' });
  await sleep(200);
  await page.screenshot({ path: `${out}/kiosk-web-guides-elderly.png` });
  assert.deepEqual(errors, [], 'page errors');
});

test('web kiosk: idle, it asks for no animation frames (it sleeps), and the first tap wakes it', { timeout: 90000 }, async () => {
  const { page, errors } = await web.newPage(kioskScreen);
  // Counts the animation frames the page asks for: a loop run on every one of them with nothing to
  // draw kept Chromium's renderer at several per cent of a core (docs/PERFORMANCE.md, bench:kiosk).
  await page.addInitScript(() => {
    window.__rafAsked = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => { window.__rafAsked++; return raf(cb); };
  });
  await page.goto(`${web.url}kiosk/?automation=1`);
  const frame = () => page.evaluate(() => window.__kioskError ? -1 : window.__kioskAutomation?.frame ?? 0);
  await waitFor(async () => (await frame()) >= 1, { what: 'first kiosk frame', timeout: 30000 });
  // Settled: no frame drawn for a second (the first frames bake the glyphs they found missing).
  let last = await frame();
  await waitFor(async () => { await sleep(1000); const now = await frame(); const still = now === last; last = now; return still; },
    { what: 'the kiosk to stop drawing', timeout: 30000 });
  assert.ok(last > 0, 'the kiosk started');
  const asked = await page.evaluate(() => window.__rafAsked);
  await sleep(2000);
  const idle = (await page.evaluate(() => window.__rafAsked)) - asked;
  assert.ok(idle <= 2, `animation frames asked for in 2 s idle: ${idle}`);
  assert.equal(await frame(), last, 'nothing drawn while idle');
  const a = await page.evaluate(() => window.__kioskAutomation);
  const toggle = a.targets.find((x) => x.id === 'toggle.elderly');
  await page.mouse.click(toggle.x + toggle.w / 2, toggle.y + toggle.h / 2);
  await waitFor(() => page.evaluate(() => window.__kioskAutomation.elderly === true), { what: 'the tap taken (长辈版 on)' });
  assert.deepEqual(errors, [], 'page errors');
});

test('web kiosk: an application sealed with the network down waits in IndexedDB (survives a reload) and reaches the intake when it returns', { timeout: 240000 }, async () => {
  // The browser kiosk registers no service worker of its own: what reloads it with the network down
  // is the phone shell's (scope /), which caches the kiosk's files as they are fetched. This profile
  // gets it first, as the single-profile run of the web tests always did by opening the phone first.
  const { page: shell } = await web.newPage(phone);
  await shell.goto(web.url);
  await web.controlledByServiceWorker(shell);
  await shell.close();
  const { page, errors, home, frameAfter, click } = await web.openKiosk();
  const find = (a, id) => {
    const x = a.targets.find((y) => y.id === id);
    assert.ok(x, `target ${id} not on screen`);
    return x;
  };
  let a = home;
  await click(find(a, 'entry.apply'));
  a = await frameAfter((b) => b.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
  await click(find(a, 'apply.sfz-buling'));
  a = await frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'form');
  a = await fillKioskForm(a, {
    frameAfter, click,
    typeText: (text) => page.keyboard.type(text, { delay: 20 }),
    clearText: async () => { await page.keyboard.press('Control+A'); await page.keyboard.press('Backspace'); },
  });
  assert.deepEqual(a.screen, 'apply-done', 'form complete');
  await page.context().setOffline(true);
  let id;
  try {
    await click(find(a, 'form.confirm'));
    a = await frameAfter((b) => b.screen === 'submitted' && b.texts.some((x) => x.startsWith('状态：排队中')), 'queued, network down');
    id = a.arg;
    await frameAfter((b) => b.texts.some((x) => x.startsWith('1 件办件待发送')), 'footer counts it');
    await page.screenshot({ path: `${out}/kiosk-web-submit-offline.png` });
    // The browser kiosk's outbox is IndexedDB: a reload (a crash, a power cut) keeps it.
    await page.reload();
    a = await frameAfter((b) => b.screen === 'home' && b.texts.some((x) => x.startsWith('1 件办件待发送')), 'still queued after a reload');
  } finally {
    await page.context().setOffline(false);
  }
  await frameAfter((b) => !b.texts.some((x) => x.includes('件办件待发送')), 'sent once the network returned');
  const status = web.cli('intake', 'status', '--db', web.intakeDb, id);
  assert.ok(status.startsWith(`${id} submitted`), `at the intake: ${status}`);
  const envelope = `${web.intakeDir}/${id}.tbs`;
  web.cli('intake', 'export', '--db', web.intakeDb, id, '-o', envelope);
  const opened = JSON.parse(web.cli('open', envelope, '--key', `${paths.keys}/departments/gongan.key`));
  assert.deepEqual(opened.suite, paths.suite === 'sm' ? 'tongban-seal-sm-v1' : 'tongban-seal-v1', 'in the deployment\'s suite');
  assert.deepEqual(opened.data.values.id_number, '211402198803151234', 'the department reads what was typed');
  assert.deepEqual(errors.filter((e) => !offlineNoise.test(e)), [], 'page errors');
});

// 拍照上传 on a page that asks for the document camera (?document-camera=1) where none can be had
// (this Chromium has no camera, real or fake): the person is told plainly, the form keeps what it
// has, the camera is not left open, and trying again fails the same way, not worse.
test('web kiosk: 拍照上传 with no camera to be had is refused plainly and the form keeps its answers', { timeout: 120000 }, async () => {
  const { page, errors, home, frameAfter, click } = await web.openKiosk({ query: 'document-camera=1' });
  const k = { frameAfter: (pred, what) => frameAfter(pred, what, 60000), click };
  const tap = (a, id, pred, what) => tapTarget(k, a, id, pred, what);
  const selected = (id) => (b) => b.targets.some((x) => x.id === id && x.state === 'selected');
  const gone = (b) => b.texts.includes('拍照设备没有连接好，暂时不能拍照。请联系工作人员，材料也可以到窗口现场提交');
  let a = await tap(home, 'entry.apply', (b) => b.screen === 'apply', 'the list of items');
  a = await tap(a, 'apply.shebaoka-shenling', (b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'the form');
  a = await tap(a, 'choice.for_whom.self', selected('choice.for_whom.self'), '本人');
  for (let attempt = 1; attempt <= 2; attempt++) {
    a = await tap(a, 'camera.card_photo', gone, `the camera refused, said plainly (attempt ${attempt})`);
    assert.ok(!a.targets.some((x) => x.id === 'camera.shoot'), 'no 拍照 without a camera');
    if (attempt === 1) await page.screenshot({ path: `${out}/kiosk-web-camera-none.png` });
    a = await tap(a, 'camera.cancel', (b) => !b.targets.some((x) => x.id === 'camera.cancel'), 'back on the form');
    assert.equal(await page.evaluate(() => document.querySelectorAll('video').length), 0, 'no camera left open');
  }
  assert.notEqual(target(a, 'camera.card_photo').state, 'filled', 'nothing attached');
  // Up the page (上一页) to the first answer: still given.
  for (let i = 0; i < 12 && !a.targets.some((x) => x.id === 'choice.for_whom.self'); i++) {
    const up = a.targets.find((x) => x.id.endsWith('.up'));
    assert.ok(up && up.state !== 'disabled', 'the page scrolls back up');
    const f = a.frame;
    await click(up);
    a = await k.frameAfter((b) => b.frame > f + 1, 'the page above');
  }
  assert.equal(target(a, 'choice.for_whom.self').state, 'selected', 'the answer given before is kept');
  assert.deepEqual(errors, [], 'page errors');
  await page.close();
});
