// The words the phone shows that the kiosk shows too, from the core's one string table
// (core/ui_strings.h, the `strings` op): the phone writes none of them itself. Loaded once, before the
// first screen draws; screens read S.Name.
import { call } from './core.js';

export const S = {};
let loading = null;

export function loadStrings() {
  if (!loading) loading = call('strings').then((r) => { Object.assign(S, r.strings); });
  return loading;
}

// A string's "{}" filled in order, as the core's ui::fill does: fill(S.FormRow, 2) → "第2条".
export function fill(text, ...values) {
  let i = 0;
  return text.replace(/\{\}/g, (hole) => (i < values.length ? String(values[i++]) : hole));
}
