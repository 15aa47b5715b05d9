// A camera's view as a YUV4MPEG2 file: Chromium's fake capture device (--use-file-for-fake-video-
// capture) and the native kiosk's --camera both read it. Scenes are 8-bit grey frames (the Y plane)
// held for a number of frames; the chroma planes are neutral (4:2:0), so the picture is grey.
import { writeFileSync } from 'node:fs';

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
