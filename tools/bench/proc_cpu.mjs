// CPU time of processes from /proc/PID/stat (utime + stime, in clock ticks), for bench_kiosk.mjs's
// idle figures: a process's share of one core over a stretch of wall time.
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { sleep } from '../../tests/lib/harness.mjs';

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

// The fields after the command name (which may hold spaces and parentheses): state, ppid, …
function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
const cpuTicks = (pid) => { const f = statFields(pid); return Number(f[11]) + Number(f[12]); };

// Every process below `pid` (children, their children, …), with its command line.
export function descendants(pid) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try { parent.set(Number(name), Number(statFields(name)[1])); } catch { /* gone meanwhile */ }
  }
  const out = [], todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    for (const [child, ppid] of parent) if (ppid === p) out.push(child), todo.push(child);
  }
  return out.map((p) => {
    try { return { pid: p, cmdline: readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').join(' ') }; } catch { return null; }
  }).filter(Boolean);
}

// Percent of one core each pid used over `seconds` of wall time (a process gone meanwhile: null).
export async function cpuPercent(pids, seconds) {
  const read = () => pids.map((p) => { try { return cpuTicks(p); } catch { return null; } });
  const before = read(), t0 = performance.now();
  await sleep(seconds * 1000);
  const after = read(), wall = (performance.now() - t0) / 1000;
  return pids.map((_, i) => (before[i] === null || after[i] === null ? null : (100 * (after[i] - before[i])) / ticksPerSecond / wall));
}
