// The native kiosk's 办事指南 in a real X window (Xvfb), driven with xdotool: browsing, search on
// the on-screen keyboard, an item page paged up and down, scenario guidance to a checklist whose QR
// code decodes from a screenshot; and guide updates dropped in its incoming/ folder (a good delta
// applied, a tampered one refused).
//   node tests/kiosk/guides.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { testPaths, screenshotX, sleep, sourceRoot } from '../lib/harness.mjs';
import { kioskFixture, target, typeOnKeyboard, answerScenario } from '../lib/kiosk_fixture.mjs';
import { decodeQrImage } from '../lib/qr_decode.mjs';
import { publishUpdate } from '../lib/publish.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const out = paths.out;
const { withKiosk } = kioskFixture(paths);

test('guides: browse, search with the on-screen keyboard, item page, scroll, scenario QR', { timeout: 90000 }, async () => {
  await withKiosk({}, async ({ display, frameAfter, click }) => {
    let a = await frameAfter((a) => a.frame >= 1, 'first frame');
    click(target(a, 'entry.guides'));
    a = await frameAfter((a) => a.screen === 'guides' && a.targets.some((x) => x.id.startsWith('event.')), 'guide home');
    assert.ok(a.targets.some((x) => x.id === 'department.gongan'), 'departments listed');
    assert.deepEqual(a.missing_glyphs, 0, 'missing glyphs on the guide home');
    // When the guides were published, as people say a date; not the bundle's internal version number.
    assert.ok(a.texts.some((s) => /^\S+ · 指南更新于\d{4}年\d{1,2}月\d{1,2}日 · 离线可用$/.test(s)), `the guides' date (${a.texts.filter((s) => s.includes('离线')).join(' | ')})`);
    assert.ok(!a.texts.some((s) => /指南版本|\d{8,}/.test(s)), 'no version number or other long number on the guide home');
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
    assert.deepEqual(a.targets.find((x) => x.id.startsWith('item.')).id, 'item.sfz-buling', 'first result for sfz');
    await sleep(300);
    screenshotX(display, `${out}/guides-search-sfz.png`);
    click(target(a, 'item.sfz-buling'));
    a = await frameAfter((a) => a.screen === 'guide-item' && a.arg === 'sfz-buling' && a.targets.some((x) => x.id.endsWith('.down')), 'item page');
    assert.ok(a.texts.includes('所需材料') && a.texts.includes('办理流程') && a.texts.includes('办理地点'), 'item sections drawn');
    assert.deepEqual(a.missing_glyphs, 0, 'missing glyphs on the item page');
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
    a = await answerScenario(a, { frameAfter, click });
    const qr = target(a, 'qr');
    assert.ok(qr.label.startsWith('TBG1:sfz-buling:'), `checklist code ${qr.label}`);
    await sleep(300);
    const shot = `${out}/guide-scenario-qr.png`;
    screenshotX(display, shot);
    const crop = execFileSync('convert', [shot, '-crop', `${Math.round(qr.w + 40)}x${Math.round(qr.h + 40)}+${Math.round(qr.x - 20)}+${Math.round(qr.y - 20)}`, 'png:-']);
    assert.deepEqual(await decodeQrImage(crop), [qr.label], 'QR decoded from the kiosk screen');
    click(target(a, 'toggle.elderly'));
    a = await frameAfter((a) => a.elderly, 'elderly checklist');
    await sleep(300);
    screenshotX(display, `${out}/guide-scenario-elderly.png`);
    assert.deepEqual(a.missing_glyphs, 0, 'missing glyphs in elderly mode');
  });
});

test('guides: updates dropped in incoming/ are verified; a good delta is applied, a tampered one refused', { timeout: 90000 }, async () => {
  const site = mkdtempSync('/tmp/tongban-kiosk-site-');
  mkdirSync(join(site, 'data'));
  const assets = resolve(dirname(paths.kiosk), '../assets');
  copyFileSync(join(assets, 'guides.tbg'), join(site, 'data/guides.tbg'));
  const good = publishUpdate({ tongban: paths.tongban, site, sourceRoot, newFee: '工本费40元（自助终端更新测试）' });
  const bad = publishUpdate({ tongban: paths.tongban, site, sourceRoot, newFee: '篡改', tamper: true });
  const data = mkdtempSync('/tmp/tongban-kiosk-data-');
  mkdirSync(join(data, 'incoming'));
  copyFileSync(join(bad.dir, `data/delta-${bad.v1}.tbd`), join(data, 'incoming/a-tampered.tbd'));
  execFileSync('sleep', ['0.05']);
  copyFileSync(join(good.dir, `data/delta-${good.v1}.tbd`), join(data, 'incoming/b-good.tbd'));
  try {
    await withKiosk({ flags: ['--data', data] }, async ({ frameAfter, click, stderr }) => {
      let a = await frameAfter((a) => a.frame >= 1, 'first frame');
      assert.ok(/a-tampered\.tbd: refused/.test(stderr()), `refusal logged: ${stderr()}`);
      assert.ok(/b-good\.tbd: applied, version/.test(stderr()), `update logged: ${stderr()}`);
      assert.deepEqual(readdirSync(join(data, 'incoming')), [], 'incoming emptied');
      click(target(a, 'entry.guides'));
      a = await frameAfter((a) => a.screen === 'guides', 'guides');
      click(target(a, 'guide.search'));
      a = await frameAfter((a) => a.targets.some((x) => x.id === 'key.s'), 'keyboard');
      a = await typeOnKeyboard(a, 'sfz', frameAfter, click);
      a = await frameAfter((a) => a.targets.some((x) => x.id === 'item.sfz-buling'), 'result');
      click(target(a, 'item.sfz-buling'));
      a = await frameAfter((a) => a.screen === 'guide-item', 'item');
      assert.ok(a.texts.some((s) => s.includes('自助终端更新测试')), 'updated fee on screen');
    });
    // Restart: the installed update is used (newer than the shipped bundle).
    await withKiosk({ flags: ['--data', data] }, async ({ frameAfter, stderr }) => {
      await frameAfter((a) => a.frame >= 1, 'first frame');
      assert.ok(!/refused/.test(stderr()), 'nothing refused on restart');
    });
  } finally {
    for (const d of [site, good.dir, bad.dir, data]) rmSync(d, { recursive: true, force: true });
  }
});
