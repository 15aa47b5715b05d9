// Publishes a guide update into a copy of the site, exactly as an operator would with the CLI:
// a new version of the sample catalogue with one changed item, the whole bundle, a delta from the
// shipped version, and data/updates.json pointing at them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function publishUpdate({ tongban, site, sourceRoot, newFee, tamper = false }) {
  const dir = mkdtempSync('/tmp/tongban-site-');
  cpSync(site, dir, { recursive: true });
  const key = join(sourceRoot, 'assets/demo-keys/guide-issuer.key');
  const verify = execFileSync(tongban, ['guide', 'verify', join(dir, 'data/guides.tbg'), '--demo']).toString();
  const v1 = Number(verify.match(/version (\d+)/)[1]);
  const src = mkdtempSync('/tmp/tongban-src-');
  cpSync(join(sourceRoot, 'assets/guides'), src, { recursive: true });
  const item = join(src, 'items/sfz-buling.yaml');
  writeFileSync(item, readFileSync(item, 'utf8').replace(/^fee: .*$/m, `fee: ${newFee}`));
  const v2 = v1 + 1;
  // The same sources as the shipped bundle (items and forms), so the delta carries only the item.
  execFileSync(tongban, ['guide', 'build', src, '--forms', join(sourceRoot, 'assets/forms'), '-o', join(dir, 'data/guides-next.tbg'),
    '--key', key, '--version', String(v2)], { stdio: 'ignore' });
  execFileSync(tongban, ['guide', 'diff', join(dir, 'data/guides.tbg'), join(dir, 'data/guides-next.tbg'), '-o', join(dir, `data/delta-${v1}.tbd`), '--key', key], { stdio: 'ignore' });
  if (tamper) {  // a byte flipped in transit or by an attacker: the device must refuse it
    const p = join(dir, `data/delta-${v1}.tbd`);
    const b = readFileSync(p);
    b[b.length - 40] ^= 0x01;
    writeFileSync(p, b);
  }
  writeFileSync(join(dir, 'data/updates.json'), JSON.stringify({ version: v2, bundle: 'guides-next.tbg', deltas: { [v1]: `delta-${v1}.tbd` } }));
  return { dir, v1, v2 };
}
