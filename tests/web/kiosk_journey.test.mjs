// Issue 13's journey on the browser kiosk (the same C++ UI as WebAssembly, served by `tongban serve`
// with the intake) in real headless Chromium, with touch events only (trusted touchStart/touchMove/
// touchEnd over CDP: not one mouse or key event from the test), as far as the browser kiosk's ports
// allow (docs/KIOSK-WEB.md): a villager applies for 社保卡申领 — the holder
// typed on the touch screen (the name on the pinyin keyboard, the ID and birth date on the keypad,
// 民族 from the list), the holder's photo with the document camera (getUserMedia: Chromium's fake
// camera playing a .y4m of a page in perspective; the page found, straightened and sealed as a
// JPEG), the mailing address written half with the handwriting pad (zinnia as
// WebAssembly) and half with the pinyin keyboard (the lexicon engine), and a marker on the letters
// keyboard; submitted with the network down (the outbox in IndexedDB); 结束办理. Then the marker is
// in none of the page's WebAssembly memory, IndexedDB or localStorage; once the network returns the
// application reaches the intake and the department reads the address as written.
//
// Ports the browser kiosk does not have, so this journey cannot take them (the native journey,
// tests/kiosk/journey.test.mjs, does):
// - the ID-card reader: a browser cannot reach a USB reader; 读取身份证 is not offered and the card's
//   fields are typed on the touch screen instead;
// - 读给我听: the browser kiosk speaks with the browser's own Chinese voice and hides the button
//   without one; headless Chromium on Debian has no voice, so the test asserts the button is hidden;
// - the receipt printer: a browser cannot reach one without a dialog; no 打印回执.
// The journey runs in standard and 长辈版, landscape 1920x1080 and portrait 1080x1920;
// screenshots of every step are build/native/test-artifacts/web/kiosk-web-journey-*.png.
//   node tests/web/kiosk_journey.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, waitFor, sleep, sourceRoot } from '../lib/harness.mjs';
import { startWeb, offlineNoise } from '../lib/web_fixture.mjs';
import { fillKioskForm, photographMaterial } from '../lib/kiosk_form.mjs';
import { writeJourneyAddress, writePinyin, settled, pickFromList } from '../lib/chinese_input.mjs';
import { writeY4m, documentPage, checkPagePhoto } from '../lib/y4m.mjs';
import { mkdtempSync, rmSync } from 'node:fs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
let web, cameraDir;
// The document camera: Chromium's fake capture device playing a page on a desk, in perspective.
const FRAME = { w: 1280, h: 960 };
before(async () => {
  cameraDir = mkdtempSync('/tmp/tongban-web-journey-');
  const y4m = writeY4m(`${cameraDir}/page.y4m`, FRAME.w, FRAME.h, [{ grey: documentPage(FRAME.w, FRAME.h), frames: 5 }]);
  web = await startWeb(paths, { device: { hasTouch: true },
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`] });
}, { timeout: 60000 });
after(async () => {
  await web?.stop();
  rmSync(cameraDir, { recursive: true, force: true });
});

// Typed into the address on the touch keyboard's letters and digits: long and odd enough that no
// library string holds it by chance (the same as the native journey's).
const MARKER = 'qzxkjv7731';

// Counts the trusted input events the page receives, by kind: the journey must see touches only.
function countInput() {
  window.__inputSeen = { touch: 0, key: 0 };
  for (const type of ['touchstart']) addEventListener(type, (e) => { if (e.isTrusted) window.__inputSeen.touch++; }, true);
  for (const type of ['keydown', 'keyup']) addEventListener(type, (e) => { if (e.isTrusted) window.__inputSeen.key++; }, true);
}

// Where the bytes of `needle` (text, or bytes) occur in the kiosk's WebAssembly memory, and how much was searched.
function heapHits(needle) {
  const heap = window.__kioskHeap();
  const n = typeof needle === 'string' ? new TextEncoder().encode(needle) : needle;  // text, or an array of bytes
  const hits = [];
  for (let i = heap.indexOf(n[0]); i >= 0 && i <= heap.length - n.length; i = heap.indexOf(n[0], i + 1)) {
    let j = 1;
    while (j < n.length && heap[i + j] === n[j]) j++;
    if (j === n.length) hits.push(i);
  }
  return { hits, bytes: heap.length };
}

// Whether `needle` is anywhere in the page's IndexedDB databases (every store, every value, as
// bytes and as text) or localStorage; and how many values were read.
async function storedHits(needle) {
  const n = new TextEncoder().encode(needle);
  const has = (bytes) => {
    for (let i = bytes.indexOf(n[0]); i >= 0 && i <= bytes.length - n.length; i = bytes.indexOf(n[0], i + 1)) {
      let j = 1;
      while (j < n.length && bytes[i + j] === n[j]) j++;
      if (j === n.length) return true;
    }
    return false;
  };
  const asBytes = (v) => v instanceof ArrayBuffer ? new Uint8Array(v) : ArrayBuffer.isView(v) ? new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
    : new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  const hits = [];
  let values = 0;
  for (const { name } of await indexedDB.databases()) {
    const db = await new Promise((resolve, reject) => { const r = indexedDB.open(name); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    for (const store of db.objectStoreNames) {
      const all = await new Promise((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      for (const v of all) {
        values++;
        if (has(asBytes(v))) hits.push(`indexedDB ${name}/${store}`);
      }
    }
    db.close();
  }
  for (let i = 0; i < localStorage.length; i++) {
    values++;
    const key = localStorage.key(i);
    if (has(asBytes(key + localStorage.getItem(key)))) hits.push(`localStorage ${key}`);
  }
  return { hits, values };
}

async function journey({ elderly, width, height }) {
  const name = `${elderly ? 'elderly' : 'normal'}-${width > height ? 'landscape' : 'portrait'}`;
  const { page, errors } = await web.newPage({ viewport: { width, height } });
  await page.addInitScript(countInput);
  await page.goto(`${web.url}kiosk/?automation=1&document-camera=1${elderly ? '&elderly=1' : ''}`);
  const frameAfter = async (pred, what, timeout = 30000) => waitFor(async () => {
    const f = await page.evaluate(() => window.__kioskError ? { error: window.__kioskError } : window.__kioskAutomation);
    if (f && f.error) throw new Error(`kiosk failed: ${f.error}`);
    return f && pred(f) ? f : null;
  }, { what, timeout });
  // A finger: trusted touch events into Chromium's input queue (CDP), nothing else.
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, point) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: point ? [{ x: point[0], y: point[1] }] : [] });
  const click = async (x) => {
    assert.ok(x, 'a target to tap');
    await touch('touchStart', [x.x + x.w / 2, x.y + x.h / 2]);
    await touch('touchEnd');
  };
  // A stroke on the handwriting pad: the finger down on the frame that sees it, then its moves as
  // a finger makes them, a point every 8 px every 8 ms (1 px/ms), whatever the kiosk is drawing.
  const stroke = async (points) => {
    const before = (await page.evaluate(() => window.__kioskAutomation)).frame;
    await touch('touchStart', points[0]);
    await frameAfter((b) => b.frame > before, 'the finger down drawn');
    const sent = [];
    for (const p of points.slice(1)) {
      sent.push(touch('touchMove', p));
      await sleep(8);
    }
    sent.push(touch('touchEnd'));
    await Promise.all(sent);
  };
  const k = { frameAfter, click, stroke };
  // The form filler's keyboard is not there to use: a field it would type into fails the journey.
  const touchOnly = {
    typeText: async (text) => {
      await page.screenshot({ path: `${out}/kiosk-web-journey-${name}-typing.png` });
      assert.fail(`a key event in a touch-only journey (typing ${text} into ${(await page.evaluate(() => window.__kioskAutomation)).targets.find((x) => x.id === 'editor.input')?.label})`);
    },
    clearText: () => assert.fail('a key event in a touch-only journey (clearing a field)'),
  };
  const target = (a, id) => {
    const x = a.targets.find((y) => y.id === id);
    assert.ok(x, `target ${id} not on screen (have: ${a.targets.map((y) => y.id).join(', ')})`);
    return x;
  };
  let a = await frameAfter((b) => b.screen === 'home' && b.elderly === elderly, 'home');
  let step = 0;
  const shot = async (what) => {
    a = await frameAfter((b) => b.frame >= a.frame && b.missing_glyphs === 0 && b.unbaked === false, `${what}: every character drawn`);
    await sleep(300);
    a = await settled(k, a);
    await page.screenshot({ path: `${out}/kiosk-web-journey-${name}-${String(++step).padStart(2, '0')}-${what}.png` });
  };
  // Scrolls with the page's 下一页 until `id` is in sight (as the native journey's reveal does).
  const reveal = async (id) => {
    const rail = (b) => b.targets.find((x) => x.id.endsWith('.down') && !x.id.startsWith('choices-'));
    for (let i = 0; i < 12 && !a.targets.some((x) => x.id === id); i++) {
      a = await frameAfter((b) => b.frame >= a.frame && (b.targets.some((x) => x.id === id) || rail(b)), `${id} or the rail`);
      if (a.targets.some((x) => x.id === id)) break;
      const down = rail(a);
      assert.ok(down && down.state !== 'disabled', `${id} not on the page (have: ${a.targets.map((x) => x.id).join(', ')})`);
      const f = a.frame;
      await click(down);
      a = await settled(k, await frameAfter((b) => b.frame > f, 'the next page'));
    }
    return target(a, id);
  };
  const tap = async (id, pred, what) => {
    const x = await reveal(id);
    const f = a.frame;
    await click(x);
    a = await frameAfter((b) => b.frame > f && pred(b), what);
    return a;
  };
  const selected = (id) => (b) => b.targets.some((x) => x.id === id && x.state === 'selected');

  await shot('home');
  // The ports this browser has: no 读给我听 without a Chinese voice (headless Chromium has none).
  const voice = await page.evaluate(() => speechSynthesis.getVoices().some((v) => /^(zh|cmn)/i.test(v.lang)));
  assert.equal(a.targets.some((x) => x.id === 'speech.read'), voice, '读给我听 offered exactly when the browser has a Chinese voice');

  // 我要办 → 社会保障卡申领, for oneself.
  await tap('entry.apply', (b) => b.screen === 'apply', 'the list of items');
  await shot('apply');
  await tap('apply.shebaoka-shenling', (b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'the form');
  assert.ok(!a.targets.some((x) => x.id === 'card.read'), 'no 读取身份证: the browser kiosk has no card reader');
  await tap('choice.for_whom.self', selected('choice.for_whom.self'), '本人');
  await shot('form');

  // What the card would have given, typed on the touch screen: the name on the pinyin keyboard.
  await tap('field.holder_name', (b) => b.targets.some((x) => x.id === 'kb.z'), 'the name sheet');
  a = await writePinyin(k, a, 'zhanglihua', '张丽华');
  await shot('name-pinyin');
  await tap('editor.ok', (b) => !b.targets.some((x) => x.id === 'editor.ok'), 'the name taken');
  // 民族 from the list (no typing at all): one past the list's first page.
  await reveal('field.holder_ethnicity');
  a = await pickFromList(k, a, 'holder_ethnicity', '11', '满族');
  await shot('ethnicity-picked');
  // The holder's photo with the document camera (the browser's getUserMedia).
  await photographMaterial(tap, shot, 'card_photo');
  a = await settled(k, a);
  await reveal('camera.card_photo');
  assert.equal(target(a, 'camera.card_photo').state, 'filled', 'the material marked as provided');
  assert.equal(await page.evaluate(() => document.querySelectorAll('video').length), 0, 'the camera let go when the sheet closed');
  a = await fillKioskForm(a, {
    frameAfter, click,
    ...touchOnly,
    // Up to the page with the address, which is written by hand below.
    stopAt: (b) => b.texts.some((s) => s.startsWith('第2步')),
  });
  assert.ok(a.texts.some((s) => s.startsWith('第2步')), `on the page with the address (last steps: ${(a.trace || []).join(', ')})`);
  await shot('page-2');

  // The mailing address: the county from the list, the street half by hand (陈村), half in pinyin
  // (文化路), and the marker on the letters and digits keyboard.
  await tap('field.home_address', (b) => b.targets.some((x) => x.id === 'division.path'), 'the address sheet');
  a = await writeJourneyAddress(k, a, MARKER, shot);
  await shot('marker');
  await tap('editor.ok', (b) => !b.targets.some((x) => x.id === 'editor.ok'), 'the address taken');
  assert.ok(a.texts.some((s) => s.includes(`陈村文化路${MARKER}`)), 'the form shows the address');
  const during = await page.evaluate(heapHits, MARKER);
  assert.ok(during.hits.length > 0, `during the session the marker is in the kiosk's memory (${during.bytes} bytes searched)`);

  // The rest of the form by touch, and 确认提交 with the network down.
  a = await fillKioskForm(a, {
    frameAfter, click,
    ...touchOnly,
  });
  assert.equal(a.screen, 'apply-done', `form complete (last steps: ${(a.trace || []).join(', ')})`);
  await shot('confirm');
  // 确认提交 shows the answers themselves to check, not only what goes where.
  assert.ok(a.texts.includes('张丽华') && a.texts.includes('持卡人姓名'), `the answers listed to check (${a.texts.slice(0, 12).join(' | ')})`);
  await page.context().setOffline(true);
  let id;
  try {
    await tap('form.confirm', (b) => b.screen === 'submitted' && b.texts.some((s) => s.startsWith('状态：排队中')), 'queued offline');
    id = a.arg;
    assert.ok(!a.targets.some((x) => x.id === 'receipt.print'), 'no 打印回执: the browser kiosk has no printer');
    await shot('submitted');

    // 结束办理: the marker is nowhere in the page's WebAssembly memory, IndexedDB or localStorage.
    await tap('submit.finish', (b) => b.screen === 'home', 'session ended');
    await sleep(500);
    await shot('ended');
    const after = await page.evaluate(heapHits, MARKER);
    assert.ok(after.bytes > 10_000_000, `the search read the kiosk's memory (${after.bytes} bytes)`);
    assert.deepEqual(after.hits, [], `left in the kiosk's WebAssembly memory after 结束办理 (${after.bytes} bytes searched)`);
    const stored = await page.evaluate(storedHits, MARKER);
    assert.ok(stored.values > 0, 'IndexedDB holds the kiosk\'s data (the queued application, its device key)');
    assert.deepEqual(stored.hits, [], 'in the page\'s storage');
    assert.ok(!JSON.stringify(await page.evaluate(() => window.__kioskAutomation)).includes(MARKER), 'not on screen');
  } finally {
    await page.context().setOffline(false);
  }

  // The network back: the application reaches the intake, and the department reads the address.
  await frameAfter((b) => !b.texts.some((x) => x.includes('件办件待发送')), 'sent once the network returned', 60000);
  const status = web.cli('intake', 'status', '--db', web.intakeDb, id);
  assert.ok(status.startsWith(`${id} submitted`), `at the intake: ${status}`);
  const envelope = `${web.intakeDir}/${id}.tbs`;
  web.cli('intake', 'export', '--db', web.intakeDb, id, '-o', envelope);
  const part = JSON.parse(web.cli('open', envelope, '--key', `${sourceRoot}/assets/demo-keys/departments/renshe.key`, '--out', `${web.intakeDir}/${id}-opened`));
  assert.equal(part.item, 'shebaoka-shenling');
  assert.ok(String(part.data.values.home_address).includes(`陈村文化路${MARKER}`), `the address as written: ${part.data.values.home_address}`);
  assert.equal(part.data.values.holder_name, '张丽华', 'the name written on the pinyin keyboard');
  assert.equal(part.data.values.holder_ethnicity, '11', '满族, picked from the list');
  // The photo: a JPEG of the page, cropped and straightened (as wide as its top and bottom edges, as
  // tall as its sides), and gone from the kiosk's memory since 结束办理.
  const jpeg = checkPagePhoto(part, 'card_photo', FRAME);
  const photo = await page.evaluate(heapHits, [...jpeg.subarray(jpeg.length / 2, jpeg.length / 2 + 64)]);
  assert.deepEqual(photo.hits, [], `the photo is not in the kiosk's memory after 结束办理 (${photo.bytes} bytes searched)`);
  assert.ok(!web.log().includes(MARKER), 'the address is not in the server\'s log');

  const seen = await page.evaluate(() => window.__inputSeen);
  assert.ok(seen.touch > 50, `the journey was made by touch (${seen.touch} touches)`);
  assert.equal(seen.key, 0, 'no key event');
  assert.deepEqual(errors.filter((e) => !offlineNoise.test(e)), [], 'page errors');
  await page.close();
}

// The journey, with a screenshot of where it stopped when it fails.
async function journeyShown(shape) {
  const pages = new Set(web.context.pages());
  try {
    await journey(shape);
  } catch (e) {
    const page = web.context.pages().find((p) => !pages.has(p));
    const name = `${shape.elderly ? 'elderly' : 'normal'}-${shape.width > shape.height ? 'landscape' : 'portrait'}`;
    if (page) await page.screenshot({ path: `${out}/kiosk-web-journey-${name}-failed.png` }).catch(() => {});
    throw e;
  }
}

for (const [elderly, width, height] of [[false, 1920, 1080], [true, 1920, 1080], [false, 1080, 1920], [true, 1080, 1920]]) {
  test(`browser kiosk journey: 社保卡申领 by touch only${elderly ? ', 长辈版' : ''}, ${width}x${height}: pinyin, photo and handwriting → offline → 结束办理 → nothing left`,
    { timeout: 600000 }, () => journeyShown({ elderly, width, height }));
}
