// Writes the files a mini-program package ships as data into one JSON object (stdout):
//   node tools/miniprogram/pack_assets.mjs DIR PATH… > assets.json
// Each PATH (relative to DIR, e.g. data/guides.tbg) becomes {"text": …} for keys and JSON, else
// {"base64": …}: a mini-program upload takes only certain file types, and .tbg/.tbe/.pub are not
// among them. The WeChat host reads it back (mobile-shell/js/hosts/wechat.js, asset()).
import { readFileSync } from 'node:fs';
import { join, extname } from 'node:path';

const [dir, ...paths] = process.argv.slice(2);
if (!dir || !paths.length) {
  console.error('usage: pack_assets.mjs DIR PATH…');
  process.exit(2);
}
const TEXT = new Set(['.pub', '.json']);
const out = {};
for (const p of paths) {
  let bytes;
  try {
    bytes = readFileSync(join(dir, p));
  } catch (e) {
    console.error(`pack_assets: ${join(dir, p)}: ${e.message}`);
    process.exit(3);
  }
  out[p] = TEXT.has(extname(p)) ? { text: bytes.toString('utf8') } : { base64: bytes.toString('base64') };
}
process.stdout.write(JSON.stringify(out));
