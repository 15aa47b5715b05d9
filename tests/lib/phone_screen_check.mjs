// One phone screen as shown now, measured from the DOM: against the MIIT ageing-friendly numbers
// (《互联网网站适老化通用设计规范》, MIIT in elderly_check.mjs: body text >= 18 px and the largest text
// >= 30 px in 长辈版, line height >= 1.3, targets >= 60x60 in 长辈版 and >= 44x44 otherwise, text
// contrast >= 4.5:1), and for words a resident should not meet: Latin-script UI text, raw code
// payloads (TBG1:, TBD1:, …), native controls that speak the browser's language (a file input's
// "Choose File", a date input's mm/dd/yyyy). What a person typed (.user-text) is theirs. Each
// shortfall names the element and its size. Plus axe-core's serious and critical violations.
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// Runs in the page (page.evaluate(measureScreen, { elderly, miit: MIIT })): what is shown now.
export function measureScreen({ elderly, miit }) {
  const MIN_TARGET = elderly ? miit.targetDp : 44;  // 44x44: the common minimum for everyone
  const sizes = [], latin = [];
  let largest = 0, largestWhat = '';
  const vw = document.documentElement.clientWidth;
  const shown = (el) => {
    if (el.closest('[hidden], [aria-hidden=true], script, style, noscript')) return false;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || Number(cs.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < vw;  // the skip link waits off-screen
  };
  const describe = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 18);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} “${text}”`;
  };
  const rgba = (s) => {
    const m = s.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : [0, 0, 0, 0];
  };
  // The colour behind an element: its own and its ancestors' backgrounds, composited over white.
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255];
    for (const c of layers.reverse()) bg = bg.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
    return bg;
  };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const contrast = (fg, bg) => {
    const a = rgba(fg);
    const bgc = bg;
    const mixed = [0, 1, 2].map((i) => a[i] * a[3] + bgc[i] * (1 - a[3]));
    const [l1, l2] = [lum(mixed), lum(bgc)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  // Meant to be Latin on a resident's screen: 'QR', the pinyin search example (sfz), the X that ends
  // some ID numbers (in full or masked), and blood groups as Chinese writes them (A型, AB型).
  const ALLOWED = [/\d{17}[\dX]/g, /\d{6}\*+\d{3}[\dX]/g, /\bQR\b/g, /\bsfz\b/g, /\b(?:AB|A|B|O)(?=型)/g];
  const words = (s) => {
    let t = s;
    for (const re of ALLOWED) t = t.replace(re, ' ');
    return t.match(/[A-Za-z][A-Za-z0-9_:.\-/]*/g) || [];
  };
  const checkWords = (text, where) => {
    if (/TB[A-Z]\d:/.test(text)) latin.push(`a raw code payload in ${where}: “${text.slice(0, 40)}”`);
    const w = words(text);
    if (w.length) latin.push(`Latin text in ${where}: ${w.slice(0, 4).join(' ')} (“${text.trim().slice(0, 30)}”)`);
  };

  // Text: size, line height, contrast, words.
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue;
    if (!text.trim()) continue;
    const el = n.parentElement;
    if (!el || !shown(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0 || r.left >= vw) continue;
    if (!el.closest('.user-text')) checkWords(text, describe(el));
    if (seen.has(el)) continue;
    seen.add(el);
    const cs = getComputedStyle(el);
    const size = parseFloat(cs.fontSize);
    if (size > largest) { largest = size; largestWhat = describe(el); }
    if (elderly && size < miit.bodyPt - 0.01) sizes.push(`text ${describe(el)} is ${size.toFixed(1)} px (< ${miit.bodyPt})`);
    const lh = cs.lineHeight === 'normal' ? NaN : parseFloat(cs.lineHeight) / size;
    if (!(lh >= miit.lineSpacing - 0.005)) sizes.push(`line height of ${describe(el)} is ${cs.lineHeight} at ${size.toFixed(1)} px (< ${miit.lineSpacing})`);
    const ratio = contrast(cs.color, background(el));
    if (ratio < miit.contrast - 0.01) sizes.push(`contrast of ${describe(el)} is ${ratio.toFixed(2)}:1 (< ${miit.contrast})`);
  }
  if (elderly && largest < miit.largestPt - 0.01) sizes.push(`largest text is ${largest.toFixed(1)} px (< ${miit.largestPt}): ${largestWhat}`);

  // Targets: everything that can be tapped; a checkbox inside a label is tapped through the label.
  const targets = new Set();
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [role=button], [role=radio], [tabindex]')) {
    if (el.getAttribute('tabindex') === '-1' || el.type === 'hidden') continue;
    const label = el.matches('input[type=checkbox], input[type=radio]') ? el.closest('label') : null;
    targets.add(label || el);
  }
  for (const el of targets) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < MIN_TARGET - 0.5 || r.height < MIN_TARGET - 0.5)
      sizes.push(`target ${describe(el)} is ${Math.round(r.width)}x${Math.round(r.height)} (< ${MIN_TARGET}x${MIN_TARGET})`);
  }
  // Words in native controls: placeholders, and controls the browser draws in its own language.
  for (const el of document.querySelectorAll('input, textarea, select')) {
    if (el.matches('input[type=file]') && shown(el)) latin.push(`a visible file input (the browser's “Choose File”): ${describe(el)}`);
    if (el.matches('input[type=date], input[type=time], input[type=datetime-local], input[type=month], input[type=week]'))
      latin.push(`a ${el.type} input (the browser's own date format): ${describe(el)}`);
    if (!shown(el)) continue;
    if (el.placeholder) {
      checkWords(el.placeholder, `the placeholder of ${describe(el)}`);
      const ratio = contrast(getComputedStyle(el, '::placeholder').color, background(el));
      if (ratio < miit.contrast - 0.01) sizes.push(`placeholder contrast of ${describe(el)} is ${ratio.toFixed(2)}:1 (< ${miit.contrast})`);
    }
    if (el.matches('select')) for (const o of el.options) checkWords(o.textContent, `an option of ${describe(el)}`);
  }
  checkWords(document.title, 'the page title');
  return { sizes, latin, largest };
}

// axe-core on the page as it is: its serious and critical violations, with the elements.
export async function axeViolations(page) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE });
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')} — ${v.help}`);
}
