// 预约 and 好差评 without a screen, for both shells: the days and time slots a resident can ask
// for, and the sealed requests (the core seals each to the item's department; the outbox sends it
// now or when the network returns).
import { sealAndQueue } from './submission.js';

export const SLOTS = ['09:00-10:00', '10:00-11:00', '11:00-12:00', '14:00-15:00', '15:00-16:00', '16:00-17:00'];

// The next `n` working days after `from` (weekends skipped): {value: yyyymmdd, label: "3月5日 周四"}.
export function workingDays(n, from = new Date()) {
  const out = [];
  const d = new Date(from.getTime());
  while (out.length < n) {
    d.setDate(d.getDate() + 1);
    if (d.getDay() === 0 || d.getDay() === 6) continue;
    out.push({ value: d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate(), label: `${d.getMonth() + 1}月${d.getDate()}日 周${'日一二三四五六'[d.getDay()]}` });
  }
  return out;
}

// {item, hall, date (yyyymmdd), slot, name, mobile} for the item named `itemName`. Resolves {id, departments}.
export function requestAppointment(a, itemName) {
  return sealAndQueue('appointment', { appointment: { ...a, name: a.name.trim(), mobile: a.mobile.trim() } }, `预约：${itemName}`);
}

// 1–5 stars and optional words about the submission `rates` (its outbox id) for `item`.
export function rate(item, rates, stars, comment) {
  return sealAndQueue('rating', { rating: { item, rates, stars, comment } }, '好差评');
}
