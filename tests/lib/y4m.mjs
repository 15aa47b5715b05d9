// A camera's view as a YUV4MPEG2 file: Chromium's fake capture device (--use-file-for-fake-video-
// capture) and the native kiosk's --camera both read it. Scenes are 8-bit grey frames (the Y plane)
// held for a number of frames; the chroma planes are neutral (4:2:0), so the picture is grey.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export function writeY4m(path, width, height, scenes, fps = 10) {
  const chroma = Buffer.alloc(Math.ceil(width / 2) * Math.ceil(height / 2), 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const { grey, frames } of scenes) {
    if (grey.length !== width * height) throw new Error(`a ${width}x${height} frame needs ${width * height} bytes, got ${grey.length}`);
    for (let i = 0; i < frames; i++) parts.push(Buffer.from('FRAME\n'), grey, chroma, chroma);
  }
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

// A document camera's view of a printed page: a light page with lines of dark "text", in
// perspective (tilted, nearer at the bottom) on a darker desk, as grey bytes for writeY4m. `page`
// gives its corners (top-left, top-right, bottom-right, bottom-left) as fractions of the frame.
export const PAGE_CORNERS = [[0.24, 0.10], [0.78, 0.14], [0.82, 0.92], [0.20, 0.88]];
export function documentPage(width, height, page = PAGE_CORNERS) {
  const grey = Buffer.alloc(width * height, 50);
  const corners = page.map(([x, y]) => [x * width, y * height]);
  const centre = [0, 1].map((k) => corners.reduce((s, p) => s + p[k], 0) / 4);
  const text = corners.map((p) => [0, 1].map((k) => centre[k] + 0.8 * (p[k] - centre[k])));  // the margins stay blank
  const inside = (c, x, y) => c.every((a, i) => {
    const b = c[(i + 1) % 4];
    return (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]) >= 0;
  });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (inside(corners, x, y)) {
        const ink = inside(text, x, y) && Math.floor(y / 14) % 3 === 0 && Math.floor(x / 7) % 5 !== 0;
        grey[y * width + x] = ink ? 40 : 235;
      }
  return grey;
}

// The department's side of 拍照上传 of documentPage() (a part opened by `tongban open --out`):
// one attachment, the field pointing at it, a JPEG cropped to the page and straightened — as wide
// as the page's top and bottom edges, as tall as its sides, within 5 %, in the pixels of the
// `frame` ({w, h}) it was taken from. Returns the JPEG's bytes.
export function checkPagePhoto(part, field, frame, page = PAGE_CORNERS) {
  assert.equal(part.attachments.length, 1, 'one attachment');
  assert.equal(part.attachments[0].name, `${field}.jpg`);
  assert.deepEqual(part.data.values[field], { attachment: 0, name: `${field}.jpg` }, 'the field points at it');
  const jpeg = readFileSync(part.attachments[0].path);
  assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
  const [w, h] = execFileSync('identify', ['-format', '%w %h', part.attachments[0].path], { encoding: 'utf8' }).split(' ').map(Number);
  const c = page.map(([x, y]) => [x * frame.w, y * frame.h]);
  const edge = (i, j) => Math.hypot(c[i][0] - c[j][0], c[i][1] - c[j][1]);
  const pageW = (edge(0, 1) + edge(3, 2)) / 2, pageH = (edge(0, 3) + edge(1, 2)) / 2;
  assert.ok(Math.abs(w - pageW) < pageW * 0.05 && Math.abs(h - pageH) < pageH * 0.05,
    `the page cropped and straightened: ${w}x${h}, the page ${Math.round(pageW)}x${Math.round(pageH)}`);
  return jpeg;
}
