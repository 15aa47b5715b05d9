// Kiosk media: runs bench_media (a 5-megapixel document-camera frame to an attached JPEG, and the
// read-aloud port's first audio) and writes its section of docs/PERFORMANCE.md.
//   node tools/bench/bench_media.mjs [--reps N]
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { updatePerformanceDoc, verdict, machineLine } from './perf_doc.mjs';

const root = new URL('../..', import.meta.url).pathname;
const reps = process.argv.includes('--reps') ? process.argv[process.argv.indexOf('--reps') + 1] : '10';
const bin = `${root}/build/native/tools/bench/bench_media`;
const run = (what) => JSON.parse(execFileSync(bin, [what, '--reps', reps], { encoding: 'utf8' }).trim().split('\n').pop());
const load = loadavg()[0].toFixed(1);
const capture = run('capture');
const speech = run('speech');
const ms = (x) => `${x.median_ms.toFixed(1)} ms (max ${x.max_ms.toFixed(1)})`;
const md = `### Kiosk media (\`node tools/bench/bench_media.mjs\`)
${machineLine()} Load average ${load} at the start. ${reps} repetitions each. Capture: a ${capture.frame} (5-megapixel) document-camera frame through core's \`document_photo\` (page found: ${capture.page_found}, straightened, JPEG) beside stb's JPEG encoder alone on the same frame. Read-aloud: the time to the first audible sample from the kiosk's speech port (core's toned pinyin into \`espeak-ng -v cmn-latn-pinyin\`, a separate process) beside the \`espeak-ng\` CLI alone given the characters.

| what | measured, median | target | |
|---|---|---|---|
| capture → attached JPEG, 5 MP, native | ${ms(capture.document_photo)} | <= 1500 ms | ${verdict(capture.document_photo.max_ms <= 1500)} |
| peer: stb JPEG alone, same frame | ${ms(capture.stb_jpeg_alone)} | — | |
| 读给我听 → first audio, native | ${ms(speech.kiosk_port_first_audio)} | <= 300 ms | ${verdict(speech.kiosk_port_first_audio.max_ms <= 300)} |
| peer: the espeak-ng CLI alone | ${ms(speech.espeak_cli_first_audio)} | — | |

The capture row is core's pipeline alone, the work the native kiosk's 拍照上传 sheet (\`--document-camera\`) hands to its camera worker after 拍照; the live preview and the sheet's drawing are not in it. The browser kiosk has no document camera (docs/KIOSK-WEB.md).`;
updatePerformanceDoc(`${root}/docs/PERFORMANCE.md`, 'media', md);
console.log(md);
