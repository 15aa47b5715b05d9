// Asking the phone in your own words (issue 18), in real headless Chromium through the phone core
// module's guide.ask: questions find their item, a question about one part of an item is answered
// with that section quoted from the catalogue (compared with the item page's own section) under the
// item's name with a link to the whole item, and bad input says why and offers life events.
//   node tests/web/ask.test.mjs [--site DIR] [--tongban PATH] [--out DIR]
// (a node:test file: --test-name-pattern picks tests; README.md, "Tests").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPaths, waitFor } from '../lib/harness.mjs';
import { startWeb, phone } from '../lib/web_fixture.mjs';

const paths = testPaths('web', ['site', 'tongban']);
const out = paths.out;
let web;
before(async () => { web = await startWeb(paths); }, { timeout: 60000 });
after(() => web?.stop());

// Types a question into the search box and waits until the results (or the answer) for it are up.
async function ask(page, q) {
  await page.fill('#guide-q', q);
  await waitFor(() => page.evaluate((q) => document.querySelector('.results')?.dataset.q === q, q), { what: `results for ${q}` });
}

const firstItem = (page) => page.$eval('.results .item', (e) => e.dataset.item);

test('phone asks: the issue\'s questions find their item, in characters and in initials', { timeout: 60000 }, async () => {
  const { page, errors } = await web.newPage(phone);
  await page.goto(`${web.url}#/guides/search/`);
  await page.waitForSelector('#guide-q');
  await ask(page, '生小孩要办什么');
  assert.equal(await firstItem(page), 'chusheng-yijianshi', '生小孩要办什么');
  assert.equal(await page.$('#answer'), null, 'a question about the whole item gets no section answer');
  await page.screenshot({ path: `${out}/phone-ask-birth.png` });
  await ask(page, '丢了身份证怎么办');
  assert.equal(await firstItem(page), 'sfz-buling', '丢了身份证怎么办');
  await ask(page, 'tqgjj');
  const names = await page.$$eval('.results .item-name', (els) => els.slice(0, 3).map((e) => e.textContent));
  assert.ok(names[0].includes('公积金提取'), `tqgjj: ${names.join(', ')}`);
  await page.screenshot({ path: `${out}/phone-ask-tqgjj.png` });
  assert.deepEqual(errors, [], 'page errors');
});

test('phone asks: a question about one section is answered with it, quoted, with the item and a link', { timeout: 60000 }, async () => {
  const { page, errors } = await web.newPage(phone);
  await page.goto(`${web.url}#/guides/search/`);
  await page.waitForSelector('#guide-q');
  await ask(page, '身份证丢了要带什么材料');
  const answer = await page.$eval('#answer', (e) => ({
    item: e.dataset.item, asks: e.dataset.asks, name: e.querySelector('.answer-item').textContent,
    title: e.querySelector('.answer-title').textContent, link: e.querySelector('a.answer-link').getAttribute('href'),
    materials: [...e.querySelectorAll('.materials .m-name')].map((m) => m.textContent),
  }));
  assert.deepEqual([answer.item, answer.asks, answer.name, answer.title], ['sfz-buling', 'materials', '居民身份证补领', '所需材料']);
  await page.screenshot({ path: `${out}/phone-ask-materials.png`, fullPage: true });
  // The same words as the item page shows: follow the link and compare.
  await page.click('#answer a.answer-link');
  await page.waitForSelector('.item-title');
  assert.equal(answer.link, '#/guides/item/sfz-buling');
  const onPage = await page.$$eval('.materials .m-name', (els) => els.map((m) => m.textContent));
  assert.ok(answer.materials.length > 0, 'materials quoted');
  assert.deepEqual(answer.materials, onPage, 'quoted materials are the item page\'s');

  await page.goto(`${web.url}#/guides/search/`);
  await page.waitForSelector('#guide-q');
  await ask(page, '护照在哪里办');
  assert.equal(await page.$eval('#answer', (e) => e.dataset.asks), 'place');
  assert.ok((await page.$$('#answer .halls li')).length >= 1, 'halls quoted');
  await ask(page, '补办身份证要多少钱');
  assert.equal(await page.$eval('#answer', (e) => e.dataset.asks), 'fee');
  const fee = await page.textContent('#answer .quote');
  await page.goto(`${web.url}#/guides/item/sfz-buling`);
  await page.waitForSelector('.facts');
  assert.ok((await page.textContent('.facts')).includes(fee), `fee quoted as on the item page: ${fee}`);
  assert.deepEqual(errors, [], 'page errors');
});

test('phone asks: empty, emoji-only, control characters, over 200 characters: says why, offers life events', { timeout: 60000 }, async () => {
  const { page, errors } = await web.newPage(phone);
  await page.goto(`${web.url}#/guides/search/`);
  await page.waitForSelector('#guide-q');
  const cases = [['😀🙏🏠', 'empty'], ['\u0001\u0002\u001b', 'empty'], ['要带什么', 'no-subject'], ['身份证'.repeat(70), 'too-long']];
  for (const [q, why] of cases) {
    await ask(page, q);
    const a = await page.$eval('#answer', (e) => ({ why: e.dataset.unanswered, text: e.querySelector('.why').textContent,
      events: e.querySelectorAll('.chip').length }));
    assert.equal(a.why, why, `${JSON.stringify(q.slice(0, 12))}: reason`);
    assert.ok(a.text.length > 0, 'a reason is shown');
    assert.ok(a.events >= 1 && a.events <= 4, `life events offered: ${a.events}`);
  }
  await page.screenshot({ path: `${out}/phone-ask-too-long.png` });
  await page.click('#answer .chip >> nth=0');
  await page.waitForSelector('.items .item');
  assert.deepEqual(errors, [], 'page errors');
});
