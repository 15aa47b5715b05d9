// Chinese input on the browser kiosk in real headless Chromium, with the mouse only (no key
// events): the name on the pinyin keyboard (the lexicon engine) and a character of the address by
// hand (zinnia as WebAssembly), and the engines fetched only when an input first needs them: none
// at start, the lexicon when a pinyin keyboard opens, the recogniser and its model when the pad is
// first shown. The helpers are tests/lib/chinese_input.mjs, shared with the native kiosk's test.
//   node tests/web/kiosk_input.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths } from '../lib/harness.mjs';
import { startWeb } from '../lib/web_fixture.mjs';
import { editorText, writePinyin, writeByHand } from '../lib/chinese_input.mjs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
let web;
before(async () => { web = await startWeb(paths); }, { timeout: 60000 });
after(() => web?.stop());

const ENGINES = ['pinyin-lexicon.tsv', 'tongban-hand.js', 'tongban-hand.wasm', 'handwriting-zh_CN.model'];

test('web kiosk: pinyin keyboard and handwriting pad, engines loaded on demand', { timeout: 400000 }, async () => {
  const { page, errors, home, frameAfter, click, stroke } = await web.openKiosk();
  const fetched = new Set();
  page.on('request', (r) => { const name = new URL(r.url()).pathname.split('/').pop(); if (ENGINES.includes(name)) fetched.add(name); });
  const k = { frameAfter, click, stroke };
  const find = (a, id) => { const x = a.targets.find((y) => y.id === id); assert.ok(x, `target ${id} not on screen`); return x; };
  let a = home;
  assert.deepEqual([...fetched], [], 'no engine at start');
  await click(find(a, 'entry.apply'));
  a = await frameAfter((b) => b.targets.some((x) => x.id === 'apply.sfz-buling'), 'apply list');
  await click(find(a, 'apply.sfz-buling'));
  a = await frameAfter((b) => b.screen === 'apply-form' && b.targets.some((x) => x.id === 'field.name'), 'form');
  assert.deepEqual([...fetched], [], 'no engine on a form before a text field opens');
  await click(find(a, 'field.name'));
  a = await frameAfter((b) => b.targets.some((x) => x.id === 'kb.z'), 'pinyin keyboard');
  a = await writePinyin(k, a, 'zhanglihua', '张丽华');
  assert.equal(editorText(a), '张丽华');
  assert.ok(fetched.has('pinyin-lexicon.tsv'), 'the lexicon, once the keyboard was used');
  assert.ok(!fetched.has('handwriting-zh_CN.model'), 'no handwriting model before the pad');
  await page.screenshot({ path: `${out}/kiosk-web-pinyin.png` });
  a = await writeByHand(k, a, '村', '张丽华')
    .catch(async (e) => { await page.screenshot({ path: `${out}/kiosk-web-handwriting-failed.png` }); throw e; });
  assert.equal(editorText(a), '张丽华村');
  for (const name of ENGINES) assert.ok(fetched.has(name), `${name} fetched once the pad was shown`);
  await page.screenshot({ path: `${out}/kiosk-web-handwriting.png` });
  assert.deepEqual(errors, [], 'page errors');
});
