// Looks for markers in a live process's memory (/proc/PID/maps + /proc/PID/mem: every readable
// mapping, heap, stacks, libraries' data, driver buffers) and in a folder's files, as UTF-8, UTF-16LE
// and UTF-32LE (Dear ImGui keeps text being edited as 16-bit characters), or raw bytes. Used to prove that a
// kiosk forgets a person: markers typed during their session must be found before it ends (so the
// scan itself is shown to work) and nowhere after.
import { openSync, readSync, closeSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// A marker is text (looked for in three encodings) or bytes (looked for as they are).
export function encodings(text) {
  if (Buffer.isBuffer(text)) return [{ name: 'bytes', bytes: text }];
  const utf32 = Buffer.alloc(4 * [...text].length);
  [...text].forEach((ch, i) => utf32.writeUInt32LE(ch.codePointAt(0), 4 * i));
  return [
    { name: 'utf-8', bytes: Buffer.from(text, 'utf8') },
    { name: 'utf-16le', bytes: Buffer.from(text, 'utf16le') },
    { name: 'utf-32le', bytes: utf32 },
  ];
}

function countIn(buf, needle, onHit) {
  for (let i = buf.indexOf(needle); i >= 0; i = buf.indexOf(needle, i + 1)) onHit(i);
}

// Every place a marker occurs in the process's memory: [{marker, encoding, region, address}].
export function scanProcess(pid, markers) {
  const maps = readFileSync(`/proc/${pid}/maps`, 'utf8').trim().split('\n');
  const needles = markers.flatMap((m) => encodings(m).map((e) => ({ marker: m, ...e })));
  const longest = Math.max(...needles.map((n) => n.bytes.length));
  const fd = openSync(`/proc/${pid}/mem`, 'r');
  const hits = [];
  let bytesRead = 0, regions = 0, unreadable = 0;
  try {
    for (const line of maps) {
      const [range, perms, , , , ...rest] = line.split(/\s+/);
      const name = rest.join(' ');
      if (!perms.startsWith('r') || name === '[vvar]' || name === '[vsyscall]' || name.startsWith('/dev/')) continue;
      const [start, end] = range.split('-').map((h) => BigInt(`0x${h}`));
      regions++;
      const chunk = 8 << 20;
      let carry = Buffer.alloc(0);
      for (let at = start; at < end; at += BigInt(chunk)) {
        const n = Number(end - at < BigInt(chunk) ? end - at : BigInt(chunk));
        const buf = Buffer.alloc(n);
        let got = 0;
        try { got = readSync(fd, buf, 0, n, at); } catch { unreadable++; break; }
        bytesRead += got;
        // Keep the tail of the last chunk so a marker across a chunk border is still seen.
        const view = Buffer.concat([carry, buf.subarray(0, got)]);
        const base = at - BigInt(carry.length);
        for (const nd of needles) countIn(view, nd.bytes, (i) => hits.push({ marker: nd.marker, encoding: nd.name, region: name || '[anon]', address: `0x${(base + BigInt(i)).toString(16)}` }));
        carry = view.subarray(Math.max(0, view.length - longest + 1));
      }
    }
  } finally {
    closeSync(fd);
  }
  // A marker found twice at the same address (across the carry) counts once.
  const unique = [...new Map(hits.map((h) => [`${h.address}|${h.encoding}|${h.marker}`, h])).values()];
  return { hits: unique, bytesRead, regions, unreadable };
}

// Every file under `dir` holding a marker: [{marker, encoding, file}].
export function scanFolder(dir, markers) {
  const needles = markers.flatMap((m) => encodings(m).map((e) => ({ marker: m, ...e })));
  const hits = [];
  let files = 0;
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      // A running kiosk renames its temp files into place (an outbox retry rewrites the index): one
      // listed a moment ago may be gone; what replaced it is read under its own name.
      const gone = (e) => { if (e.code === 'ENOENT') return null; throw e; };
      const st = (() => { try { return statSync(p); } catch (e) { return gone(e); } })();
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const buf = (() => { try { return readFileSync(p); } catch (e) { return gone(e); } })();
        if (!buf) continue;
        files++;
        for (const nd of needles) if (buf.includes(nd.bytes)) hits.push({ marker: nd.marker, encoding: nd.name, file: p });
      }
    }
  };
  walk(dir);
  return { hits, files };
}
