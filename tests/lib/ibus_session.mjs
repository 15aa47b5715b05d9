// A real input method for the native kiosk's IME test: a private D-Bus session bus, IBus
// (ibus-daemon) on it with the libpinyin engine, and a stand-in panel (ibus_panel.py) that reports
// what IBus asks a panel to draw. Everything lives in a temporary folder (XDG config, cache, data
// and runtime dirs; GSettings in memory), so the machine's own settings are neither read nor
// changed, and all of it is stopped and removed by stop().
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sourceRoot, waitFor } from './harness.mjs';

// What is missing of it, by Debian package (tools/deps/debian-packages.txt lists them; bootstrap
// installs them): the test fails naming them rather than skip.
export function ibusMissing() {
  const onPath = (cmd) => { try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; } };
  return [[onPath('ibus-daemon'), 'ibus'], [existsSync('/usr/libexec/ibus-engine-libpinyin'), 'ibus-libpinyin'],
    [onPath('dbus-daemon'), 'dbus-daemon']].filter(([have]) => !have).map(([, pkg]) => pkg);
}

export async function startIbus(display, engine = 'libpinyin') {
  const root = mkdtempSync('/tmp/tongban-ibus-');
  const dirs = { XDG_CONFIG_HOME: join(root, 'config'), XDG_CACHE_HOME: join(root, 'cache'), XDG_DATA_HOME: join(root, 'data'),
    XDG_RUNTIME_DIR: join(root, 'run') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true, mode: 0o700 });
  const procs = [];
  // Each in a process group of its own, so stop() ends it and whatever it started (engine, helpers).
  const start = (cmd, args, env) => {
    const p = spawn(cmd, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.exited = null;
    p.on('exit', (code, sig) => { p.exited = code ?? sig; });
    procs.push(p);
    return { p, out: () => out, err: () => err };
  };
  let env = null;
  const stop = async () => {
    // ibus-daemon first, asked to stop its engine and helpers itself; then whatever is left.
    if (env) try { execFileSync('ibus', ['exit'], { env, stdio: 'ignore', timeout: 5000 }); } catch { /* it may be gone */ }
    // Each group, not just its leader: when ibus-daemon has exited its engine may live on in the
    // daemon's group, still writing its user dictionary into the folder about to be removed.
    const groupAlive = (pid) => { try { process.kill(-pid, 0); return true; } catch { return false; } };
    for (const p of procs.reverse()) {
      if (!groupAlive(p.pid)) continue;
      try { process.kill(-p.pid, 'SIGTERM'); } catch { /* already gone */ }
      for (let t = 0; t < 30 && groupAlive(p.pid); ++t) await new Promise((r) => setTimeout(r, 100));
      if (groupAlive(p.pid)) try { process.kill(-p.pid, 'SIGKILL'); } catch { /* gone */ }
      for (let t = 0; t < 20 && groupAlive(p.pid); ++t) await new Promise((r) => setTimeout(r, 100));
    }
    // The engine may still be writing its user dictionary while it exits.
    rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  };
  try {
    const base = { PATH: process.env.PATH, HOME: root, LANG: 'C.UTF-8', DISPLAY: display, ...dirs, GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '1' };
    const bus = start('dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=unix:path=${join(root, 'bus')}`, '--print-address=1'], base);
    const address = (await waitFor(() => bus.out().trim().split('\n')[0] || null, { what: `dbus-daemon's address (${bus.err()})` })).trim();
    env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };
    // No XIM server (-x): SDL2 talks to IBus over D-Bus; no panel or emoji helper of its own.
    const daemon = start('ibus-daemon', ['--panel=disable', '--emoji-extension=disable', '--verbose'], env);
    const busFiles = join(dirs.XDG_CONFIG_HOME, 'ibus', 'bus');
    await waitFor(() => existsSync(busFiles) && readdirSync(busFiles).length > 0, { what: `ibus-daemon's address file (${daemon.err()})`, timeout: 20000 });
    const panel = start('/usr/bin/python3', [join(sourceRoot, 'tests/lib/ibus_panel.py')], env);
    await waitFor(() => panel.out().includes('"panel"'), { what: `the panel (${panel.err()})`, timeout: 20000 });
    // The global engine: every input context that gains focus gets it.
    await waitFor(() => {
      try { execFileSync('ibus', ['engine', engine], { env, stdio: 'ignore' }); } catch { /* not ready yet */ }
      return execFileSync('ibus', ['engine'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === engine;
    }, { what: `ibus engine ${engine}`, timeout: 20000, interval: 300 });
    // What the panel was told, one object a line (ibus_panel.py).
    const events = () => panel.out().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    return { env: { DBUS_SESSION_BUS_ADDRESS: address, XDG_CONFIG_HOME: dirs.XDG_CONFIG_HOME, SDL_IM_MODULE: 'ibus' }, events, stop,
      log: () => `ibus-daemon: ${daemon.err().slice(-2000)}\npanel: ${panel.err().slice(-2000)}` };
  } catch (e) {
    await stop();
    throw e;
  }
}
