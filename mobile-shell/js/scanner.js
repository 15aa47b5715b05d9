// The phone's QR scanner: ZXing-C++ as WebAssembly (npm zxing-wasm, reader-only build), loaded the
// first time a scan starts — never at app start — and always from this site: the ES module, the
// chunk it imports and the .wasm are shipped under vendor/zxing-wasm/ (tools/site/assemble.sh), and
// the wasm URL is given to the module explicitly (locateFile), so it never reaches for a CDN.
//
//   scanFrames(video, onText, { signal })  reads the camera ~10 times a second, onText(text) per code
//   readFrame(zx, imageData)               one camera frame, with retries for damaged codes
//   scanImageFile(file)                    every QR text in a photo (album, screenshot) → [texts]
//
// The decoder settings are exported so the benchmark (tools/bench/bench_codes.mjs) measures exactly
// what the phone runs.

const ZXING_BASE = new URL('../vendor/zxing-wasm/', import.meta.url);
const ZXING_MODULE = new URL('es/reader/index.js', ZXING_BASE).href;
const ZXING_WASM = new URL('reader/zxing_reader.wasm', ZXING_BASE).href;

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
// The zxing-wasm reader module, instantiated with the wasm from this site. One instance per page.
export function loadReader() {
  if (!reader) {
    reader = (async () => {
      const zx = await import(ZXING_MODULE);
      await zx.prepareZXingModule({
        overrides: {
          locateFile: (path, prefix) => (path.endsWith('.wasm') ? ZXING_WASM : prefix + path),
        },
        fireImmediately: true,
      });
      return zx;
    })().catch((e) => { reader = null; throw e; });
  }
  return reader;
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

// Grey levels of RGBA pixels (Rec. 601 weights, integer).
function greyOf(image) {
  const { data, width, height } = image;
  const g = new Uint8ClampedArray(width * height);
  for (let p = 0, q = 0; p < g.length; p++, q += 4) g[p] = (data[q] * 77 + data[q + 1] * 150 + data[q + 2] * 29) >> 8;
  return g;
}

function imageOfGrey(g, width, height) {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0, q = 0; p < g.length; p++, q += 4) { rgba[q] = rgba[q + 1] = rgba[q + 2] = g[p]; rgba[q + 3] = 255; }
  return new ImageData(rgba, width, height);
}

// Local contrast normalisation, as scan/qr_read.cpp does it: each pixel's distance from the mean of
// the window around it, in units of that window's spread (at least 4 grey levels), back to 0..255.
// A reflection leaves a code's modules a few grey levels apart; this spreads them again.
function normalisedGrey(g, w, h) {
  const r = Math.max(8, Math.floor(Math.min(w, h) / 30)), W = w + 1;
  const sum = new Float64Array(W * (h + 1)), sq = new Float64Array(W * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0, rowSq = 0;
    for (let x = 0; x < w; x++) {
      const p = g[y * w + x];
      row += p; rowSq += p * p;
      const i = (y + 1) * W + x + 1;
      sum[i] = sum[i - W] + row; sq[i] = sq[i - W] + rowSq;
    }
  }
  const out = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r), y1 = Math.min(h, y + r + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r), x1 = Math.min(w, x + r + 1), n = (y1 - y0) * (x1 - x0);
      const s = sum[y1 * W + x1] - sum[y0 * W + x1] - sum[y1 * W + x0] + sum[y0 * W + x0];
      const q = sq[y1 * W + x1] - sq[y0 * W + x1] - sq[y1 * W + x0] + sq[y0 * W + x0];
      const mean = s / n, spread = Math.sqrt(Math.max(0, q / n - mean * mean));
      out[y * w + x] = 128 + 64 * ((g[y * w + x] - mean) / Math.max(spread, 4));
    }
  }
  return out;
}

// Half size, each pixel the mean of four: the noise of independent pixels halves.
function halvedGrey(g, width, height) {
  const w = width >> 1, h = height >> 1;
  const out = new Uint8ClampedArray(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = 2 * y * width + 2 * x;
      out[y * w + x] = (g[i] + g[i + 1] + g[i + width] + g[i + width + 1] + 2) >> 2;
    }
  return out;
}

// A separable box blur of `radius` run `passes` times (close to a Gaussian of
// sqrt(passes * ((2r+1)^2 - 1) / 12) px), as scan/qr_read.cpp `box_blurred`. Edges repeat. The
// vertical pass goes a row at a time with a running sum per column, so memory is read in order (a
// column at a time took twice as long here, which the frame's 40 ms budget pays for in retries).
function boxBlurredGrey(g, w, h, radius, passes) {
  const a = g.slice(), b = new Uint8ClampedArray(w * h), sums = new Int32Array(w), n = 2 * radius + 1, half = n >> 1;
  const at = (v, hi) => (v < 0 ? 0 : v > hi ? hi : v);
  for (let round = 0; round < passes; round++) {
    for (let y = 0; y < h; y++) {  // rows: a -> b
      const row = y * w;
      let sum = 0;
      for (let x = -radius; x <= radius; x++) sum += a[row + at(x, w - 1)];
      for (let x = 0; x < w; x++) {
        b[row + x] = ((sum + half) / n) | 0;
        sum += a[row + at(x + radius + 1, w - 1)] - a[row + at(x - radius, w - 1)];
      }
    }
    sums.fill(0);  // columns: b -> a
    for (let y = -radius; y <= radius; y++) {
      const row = at(y, h - 1) * w;
      for (let x = 0; x < w; x++) sums[x] += b[row + x];
    }
    for (let y = 0; y < h; y++) {
      const out = y * w, enter = at(y + radius + 1, h - 1) * w, leave = at(y - radius, h - 1) * w;
      for (let x = 0; x < w; x++) {
        a[out + x] = ((sums[x] + half) / n) | 0;
        sums[x] += b[enter + x] - b[leave + x];
      }
    }
  }
  return a;
}

// Sensor noise smoothed, as scan/qr_read.cpp `denoised`: a 3x3 box filter run twice (close to a
// Gaussian of 1.15 px), which keeps modules of 3 px and more while it cuts independent noise by four.
// Not boxBlurredGrey(g, w, h, 1, 2), which rounds after each direction: in the codes benchmark the
// browser read 65-68 % of the noisy-rotated frames with it against 71-75 % with this (two runs each,
// the same hour; the browser's figure moves with the machine's load, its retries being bound to 40 ms
// a frame), while natively the two read the same, so scan/qr_read.cpp uses its box_blurred.
function denoisedGrey(g, w, h) {
  let a = g, b = new Uint8ClampedArray(w * h);
  for (let round = 0; round < 2; round++) {
    for (let y = 0; y < h; y++) {
      const ym = y > 0 ? y - 1 : 0, yp = y + 1 < h ? y + 1 : h - 1;
      for (let x = 0; x < w; x++) {
        const xm = x > 0 ? x - 1 : 0, xp = x + 1 < w ? x + 1 : w - 1;
        const s = a[ym * w + xm] + a[ym * w + x] + a[ym * w + xp] + a[y * w + xm] + a[y * w + x] + a[y * w + xp] +
          a[yp * w + xm] + a[yp * w + x] + a[yp * w + xp];
        b[y * w + x] = ((s + 4) / 9) | 0;
      }
    }
    if (round === 0) { a = b; b = new Uint8ClampedArray(w * h); } else a = b;
  }
  return a;
}

// Unsharp masking (scan/qr_read.cpp `sharpened`): the image plus `amount` times its difference
// from a blurred copy, taking back part of what blur spread into a small module's neighbours.
function sharpenedGrey(g, w, h, radius, passes, amount) {
  const blur = boxBlurredGrey(g, w, h, radius, passes), out = new Uint8ClampedArray(w * h);
  for (let i = 0; i < out.length; i++) out[i] = g[i] + amount * (g[i] - blur[i]);
  return out;
}

// The enlargings of scan/qr_read.cpp (`Enlarging`): the frame `num`/`den` times as large (bilinear),
// smoothed against the noise and sharpened against the blur, so a small, blurred, noisy code gets
// more pixels than its one. Each reads frames the others miss.
const TWICE = { num: 2, den: 1, blurRadius: 2, blurPasses: 1, sharpenRadius: 3, amount: 2 };
const ONE_AND_A_HALF = { num: 3, den: 2, blurRadius: 1, blurPasses: 2, sharpenRadius: 3, amount: 2 };
const THRICE = { num: 3, den: 1, blurRadius: 3, blurPasses: 2, sharpenRadius: 4, amount: 2 };

function enlargedSharpenedGrey({ px: g, w, h }, e) {
  const s = e.num / e.den, W = Math.floor((w * e.num) / e.den), H = Math.floor((h * e.num) / e.den), big = new Uint8ClampedArray(W * H);
  for (let y = 0; y < H; y++) {
    const v = Math.min(Math.max((y + 0.5) / s - 0.5, 0), h - 1), y0 = Math.floor(v), y1 = Math.min(y0 + 1, h - 1), fy = v - y0;
    for (let x = 0; x < W; x++) {
      const u = Math.min(Math.max((x + 0.5) / s - 0.5, 0), w - 1), x0 = Math.floor(u), x1 = Math.min(x0 + 1, w - 1), fx = u - x0;
      big[y * W + x] = (1 - fy) * ((1 - fx) * g[y0 * w + x0] + fx * g[y0 * w + x1]) + fy * ((1 - fx) * g[y1 * w + x0] + fx * g[y1 * w + x1]) + 0.5;
    }
  }
  return { px: sharpenedGrey(boxBlurredGrey(big, W, H, e.blurRadius, e.blurPasses), W, H, e.sharpenRadius, 2, e.amount), w: W, h: H };
}

// Where the code most likely is (scan/qr_read.cpp `busy_region`): the largest connected patch of
// BxB blocks busier (more change of grey between neighbours, in a smoothed frame) than twice the
// median block, with two blocks of margin; the whole frame when nothing stands out. Retries on the
// patch alone cost a fraction of the frame's, so the costly ones fit the budget.
function busyRegion(smooth, w, h, B = 8) {
  const margin = 2, bw = Math.floor(w / B), bh = Math.floor(h / B), whole = { x: 0, y: 0, w, h };
  if (bw < 3 || bh < 3) return whole;
  const busy = new Float32Array(bw * bh);
  for (let by = 0; by < bh; by++)
    for (let bx = 0; bx < bw; bx++) {
      let change = 0;
      for (let y = by * B; y < by * B + B; y++) {
        const row = y * w, below = Math.min(y + 1, h - 1) * w;
        for (let x = bx * B; x < bx * B + B; x++) change += Math.abs(smooth[row + x] - smooth[row + Math.min(x + 1, w - 1)]) + Math.abs(smooth[row + x] - smooth[below + x]);
      }
      busy[by * bw + bx] = change / (B * B);
    }
  const median = Float32Array.from(busy).sort()[busy.length >> 1];
  const threshold = Math.max(2 * median, median + 4);
  const seen = new Uint8Array(busy.length), stack = [];
  let best = 0, found = whole;
  for (let i = 0; i < busy.length; i++) {
    if (seen[i] || busy[i] < threshold) continue;
    let count = 0, x0 = bw, y0 = bh, x1 = 0, y1 = 0;
    seen[i] = 1;
    stack.push(i);
    while (stack.length) {
      const j = stack.pop(), x = j % bw, y = (j / bw) | 0;
      count++;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const X = x + dx, Y = y + dy, k = Y * bw + X;
          if (X < 0 || Y < 0 || X >= bw || Y >= bh || seen[k] || busy[k] < threshold) continue;
          seen[k] = 1;
          stack.push(k);
        }
    }
    if (count > best) {
      best = count;
      const left = Math.max(0, (x0 - margin) * B), top = Math.max(0, (y0 - margin) * B);
      found = { x: left, y: top, w: Math.min(w, (x1 + 1 + margin) * B) - left, h: Math.min(h, (y1 + 1 + margin) * B) - top };
    }
  }
  return found;
}

function partOf(g, width, r) {
  const out = new Uint8ClampedArray(r.w * r.h);
  for (let y = 0; y < r.h; y++) out.set(g.subarray((r.y + y) * width + r.x, (r.y + y) * width + r.x + r.w), y * r.w);
  return out;
}

// Each pixel the median of its 3x3 neighbourhood: noise goes while module edges stay sharp.
function median3Grey(g, w, h) {
  const out = g.slice(), n = new Uint8Array(9);
  for (let y = 1; y + 1 < h; y++)
    for (let x = 1; x + 1 < w; x++) {
      let k = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) n[k++] = g[(y + dy) * w + x + dx];
      n.sort();
      out[y * w + x] = n[4];
    }
  return out;
}

// One camera frame: the usual reading, coarse to fine (the frame averaged down to half size, then
// the frame itself), then — when it finds nothing and the budget allows — what a careful reader
// tries next, the native path's passes (scan/qr_read.cpp `read_qr_frame`): on the patch where the
// code most likely is, smoothed and sharpened and enlarged one and a half times (noise and blur);
// the frame with its local contrast normalised (glare); the patch enlarged two and three times;
// the whole frame enlarged twice, smoothed alone, smoothed and normalised, its 3x3 median, and
// normalised with a global threshold. Texts of the codes read ([] when none).
// Two differences from the native order, both because JavaScript pays more for pixels: the patch
// is found on the half-size frame already made (smoothed; natively on the whole smoothed frame), and
// the normalisation (12 ms here, for glare, which the first passes mostly read) comes after the
// patch's first two passes instead of before them. With the native order the browser read 64-65
// of the benchmark's 72 noisy-rotated frames within the budget; with this one 69, and glare stays
// 72 of 72.
export async function readFrame(zx, imageData, { budgetMs = FRAME_BUDGET_MS } = {}) {
  const start = performance.now();
  const { width: w, height: h } = imageData;
  let grey = null, norm = null, smooth = null;
  const g = () => (grey ??= greyOf(imageData));
  const read = (pixels, pw, ph, options = CAMERA_OPTIONS) => zx.readBarcodes(imageOfGrey(pixels, pw, ph), options);
  // Coarse to fine, as natively: the frame averaged down to half size, then the frame itself.
  const halvable = w >= 64 && h >= 64;
  const half = halvable ? halvedGrey(g(), w, h) : null;
  let found = texts(await (halvable ? read(half, w >> 1, h >> 1) : zx.readBarcodes(imageData, CAMERA_OPTIONS)));
  let slowest = performance.now() - start;
  const cameraSized = w * h <= 1280 * 960;
  let code = null;  // { px, w, h }: the patch where the code most likely is
  const readGrey = ({ px, w: pw, h: ph }) => read(px, pw, ph);
  const retries = [
    () => (halvable ? zx.readBarcodes(imageData, CAMERA_OPTIONS) : []),
    () => {
      let r;
      if (halvable) {
        const q = busyRegion(denoisedGrey(half, w >> 1, h >> 1), w >> 1, h >> 1, 4);
        r = { x: 2 * q.x, y: 2 * q.y, w: Math.min(w - 2 * q.x, 2 * q.w), h: Math.min(h - 2 * q.y, 2 * q.h) };
      } else r = busyRegion((smooth = denoisedGrey(g(), w, h)), w, h);
      code = r.w === w && r.h === h ? { px: g(), w, h } : { px: partOf(g(), w, r), w: r.w, h: r.h };
      return read(sharpenedGrey(denoisedGrey(code.px, code.w, code.h), code.w, code.h, 2, 2, 1.5), code.w, code.h);
    },
    () => (cameraSized ? readGrey(enlargedSharpenedGrey(code, ONE_AND_A_HALF)) : []),
    () => read((norm = normalisedGrey(g(), w, h)), w, h),
    ...[TWICE, THRICE].map((e) => () => (cameraSized ? readGrey(enlargedSharpenedGrey(code, e)) : [])),
    // The whole frame, in case the patch was not the code.
    () => (cameraSized && (code.w !== w || code.h !== h) ? readGrey(enlargedSharpenedGrey({ px: g(), w, h }, TWICE)) : []),
    () => read((smooth ??= denoisedGrey(g(), w, h)), w, h),
    () => read(normalisedGrey(smooth, w, h), w, h),
    () => read(median3Grey(g(), w, h), w, h),
    () => read(norm, w, h, { ...CAMERA_OPTIONS, binarizer: 'GlobalHistogram' }),
  ];
  for (const retry of retries) {
    if (found.length || performance.now() - start + slowest > budgetMs) break;
    const t0 = performance.now();
    found = texts(await retry());
    slowest = Math.max(slowest, performance.now() - t0);
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
  const zx = await loadReader();
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
            found = await readFrame(zx, pixels(videoElement, w, h, FRAME_PIXELS, state));
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
  const zx = await loadReader();
  let found = texts(await zx.readBarcodes(imageData, IMAGE_OPTIONS));
  for (const retry of STILL_RETRIES) {
    if (found.length) break;
    if (retry.scale) {
      const w = Math.round(imageData.width * retry.scale), h = Math.round(imageData.height * retry.scale);
      if (w < 32 || h < 32 || w * h > 8e6) continue;
      const bitmap = await createImageBitmap(imageData, { resizeWidth: w, resizeHeight: h, resizeQuality: 'high' });
      try {
        found = texts(await zx.readBarcodes(pixels(bitmap, w, h, Infinity, {}), IMAGE_OPTIONS));
      } finally {
        bitmap.close?.();
      }
    } else {
      found = texts(await zx.readBarcodes(imageData, { ...IMAGE_OPTIONS, ...retry }));
    }
  }
  return found;
}

// Every QR text in an image file (a photo from the album, a screenshot): [] when there is none.
// Decoded by the browser (any format it reads: JPEG, PNG, WebP, …) then by ZXing; a photo is scaled
// to at most 4 megapixels first.
export async function scanImageFile(file) {
  const zx = await loadReader();
  let bitmap = null;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    // Not decodable by the browser: ZXing's own PNG/JPEG reader gets a try.
    return texts(await zx.readBarcodes(file, IMAGE_OPTIONS));
  }
  let data;
  try {
    data = pixels(bitmap, bitmap.width, bitmap.height, 4e6, {});
  } finally {
    bitmap.close?.();
  }
  return decodeStill(data);
}
