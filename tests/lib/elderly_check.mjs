// The kiosk's elderly mode (长辈版) against MIIT's ageing-friendly numbers, measured from one frame:
// its automation description (text runs with their pixel sizes, line spacing and colours; touch
// targets with their rectangles; the screen's diagonal) and a screenshot of the same frame.
//   body text >= 18 pt and the largest text >= 30 pt, at the screen's physical size;
//   line spacing of wrapped text >= 1.3; touch targets >= 60 x 60 dp; contrast >= 4.5:1.
// Shared by the native kiosk test (screenshots from X) and the browser kiosk test (from Chromium).
import { execFileSync } from 'node:child_process';

export const MIIT = { bodyPt: 18, largestPt: 30, lineSpacing: 1.3, targetDp: 60, contrast: 4.5 };

// The screenshot's pixels as RGB bytes (ImageMagick decodes it once).
export function readPixels(png) {
  const size = execFileSync('identify', ['-format', '%w %h', png]).toString().trim().split(' ').map(Number);
  const rgb = execFileSync('convert', [png, '-depth', '8', 'rgb:-'], { maxBuffer: 64 << 20 });
  return { width: size[0], height: size[1], rgb };
}

const channel = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const inside = (r, box) => r.x >= box.x - 1 && r.y >= box.y - 1 && r.x + r.w <= box.x + box.w + 1 && r.y + r.h <= box.y + box.h + 1;

// The background under a run of text: the most common colour in its rectangle.
function background(px, r) {
  const counts = new Map();
  const x0 = Math.max(0, Math.floor(r.x)), y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(px.width, Math.ceil(r.x + r.w)), y1 = Math.min(px.height, Math.ceil(r.y + r.h));
  for (let y = y0; y < y1; y += 2)
    for (let x = x0; x < x1; x += 2) {
      const i = 3 * (y * px.width + x);
      const key = (px.rgb[i] << 16) | (px.rgb[i + 1] << 8) | px.rgb[i + 2];
      counts.set(key, (counts.get(key) || 0) + 1);
    }
  let best = 0, n = -1;
  for (const [k, c] of counts) if (c > n) best = k, n = c;
  return [best >> 16, (best >> 8) & 255, best & 255];
}

// Every way the frame falls short, as readable lines (empty: it meets every number). What a modal
// sheet covers is dimmed and inactive: with a modal open only what is drawn on it is measured.
// Disabled controls (a rail at its end) are exempt from contrast, as in WCAG.
export function elderlyShortfalls(frame, png, numbers = MIIT) {
  const out = [];
  const { w, h } = frame.display;
  const ppi = Math.hypot(w, h) / frame.screen_inches;
  const pt = (px) => (px * 72) / ppi, dp = (px) => (px * 160) / ppi;
  const active = (r) => !frame.modal || r.on_modal;
  const runs = frame.runs.filter(active);
  const targets = frame.targets.filter(active);
  if (!runs.length) return [`${frame.screen}: no text measured`];
  const smallest = runs.reduce((a, b) => (b.px < a.px ? b : a)), largest = runs.reduce((a, b) => (b.px > a.px ? b : a));
  if (pt(smallest.px) < numbers.bodyPt) out.push(`${frame.screen}: text at ${pt(smallest.px).toFixed(1)} pt (${smallest.px} px at ${ppi.toFixed(0)} ppi) < ${numbers.bodyPt} pt, at (${Math.round(smallest.x)},${Math.round(smallest.y)})`);
  if (pt(largest.px) < numbers.largestPt) out.push(`${frame.screen}: the largest text is ${pt(largest.px).toFixed(1)} pt < ${numbers.largestPt} pt`);
  for (const r of runs)
    if (r.line_px && r.h > r.px * 1.5 && r.line_px / r.px < numbers.lineSpacing)
      out.push(`${frame.screen}: wrapped text at (${Math.round(r.x)},${Math.round(r.y)}) has line spacing ${(r.line_px / r.px).toFixed(2)} < ${numbers.lineSpacing}`);
  for (const t of targets)
    if (dp(t.w) < numbers.targetDp || dp(t.h) < numbers.targetDp)
      out.push(`${frame.screen}: target ${t.id} "${t.label}" is ${dp(t.w).toFixed(0)} x ${dp(t.h).toFixed(0)} dp (${Math.round(t.w)} x ${Math.round(t.h)} px) < ${numbers.targetDp} x ${numbers.targetDp}`);
  // Two targets on top of each other: a tap on one may be taken by the other (a 长辈版 page rail
  // taller than a short list drew 下一页 over 上一页).
  // A row partly scrolled out of a scroll area's view is reported whole; only its part in the view
  // takes taps.
  const common = (a, b) => {
    const x = Math.max(a.x, b.x), y = Math.max(a.y, b.y);
    return { x, y, w: Math.min(a.x + a.w, b.x + b.w) - x, h: Math.min(a.y + a.h, b.y + b.h) - y };
  };
  const clipped = targets.map((t) => {
    const v = (frame.views || []).find((w) => { const c = common(t, w); return c.w > 0 && c.h > 0; });
    return v ? { ...t, ...common(t, v) } : t;
  });
  // One around the other is a described region, not two buttons (division.path spans the
  // address's crumbs).
  const around = (o, i) => o.x <= i.x && o.y <= i.y && o.x + o.w >= i.x + i.w && o.y + o.h >= i.y + i.h;
  for (let i = 0; i < clipped.length; i++)
    for (let j = i + 1; j < clipped.length; j++) {
      const p = clipped[i], q = clipped[j], c = common(p, q);
      if (around(p, q) || around(q, p)) continue;
      if (c.w > 1 && c.h > 1) out.push(`${frame.screen}: targets ${p.id} and ${q.id} overlap by ${Math.round(c.w)} x ${Math.round(c.h)} px`);
    }
  const px = readPixels(png);
  const disabled = targets.filter((t) => t.state === 'disabled');
  for (const r of runs) {
    if (disabled.some((t) => inside(r, t))) continue;
    const ratio = contrast(hex(r.color), background(px, r));
    if (ratio < numbers.contrast)
      out.push(`${frame.screen}: text ${r.color} at (${Math.round(r.x)},${Math.round(r.y)}) has contrast ${ratio.toFixed(2)}:1 < ${numbers.contrast}:1`);
  }
  return out;
}
