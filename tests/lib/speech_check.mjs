// 读给我听 in the kiosk tests: the audio espeak-ng wrote to $TB_SPEECH_CAPTURE, measured with sox, and
// a stand-in espeak-ng for what a WAV cannot show (what was said, and that it was stopped).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { waitFor } from './harness.mjs';

// sox's statistics of a WAV file: its length in seconds and RMS amplitude (0..1); sox writes them to stderr.
export function soxStat(file) {
  const r = spawnSync('sox', [file, '-n', 'stat'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `sox stat ${file}: ${r.stderr}`);
  const value = (name) => Number((r.stderr.match(new RegExp(`${name}:\\s+([-0-9.]+)`)) || [])[1]);
  return { seconds: value('Length \\(seconds\\)'), rms: value('RMS\\s+amplitude') };
}

// Waits until espeak-ng has finished writing (the file's size holds still), then measures it.
export async function capturedSpeech(file) {
  let last = -1;
  await waitFor(() => {
    if (!existsSync(file)) return false;
    const size = statSync(file).size;
    const still = size > 44 && size === last;
    last = size;
    return still;
  }, { what: `speech captured to ${file}`, interval: 400, timeout: 20000 });
  return soxStat(file);
}

// A stand-in for espeak-ng, first on PATH (its `env`): each utterance's input (core's toned pinyin)
// is kept in said-N.txt; it then speaks for a minute, as the real one does to a sound card, unless
// it is stopped (SIGTERM, as the kiosk stops it), which it notes in stopped-N.
export function fakeSpeaker(dir) {
  writeFileSync(`${dir}/espeak-ng`, `#!/bin/sh
n=$(ls "${dir}" | grep -c '^said-')
cat > "${dir}/said-$n.txt"
trap 'kill $! 2>/dev/null; echo stopped > "${dir}/stopped-$n"; exit 0' TERM
sleep 60 &
wait
`);
  chmodSync(`${dir}/espeak-ng`, 0o755);
  const said = () => readdirSync(dir).filter((f) => f.startsWith('said-')).sort((x, y) => parseInt(x.slice(5)) - parseInt(y.slice(5)))
    .map((f) => readFileSync(`${dir}/${f}`, 'utf8'));
  return { env: { PATH: `${dir}:${process.env.PATH}` }, said, stopped: (n) => existsSync(`${dir}/stopped-${n}`) };
}
