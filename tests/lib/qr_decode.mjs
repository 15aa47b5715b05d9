// Decodes QR codes in screenshots with a real decoder: ZXing-C++'s own WebAssembly build (npm
// zxing-wasm), run in node with its wasm file from node_modules (no network).
import { readFileSync } from 'node:fs';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let ready = null;
export async function decodeQrImage(imageBytes) {
  ready ||= prepareZXingModule({
    overrides: { wasmBinary: readFileSync(new URL('../../node_modules/zxing-wasm/dist/reader/zxing_reader.wasm', import.meta.url)) },
    fireImmediately: true,
  });
  await ready;
  const results = await readBarcodes(new Uint8Array(imageBytes), { formats: ['QRCode'], tryHarder: true });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
