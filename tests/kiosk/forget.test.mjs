// The kiosk forgets a person when their session ends, provably: markers typed through a form (and
// tapped on its pinyin keyboard), the 预约 screen and a half-scanned hand-off are found in the live process's memory while the session
// runs (so the scan is shown to work), and after 结束办理 they are nowhere — not in any readable
// mapping of the process (heap, stacks, library and driver buffers; UTF-8, UTF-16 and UTF-32) and
// not in any file of its data folder.
//   node tests/kiosk/forget.test.mjs [--kiosk PATH] [--tongban PATH] [--out DIR]
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testPaths, screenshotX, sleep, sourceRoot } from '../lib/harness.mjs';
import { kioskFixture, target } from '../lib/kiosk_fixture.mjs';
import { scanProcess, scanFolder } from '../lib/memscan.mjs';
import { base45Decode } from '../lib/envelope_reader.mjs';

const paths = testPaths('kiosk', ['kiosk', 'tongban']);
const { withKiosk, tb } = kioskFixture(paths);

// Long enough that no library string matches by chance, and that std::string keeps them on the heap.
const FORM_MARKER = 'QZXFORMMARKER7731';
const NAME_MARKER = 'QZXNAMEMARKER4412';
const PINYIN_MARKER = 'qzxjvkwqzxjvkw';  // letters no syllable starts with: left as typed

test('after 结束办理 nothing typed or scanned by the person is left in the kiosk process or its data folder', { timeout: 300000 }, async () => {
  const data = mkdtempSync('/tmp/tongban-kiosk-forget-');
  const work = mkdtempSync('/tmp/tongban-kiosk-forget-work-');
  try {
    const service = tb('code', 'issue', 'service', '--item', 'sfz-buling', '--key', `${sourceRoot}/assets/demo-keys/code-issuer.key`)
      .trim().split('\n').pop();
    // A phone's hand-off of a draft, in several parts; the person scans only the second.
    writeFileSync(join(work, 'payload'), 'a draft handed over from a phone: '.repeat(12));
    const parts = tb('code', 'handoff', 'encode', join(work, 'payload'), '--max-chars', '200').trim().split('\n');
    assert.ok(parts.length >= 2, `the hand-off needs several parts (got ${parts.length})`);
    // The kiosk keeps a scanned part's encrypted chunk (the part minus its 10-byte header) until the
    // others arrive; the text as scanned is not kept at all.
    const HANDOFF_CHUNK = Buffer.from(base45Decode(parts[1].slice(5))).subarray(10);

    await withKiosk({ flags: ['--data', data] }, async ({ display, frameAfter, click, typeText, clearText, wedge, proc }) => {
      let a = await frameAfter((b) => b.frame >= 1, 'first frame');
      // Scrolls the screen (its 下一页 rail) until a target is in sight, then lets the scroll land.
      const reveal = async (id) => {
        for (let i = 0; i < 10; i++) {
          a = await frameAfter((b) => b.targets.some((x) => x.id === id || x.id.endsWith('.down')), `${id} or a rail`);
          if (a.targets.some((x) => x.id === id)) break;
          const f = a.frame;
          click(a.targets.find((x) => x.id.endsWith('.down')));
          a = await frameAfter((b) => b.frame > f + 2, 'scrolled');
        }
        await sleep(500);
        a = await frameAfter((b) => b.targets.some((x) => x.id === id), id);
      };
      const home = async () => {
        while (a.screen !== 'home') {
          const f = a.frame;
          click(target(a, 'nav.back'));
          a = await frameAfter((b) => b.frame > f, 'back');
        }
      };
      // 1. A form: the 社保卡 application's free-text nationality field.
      click(target(a, 'entry.apply'));
      a = await frameAfter((b) => b.screen === 'apply', 'apply list');
      await reveal('apply.shebaoka-shenling');
      click(target(a, 'apply.shebaoka-shenling'));
      a = await frameAfter((b) => b.screen === 'apply-form', 'form');
      await reveal('field.holder_nationality');
      click(target(a, 'field.holder_nationality'));
      a = await frameAfter((b) => b.targets.some((x) => x.id === 'editor.ok'), 'editor');
      clearText();
      typeText(FORM_MARKER);
      a = await frameAfter((b) => b.texts.includes(FORM_MARKER), 'the form marker typed');
      // ... and letters tapped on the touch screen's pinyin keyboard, left unconverted (in the
      // person's state and in googlepinyin's decoder).
      click(target(a, 'mode.pinyin'));
      a = await frameAfter((b) => b.targets.some((x) => x.id === 'mode.pinyin' && x.state === 'selected'), 'the pinyin keyboard');
      for (let i = 1; i <= PINYIN_MARKER.length; i++) {
        click(target(a, `kb.${PINYIN_MARKER[i - 1]}`));
        a = await frameAfter((b) => b.targets.some((x) => x.id === 'pinyin.letters' && x.label === PINYIN_MARKER.slice(0, i)), 'a letter tapped');
      }
      click(target(a, 'editor.ok'));
      a = await frameAfter((b) => !b.targets.some((x) => x.id === 'editor.ok') && target(b, 'field.holder_nationality').state === 'filled', 'taken by the form');
      await home();

      // 2. 预约: the service code opens the item, 预约 asks for a name.
      wedge(service);
      a = await frameAfter((b) => b.screen === 'guide-item' && b.targets.some((x) => x.id === 'guide.appoint'), 'the item offers 预约');
      click(target(a, 'guide.appoint'));
      a = await frameAfter((b) => b.screen === 'appoint' && b.targets.some((x) => x.id === 'field.appoint.name'), '预约');
      click(target(a, 'field.appoint.name'));
      a = await frameAfter((b) => b.targets.some((x) => x.id === 'editor.ok'), 'editor');
      typeText(NAME_MARKER);
      a = await frameAfter((b) => b.texts.includes(NAME_MARKER), 'the name marker typed');
      click(target(a, 'editor.ok'));  // a Latin-only name may be refused: it was typed all the same
      await sleep(300);
      a = await frameAfter((b) => b.frame > a.frame, 'after 确定');
      if (a.targets.some((x) => x.id === 'editor.cancel')) {
        click(target(a, 'editor.cancel'));
        a = await frameAfter((b) => !b.targets.some((x) => x.id === 'editor.cancel'), 'editor closed');
      }
      await home();

      // 3. Half a hand-off: the second part of the phone's codes.
      wedge(parts[1]);
      a = await frameAfter((b) => b.screen === 'scan' && b.texts.some((x) => x.includes('请继续扫描')), 'one part of the hand-off taken');
      await sleep(300);
      screenshotX(display, `${paths.out}/forget-during.png`);

      const markers = [FORM_MARKER, NAME_MARKER, PINYIN_MARKER, HANDOFF_CHUNK];
      const during = scanProcess(proc.pid, markers);
      for (const m of markers)
        assert.ok(during.hits.some((h) => h.marker === m), `during the session the scan finds ${String(m).slice(0, 24)}… (${during.bytesRead} bytes in ${during.regions} regions read)`);

      click(target(a, 'session.end'));
      a = await frameAfter((b) => b.screen === 'home' && b.texts.includes('已退出，您的信息已清除'), 'session ended');
      await sleep(500);
      screenshotX(display, `${paths.out}/forget-after.png`);
      const after = scanProcess(proc.pid, markers);
      assert.ok(after.bytesRead > 10_000_000, `the scan read the process (${after.bytesRead} bytes)`);
      assert.deepEqual(after.hits, [], `markers left in the kiosk's memory after 结束办理 (${after.bytesRead} bytes in ${after.regions} regions read)`);
      const disk = scanFolder(data, markers);
      assert.ok(disk.files > 0, 'the data folder has files (device key, outbox index)');
      assert.deepEqual(disk.hits, [], 'markers in the data folder');
    });
  } finally {
    rmSync(data, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
});
