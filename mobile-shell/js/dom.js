// A few DOM helpers: the shell draws real HTML (accessible, system fonts, the phone's own IME)
// without a framework.
//
//   h(tag, attrs, ...children)  an element; `on<event>` attributes are its event handlers
//   render(root, ...nodes)      a new screen: root's children become `nodes`
//   patch(root, ...nodes)       the same screen drawn again after a change: root's elements are
//                               kept and brought up to date to look like `nodes`
//   patchOne(el, fresh)         the same for one element (a form field an edit changed)
//   whenReleased(key, redraw, ofScreen)  redraw now, or once the finger (or mouse button) that is
//                               down has had its click delivered (see "A press" below)
//
// Why patch: a screen that redraws itself while a finger is on it (a form redraws when a field
// loses focus, which happens at the pointerdown of the next tap) must not replace the element
// under the finger, or the click never arrives. patch keeps every element that is still there —
// matched by key (data-key, id, data-path, data-value) or else by tag in order — updates its
// attributes, text and form state, and points its handlers at the new closures. So the tapped
// button, the focused field and its caret all survive the redraw.
//
// Handlers given to h() are kept in a per-element table read by one dispatcher per event type;
// patch moves the new element's table onto the kept one. Code that redraws with patch must not
// hold on to the elements it built (they may be thrown away): handlers find what they need from
// the event (e.currentTarget). A subtree that fills itself in later (an address picker loading its
// lists, a QR code drawn on demand) is marked data-own="<what it shows>": while that stays the
// same, patch keeps the old subtree as it is.
const handlers = new WeakMap();  // element → { type: handler }

function dispatch(event) {
  const table = handlers.get(event.currentTarget);
  const fn = table && table[event.type];
  if (fn) return fn.call(event.currentTarget, event);
  return undefined;
}

function setHandlers(el, table) {
  handlers.set(el, table);
  for (const type of Object.keys(table)) el.addEventListener(type, dispatch);  // once per type: same listener
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  let table = null;
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') (table ||= {})[k.slice(2)] = v;
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  if (table) setHandlers(el, table);
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function render(root, ...nodes) {
  screens++;
  root.replaceChildren(...nodes.flat().filter(Boolean));
}

// A press (a finger or mouse button down) holds redraws back until its click has been delivered.
// The browser sends the click to what is under the finger when it is lifted (a tap's mousedown,
// which blurs the field being left and so answers it, comes right before); a refusal shown or taken
// away under that field, or the offline banner, would otherwise move the control from under the
// finger and the tap would be lost. Presses are numbered and only a press's own end releases it, so a
// late fallback from an earlier tap never lets a redraw through under the next finger.
let press = 0;  // the press redraws wait for; 0: none
let presses = 0;
let screens = 0;  // render() calls: a redraw held for one screen is dropped once another is shown
const held = new Map();  // key → the latest redraw held for it, run in the order first held

function release(id) {
  if (id !== press) return;
  press = 0;
  const redraws = [...held.values()];
  held.clear();
  for (const redraw of redraws) redraw();
}
const releaseSoon = (ms) => { const id = press; setTimeout(() => release(id), ms); };
addEventListener('pointerdown', () => { press = ++presses; }, true);
// A tap's mousedown is held for even if the fallback below let go meanwhile (a slow device).
addEventListener('mousedown', () => { if (!press) press = ++presses; }, true);
// The click comes in the same task as the mouseup (none when the button is released elsewhere), and
// a scroll cancels the pointer: released once the click's own handlers have run.
for (const type of ['mouseup', 'click', 'pointercancel']) addEventListener(type, () => releaseSoon(0), true);
// A finger's mouseup and click come only once the tap is recognised, and none follow a long press.
addEventListener('pointerup', () => releaseSoon(1000), true);

// `ofScreen`: the redraw draws the current screen (dropped if another is rendered meanwhile), not
// something around it (the offline banner).
export function whenReleased(key, redraw, ofScreen = true) {
  if (!press) {
    redraw();
    return;
  }
  const shown = screens;
  held.set(key, ofScreen ? () => { if (screens === shown) redraw(); } : redraw);
}

export function patch(root, ...nodes) {
  patchChildren(root, nodes.flat().filter(Boolean));
}

// One element brought up to date to look like `fresh` (a block of a screen that changed alone; the
// same rules as patch).
export function patchOne(el, fresh) {
  patchNode(el, fresh);
}

function keyOf(n) {
  if (n.nodeType !== Node.ELEMENT_NODE) return null;
  for (const a of ['data-key', 'id', 'data-path', 'data-value']) {
    const k = n.getAttribute(a);
    if (k !== null && k !== '') return `${a}=${k}`;
  }
  return null;
}

const sameKind = (a, b) => a.nodeType === b.nodeType && a.nodeName === b.nodeName &&
  (a.nodeName !== 'INPUT' || a.type === b.type);

function patchChildren(parent, fresh) {
  const old = Array.from(parent.childNodes);
  const byKey = new Map();
  for (const n of old) {
    const k = keyOf(n);
    if (k !== null && !byKey.has(k)) byKey.set(k, n);
  }
  const kept = new Set();
  let cursor = 0;  // unkeyed nodes are matched in order
  const plan = fresh.map((f) => {
    const k = keyOf(f);
    let match = null;
    if (k !== null) {
      const o = byKey.get(k);
      if (o && !kept.has(o) && sameKind(o, f)) match = o;
    } else {
      for (let i = cursor; i < old.length; i++) {
        const o = old[i];
        if (kept.has(o) || keyOf(o) !== null || !sameKind(o, f)) continue;
        match = o;
        cursor = i + 1;
        break;
      }
    }
    if (match) kept.add(match);
    return { node: match || f, from: f, kept: !!match };
  });
  for (const n of old) if (!kept.has(n)) n.remove();
  plan.forEach((p, i) => {
    if (p.kept) patchNode(p.node, p.from);
    // Kept nodes stay where they are unless the order changed (moving a node would blur it).
    const at = parent.childNodes[i];
    if (at !== p.node) parent.insertBefore(p.node, at || null);
  });
}

function patchNode(el, fresh) {
  if (el.nodeType !== Node.ELEMENT_NODE) {
    if (el.nodeValue !== fresh.nodeValue) el.nodeValue = fresh.nodeValue;
    return;
  }
  const own = fresh.getAttribute('data-own');
  if (own !== null && own === el.getAttribute('data-own')) return;
  for (const { name, value } of Array.from(fresh.attributes)) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }
  for (const { name } of Array.from(el.attributes)) {
    // <details open> is the person's choice, not part of what the screen draws.
    if (!fresh.hasAttribute(name) && !(name === 'open' && el.nodeName === 'DETAILS')) el.removeAttribute(name);
  }
  setHandlers(el, handlers.get(fresh) || {});
  // What is being typed into the focused field is the person's until they leave it.
  const typing = el === document.activeElement;
  if (el.nodeName === 'TEXTAREA') {
    if (!typing && el.value !== fresh.value) el.value = fresh.value;
    return;
  }
  patchChildren(el, Array.from(fresh.childNodes));
  // Form state lives in properties, not attributes: bring it in line with what the screen says.
  if (el.nodeName === 'INPUT') {
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = fresh.checked;
    else if (el.type !== 'file' && !typing && el.value !== fresh.value) el.value = fresh.value;
  } else if (el.nodeName === 'SELECT' && el.value !== fresh.value) {
    el.value = fresh.value;
  }
}
