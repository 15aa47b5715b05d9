// Writes one benchmark's section into docs/PERFORMANCE.md, between its markers, so the document
// always holds the latest run of every benchmark (and nothing typed by hand in those sections).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

// The commit whose code a run measured (HEAD, plus a note when the code differs from it), so a
// reader can tell whether a figure is older than the code it describes.
export function measuredCommit() {
  const root = new URL('../..', import.meta.url).pathname;
  const git = (...a) => execFileSync('git', ['-C', root, ...a], { encoding: 'utf8' }).trim();
  try {
    const head = git('rev-parse', '--short=10', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'core', 'kiosk', 'wasm', 'mobile-shell', 'tools', 'scan', 'CMakeLists.txt');
    return dirty ? `${head} + uncommitted changes` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function updatePerformanceDoc(docPath, name, markdown) {
  const begin = `<!-- bench:${name} -->`, end = `<!-- /bench:${name} -->`;
  let doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Performance\n';
  // The section's heading stays first; the commit it measured comes right under it.
  const lines = markdown.trim().split('\n');
  const head = lines[0].startsWith('#') ? [lines.shift()] : [];
  const body = [...head, `Measured at commit \`${measuredCommit()}\`.`, ...lines].join('\n');
  const block = `${begin}\n${body}\n${end}`;
  const i = doc.indexOf(begin), j = doc.indexOf(end);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(docPath, doc);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
}

export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

export const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
export const verdict = (ok) => (ok ? 'met' : '**missed**');

export function machineLine() {
  return `Machine: ${process.env.TB_MACHINE || 'Debian 12, 2 cores'}; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`;
}
