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
