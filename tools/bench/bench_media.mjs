// Kiosk media: runs bench_media (a 5-megapixel document-camera frame to an attached JPEG, and the
// read-aloud port's first audio), then the browser kiosk's 拍照上传 end to end (Chromium's fake
// camera playing a 5-megapixel page: 拍照 tapped to the page found on screen), and writes its
// section of docs/PERFORMANCE.md.
//   node tools/bench/bench_media.mjs [--reps N]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { updatePerformanceDoc, verdict, machineLine, median } from './perf_doc.mjs';
import { testPaths } from '../../tests/lib/harness.mjs';
import { tapTarget, target } from '../../tests/lib/kiosk_fixture.mjs';
import { startWeb } from '../../tests/lib/web_fixture.mjs';
import { writeY4m, documentPage } from '../../tests/lib/y4m.mjs';

const root = new URL('../..', import.meta.url).pathname;
const reps = process.argv.includes('--reps') ? process.argv[process.argv.indexOf('--reps') + 1] : '10';
const bin = `${root}/build/native/tools/bench/bench_media`;
const run = (what) => JSON.parse(execFileSync(bin, [what, '--reps', reps], { encoding: 'utf8' }).trim().split('\n').pop());

// The browser kiosk's 拍照上传: 拍照 tapped (mouse) to the frame that shows the page found, `n` times
// (重新拍照 between), with a 5-megapixel page on Chromium's fake camera.
async function browserCapture(n) {
  const dir = mkdtempSync('/tmp/tongban-bench-media-');
  const W = 2592, H = 1944;
  const y4m = writeY4m(`${dir}/page.y4m`, W, H, [{ grey: documentPage(W, H), frames: 2 }]);
  const web = await startWeb(testPaths(null, ['site', 'tongban']),
    { args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`] });
  try {
    const { page, home, frameAfter, click } = await web.openKiosk({ query: 'document-camera=1' });
    const k = { frameAfter: (pred, what) => frameAfter(pred, what, 60000), click };
    const tap = (a, id, pred, what) => tapTarget(k, a, id, pred, what);
    const live = (b) => b.targets.some((x) => x.id === 'camera.picture' && x.state === 'live');
    let a = await tap(home, 'entry.apply', (b) => b.screen === 'apply', 'the list of items');
    a = await tap(a, 'apply.shebaoka-shenling', (b) => b.screen === 'apply-form' && b.targets.some((x) => x.id.startsWith('field.')), 'the form');
    a = await tap(a, 'camera.card_photo', live, 'the live picture');
    const ms = [];
    for (let i = 0; i < n; i++) {
      const shoot = target(a, 'camera.shoot');
      const t0 = await page.evaluate(() => performance.now());
      await click(shoot);
      a = await k.frameAfter((b) => b.targets.some((x) => x.id === 'camera.picture' && x.state === 'page found'), 'the page found');
      ms.push((await page.evaluate(() => performance.now())) - t0);
      a = await tap(a, 'camera.retake', live, 'live again');
    }
    return { median_ms: median(ms), max_ms: Math.max(...ms), size: `${W}x${H}` };
  } finally {
    await web.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = loadavg()[0].toFixed(1);
const capture = run('capture');
const speech = run('speech');
const browser = await browserCapture(Number(reps));
const ms = (x) => `${x.median_ms.toFixed(1)} ms (max ${x.max_ms.toFixed(1)})`;
const md = `### Kiosk media (\`node tools/bench/bench_media.mjs\`)
${machineLine()} Load average ${load} at the start. ${reps} repetitions each. Capture: a ${capture.frame} (5-megapixel) document-camera frame through core's \`document_photo\` (page found: ${capture.page_found}, straightened, JPEG) beside stb's JPEG encoder alone on the same frame. Read-aloud: the time to the first audible sample from the kiosk's speech port (core's toned pinyin into \`espeak-ng -v cmn-latn-pinyin\`, a separate process) beside the \`espeak-ng\` CLI alone given the characters.

| what | measured, median | target | |
|---|---|---|---|
| capture → attached JPEG, 5 MP, native | ${ms(capture.document_photo)} | <= 1500 ms | ${verdict(capture.document_photo.max_ms <= 1500)} |
| peer: stb JPEG alone, same frame | ${ms(capture.stb_jpeg_alone)} | — | |
| 拍照 → page found on screen, browser kiosk (wasm, a ${browser.size} frame from Chromium's fake camera) | ${ms(browser)} | — (the target is the native kiosk's) | |
| 读给我听 → first audio, native | ${ms(speech.kiosk_port_first_audio)} | <= 300 ms | ${verdict(speech.kiosk_port_first_audio.max_ms <= 300)} |
| peer: the espeak-ng CLI alone | ${ms(speech.espeak_cli_first_audio)} | — | |

The capture row is core's pipeline alone, the work the native kiosk's 拍照上传 sheet (\`--document-camera\`) hands to its camera worker after 拍照; the live preview and the sheet's drawing are not in it. The browser row is the whole way in the browser kiosk (\`/kiosk/?document-camera=1\`, \`getUserMedia\`): the tap, the next frame grabbed from the video (every 150 ms), its RGB copied into the WebAssembly memory, the same \`document_photo\` as WebAssembly on the page's one thread, and the frame that shows it; headless Chromium on SwiftShader.`;
updatePerformanceDoc(`${root}/docs/PERFORMANCE.md`, 'media', md);
console.log(md);
