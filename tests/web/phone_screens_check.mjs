// Every phone screen, in the standard version and in 长辈版, measured from the DOM against the
// MIIT ageing-friendly numbers (《互联网网站适老化通用设计规范》): body text >= 18 px and the largest
// text >= 30 px in 长辈版, line height >= 1.3, targets >= 60x60 in 长辈版 and >= 44x44 otherwise,
// text contrast >= 4.5:1; checked with axe-core (no serious or critical violation); and read for
// words a resident should not meet: Latin-script UI text, raw code payloads (TBG1:, TBD1:, …),
// internal identifiers, native controls that speak the browser's language (a file input's
// "Choose File", a date input's mm/dd/yyyy). A failure names the screen, the element and its size.
//   node tests/web/phone_screens_check.mjs --site DIR --tongban PATH --out DIR
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, startServer, launchBrowser, ensureDir, waitFor, sleep } from '../lib/harness.mjs';
import { PHONE, openPhone, tap, tapFillForm, useDemoWallet } from '../lib/phone_form.mjs';

const sourceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const args = parseArgs();
const out = ensureDir(`${args.out || 'phone-screens-artifacts'}/screens`);

// ---- what is measured on a screen (runs in the page) -------------------------------------------
function measure({ elderly }) {
  const MIN_TARGET = elderly ? 60 : 44;
  const sizes = [], latin = [];
  let largest = 0, largestWhat = '';
  const vw = document.documentElement.clientWidth;
  const shown = (el) => {
    if (el.closest('[hidden], [aria-hidden=true], script, style, noscript')) return false;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < vw;  // the skip link waits off-screen
  };
  const describe = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 18);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} “${text}”`;
  };
  const rgba = (s) => {
    const m = s.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : [0, 0, 0, 0];
  };
  // The colour behind an element: its own and its ancestors' backgrounds, composited over white.
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255];
    for (const c of layers.reverse()) bg = bg.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
    return bg;
  };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (fg, bg) => {
    const a = rgba(fg);
    const bgc = bg;
    const mixed = [0, 1, 2].map((i) => a[i] * a[3] + bgc[i] * (1 - a[3]));
    const [l1, l2] = [lum(mixed), lum(bgc)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  // Meant to be Latin on a resident's screen: 'QR', the pinyin search example (sfz), and the X that
  // ends some ID numbers (in full or masked).
  const ALLOWED = [/\d{17}[\dX]/g, /\d{6}\*+\d{3}[\dX]/g, /\bQR\b/g, /\bsfz\b/g];
  const words = (s) => {
    let t = s;
    for (const re of ALLOWED) t = t.replace(re, ' ');
    return t.match(/[A-Za-z][A-Za-z0-9_:.\-/]*/g) || [];
  };
  const checkWords = (text, where) => {
    if (/TB[A-Z]\d:/.test(text)) latin.push(`a raw code payload in ${where}: “${text.slice(0, 40)}”`);
    const w = words(text);
    if (w.length) latin.push(`Latin text in ${where}: ${w.slice(0, 4).join(' ')} (“${text.trim().slice(0, 30)}”)`);
  };

  // Text: size, line height, contrast, words.
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue;
    if (!text.trim()) continue;
    const el = n.parentElement;
    if (!el || !shown(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= vw) continue;
    if (!el.closest('.user-text')) checkWords(text, describe(el));
    if (seen.has(el)) continue;
    seen.add(el);
    const cs = getComputedStyle(el);
    const size = parseFloat(cs.fontSize);
    if (size > largest) { largest = size; largestWhat = describe(el); }
    if (elderly && size < 18 - 0.01) sizes.push(`text ${describe(el)} is ${size.toFixed(1)} px (< 18)`);
    const lh = cs.lineHeight === 'normal' ? NaN : parseFloat(cs.lineHeight) / size;
    if (!(lh >= 1.3 - 0.005)) sizes.push(`line height of ${describe(el)} is ${cs.lineHeight} at ${size.toFixed(1)} px (< 1.3)`);
    const ratio = contrast(cs.color, background(el));
    if (ratio < 4.5 - 0.01) sizes.push(`contrast of ${describe(el)} is ${ratio.toFixed(2)}:1 (< 4.5)`);
  }
  if (elderly && largest < 30 - 0.01) sizes.push(`largest text is ${largest.toFixed(1)} px (< 30): ${largestWhat}`);

  // Targets: everything that can be tapped; a checkbox inside a label is tapped through the label.
  const targets = new Set();
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [role=button], [role=radio], [tabindex]')) {
    if (el.getAttribute('tabindex') === '-1' || el.type === 'hidden') continue;
    const label = el.matches('input[type=checkbox], input[type=radio]') ? el.closest('label') : null;
    targets.add(label || el);
  }
  for (const el of targets) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < MIN_TARGET - 0.5 || r.height < MIN_TARGET - 0.5)
      sizes.push(`target ${describe(el)} is ${Math.round(r.width)}x${Math.round(r.height)} (< ${MIN_TARGET}x${MIN_TARGET})`);
  }
  // Words in native controls: placeholders, and controls the browser draws in its own language.
  for (const el of document.querySelectorAll('input, textarea, select')) {
    if (el.matches('input[type=file]') && shown(el)) latin.push(`a visible file input (the browser's “Choose File”): ${describe(el)}`);
    if (el.matches('input[type=date], input[type=time], input[type=datetime-local], input[type=month], input[type=week]'))
      latin.push(`a ${el.type} input (the browser's own date format): ${describe(el)}`);
    if (!shown(el)) continue;
    if (el.placeholder) {
      checkWords(el.placeholder, `the placeholder of ${describe(el)}`);
      const ratio = contrast(getComputedStyle(el, '::placeholder').color, background(el));
      if (ratio < 4.5 - 0.01) sizes.push(`placeholder contrast of ${describe(el)} is ${ratio.toFixed(2)}:1 (< 4.5)`);
    }
    if (el.matches('select')) for (const o of el.options) checkWords(o.textContent, `an option of ${describe(el)}`);
  }
  checkWords(document.title, 'the page title');
  return { sizes, latin, largest };
}

// ---- the walk ----------------------------------------------------------------------------------
const results = [];  // { screen, mode, sizes, latin, axe }
let server, browser, context, page, pageErrors;
let intakeDir;
let cameraText = '';

async function axeViolations() {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')} — ${v.help}`);
}

async function setElderly(on) {
  const now = await page.evaluate(() => document.documentElement.classList.contains('elderly'));
  if (now !== on) {
    await tap(page, '#elderly');
    await waitFor(() => page.evaluate((v) => document.documentElement.classList.contains('elderly') === v, on), { what: '长辈版 switch' });
  }
}

// Measures the screen as it is now, in both versions, and keeps a screenshot of each.
async function check(screen) {
  for (const elderly of [false, true]) {
    await setElderly(elderly);
    await sleep(50);
    const mode = elderly ? 'elderly' : 'normal';
    const m = await page.evaluate(measure, { elderly });
    const axe = await axeViolations();
    results.push({ screen, mode, sizes: m.sizes, latin: m.latin, axe, largest: m.largest });
    await page.screenshot({ path: `${out}/${screen.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}-${mode}.png`, fullPage: true });
  }
  await setElderly(false);
}

async function go(hash, ready) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(ready, { state: 'visible' });
  await sleep(100);
}

before(async () => {
  intakeDir = execFileSync('mktemp', ['-d', '/tmp/tongban-screens-intake-XXXXXX']).toString().trim();
  server = await startServer(args.tongban, args.site, ['--db', `sqlite:${intakeDir}/intake.db`, '--intake-key', `${sourceRoot}/assets/demo-keys/intake.key`,
    '--open-registration', '--code-issuer', `${sourceRoot}/assets/demo-keys/code-issuer.key`]);
  browser = await launchBrowser();
  context = await browser.newContext(PHONE);
  ({ page, errors: pageErrors } = await openPhone(context, server.url));
  await useDemoWallet(page, server.url);

  await go('#/', '.entry');
  await check('home');
  await go('#/guides', '.chip');
  await check('guides home');
  await go('#/guides/event/birth', '.item');
  await check('guides list');
  await go('#/guides/item/sfz-buling', '.item-title');
  await check('guide item');
  await go('#/guides/search/sfz', '.item');
  await check('guides search');
  await go('#/guides/scenario/sfz-buling/', '.options a');
  await check('scenario question');
  await go('#/guides/scenario/sfz-buling/yes.no', '.qr svg');
  await check('scenario checklist');
  await go('#/apply', 'a.item');
  await check('apply list');
  const items = await page.$$eval('#view a.item', (els) => els.map((a) => a.dataset.item));
  for (const item of items) {
    await go('#/apply', `a.item[data-item="${item}"]`);
    await tap(page, `a.item[data-item="${item}"]`);
    await page.waitForSelector('#view .form .field');
    const r = await tapFillForm(page, { onPage: (n) => check(`form ${item} page ${n + 1}`) });
    if (r.lost.length) throw new Error(`${item}: ${r.lost.join('; ')}`);
    await page.waitForSelector('.review-page');
    await check(`review ${item}`);
  }
  // 身份证补领 again (resumed from its sealed draft) for the hand-off and the submission.
  await go('#/apply/sfz-buling', '#form-submit');
  await tap(page, '#form-submit');
  await page.waitForSelector('.review-page');
  await go('#/handoff/sfz-buling', '#handoff-code svg');
  await check('hand-off');
  await go('#/apply/sfz-buling/review', '#confirm-submit');
  await tap(page, '#confirm-submit');
  await page.waitForSelector('#submit-done');
  await waitFor(() => page.getAttribute('#submit-status', 'data-status').then((s) => s === '1'), { what: 'submitted', timeout: 20000 });
  await check('submitted');
  await go('#/mine', '#mine-applications');
  await check('mine');
  await go('#/mine/applications', '.outbox-item');
  await waitFor(() => page.$('.outbox-item details'), { what: 'a receipt', timeout: 20000 });
  await tap(page, '.outbox-item summary');
  await page.waitForSelector('.outbox-item .qr svg');
  await check('my applications');
  await go('#/scan', '#scan-mine');
  await check('scan home');
  await go('#/scan/mine', '#my-code svg');
  await check('my code');
  await go('#/scan/camera', '#scan-status');
  await waitFor(() => page.$eval('#scan-status', (e) => e.dataset.problem), { what: 'the camera problem said', timeout: 20000 });
  cameraText = await page.textContent('#scan-status');
  await check('scan camera');
  await go('#/appoint/sfz-buling', '#appoint-send');
  await check('appointment');
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  if (intakeDir) rmSync(intakeDir, { recursive: true, force: true });
});

const failures = (key) => results.flatMap((r) => r[key].map((x) => `[${r.screen}, ${r.mode}] ${x}`));

test('every screen was visited, in both versions', () => {
  const screens = new Set(results.map((r) => r.screen));
  for (const s of ['home', 'guides home', 'guides list', 'guide item', 'guides search', 'scenario question', 'scenario checklist',
    'apply list', 'form chusheng-yijianshi page 1', 'review sfz-buling', 'submitted', 'mine', 'my applications', 'scan home',
    'my code', 'scan camera', 'appointment', 'hand-off']) assert.ok(screens.has(s), `not visited: ${s}`);
  assert.equal(results.length, screens.size * 2);
});

test('sizes, line heights and contrast meet the MIIT numbers', () => {
  assert.deepEqual(failures('sizes'), []);
});

test('长辈版: the largest text on every screen is at least 30 px', () => {
  for (const r of results.filter((x) => x.mode === 'elderly')) assert.ok(r.largest >= 30 - 0.01, `${r.screen}: ${r.largest}`);
});

test('axe-core: no serious or critical violation', () => {
  assert.deepEqual(failures('axe'), []);
});

test('no Latin-script UI text, raw code payloads, identifiers or English native controls', () => {
  assert.deepEqual(failures('latin'), []);
});

// Headless Chromium has no camera: getUserMedia fails with "Requested device not found".
test('扫一扫 without a camera says so in Chinese and offers the album and typing', () => {
  assert.match(cameraText, /^没有找到可用的相机。可从相册选择图片，或粘贴码的文字。$/);
});

test('no page errors on any screen', () => {
  assert.deepEqual(pageErrors, []);
});
