// How the core's view-models are put into words and marks on a screen, once for both shells: the
// H5 shell draws these as HTML, the mini-program's pages as WXML. No DOM, no host. Fixed words come
// from the core's string table (strings.js, loaded before the first screen).
import { S, fill } from './strings.js';

// A name split at the search matches (highlights are [start, length] in code points):
// [{text, mark}], the marked parts drawn highlighted.
export function highlightSegments(name, marks) {
  const chars = Array.from(name);
  const out = [];
  let at = 0;
  for (const [start, len] of marks || []) {
    if (start > at) out.push({ text: chars.slice(at, start).join(''), mark: false });
    out.push({ text: chars.slice(start, start + len).join(''), mark: true });
    at = start + len;
  }
  if (at < chars.length) out.push({ text: chars.slice(at).join(''), mark: false });
  return out;
}

// The badges after an item's name in a list: [{label, kind}] (kind: bundle, online or visit).
export function itemBadges(item) {
  return [
    item.bundle ? { label: S.BadgeBundle, kind: 'bundle' } : null,
    item.online ? { label: S.BadgeOnline, kind: 'online' } : null,
    item.needs_visit ? { label: S.BadgeVisit, kind: 'visit' } : null,
  ].filter(Boolean);
}

// A form view-model's head: which step of how many, the required answers done, the last page.
export function formProgress(v) {
  return {
    steps: fill(S.FormSteps, v.page + 1, v.pages, v.page_title),
    percent: v.required_total ? Math.round((100 * v.required_done) / v.required_total) : 100,
    text: fill(S.FormProgress, v.required_done, v.required_total),
    last: v.page + 1 >= v.pages,
  };
}

// A single choice with this many choices or more (民族: 56) is a list to pick from, not a wall of
// buttons: the same threshold as the kiosk's (kiosk/ui/editor.h, Editor::kListChoices).
export const LIST_CHOICES = 9;

// What happened to a submission, in the resident's words, following the outbox's status
// (0 saved on the phone → 1 sent → 2 accepted; 3 refused).
export function submissionHeadline(what, status, online) {
  if (status === 3) return `${what}已被退回`;
  if (status >= 1) return `${what}已提交`;
  return online ? `${what}正在提交…` : `${what}已保存，联网后自动提交`;
}

// The receipt number a person may read out: digits only (the id's first 32 bits), not hex letters.
export const receiptNumber = (id) => String(parseInt(id.slice(0, 8), 16)).padStart(10, '0');

// When a submission was made, as the phone shows it: 3月5日 09:07.
export function whenText(ms) {
  const d = new Date(ms);
  return `${d.getMonth() + 1}月${d.getDate()}日 ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
