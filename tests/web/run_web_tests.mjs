// The web builds in real headless Chromium (Debian's), served by the real `tongban serve`:
// the mobile shell (phone) and the web kiosk (same C++ UI as the native kiosk, on WebGL).
//   node run_web_tests.mjs --site DIR --tongban PATH --out DIR
import { parseArgs, startServer, launchChromium, waitFor, ensureDir, makeRunner, assert, assertEq, sleep }
  from '../lib/harness.mjs';
import { decodeQrImage } from '../lib/qr_decode.mjs';
import { publishUpdate } from '../lib/publish.mjs';
import { fillKioskForm } from '../lib/kiosk_form.mjs';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const sourceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const args = parseArgs();
const out = ensureDir(args.out || 'web-artifacts');
const t = makeRunner('web.chromium');
// The same server the product runs: the site plus the intake on SQLite (demo intake key, devices
// register themselves).
const intakeDir = execFileSync('mktemp', ['-d', '/tmp/tongban-web-intake-XXXXXX']).toString().trim();
const intakeDb = `sqlite:${intakeDir}/intake.db`;
const server = await startServer(args.tongban, args.site, ['--db', intakeDb, '--intake-key', `${sourceRoot}/assets/demo-keys/intake.key`, '--open-registration',
  '--code-issuer', `${sourceRoot}/assets/demo-keys/code-issuer.key`]);
const cli = (...a) => execFileSync(args.tongban, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const browser = await launchChromium();
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

async function newPage(options = {}) {
  const page = await browser.context.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { page, errors };
}

// Answers every field of the open phone form, page by page, as a person would. With reloadOnce,
// reloads the page once past the first page and checks the sealed draft resumed there.
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
async function fillPhoneForm(page, { reloadOnce = false } = {}) {
  const png = PNG_1PX;
  let reloaded = false;
  for (let step = 0; step < 14; step++) {
    for (let pass = 0; pass < 2; pass++) {
      for (const block of await page.$$('.field')) {
        const path = await block.getAttribute('data-path');
        if (!path) continue;
        const sel = `.field[data-path="${path}"]`;
        if (await page.$(`${sel} .choices button`)) {
          if (!(await page.$(`${sel} .choice.selected`))) await page.click(`${sel} .choices button >> nth=${(await page.$$(`${sel} .choices button`)).length > 1 ? 1 : 0}`);
        } else if (await page.$(`${sel} .commitment input`)) {
          if (!(await page.isChecked(`${sel} .commitment input`))) await page.check(`${sel} .commitment input`);
        } else if (await page.$(`${sel} input[type=file]`)) {
          if (!(await page.$(`${sel} .attached`))) await page.setInputFiles(`${sel} input[type=file]`, { name: 'photo.png', mimeType: 'image/png', buffer: png });
        } else if (await page.$(`${sel} input[type=text], ${sel} textarea`)) {
          const input = await page.$(`${sel} input[type=text], ${sel} textarea`);
          if ((await input.inputValue()) && !(await page.$(`${sel} .field-error`))) continue;
          const mode = await input.getAttribute('inputmode');
          const type = await block.getAttribute('data-type');  // dates are typed: no browser date picker
          const value = type === 'date' ? '2025-01-15' : mode === 'tel' ? '13800138000' : mode === 'numeric' || mode === 'decimal' ? '1' : '青禾市长安区文化路88号';
          const target = `${sel} input[type=text], ${sel} textarea`;
          await page.fill(target, value);
          await page.press(target, 'Tab').catch(() => {});  // re-drawn already (dates change at once)
        }
        await sleep(30);
      }
    }
    if (!(await page.$('#form-next'))) break;  // the last page is filled
    const saved = await page.evaluate(() => document.body.dataset.draftSaved);
    await page.click('#form-next');
    await waitFor(() => page.evaluate((s) => document.body.dataset.draftSaved !== s, saved), { what: 'draft saved on next' }).catch(() => {});
    await sleep(150);
    if (reloadOnce && !reloaded && (await page.evaluate(() => document.body.dataset.formPage)) !== '0') {
      // The draft is saved as you go, sealed: reload mid-way and it is all still there.
      reloaded = true;
      const pageBefore = await page.evaluate(() => document.body.dataset.formPage);
      await page.reload();
      await page.waitForSelector('.field');
      assertEq(await page.evaluate(() => document.body.dataset.formPage), pageBefore, 'resumed on the same page');
    }
  }
  return reloaded;
}

try {
  await t.check('mobile shell: home drawn from the core module, in real HTML', async () => {
    const { page, errors } = await newPage(phone);
    await page.goto(server.url);
    await page.waitForSelector('.entry');
    const titles = await page.$$eval('.entry-title', (els) => els.map((e) => e.textContent));
    assertEq(titles, ['办事指南', '扫码', '我要办', '我的 / 查询'], 'entry titles');
    // The footer's version comes from the WebAssembly core, not from JavaScript (which build it is
    // stays off the resident's screen, in data-platform).
    await waitFor(() => page.getAttribute('#about', 'data-platform').then((p) => p === 'wasm32-emscripten'));
    const about = await page.textContent('#about');
    assert(/^通办 \d+\.\d+\.\d+$/.test(about), `about line: ${about}`);
    assertEq(await page.getAttribute('html', 'lang'), 'zh-CN', 'document language');
    await page.screenshot({ path: `${out}/phone-home.png` });
    assertEq(errors, [], 'page errors');
  });

  await t.check('mobile shell: elderly mode enlarges type and targets, and is remembered', async () => {
    const { page } = await newPage(phone);
    await page.goto(server.url);
    await page.waitForSelector('.entry');
    const small = await page.$eval('.entry-title', (e) => parseFloat(getComputedStyle(e).fontSize));
    await page.click('#elderly');
    await waitFor(() => page.evaluate(() => document.documentElement.classList.contains('elderly')));
    const large = await page.$eval('.entry-title', (e) => parseFloat(getComputedStyle(e).fontSize));
    assert(large >= small * 1.3, `font size ${small} -> ${large}`);
    assertEq(await page.getAttribute('#elderly', 'aria-pressed'), 'true', 'toggle state for screen readers');
    const h = await page.$eval('.entry', (e) => e.getBoundingClientRect().height);
    assert(h >= 150, `entry height in elderly mode: ${h}`);
    await page.screenshot({ path: `${out}/phone-home-elderly.png` });
    await page.reload();
    await page.waitForSelector('.entry');
    assert(await page.evaluate(() => document.documentElement.classList.contains('elderly')), 'remembered after reload');
    await page.click('#elderly');  // back to standard for the other checks
  });

  await t.check('mobile shell: navigation and the core API from the page', async () => {
    const { page } = await newPage(phone);
    await page.goto(server.url);
    await page.click('.entry-guides');
    await waitFor(() => page.evaluate(() => document.body.dataset.screen === 'guides'));
    assertEq(await page.textContent('#title'), '办事指南', 'title');
    assert(await page.isVisible('#back'), 'back button visible');
    await page.click('#back');
    await waitFor(() => page.evaluate(() => document.body.dataset.screen === 'home'));
    const masked = await page.evaluate(async () => (await import('./js/core.js')).call('mask', { kind: 'id', value: '11010519491231002X' }));
    assertEq(masked.masked, '110105********002X', 'masked id from the wasm core');
    const err = await page.evaluate(async () => {
      try { await (await import('./js/core.js')).call('mask', { kind: 'id' }); return null; } catch (e) { return e.message; }
    });
    assertEq(err, "argument 'value' (string) is missing", 'error from the core');
  });

  await t.check('mobile shell: works offline after the first load (service worker)', async () => {
    const { page } = await newPage(phone);
    await page.goto(server.url);
    await page.waitForSelector('.entry');
    await waitFor(() => page.evaluate(async () => !!(await navigator.serviceWorker.ready).active), { what: 'service worker' });
    await page.reload();  // now controlled by the worker
    await waitFor(() => page.evaluate(() => !!navigator.serviceWorker.controller), { what: 'controller' });
    await browser.context.setOffline(true);
    try {
      await page.reload();
      await page.waitForSelector('.entry', { timeout: 10000 });
      assert(await page.isVisible('#offline'), 'offline banner shown');
      await page.screenshot({ path: `${out}/phone-offline.png` });
    } finally {
      await browser.context.setOffline(false);
    }
  });

  await t.check('phone guides: browse by life event and by department', async () => {
    const { page, errors } = await newPage(phone);
    await page.goto(`${server.url}#/guides`);
    await page.waitForSelector('.chip');
    await page.click('a.chip[href="#/guides/event/birth"]');
    await page.waitForSelector('.item');
    const names = await page.$$eval('.item-name', (els) => els.map((e) => e.textContent));
    assert(names.includes('新生儿出生一件事'), `birth list: ${names.join(', ')}`);
    await page.goto(`${server.url}#/guides`);
    await page.waitForSelector('.depts a');
    await page.click('.depts a[href="#/guides/dept/gongan"]');
    await page.waitForSelector('.item');
    assert((await page.$$('.item')).length >= 8, 'police department lists its items');
    await page.screenshot({ path: `${out}/phone-guide-list.png` });
    assertEq(errors, [], 'page errors');
  });

  await t.check('phone guides: search as you type, pinyin initials and everyday words, with highlights', async () => {
    const { page } = await newPage(phone);
    await page.goto(`${server.url}#/guides/search/`);
    await page.waitForSelector('#guide-q');
    await page.type('#guide-q', 'sfz');
    await waitFor(() => page.$eval('.item-name', (e) => e.textContent === '居民身份证补领').catch(() => false), { what: 'sfz result' });
    assertEq(await page.$eval('.item-name mark', (e) => e.textContent), '身份证', 'highlight');
    await page.screenshot({ path: `${out}/phone-guide-search.png` });
    await page.fill('#guide-q', '身份证丢了');
    await waitFor(() => page.$eval('.item', (e) => e.dataset.item === 'sfz-buling').catch(() => false), { what: 'everyday words' });
    await page.fill('#guide-q', '社會保障卡');
    await waitFor(() => page.$eval('.item', (e) => e.dataset.item.startsWith('shebaoka')).catch(() => false), { what: 'traditional' });
  });

  await t.check('phone guides: item page with materials, flowchart, halls with tap-to-call', async () => {
    const { page } = await newPage(phone);
    await page.goto(`${server.url}#/guides/item/sfz-buling`);
    await page.waitForSelector('.item-title');
    assertEq(await page.textContent('.item-title'), '居民身份证补领', 'title');
    assert((await page.$$('.materials li')).length >= 1, 'materials listed');
    assert((await page.$$('.flow-step')).length >= 3, 'flowchart steps');
    const tel = await page.getAttribute('.halls a.tel', 'href');
    assert(/^tel:[0-9]+$/.test(tel), `tap-to-call link: ${tel}`);
    await page.screenshot({ path: `${out}/phone-guide-item.png`, fullPage: true });
  });

  await t.check('phone guides: scenario guidance ends in a checklist whose QR code decodes to it', async () => {
    const { page, errors } = await newPage(phone);
    await page.goto(`${server.url}#/guides/item/sfz-buling`);
    await page.click('a.button[href^="#/guides/scenario/"]');
    for (let i = 0; i < 6; i++) {
      await page.waitForSelector('.options a, .qr svg');
      if (await page.$('.qr svg')) break;
      await page.click('.options a >> nth=0');
    }
    await page.waitForSelector('.qr svg');
    const code = await page.getAttribute('.qr', 'data-code');  // carried by the QR, not shown as text
    assert(code.startsWith('TBG1:sfz-buling:'), `checklist code: ${code}`);
    const qr = await page.$('.qr');
    const png = await qr.screenshot({ path: `${out}/phone-scenario-qr.png` });
    assertEq(await decodeQrImage(png), [code], 'QR decoded from the screen');
    await page.screenshot({ path: `${out}/phone-scenario-checklist.png`, fullPage: true });
    assertEq(errors, [], 'page errors');
  });

  await t.check('phone guides: search works offline', async () => {
    const { page } = await newPage(phone);
    await page.goto(server.url);
    await waitFor(() => page.evaluate(async () => !!(await navigator.serviceWorker.ready).active), { what: 'service worker' });
    await page.reload();
    await waitFor(() => page.evaluate(() => !!navigator.serviceWorker.controller), { what: 'controller' });
    await browser.context.setOffline(true);
    try {
      await page.goto(`${server.url}#/guides/search/`);
      await page.reload();
      await page.waitForSelector('#guide-q');
      await page.type('#guide-q', 'shebaoka');
      await waitFor(() => page.$eval('.item', (e) => e.dataset.item.startsWith('shebaoka')).catch(() => false), { what: 'offline search' });
    } finally {
      await browser.context.setOffline(false);
    }
  });

  await t.check('phone guides: a published delta is verified, applied, persisted; a tampered one is refused', async () => {
    const good = publishUpdate({ tongban: args.tongban, site: args.site, sourceRoot, newFee: '工本费40元（测试更新）' });
    const bad = publishUpdate({ tongban: args.tongban, site: args.site, sourceRoot, newFee: '被篡改', tamper: true });
    const s1 = await startServer(args.tongban, good.dir);
    const s2 = await startServer(args.tongban, bad.dir);
    try {
      const { page } = await newPage(phone);
      await page.goto(s1.url);
      await waitFor(() => page.evaluate(() => document.body.dataset.guidesVersion), { what: 'update applied', timeout: 20000 });
      assertEq(Number(await page.evaluate(() => document.body.dataset.guidesVersion)), good.v2, 'version after update');
      await page.goto(`${s1.url}#/guides/item/sfz-buling`);
      await page.waitForSelector('.facts');
      assert((await page.textContent('.facts')).includes('测试更新'), 'changed fee shown');
      // Persisted: a reload loads the new version from storage (the app's own copy is older).
      await page.reload();
      await page.waitForSelector('.facts');
      assert((await page.textContent('.facts')).includes('测试更新'), 'still updated after reload');
      const { page: p2 } = await newPage(phone);
      await p2.goto(s2.url);
      await waitFor(() => p2.evaluate(() => document.body.dataset.guidesUpdateError), { what: 'refusal', timeout: 20000 });
      const why = await p2.evaluate(() => document.body.dataset.guidesUpdateError);
      assert(/bad signature|malformed|tampered/.test(why), `refusal reason: ${why}`);
      await p2.goto(`${s2.url}#/guides/item/sfz-buling`);
      await p2.waitForSelector('.facts');
      assert(!(await p2.textContent('.facts')).includes('被篡改'), 'tampered content not shown');
    } finally {
      await s1.stop();
      await s2.stop();
      rmSync(good.dir, { recursive: true, force: true });
      rmSync(bad.dir, { recursive: true, force: true });
    }
  });

  await t.check('phone forms: demo wallet prefill, errors beside fields, only valid data submits, drafts sealed and resumed', async () => {
    const { page, errors } = await newPage(phone);
    await page.goto(`${server.url}#/mine`);
    await page.click('#use-demo');
    await waitFor(() => page.textContent('#mine-name').then((t) => t === '张*华'), { what: 'demo wallet (masked name)' });
    await page.goto(`${server.url}#/apply/sfz-buling`);
    await page.waitForSelector('.field');
    // Prefilled from the wallet, with where it came from.
    assertEq(await page.inputValue('.field[data-path="name"] input'), '张丽华', 'prefilled name');
    assert((await page.textContent('.field[data-path="name"]')).includes('已自动填写'), 'prefill badge');
    // A wrong ID number: the reason, in Chinese, beside the field.
    await page.fill('.field[data-path="id_number"] input', '211402198803151235');
    await page.press('.field[data-path="id_number"] input', 'Tab');
    await waitFor(() => page.textContent('.field[data-path="id_number"] .field-error').then((t) => t.includes('校验')).catch(() => false), { what: 'ID error' });
    await page.fill('.field[data-path="id_number"] input', '２１１４０２１９８８０３１５１２３４');  // full-width, as IMEs type
    await page.press('.field[data-path="id_number"] input', 'Tab');
    await waitFor(() => page.inputValue('.field[data-path="id_number"] input').then((v) => v === '211402198803151234'), { what: 'normalised ID' });
    // Next without answering: stays, and says what is missing.
    await page.click('#form-next');
    await page.waitForSelector('.field-error');
    await page.screenshot({ path: `${out}/phone-form-errors.png`, fullPage: true });
    // Answer everything, page by page, as a person would; reload once mid-way.
    const reloaded = await fillPhoneForm(page, { reloadOnce: true });
    assert(reloaded, 'the form had more than one page to resume on');
    await page.waitForSelector('#form-submit');
    // Nothing personal readable in the browser's storage.
    const leaked = await page.evaluate(async () => {
      const db = await new Promise((res, rej) => { const r = indexedDB.open('tongban', 1); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const all = await new Promise((res) => { const r = db.transaction('blobs').objectStore('blobs').getAll(); r.onsuccess = () => res(r.result); });
      const needles = ['张丽华', '211402198803151234', '13800138000'].map((x) => new TextEncoder().encode(x));
      const has = (hay, n) => { for (let i = 0; i + n.length <= hay.length; i++) { let k = 0; while (k < n.length && hay[i + k] === n[k]) k++; if (k === n.length) return true; } return false; };
      return all.some((v) => v instanceof ArrayBuffer && needles.some((n) => has(new Uint8Array(v), n)));
    });
    assertEq(leaked, false, 'plaintext personal data in IndexedDB');
    await page.click('#form-submit');
    await page.waitForSelector('.review-page', { timeout: 5000 }).catch(async (e) => {
      await page.screenshot({ path: `${out}/phone-form-submit-refused.png`, fullPage: true });
      throw new Error(`not submittable: ${await page.$$eval('.field-error', (els) => els.map((x) => x.closest('.field, .group')?.dataset.path + ': ' + x.textContent).join('; '))}`);
    });
    assert(await page.$('#confirm-submit'), 'submission offered once everything is valid');
    await page.screenshot({ path: `${out}/phone-form-review.png`, fullPage: true });
    assertEq(errors, [], 'page errors');
  });

  await t.check('phone submission: sealed offline with a 好差评 rating, queued with a banner, sent when the network returns; receipt verifies; the department opens only its part', async () => {
    const { page, errors } = await newPage(phone);
    // The form filled in the check above resumes from its sealed draft, on its last page.
    await page.goto(`${server.url}#/apply/sfz-buling`);
    await page.waitForSelector('#form-submit');
    await page.click('#form-submit');
    await page.waitForSelector('#confirm-submit');
    await page.context().setOffline(true);
    try {
      await page.click('#confirm-submit');
      await page.waitForSelector('#submit-done');
      const id = await page.getAttribute('#submit-done', 'data-id');
      assert(/^[0-9a-f]{32}$/.test(id), `submission id ${id}`);
      await waitFor(() => page.getAttribute('#offline', 'data-queued').then((q) => q === '1'), { what: 'offline banner counting 1 queued' });
      assert((await page.textContent('#offline')).includes('1 件办件待发送'), 'banner text');
      assertEq(await page.textContent('#submit-status'), '排队中', 'status while offline');
      // 好差评 right away, offline too: sealed and queued behind the application.
      await page.click('#rating .star[data-stars="4"]');
      await page.fill('#rating-comment', '窗口指引清楚');
      await page.click('#rating-send');
      await page.waitForSelector('#rating-thanks');
      await waitFor(() => page.getAttribute('#offline', 'data-queued').then((q) => q === '2'), { what: 'banner counting the rating too' });
      await page.screenshot({ path: `${out}/phone-submit-offline.png`, fullPage: true });
      // Nothing stored in the browser can be read: the envelope is sealed to the departments.
      const stored = await page.evaluate(async () => {
        const db = await new Promise((res, rej) => { const r = indexedDB.open('tongban', 1); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
        return new Promise((res) => { const r = db.transaction('blobs').objectStore('blobs').getAllKeys(); r.onsuccess = () => res(r.result); });
      });
      assert(stored.includes(`env:${id}`), 'envelope stored in the outbox');
      assert(!stored.some((k) => String(k).startsWith('draft:sfz-buling')), 'the draft is gone once the application is queued');
      await page.context().setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await waitFor(() => page.getAttribute('#submit-status', 'data-status').then((x) => x === '1'), { timeout: 20000, what: 'status 已提交 once online' });
      assertEq(await page.textContent('#submit-status'), '已提交', 'status text');
      await waitFor(() => page.getAttribute('#offline', 'data-queued').then((q) => q === '0'), { timeout: 20000, what: 'the rating sent too' });
      assert(await page.isHidden('#offline'), 'no banner once everything is sent');
      // 我的办件: the receipt, as a QR code a clerk can scan; decoded from the screenshot.
      await page.goto(`${server.url}#/mine/applications`);
      await page.waitForSelector(`.outbox-item[data-id="${id}"]`);
      await page.click(`.outbox-item[data-id="${id}"] summary`);
      await page.waitForSelector(`.outbox-item[data-id="${id}"] .qr svg`);
      const shot = await page.locator(`.outbox-item[data-id="${id}"] .qr`).screenshot({ path: `${out}/phone-receipt-qr.png` });
      await page.screenshot({ path: `${out}/phone-my-applications.png`, fullPage: true });
      const codes = await decodeQrImage(shot);
      assertEq(codes.length, 1, 'receipt QR decoded');
      assert(codes[0].startsWith('TBR1:'), 'receipt code');
      // The department's side: export from the intake, open with its own key only.
      const envelope = `${intakeDir}/${id}.tbs`;
      cli('intake', 'export', '--db', intakeDb, id, '-o', envelope);
      const receipt = JSON.parse(cli('receipt', codes[0], '--trust', `${sourceRoot}/assets/demo-keys/intake.pub`, '--envelope', envelope));
      assertEq(receipt.submission_id, id, 'receipt names the submission');
      const opened = JSON.parse(cli('open', envelope, '--key', `${sourceRoot}/assets/demo-keys/departments/gongan.key`, '--out', `${intakeDir}/att-${id}`));
      assertEq(opened.department, 'gongan', 'opened by 公安');
      assertEq(opened.data.values.name, '张丽华', 'the applicant, readable by the department');
      assert(opened.attachments.length >= 1, 'the photo travelled as an attachment');
      assert(readFileSync(opened.attachments[0].path).equals(PNG_1PX), 'attachment bytes intact');
      let refused = '';
      try { cli('open', envelope, '--key', `${sourceRoot}/assets/demo-keys/departments/renshe.key`); } catch (e) { refused = String(e.stderr); }
      assert(refused.includes('no part for this key'), `another department is refused: ${refused}`);
      // The department accepts it; the phone shows 已受理.
      cli('intake', 'accept', '--db', intakeDb, id);
      await page.click('#outbox-refresh');
      await waitFor(() => page.getAttribute(`.outbox-item[data-id="${id}"]`, 'data-status').then((x) => x === '2'), { what: '已受理 after the department accepted' });
    } finally {
      await page.context().setOffline(false);
    }
    assertEq(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), [], 'page errors');
  });

  await t.check('phone submission: 预约 appointment from the item page, through the same outbox', async () => {
    const { page, errors } = await newPage(phone);
    const before = cli('intake', 'count', '--db', intakeDb).trim();
    await page.goto(`${server.url}#/guides/item/sfz-buling`);
    await page.waitForSelector('.item-title');
    const appoint = await page.$('#item-appoint');
    assert(appoint, 'an item that needs a visit offers 预约');
    await appoint.click();
    await page.waitForSelector('#appoint-send');
    assertEq(await page.inputValue('#appoint-name'), '张丽华', 'name from the wallet');
    await page.screenshot({ path: `${out}/phone-appointment.png`, fullPage: true });
    await page.click('#appoint-send');
    await page.waitForSelector('#appoint-done');
    await page.goto(`${server.url}#/mine/applications`);
    await waitFor(() => page.$eval('.outbox-item', (el) => el.dataset.status === '1' && el.textContent.includes('预约')), { timeout: 20000, what: 'appointment submitted (newest first)' });
    const count = Number(cli('intake', 'count', '--db', intakeDb).trim());
    assertEq(count, Number(before) + 1, 'one more submission at the intake');
    const list = cli('intake', 'list', '--db', intakeDb, '--department', 'gongan');
    assert(list.includes('appointment'), `the department lists the appointment: ${list}`);
    assert(list.includes('rating'), `and the rating: ${list}`);
    assertEq(errors, [], 'page errors');
  });

  await t.check('phone forms: 新生儿出生一件事 is one form for four or more departments', async () => {
    const { page } = await newPage(phone);
    await page.goto(`${server.url}#/apply/chusheng-yijianshi`);
    await page.waitForSelector('.parts');
    const parts = await page.textContent('.parts');
    const names = parts.split(/送达\s*/)[1].split('、');
    assert(names.length >= 4, `departments: ${parts}`);
    assertEq(await page.textContent('.steps').then((t) => t.includes('共同信息')), true, 'shared questions first');
    await page.screenshot({ path: `${out}/phone-form-yijianshi.png` });
  });

  await t.check('web kiosk: the ImGui kiosk on WebGL draws the home screen and takes taps', async () => {
    const { page, errors } = await newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}kiosk/?automation=1`);
    const a = await waitFor(() => page.evaluate(() => window.__kioskError ? { error: window.__kioskError } : window.__kioskAutomation),
      { what: 'first kiosk frame', timeout: 30000 });
    assert(!a.error, `kiosk failed: ${a.error}`);
    assertEq(a.screen, 'home', 'screen');
    assertEq(a.targets.filter((x) => x.id.startsWith('entry.')).map((x) => x.label),
      ['办事指南', '扫码', '我要办', '我的 / 查询'], 'entry labels');
    assertEq(a.missing_glyphs, 0, 'missing glyphs');
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
    assertEq(errors, [], 'page errors');
  });
  await t.check('web kiosk: an application sealed with the network down waits in IndexedDB (survives a reload) and reaches the intake when it returns', async () => {
    const { page, errors } = await newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}kiosk/?automation=1`);
    const frame = () => page.evaluate(() => window.__kioskError ? { error: window.__kioskError } : window.__kioskAutomation);
    const frameAfter = async (pred, what) => waitFor(async () => {
      const a = await frame();
      if (a && a.error) throw new Error(`kiosk failed: ${a.error}`);
      return a && pred(a) ? a : null;
    }, { what, timeout: 20000 });
    const click = async (x) => page.mouse.click(x.x + x.w / 2, x.y + x.h / 2);
    const find = (a, id) => {
      const x = a.targets.find((y) => y.id === id);
      assert(x, `target ${id} not on screen`);
      return x;
    };
    let a = await frameAfter((b) => b.screen === 'home', 'web kiosk home');
    await click(find(a, 'entry.apply'));
    a = await frameAfter((b) => b.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
    await click(find(a, 'apply.sfz-buling'));
    a = await frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'form');
    a = await fillKioskForm(a, {
      frameAfter, click,
      typeText: (text) => page.keyboard.type(text, { delay: 20 }),
      clearText: async () => { await page.keyboard.press('Control+A'); await page.keyboard.press('Backspace'); },
    });
    assertEq(a.screen, 'apply-done', 'form complete');
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
    const status = cli('intake', 'status', '--db', intakeDb, id);
    assert(status.startsWith(`${id} submitted`), `at the intake: ${status}`);
    const envelope = `${intakeDir}/${id}.tbs`;
    cli('intake', 'export', '--db', intakeDb, id, '-o', envelope);
    const opened = JSON.parse(cli('open', envelope, '--key', `${sourceRoot}/assets/demo-keys/departments/gongan.key`));
    assertEq(opened.data.values.id_number, '211402198803151234', 'the department reads what was typed');
    assertEq(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e)), [], 'page errors');
  });
  // The web kiosk takes what a keyboard-wedge scanner types: the code's text, then Enter.
  async function openWebKiosk() {
    const { page, errors } = await newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}kiosk/?automation=1`);
    const frameAfter = async (pred, what, timeout = 20000) => waitFor(async () => {
      const a = await page.evaluate(() => window.__kioskError ? { error: window.__kioskError } : window.__kioskAutomation);
      if (a && a.error) throw new Error(`kiosk failed: ${a.error}`);
      return a && pred(a) ? a : null;
    }, { what, timeout });
    await frameAfter((b) => b.screen === 'home', 'web kiosk home');
    const scan = async (text) => { await page.keyboard.type(text); await page.keyboard.press('Enter'); };
    return { page, errors, frameAfter, scan };
  }

  await t.check('codes: the phone shows a rotating personal code (QR decodes to it); the kiosk verifies it offline, refuses a replay, and a code from a past window', async () => {
    const { page, errors } = await newPage(phone);
    await page.clock.install();
    await page.goto(`${server.url}#/scan/mine`);
    await page.waitForSelector('#my-code svg', { timeout: 15000 });
    const first = await page.getAttribute('#my-code', 'data-code');
    assert(first.startsWith('TBD1:'), `a dynamic code: ${first.slice(0, 12)}`);
    const shot = await page.locator('#my-code').screenshot({ path: `${out}/phone-my-code.png` });
    assertEq(await decodeQrImage(shot), [first], 'the QR on screen carries the code');
    await page.screenshot({ path: `${out}/phone-my-code-screen.png`, fullPage: true });
    // 30 seconds later it is another code (a screenshot soon stops working).
    await page.clock.fastForward(31000);
    await waitFor(() => page.getAttribute('#my-code', 'data-code').then((c) => c !== first && c), { what: 'the code to rotate' });
    const second = await page.getAttribute('#my-code', 'data-code');
    const kiosk = await openWebKiosk();
    await kiosk.scan(second);
    const a = await kiosk.frameAfter((b) => b.screen === 'scan' && b.texts.some((x) => x.includes('核验')), 'verification on the kiosk');
    assert(a.texts.includes('个人码核验通过'), `verified: ${a.texts.join(' | ')}`);
    assert(a.texts.includes('姓名：张*华'), 'masked name shown');
    assert(!a.texts.some((x) => x.includes('211402')), 'no ID number on a non-staff kiosk');
    await kiosk.page.screenshot({ path: `${out}/kiosk-web-code-verified.png` });
    await kiosk.scan(second);
    await kiosk.frameAfter((b) => b.texts.some((x) => x.startsWith('核验未通过') && /重复出示/.test(x)), 'the same window again is a replay');
    // The first code's window is over (the phone's clock moved 31 s; the kiosk's did not): still
    // within the skew it would pass once, so make it certain with a code long past.
    await kiosk.scan('TBD1:' + first.slice(5, 40));
    await kiosk.frameAfter((b) => b.texts.some((x) => x.startsWith('核验未通过')), 'a truncated code is refused');
    assertEq(errors, [], 'phone page errors');
    assertEq(kiosk.errors, [], 'kiosk page errors');
  });

  await t.check('codes: a form started on the phone is handed to the kiosk by scanning; it opens with what was typed', async () => {
    const { page, errors } = await newPage(phone);
    await page.goto(`${server.url}#/apply/sfz-buling`);
    await page.waitForSelector('.field[data-path="name"] input');
    const name = await page.inputValue('.field[data-path="name"] input');
    assert(name, 'prefilled name');
    await page.fill('.field[data-path="id_number"] input', '211402198803151234');
    await page.press('.field[data-path="id_number"] input', 'Tab');
    await sleep(200);
    await page.click('#go-handoff');
    await page.waitForSelector('#handoff-code svg');
    const parts = [await page.getAttribute('#handoff-code', 'data-code')];
    const shot = await page.locator('#handoff-code').screenshot({ path: `${out}/phone-handoff.png` });
    assertEq(await decodeQrImage(shot), [parts[0]], 'the hand-off QR decodes');
    while (await page.$('#handoff-next')) {
      await page.click('#handoff-next');
      const next = await page.getAttribute('#handoff-code', 'data-code');
      if (parts.includes(next)) break;
      parts.push(next);
    }
    assert(parts.every((p) => p.startsWith('TBX1:')), 'hand-off parts');
    const kiosk = await openWebKiosk();
    for (const p of parts.slice().reverse()) await kiosk.scan(p);  // any order
    const a = await kiosk.frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id === 'field.id_number'), 'the form open on the kiosk');
    assertEq(a.targets.find((x) => x.id === 'field.id_number').state, 'filled', 'the ID number carried over');
    assertEq(a.targets.find((x) => x.id === 'field.name').state, 'filled', 'the name carried over');
    await kiosk.page.screenshot({ path: `${out}/kiosk-web-handoff-form.png` });
    assertEq(errors, [], 'phone page errors');
    assertEq(kiosk.errors, [], 'kiosk page errors');
  });

} finally {
  await browser.close();
  await server.stop();
  rmSync(intakeDir, { recursive: true, force: true });
}
t.finish();
