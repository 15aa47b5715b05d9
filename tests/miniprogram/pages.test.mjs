// The mini-program's pages under miniprogram-simulate with the WeChat host stand-in: drawn from the
// core's view-models, a search that finds an item, and a resident who uses the demo identity, fills
// a form, submits it to a real intake (`tongban serve`) and sees the receipt — signed in with the
// (demo) city identity provider, a real OpenID Connect provider (oidc-provider), whose pages the
// mini-program opens in its web-view page and this test answers over HTTP.
//   node tests/miniprogram/pages.test.mjs [--miniprogram DIR --site DIR --tongban PATH]
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { testPaths, waitFor, sourceRoot, freePort, launchBrowser } from '../lib/harness.mjs';
import { startDemoIdp, answerProvider } from '../lib/demo_idp.mjs';
import { startProductServer } from '../lib/web_fixture.mjs';
import { miniProgramCopy } from '../lib/miniprogram_fixture.mjs';
import { setUpPages } from '../lib/miniprogram_pages.mjs';
import { fillForm } from '../lib/miniprogram_form.mjs';
import { chain } from '../lib/steps.mjs';
import { decodeQrImage } from '../lib/qr_decode.mjs';
import { startWechatApi } from '../lib/wechat_api_standin.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
// Loaded now, while this process still has the globals (btoa) that setUpPages takes away to look
// like the host: the checklist's QR is drawn by a real browser.
import 'playwright-core';

const paths = testPaths(null, ['miniprogram', 'site', 'tongban']);
let server, copy, mp, idp, returnUrl, wxapi, noticeDir;
// The mini-program's subscription message templates and its WeChat identity (demo values).
const WX = { appid: 'wxdemo0123456789', secret: 'demosecret0123456789abcdef', status: 'TPL-status-01', reminder: 'TPL-reminder-01', openid: 'o-demo-resident-0001' };

before(async () => {
  const port = await freePort();
  returnUrl = `http://127.0.0.1:${port}/signin-return.html`;
  idp = await startDemoIdp({ redirect: returnUrl });
  // Notices: the intake's VAPID key turns them on; WeChat's server API is a stand-in on this machine.
  wxapi = await startWechatApi({ appid: WX.appid, secret: WX.secret });
  noticeDir = mkdtempSync('/tmp/tongban-mp-notices-');
  execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${noticeDir}/vapid.pem`]);
  writeFileSync(`${noticeDir}/wx-secret`, `${WX.secret}\n`, { mode: 0o600 });
  server = await startProductServer(paths, { port,
    extraArgs: ['--signin-issuer', idp.issuer, '--signin-client-id', idp.clientId, '--signin-jwks', idp.jwks,
      '--push-key', `${noticeDir}/vapid.pem`, '--push-ca', wxapi.ca, '--notice-interval', '0.2', '--wx-api', wxapi.api,
      '--wx-appid', WX.appid, '--wx-secret', `${noticeDir}/wx-secret`, '--wx-template', `status=${WX.status}`, '--wx-template', `reminder=${WX.reminder}`] });
  // The test intake is plain HTTP on this machine: the developer tool's 不校验合法域名 (urlCheck off).
  copy = miniProgramCopy(paths.miniprogram, { intake: server.url, urlCheck: false });
  mp = setUpPages(copy);
});
after(async () => {
  await server?.stop();
  await idp?.stop();
  await wxapi?.stop();
  if (noticeDir) rmSync(noticeDir, { recursive: true, force: true });
  copy?.remove();
});

test('home: the entries of the core\'s home view-model', { timeout: 60000 }, async () => {
  const home = await mp.open('home');
  assert.equal(home.instance.data.error, '');
  assert.deepEqual(home.instance.data.entries.map((e) => e.key), ['guides', 'scan', 'apply', 'mine']);
  assert.match(mp.text(home), /办事指南.*扫码.*我要办.*我的/);
  await mp.tap(home, '#entry-guides');
  assert.equal(copy.shim.navigations.at(-1), '/pages/guides/guides');
});

test('长辈版: follows WeChat\'s large text until the person chooses, then their choice on every page', { timeout: 30000 }, async () => {
  try {
    const standard = await mp.open('home');
    assert.equal(standard.instance.data.elderly, false);
    assert.equal(standard.instance.data.toggle, '长辈版');
    assert.ok(!standard.querySelector('.elderly'), 'standard text: the standard mode');
    copy.shim.fontSize(22);  // 设置 → 字体大小, a few steps up
    const guides = await mp.open('guides');
    assert.equal(guides.instance.data.elderly, true);
    assert.ok(guides.querySelector('.elderly'), 'large text in WeChat: the page is drawn in 长辈版');
    const home = await mp.open('home');
    assert.equal(home.instance.data.toggle, '标准版');
    await mp.tap(home, '#elderly');
    assert.equal(home.instance.data.elderly, false);
    assert.equal(home.instance.data.toggle, '长辈版');
    assert.equal((await mp.open('guides')).instance.data.elderly, false, 'the person\'s choice wins over the large text');
    copy.shim.fontSize(17);
    await mp.tap(home, '#elderly');
    const search = await mp.open('search');
    assert.equal(search.instance.data.elderly, true, 'chosen with standard text: 长辈版 everywhere');
    assert.ok(search.querySelector('.elderly'));
  } finally {
    copy.shim.fontSize(17);
    copy.shim.wx.removeStorageSync('tongban:elderly');
  }
});

test('办事指南: browse by department, and the list it opens', { timeout: 30000 }, async () => {
  const guides = await mp.open('guides');
  assert.equal(guides.instance.data.error, '');
  assert.ok(guides.instance.data.events.length > 3, 'life events');
  assert.match(mp.text(guides), /按部门.*公安局/);
  await mp.tap(guides, '.dept');
  const list = await mp.followed();
  assert.ok(list.instance.data.items.length > 0, `items of ${list.instance.data.title}`);
});

test('搜索: pinyin initials find the ID card items, and a question is answered from the guide', { timeout: 30000 }, async () => {
  const search = await mp.open('search');
  await mp.event(search, '#q', 'input', { value: 'sfz' });
  const names = search.instance.data.items.map((it) => it.segments.map((s) => s.text).join(''));
  assert.ok(names.some((n) => n.includes('身份证')), `found: ${names.join('、')}`);
  assert.ok(search.instance.data.items[0].segments.some((s) => s.mark), 'the match is marked');
  await mp.event(search, '#q', 'input', { value: '补办身份证要多少钱' });
  assert.equal(search.instance.data.answer?.title, '收费', JSON.stringify(search.instance.data.answer));
  assert.match(search.instance.data.answer.lines.join(), /元/, 'the fee quoted from the guide');
  await mp.tap(search, '.item');
  const item = await mp.followed();
  assert.match(mp.text(item), /所需材料/);
});

test('一件事: the item lists what it bundles, each row opens that item; the steps and conditions are there', { timeout: 30000 }, async () => {
  const item = await mp.open('item', { id: 'chusheng-yijianshi' });
  assert.equal(item.instance.data.error, '');
  const bundled = item.instance.data.v.bundle_items;
  assert.ok(bundled.length >= 3, `bundled items: ${bundled.length}`);
  assert.match(mp.text(item), /这件事包含/);
  assert.match(mp.text(item), /受理条件/);
  assert.match(mp.text(item), /办理流程/);
  await mp.tap(item, `#bundle-${bundled[0].id}`);
  assert.equal(copy.shim.navigations.at(-1), `/pages/item/item?id=${bundled[0].id}`);
  const member = await mp.followed();
  assert.equal(member.instance.data.v.name, bundled[0].name);
});

test('补办身份证 → 按我的情况生成材料清单: the questions one by one, then the checklist and a QR code the clerk\'s scanner reads', { timeout: 60000 }, async () => {
  const item = await mp.open('item', { id: 'sfz-buling' });
  await mp.tap(item, '#scenario');
  assert.equal(copy.shim.navigations.at(-1), '/pages/scenario/scenario?id=sfz-buling');
  const sc = await mp.followed();
  assert.equal(sc.instance.data.error, '');
  assert.match(sc.instance.data.question, /^第1问：/);
  for (let i = 0; i < 6 && !sc.instance.data.v.finished; i++) await mp.tap(sc, `#option-${sc.instance.data.v.options[0].id}`);
  const v = sc.instance.data.v;
  assert.ok(v.finished, 'the questions end');
  assert.ok(v.checklist.length > 0);
  assert.match(mp.text(sc), /您需要准备/);
  assert.match(v.checklist_code, /^TBG1:sfz-buling:/);
  // The QR as the page shows it (the core's SVG as an image's data URL), drawn by a real browser
  // and read by ZXing: the code itself.
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    // By URL (the load event waits for the image): this process's jsdom globals upset playwright's
    // serialisation of functions (setContent, waitForFunction, $), so only goto and a clipped screenshot.
    const html = `<body style="margin:0;background:#fff"><img id="qr" src="${sc.instance.data.qr}" style="width:480px;height:480px;padding:24px"></body>`;
    await page.goto(`data:text/html;base64,${Buffer.from(html).toString('base64')}`, { waitUntil: 'load' });
    const shot = await page.screenshot({ clip: { x: 0, y: 0, width: 528, height: 528 } });
    assert.deepEqual(await decodeQrImage(shot), [v.checklist_code]);
  } finally {
    await browser.close();
  }
  await mp.tap(sc, '#restart');
  assert.equal(sc.instance.data.v.finished, false);
  assert.match(sc.instance.data.question, /^第1问：/);
});

test('我要办 → 城乡居民养老保险: a group\'s rows added and removed on the page (家庭成员), answered, and listed on 确认提交', { timeout: 120000 }, async () => {
  const form = await mp.open('form', { item: 'jumin-yanglao-canbao' });
  assert.equal(form.instance.data.error, '');
  const reached = await fillForm(mp, form, copy.shim, { stopAt: (d) => d.fields.some((f) => f.kind === 'addrow') });
  assert.deepEqual(reached.problems, []);
  assert.ok(reached.stopped, 'the page with the group');
  const add = () => form.instance.data.fields.find((f) => f.kind === 'addrow');
  const heads = () => form.instance.data.fields.filter((f) => f.kind === 'rowhead');
  assert.match(add().label, /^＋ 添加家庭成员$/);
  await mp.tap(form, `#add-${add().id}`);
  await mp.tap(form, `#add-${add().id}`);
  assert.deepEqual(heads().map((h) => h.label), ['家庭成员 第1条', '家庭成员 第2条']);
  const firstName = form.instance.data.fields.find((f) => f.label === '家庭成员（第1条）姓名');
  assert.ok(firstName, form.instance.data.fields.map((f) => f.label).join(' | '));
  await mp.event(form, `#in-${firstName.id}`, 'blur', { value: '王小二' });
  const second = form.instance.data.fields.find((f) => f.label === '家庭成员（第2条）姓名');
  await mp.event(form, `#in-${second.id}`, 'blur', { value: '李小三' });
  await mp.tap(form, `#remove-${heads()[0].id}`);
  assert.deepEqual(heads().map((h) => h.label), ['家庭成员 第1条'], 'one row left');
  assert.equal(form.instance.data.fields.find((f) => f.label === '家庭成员（第1条）姓名').value, '李小三', 'the first row went, the second moved up');
  const filled = await fillForm(mp, form, copy.shim);
  assert.deepEqual(filled.problems, []);
  const review = await mp.followed();
  assert.match(mp.text(review), /李小三/);
  assert.doesNotMatch(mp.text(review), /王小二/);
});

test('扫码 through wx.scanCode: a service code opens its item; a forged one is refused with the core\'s words; a cancel does nothing', { timeout: 60000 }, async () => {
  const service = execFileSync(paths.tongban, ['code', 'issue', 'service', '--item', 'sfz-buling', '--key',
    `${paths.keys}/code-issuer.key`], { encoding: 'utf8' }).trim();
  const scan = await mp.open('scan');
  copy.shim.stageScan(service);
  await mp.tap(scan, '#scan');
  assert.equal(copy.shim.navigations.at(-1), '/pages/item/item?id=sfz-buling');
  const forged = service.slice(0, -4) + (service.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  copy.shim.stageScan(forged);
  await mp.tap(scan, '#scan');
  assert.equal(scan.instance.data.v?.refused, true, JSON.stringify(scan.instance.data.v));
  assert.match(scan.instance.data.v.headline, /^核验未通过：签名无效/);
  assert.match(mp.text(scan), /核验未通过：签名无效/);
  const before = copy.shim.navigations.length;
  await mp.tap(scan, '#scan');  // nothing staged: the person closes the scanner
  assert.equal(copy.shim.navigations.length, before);
  assert.equal(scan.instance.data.error, '');
});

describe('a resident applies in the mini-program', () => {
  const step = chain();
  let item, submitted;
  const intakeCount = () => execFileSync(paths.tongban, ['intake', 'count', '--db', server.intakeDb], { encoding: 'utf8' }).trim();
  step('我的 → 使用示范身份: the profile is masked and marked as a demo', { timeout: 30000 }, async () => {
    const mine = await mp.open('mine');
    assert.match(mine.instance.data.signInButton, /统一身份认证登录/, 'sign-in offered by the desk');
    await mp.tap(mine, '#use-demo');
    assert.equal(mine.instance.data.name, '张*华');
    assert.match(mp.text(mine), /示范身份/);
  });
  step('我的 → 统一身份认证登录: the provider\'s pages in the web-view, back to 我的 signed in with the verified name', { timeout: 60000 }, async () => {
    const mine = await mp.open('mine');
    await mp.tap(mine, '#signin');
    assert.equal(mine.instance.data.signInError, '');
    assert.match(copy.shim.navigations.at(-1), /^\/pages\/signin\/signin\?to=/);
    const provider = await mp.followed();
    const authorize = new URL(provider.instance.data.src);
    assert.equal(authorize.origin, idp.issuer);
    assert.equal(authorize.searchParams.get('redirect_uri'), returnUrl);
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(!authorize.searchParams.has('code_verifier'), 'the verifier stays on the phone');
    // The provider's own pages load in the web-view: nothing happens until the way back loads.
    await mp.event(provider, '#provider', 'load', { src: `${idp.issuer}/interaction/x` });
    assert.match(copy.shim.navigations.at(-1), /^\/pages\/signin\/signin/);
    const back = await answerProvider(idp, authorize.href, { redirect: returnUrl });
    await mp.event(provider, '#provider', 'load', { src: back });
    assert.equal(copy.shim.navigations.at(-1), '/pages/mine/mine?signin=1');
    const done = await mp.followed();
    assert.equal(done.instance.data.error, '');
    assert.equal(done.instance.data.signInError, '');
    assert.match(done.instance.data.notice, /实名登录/);
    assert.equal(done.instance.data.signedIn, true);
    assert.equal(done.instance.data.name, '张*华');
    assert.equal(done.instance.data.demo, false, 'the demo mark is gone: the name is verified');
    assert.ok(!done.querySelector('#use-demo'), 'no demo identity once signed in');
    assert.ok(!copy.shim.readUserFile('wallet.sealed').includes(Buffer.from('张丽华')), 'the verified name is kept sealed');
    // The same way back again (a replay, or a page that did not start it): refused, nothing changed.
    await mp.event(provider, '#provider', 'load', { src: back });
    const again = await mp.followed();
    assert.match(again.instance.data.signInError, /不是从本机发起/);
    assert.equal(again.instance.data.signedIn, true);
  });
  step('扫码 → 我的码: the personal code, fetched once from the credential desk and kept sealed, verifies as a venue\'s device would; shown again with no network', { timeout: 60000 }, async () => {
    const scan = await mp.open('scan');
    await mp.tap(scan, '#my-code');
    assert.equal(copy.shim.navigations.at(-1), '/pages/code/code');
    const page = await mp.followed();
    let code;
    try {
      assert.equal(page.instance.data.error, '');
      assert.equal(page.instance.data.name, '张*华');
      assert.match(page.instance.data.qr, /^data:image\/svg\+xml;base64,/);
      assert.match(page.instance.data.countdown, /^\d+ 秒后更新$/);
      code = page.instance.data.code;
    } finally {
      page.instance.onUnload();
    }
    const checked = execFileSync(paths.tongban, ['code', 'verify', code, '--trust', `${paths.keys}/code-issuer.pub`,
      '--scope', 'venue'], { encoding: 'utf8' });
    assert.match(checked, /^ok dynamic\b.*张\*华/, checked);
    const kept = copy.shim.readUserFile('code%3Acredential');
    assert.ok(kept && !kept.includes(Buffer.from('张丽华')), 'the credential is kept on the phone, sealed');
    copy.shim.network(false);
    const offline = await mp.open('code');
    try {
      assert.equal(offline.instance.data.error, '');
      assert.match(offline.instance.data.code, /\S/, 'a code with no network');
    } finally {
      offline.instance.onUnload();
      copy.shim.network(true);
    }
  });
  step('我要办 → 社保卡申领: an answer survives leaving the form (sealed draft in the host\'s files)', { timeout: 60000 }, async () => {
    const apply = await mp.open('apply');
    item = apply.instance.data.items.find((it) => it.name.includes('社会保障卡')).id;
    await mp.tap(apply, `#apply-${item}`);
    const form = await mp.followed();
    assert.equal(form.instance.data.error, '');
    await mp.event(form, '#in-holder_nationality', 'blur', { value: '中国' });
    await mp.tap(form, '#c-first_card-false');
    await waitFor(() => copy.shim.userFiles().includes(`draft%3A${item}`), { what: 'the draft saved' });
    const draft = copy.shim.readUserFile(`draft%3A${item}`);
    assert.ok(!draft.includes(Buffer.from('first_card')), 'the draft is sealed');
    const again = await mp.open('form', { item });
    const firstCard = again.instance.data.fields.find((f) => f.path === 'first_card');
    assert.equal(firstCard.choices.find((c) => c.selected)?.value, 'false', 'resumed from the draft');
  });
  step('到自助机或窗口继续办理: the draft in hand-off codes, each QR read back by ZXing, put back together by the CLI with what was typed', { timeout: 60000 }, async () => {
    const form = await mp.open('form', { item });
    await mp.tap(form, '#go-handoff');
    assert.equal(copy.shim.navigations.at(-1), `/pages/handoff/handoff?item=${item}`);
    const page = await mp.followed();
    assert.equal(page.instance.data.error, '');
    const parts = [];
    const shots = [];
    for (let i = 0; i < 20 && !parts.includes(page.instance.data.text); i++) {
      parts.push(page.instance.data.text);
      shots.push(page.instance.data.qr);
      if (!page.querySelector('#handoff-next')) break;
      await mp.tap(page, '#handoff-next');
    }
    assert.ok(parts.length >= 1 && parts.every((p) => p.startsWith('TBX1:')), parts.join(' '));
    const browser = await launchBrowser();
    try {
      const tab = await browser.newPage();
      for (const [i, qr] of shots.entries()) {
        const html = `<body style="margin:0;background:#fff"><img src="${qr}" style="width:480px;height:480px;padding:24px"></body>`;
        await tab.goto(`data:text/html;base64,${Buffer.from(html).toString('base64')}`, { waitUntil: 'load' });
        assert.deepEqual(await decodeQrImage(await tab.screenshot({ clip: { x: 0, y: 0, width: 528, height: 528 } })), [parts[i]]);
      }
    } finally {
      await browser.close();
    }
    const payload = execFileSync(paths.tongban, ['code', 'handoff', 'decode', ...parts.slice().reverse()]);
    assert.ok(payload.includes(Buffer.from(item)), 'the draft names its item');
    // 首次申领: 否, tapped two steps ago, travels with its path.
    assert.match(payload.toString('latin1'), /first_card\W+false/, 'what was answered travels');
  });
  step('the form filled page by page, reviewed', { timeout: 120000 }, async () => {
    const form = await mp.open('form', { item });
    const filled = await fillForm(mp, form, copy.shim);
    assert.deepEqual(filled.problems, []);
    const review = await mp.followed();
    assert.equal(review.instance.data.canSubmit, true, review.instance.data.intro);
    // The applicant's name was never typed (the filler types 张小明/李红): prefilled from the demo wallet.
    assert.match(mp.text(review), /申请人姓名 ?张丽华/);
    assert.match(mp.text(review), /\d{6}\*{8}\d{3}[\dX]/, 'ID numbers shown masked');
  });
  step('确认提交 with no network: sealed and kept on the phone, said so under 我的办件', { timeout: 90000 }, async () => {
    copy.shim.network(false);
    const review = await mp.open('review', { item });
    await mp.tap(review, '#confirm-submit');
    assert.equal(review.instance.data.error, '');
    assert.match(copy.shim.navigations.at(-1), /^\/pages\/mine\/mine\?submitted=/);
    const mine = await mp.followed();
    const id = submitted = new URLSearchParams(copy.shim.navigations.at(-1).split('?')[1]).get('submitted');
    assert.ok(mine.querySelector('#rate'), '好差评 offered for what was just submitted');
    const queued = mine.instance.data.items.find((x) => x.id === id);
    assert.equal(queued?.status, 0, JSON.stringify(queued));
    assert.match(mine.instance.data.summary, /1 件等待发送，联网后自动提交/);
    assert.ok(copy.shim.userFiles().some((f) => f.startsWith('env%3A')), 'the sealed envelope is stored');
  });
  step('the network returns: sent by itself, the signed receipt under 我的办件', { timeout: 90000 }, async () => {
    const mine = await mp.open('mine');
    copy.shim.network(true);  // wx.onNetworkStatusChange: the outbox sends without a tap
    const id = submitted;
    // The intake holds it: the department's side counts it.
    await waitFor(() => /\b1\b/.test(intakeCount()), { timeout: 30000, what: 'the intake to hold the submission' });
    const it = await waitFor(() => mine.instance.data.items.find((x) => x.id === id && x.receipt_code), { timeout: 30000, what: 'the receipt' });
    assert.ok(it.status >= 1, it.status_text);
    assert.match(it.receipt_code, /^TBR1:/);
    assert.match(it.qr, /^data:image\/svg\+xml;base64,/);
    assert.match(mine.instance.data.summary, /全部已送达/);
    // The form and its draft are gone from the phone; the envelope is deleted once the receipt is held.
    // (The 养老 form's draft from the group test stays: that one was never submitted.)
    assert.deepEqual(copy.shim.userFiles().filter((f) => f === `draft%3A${item}` || f.startsWith('env')), []);
  });
  step('好差评 for it: stars (none is refused), words, sealed to the department and sent', { timeout: 60000 }, async () => {
    const mine = await mp.open('mine', { submitted, item });
    await mp.tap(mine, '#rate');
    assert.equal(copy.shim.navigations.at(-1), `/pages/rate/rate?item=${item}&rates=${submitted}`);
    const rate = await mp.followed();
    await mp.tap(rate, '#rating-send');
    assert.match(rate.instance.data.error, /请先点选星级/);
    await mp.tap(rate, '#star-4');
    assert.deepEqual(rate.instance.data.marks, ['★', '★', '★', '★', '☆']);
    await mp.event(rate, '#rating-comment', 'input', { value: '窗口指引清楚' });
    await mp.tap(rate, '#rating-send');
    assert.equal(rate.instance.data.error, '');
    assert.match(mp.text(rate), /感谢您的评价（4星）/);
    await waitFor(() => /\b2\b/.test(intakeCount()), { timeout: 30000, what: 'the intake to hold the rating' });
  });
  step('预约到现场办理 from the item: hall, day and slot picked, the verified name prefilled, sent and listed under 我的办件', { timeout: 60000 }, async () => {
    const guide = await mp.open('item', { id: 'sfz-buling' });
    await mp.tap(guide, '#item-appoint');
    assert.equal(copy.shim.navigations.at(-1), '/pages/appoint/appoint?item=sfz-buling');
    const ap = await mp.followed();
    assert.equal(ap.instance.data.error, '');
    assert.equal(ap.instance.data.person, '张丽华', 'the verified name');
    await mp.event(ap, '#appoint-hall', 'change', { value: ap.instance.data.halls.length - 1 });
    await mp.event(ap, '#appoint-date', 'change', { value: 2 });
    await mp.event(ap, '#appoint-slot', 'change', { value: 3 });
    await mp.event(ap, '#appoint-mobile', 'input', { value: '13800138000' });
    const { halls, days, slots } = ap.instance.data;
    await mp.tap(ap, '#appoint-send');
    assert.equal(ap.instance.data.error, '');
    assert.ok(ap.instance.data.done.includes(`${halls.at(-1).name} · ${days[2].label} ${slots[3]}`), ap.instance.data.done);
    await mp.tap(ap, '#go-mine');
    const mine = await mp.followed();
    const id = new URLSearchParams(copy.shim.navigations.at(-1).split('?')[1]).get('submitted');
    const listed = await waitFor(() => mine.instance.data.items.find((x) => x.id === id && x.receipt_code), { timeout: 30000, what: 'the appointment\'s receipt' });
    assert.match(listed.meta, /^预约/);
    await waitFor(() => /\b3\b/.test(intakeCount()), { timeout: 30000, what: 'the intake to hold the appointment' });
  });
  step('办件提醒 through WeChat\'s subscription messages: consent from a tap, the login code traded by the intake; 已受理 and a reminder each arrive once, with nothing personal; 退回 without consent left is not sent', { timeout: 90000 }, async () => {
    const sqlite = (sql) => execFileSync('sqlite3', [server.intakeDb.replace(/^sqlite:/, ''), sql], { encoding: 'utf8' }).trim();
    copy.shim.useWechatAccount(wxapi.account(WX.openid));
    let mine = await mp.open('mine');
    assert.deepEqual(mine.instance.data.noticeTemplates, { status: WX.status, reminder: WX.reminder }, 'the templates, fetched before the tap');
    // The person refuses in WeChat's sheet: nothing registered, said so.
    copy.shim.answerSubscribe('reject');
    await mp.tap(mine, '#notices-on');
    assert.match(mine.instance.data.noticeError, /没有同意接收提醒/);
    assert.equal(sqlite('SELECT count(*) FROM push_subscriptions'), '0');
    // Accepted: the intake traded the login code for the openid and keeps the consent.
    await mp.tap(mine, '#notices-on');
    assert.equal(mine.instance.data.noticeError, '');
    assert.match(mine.instance.data.noticeText, /已开启/);
    assert.deepEqual([...copy.shim.subscribeRequests.at(-1)].sort(), [WX.reminder, WX.status].sort());
    assert.equal(sqlite('SELECT endpoint || \' \' || auth FROM push_subscriptions'), `wxsub:${WX.openid} reminder,status`);
    // 已受理: one subscription message to that person, the status template, nothing personal in it.
    execFileSync(paths.tongban, ['intake', 'accept', '--db', server.intakeDb, submitted]);
    await waitFor(() => wxapi.sent.length === 1, { timeout: 30000, what: 'the subscription message for 已受理' });
    const [m] = wxapi.sent;
    assert.equal(m.touser, WX.openid);
    assert.equal(m.template_id, WX.status);
    assert.equal(m.page, 'pages/mine/mine');
    assert.match(m.data.thing1.value, /办件有新进展/);
    assert.match(m.data.time2.value, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    for (const personal of ['张', '丽华', '211402', '138', submitted.slice(0, 8)]) assert.ok(!JSON.stringify(m).includes(personal), `"${personal}" in the message`);
    // One message per consent: the status consent is used up, the reminder's stays.
    await waitFor(() => sqlite('SELECT auth FROM push_subscriptions') === 'reminder', { timeout: 30000, what: 'the status consent used up' });
    mine = await mp.open('mine');
    await mp.tap(mine, '#refresh');
    await waitFor(() => mine.instance.data.items.find((x) => x.id === submitted)?.status === 2, { timeout: 30000, what: '已受理 under 我的办件' });
    // 退回 with no consent left: not sent (WeChat would refuse it), the notice dropped.
    execFileSync(paths.tongban, ['intake', 'return', '--db', server.intakeDb, submitted]);
    await waitFor(() => sqlite('SELECT count(*) FROM notices') === '0', { timeout: 30000, what: 'the notice without consent dropped' });
    assert.equal(wxapi.sent.length, 1);
    await mp.tap(mine, '#refresh');
    await waitFor(() => mine.instance.data.items.find((x) => x.id === submitted)?.status === 4, { timeout: 30000, what: '退回 under 我的办件' });
    assert.ok(mine.querySelector('.returned'), 'what to do after 退回');
    // A reminder of the appointment, on the consent still held: sent with the reminder template,
    // and then nothing is left.
    const appointment = mine.instance.data.items.find((x) => /^预约/.test(x.meta));
    execFileSync(paths.tongban, ['intake', 'remind', '--db', server.intakeDb, appointment.id, '--at', String(Math.floor(Date.now() / 1000))]);
    await waitFor(() => wxapi.sent.length === 2, { timeout: 30000, what: 'the reminder' });
    assert.equal(wxapi.sent[1].template_id, WX.reminder);
    assert.match(wxapi.sent[1].data.thing1.value, /预约的办理时间快到了/);
    await waitFor(() => sqlite('SELECT count(*) FROM push_subscriptions') === '0', { timeout: 30000, what: 'both consents used up' });
  });
  step('the intake refuses a login code used twice, a consent to what it has no template for, and an unsigned consent', { timeout: 30000 }, async () => {
    const mine = await mp.open('mine');
    const code = wxapi.account(WX.openid).mintCode();
    // The page's own module (the same instance the pages use): its device key signs.
    const t = createRequire(join(copy.dir, 'app.js'))('./lib/tongban.js');
    const post = async (body) => {
      const r = await t.signedHttp('POST', 'api/v1/push-subscriptions/wechat', t.utf8(JSON.stringify(body)), 'application/json');
      return { status: r.status, text: t.fromUtf8(r.bytes) };
    };
    assert.ok(mine);
    assert.equal((await post({ code, kinds: ['status'] })).status, 204);
    const again = await post({ code, kinds: ['status'] });
    assert.equal(again.status, 400);
    assert.match(again.text, /did not take the login code: errcode 40163/);
    const other = await post({ code: wxapi.account(WX.openid).mintCode(), kinds: ['marketing'] });
    assert.equal(other.status, 400);
    assert.match(other.text, /each is "status" or "reminder"/);
    const odd = await post({ code: 'a b', kinds: ['status'] });
    assert.equal(odd.status, 400);
    assert.match(odd.text, /letters, digits/);
    // Unsigned (no device behind it): refused before WeChat is asked.
    const calls = wxapi.sessions;
    const unsigned = await fetch(`${server.url.replace(/\/$/, '')}/api/v1/push-subscriptions/wechat`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: wxapi.account(WX.openid).mintCode(), kinds: ['status'] }) });
    assert.equal(unsigned.status, 401);
    assert.equal(wxapi.sessions, calls, 'WeChat not asked for an unsigned request');
  });
});
