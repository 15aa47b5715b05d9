// The phone's QR scanner: ZXing-C++ as WebAssembly (npm zxing-wasm, reader-only build) and our scan
// module (tongban-scan: the passes over a camera frame that help a damaged code read, the C++ the
// native scanner runs), loaded the first time a scan starts — never at app start — and always from
// this site: zxing-wasm's ES module, the chunk it imports and its .wasm are shipped under
// vendor/zxing-wasm/ (tools/site/assemble.sh), ours at the root, and each wasm URL is given to its
// module explicitly (locateFile), so nothing reaches for a CDN.
//
//   scanFrames(video, onText, { signal })  reads the camera ~10 times a second, onText(text) per code
//   readFrame(reader, imageData)           one camera frame, with retries for damaged codes
//   scanImageFile(file)                    every QR text in a photo (album, screenshot) → [texts]
//
// The decoder settings are exported so the benchmark (tools/bench/bench_codes.mjs) measures exactly
// what the phone runs.

const ZXING_BASE = new URL('../vendor/zxing-wasm/', import.meta.url);
const ZXING_MODULE = new URL('es/reader/index.js', ZXING_BASE).href;
const ZXING_WASM = new URL('reader/zxing_reader.wasm', ZXING_BASE).href;
// Ours: the passes over a camera frame (wasm/scan), shipped at the site's root beside the core.
const SCAN_MODULE = new URL('../tongban-scan.js', import.meta.url).href;
const SCAN_WASM = new URL('../tongban-scan.wasm', import.meta.url).href;

// Camera frames: QR only, stop at the first code, try harder (a small or blurred code still reads),
// try inverted (white-on-black codes on dark-mode screens). QR detection does not need tryRotate.
export const CAMERA_OPTIONS = Object.freeze({
  formats: ['QRCode'], tryHarder: true, tryRotate: false, tryInvert: true, maxNumberOfSymbols: 1,
});
// Photos: every code in the picture.
export const IMAGE_OPTIONS = Object.freeze({
  formats: ['QRCode'], tryHarder: true, tryRotate: true, tryInvert: true, maxNumberOfSymbols: 255,
});
// A frame is scaled down to about this many pixels before decoding (640x480: the size the
// benchmark's targets are set for; a 1280x720 camera frame becomes 640x360).
export const FRAME_PIXELS = 640 * 480;
const FRAME_INTERVAL_MS = 100;  // ~10 frames a second: fluid enough, and leaves the phone cool
// Wall time one frame may take with its retries (the same budget as the native camera path,
// scan/qr_read.h): a retry starts only when one more of the slowest pass so far still fits.
export const FRAME_BUDGET_MS = 40;

let reader = null;
// The reader, one per page: { readBarcodes } of the zxing-wasm module and { passes }, the scan
// module (the passes over a camera frame), each instantiated with its wasm from this site. Both
// are fetched at once, the first time a scan starts.
export function loadReader() {
  if (!reader) {
    reader = (async () => {
      const loadZxing = async () => {
        const zx = await import(ZXING_MODULE);
        await zx.prepareZXingModule({
          overrides: {
            locateFile: (path, prefix) => (path.endsWith('.wasm') ? ZXING_WASM : prefix + path),
          },
          fireImmediately: true,
        });
        return zx;
      };
      const loadPasses = async () => {
        const { default: createTongbanScan } = await import(SCAN_MODULE);
        return createTongbanScan({ locateFile: (path) => (path.endsWith('.wasm') ? SCAN_WASM : path) });
      };
      const [zx, passes] = await Promise.all([loadZxing(), loadPasses()]);
      return warmedUp({ readBarcodes: zx.readBarcodes, passes });
    })().catch((e) => { reader = null; throw e; });
  }
  return reader;
}

// The browser compiles a wasm module quickly and unoptimised first, and optimises the functions
// that turn out hot while they run; until then a frame's passes run slower, and a damaged code in
// the first frame could miss the budget (4 of 12 cold starts on the training frames). So one
// made-up frame (fixed pseudo-random grey, nothing from the camera) is read while the camera is
// still being opened, giving every pass its first run.
const WARM_UP_BUDGET_MS = 150;
async function warmedUp(r) {
  const w = 640, h = 480, rgba = new Uint8ClampedArray(4 * w * h);
  let seed = 1;
  for (let p = 0; p < w * h; p++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    rgba[4 * p] = rgba[4 * p + 1] = rgba[4 * p + 2] = seed >>> 24;
    rgba[4 * p + 3] = 255;
  }
  await readFrame(r, new ImageData(rgba, w, h), { budgetMs: WARM_UP_BUDGET_MS });
  return r;
}

function texts(results) {
  const out = [];
  for (const r of results) if (r.isValid && r.text) out.push(r.text);
  return out;
}

function makeCanvas(w, h) {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(w, h);
  const c = document.createElement('canvas');
  c.width = w; c.height = h;
  return c;
}

// Draws `source` scaled to at most `maxPixels` pixels and returns its ImageData.
function pixels(source, w, h, maxPixels, state) {
  const s = Math.min(1, Math.sqrt(maxPixels / (w * h)));
  const cw = Math.max(1, Math.round(w * s)), ch = Math.max(1, Math.round(h * s));
  if (!state.canvas || state.canvas.width !== cw || state.canvas.height !== ch) {
    state.canvas = makeCanvas(cw, ch);
    state.ctx = state.canvas.getContext('2d', { willReadFrequently: true });
  }
  state.ctx.drawImage(source, 0, 0, cw, ch);
  return state.ctx.getImageData(0, 0, cw, ch);
}

// One camera frame: the passes of scan/frame_passes.h, made by the scan module (tongban-scan, the
// same C++ the native scanner runs) and read with zxing-wasm, in turn: the frame at half size, the
// frame itself, then what a careful reader tries next (contrast normalised against glare; on the
// patch where the code most likely is, smoothed, sharpened and enlarged against noise and blur; the
// whole frame enlarged, smoothed, its median, a global threshold). A pass starts only while one
// more of the slowest so far fits `budgetMs` (wall time for the whole frame; the first always
// runs), as natively. `reader` is loadReader()'s; the scan module holds one frame, so one frame at
// a time (scanFrames reads them in turn). Texts of the codes read ([] when none).
export async function readFrame(reader, imageData, { budgetMs = FRAME_BUDGET_MS } = {}) {
  const start = performance.now();
  const { readBarcodes, passes: m } = reader;
  const at = m._tb_scan_frame(imageData.width, imageData.height);
  if (!at) return texts(await readBarcodes(imageData, CAMERA_OPTIONS));  // beyond the module's size: as it is
  m.HEAPU8.set(imageData.data, at);
  const count = m._tb_scan_begin();
  let found = [], slowest = 0;
  try {
    for (let i = 0; i < count && !found.length; i++) {
      if (i > 0 && performance.now() - start + slowest > budgetMs) break;
      const t0 = performance.now();
      const made = m._tb_scan_pass(i);
      if (!made) continue;
      let image = imageData, options = CAMERA_OPTIONS;
      if (made === 2) {
        const w = m._tb_scan_width(), h = m._tb_scan_height();
        // A view of the module's memory (HEAPU8 is read again: memory may have grown); zxing-wasm
        // copies it into its own before the module is called again.
        image = new ImageData(new Uint8ClampedArray(m.HEAPU8.buffer, m._tb_scan_image(), 4 * w * h), w, h);
        if (m._tb_scan_threshold() === 1) options = { ...CAMERA_OPTIONS, binarizer: 'GlobalHistogram' };
      }
      found = texts(await readBarcodes(image, options));
      slowest = Math.max(slowest, performance.now() - t0);
    }
  } finally {
    m._tb_scan_forget();  // no frame's pixels outlive its reading
  }
  return found;
}

const sleep = (ms, signal) => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

// Opens the camera with `openCamera` (the host's: bridge.openCamera) into `video` when it has no
// stream yet, and reads its frames until `signal`
// aborts, calling onText(text) for every QR text decoded; the same text again only after
// `repeatMs`. Resolves once frames are being read (camera playing, decoder loaded) with
// { done }: a promise that settles after the loop has stopped and the camera this call opened is
// released. Rejects when there is no camera, permission is refused or the decoder cannot load.
export async function scanFrames(videoElement, onText, { signal, repeatMs = 1500, openCamera = null } = {}) {
  if (signal?.aborted) return { done: Promise.resolve() };
  let opened = null;
  const release = () => {
    if (opened) {
      for (const t of opened.getTracks()) t.stop();
      if (videoElement.srcObject === opened) videoElement.srcObject = null;
      opened = null;
    }
  };
  try {
    const readerReady = loadReader();  // fetches in parallel with the camera permission prompt
    readerReady.catch(() => {});       // (awaited below; not an unhandled rejection if the camera fails first)
    if (!videoElement.srcObject) {
      if (!openCamera) throw new Error('scanFrames: no camera given (options.openCamera)');
      opened = await openCamera();
      if (signal?.aborted) { release(); return { done: Promise.resolve() }; }
      videoElement.srcObject = opened;
    }
    videoElement.muted = true;
    videoElement.playsInline = true;
    await videoElement.play().catch(() => {});  // autoplay may already be playing it
    await readerReady;
  } catch (e) {
    release();
    throw e;
  }
  const decoder = await loadReader();
  const state = {};
  const last = new Map();  // text → when it was last reported
  const done = (async () => {
    try {
      while (!signal?.aborted) {
        const t0 = performance.now();
        const w = videoElement.videoWidth, h = videoElement.videoHeight;
        if (w && h && videoElement.readyState >= 2) {
          let found = [];
          try {
            found = await readFrame(decoder, pixels(videoElement, w, h, FRAME_PIXELS, state));
          } catch (e) {
            console.warn('scanner: frame not decoded:', e?.message || e);
          }
          const now = performance.now();
          for (const text of found) {
            if (signal?.aborted) break;
            if (now - (last.get(text) ?? -Infinity) < repeatMs) continue;
            last.set(text, now);
            try { onText(text); } catch (e) { console.error('scanner: onText failed:', e); }
          }
        }
        await sleep(Math.max(0, FRAME_INTERVAL_MS - (performance.now() - t0)), signal);
      }
    } finally {
      release();
    }
  })();
  return { done };
}

// When a still image gives nothing with the usual settings, these are tried in turn: a global or a
// fixed threshold instead of the local one, half size (coarse print, noise) and double size (tiny
// codes). The same sequence as `tongban code scan` (tools/cli/cmd_code_scan.cpp).
const STILL_RETRIES = [{ binarizer: 'GlobalHistogram' }, { binarizer: 'FixedThreshold' }, { scale: 0.5 }, { scale: 2 }];

// Every QR text in a still image given as ImageData ([] when there is none).
export async function decodeStill(imageData) {
  const decoder = await loadReader();
  let found = texts(await decoder.readBarcodes(imageData, IMAGE_OPTIONS));
  for (const retry of STILL_RETRIES) {
    if (found.length) break;
    if (retry.scale) {
      const w = Math.round(imageData.width * retry.scale), h = Math.round(imageData.height * retry.scale);
      if (w < 32 || h < 32 || w * h > 8e6) continue;
      const bitmap = await createImageBitmap(imageData, { resizeWidth: w, resizeHeight: h, resizeQuality: 'high' });
      try {
        found = texts(await decoder.readBarcodes(pixels(bitmap, w, h, Infinity, {}), IMAGE_OPTIONS));
      } finally {
        bitmap.close?.();
      }
    } else {
      found = texts(await decoder.readBarcodes(imageData, { ...IMAGE_OPTIONS, ...retry }));
    }
  }
  return found;
}

// Every QR text in an image file (a photo from the album, a screenshot): [] when there is none.
// Decoded by the browser (any format it reads: JPEG, PNG, WebP, …) then by ZXing; a photo is scaled
// to at most 4 megapixels first.
export async function scanImageFile(file) {
  const decoder = await loadReader();
  let bitmap = null;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    // Not decodable by the browser: ZXing's own PNG/JPEG reader gets a try.
    return texts(await decoder.readBarcodes(file, IMAGE_OPTIONS));
  }
  let data;
  try {
    data = pixels(bitmap, bitmap.width, bitmap.height, 4e6, {});
  } finally {
    bitmap.close?.();
  }
  return decodeStill(data);
}
