// Writes one benchmark's section into docs/PERFORMANCE.md, between its markers, so the document
// always holds the latest run of every benchmark (and nothing typed by hand in those sections).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

export function updatePerformanceDoc(docPath, name, markdown) {
  const begin = `<!-- bench:${name} -->`, end = `<!-- /bench:${name} -->`;
  let doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Performance\n';
  const block = `${begin}\n${markdown.trim()}\n${end}`;
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
