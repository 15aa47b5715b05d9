// A receipt printer for the kiosk tests: a thermal printer on TCP (the kiosk's --printer
// tcp:127.0.0.1:PORT) and the slips it received, read back with tests/tools/escpos_read.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';

// Answers DLE EOT 4 (roll paper status) with `paper` ('ok' or 'out') and keeps every job it is sent.
export async function testPrinter(port) {
  const jobs = [];
  const state = { paper: 'ok' };
  const server = net.createServer((sock) => {
    const chunks = [];
    sock.on('data', (d) => {
      chunks.push(d);
      if (d.includes(Buffer.from([0x10, 0x04, 0x04]))) sock.write(Buffer.from([state.paper === 'out' ? 0x72 : 0x12]));
    });
    sock.on('end', () => { jobs.push(Buffer.concat(chunks)); sock.end(); });
    sock.on('error', () => {});
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { jobs, state, stop: () => new Promise((r) => server.close(r)) };
}

// A slip's bytes as the reader decodes them: {lines, chinese_mode, cut, qr_command, qr_raster, error}.
export function readSlip(escposRead, out, bytes) {
  const file = `${out}/slip-${process.pid}.escpos`;
  writeFileSync(file, bytes);
  return JSON.parse(execFileSync(escposRead, [file], { encoding: 'utf8' }));
}
