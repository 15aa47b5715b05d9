// A few DOM helpers: the shell draws real HTML (accessible, system fonts, the phone's own IME)
// without a framework.
//
//   h(tag, attrs, ...children)  an element; `on<event>` attributes are its event handlers
//   vh(tag, attrs, ...children) the same element described, not built (see "Descriptions" below)
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
// Descriptions: patch and patchOne take elements built by h() or descriptions made by vh() (plain
// objects; h() is vh() built). A screen redrawn on every edit (the form: thousands of fields) is
// described, so an edit builds no element that the patch would throw away at once: on a page of
// 15,000 nodes every element thrown away is garbage the browser's collector must trace the whole
// page to free, and its pauses were the slowest edits. A description not matched on the page is
// built where it goes; a built element can stand among descriptions (a subtree that fills itself in).
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

class Description {
  constructor(tag, attrs, children) {
    this.tag = tag;
    this.name = tag.toUpperCase();  // what the element's nodeName will be
    this.attrs = [];  // [name, value, name, value, ...]: what the element's attributes will be
    this.handlers = {};
    this.children = [];  // Descriptions, Nodes and strings (text)
    for (const k in attrs) {
      const v = attrs[k];
      if (v === false || v === null || v === undefined) continue;
      if (k.startsWith('on') && typeof v === 'function') this.handlers[k.slice(2)] = v;
      else if (k === 'dataset') for (const d in v) this.attrs.push(`data-${d.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(v[d]));
      else this.attrs.push(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      this.children.push(c instanceof Node || c instanceof Description ? c : String(c));
    }
  }

  attr(name) {
    for (let i = 0; i < this.attrs.length; i += 2) if (this.attrs[i] === name) return this.attrs[i + 1];
    return null;
  }

  text() { return this.children.filter((c) => typeof c === 'string').join(''); }

  // What `.value` of the built element would say (the state patch brings a kept control to).
  value() {
    if (this.name === 'TEXTAREA') return this.text();
    if (this.name !== 'SELECT') return this.attr('value') ?? '';
    // A one-line select shows its last selected option, or else its first one not disabled.
    let chosen = null, first = null;
    for (const o of this.children) {
      if (!(o instanceof Description) || o.name !== 'OPTION') continue;
      if (!first && o.attr('disabled') === null) first = o;
      if (o.attr('selected') !== null) chosen = o;
    }
    const o = chosen || first;
    return o ? o.attr('value') ?? o.text() : '';
  }

  build() {
    const el = document.createElement(this.tag);
    for (let i = 0; i < this.attrs.length; i += 2) el.setAttribute(this.attrs[i], this.attrs[i + 1]);
    if (Object.keys(this.handlers).length) setHandlers(el, this.handlers);
    for (const c of this.children) el.append(built(c));
    return el;
  }
}

const built = (n) => (n instanceof Description ? n.build() : n instanceof Node ? n : document.createTextNode(n));

export function vh(tag, attrs = {}, ...children) {
  return new Description(tag, attrs || {}, children);
}

export function h(tag, attrs = {}, ...children) {
  return vh(tag, attrs, ...children).build();
}

export function render(root, ...nodes) {
  screens++;
  root.replaceChildren(...nodes.flat().filter(Boolean).map(built));
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

const KEYS = ['data-key', 'id', 'data-path', 'data-value'];

// `n`: a node on the page, or what patch was given (a Node, a Description or a text).
function keyOf(n) {
  if (typeof n === 'string') return null;
  const d = n instanceof Description;
  if (!d && n.nodeType !== Node.ELEMENT_NODE) return null;
  for (const a of KEYS) {
    const k = d ? n.attr(a) : n.getAttribute(a);
    if (k !== null && k !== '') return `${a}=${k}`;
  }
  return null;
}

// `a` on the page; `b` what it is to look like.
function sameKind(a, b) {
  if (typeof b === 'string') return a.nodeType === Node.TEXT_NODE;
  if (b instanceof Description) {
    return a.nodeType === Node.ELEMENT_NODE && a.nodeName === b.name && (b.name !== 'INPUT' || a.type === (b.attr('type') || 'text'));
  }
  return a.nodeType === b.nodeType && a.nodeName === b.nodeName && (a.nodeName !== 'INPUT' || a.type === b.type);
}

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
    else p.node = built(p.node);
    // Kept nodes stay where they are unless the order changed (moving a node would blur it).
    const at = parent.childNodes[i];
    if (at !== p.node) parent.insertBefore(p.node, at || null);
  });
}

function patchNode(el, fresh) {
  if (el.nodeType !== Node.ELEMENT_NODE) {
    const text = typeof fresh === 'string' ? fresh : fresh.nodeValue;
    if (el.nodeValue !== text) el.nodeValue = text;
    return;
  }
  const d = fresh instanceof Description;
  const attr = d ? (name) => fresh.attr(name) : (name) => fresh.getAttribute(name);
  const own = attr('data-own');
  if (own !== null && own === el.getAttribute('data-own')) return;
  if (d) {
    for (let i = 0; i < fresh.attrs.length; i += 2) {
      if (el.getAttribute(fresh.attrs[i]) !== fresh.attrs[i + 1]) el.setAttribute(fresh.attrs[i], fresh.attrs[i + 1]);
    }
  } else {
    for (const { name, value } of Array.from(fresh.attributes)) {
      if (el.getAttribute(name) !== value) el.setAttribute(name, value);
    }
  }
  for (let i = el.attributes.length - 1; i >= 0; i--) {
    const { name } = el.attributes[i];
    // <details open> is the person's choice, not part of what the screen draws.
    if (attr(name) === null && !(name === 'open' && el.nodeName === 'DETAILS')) el.removeAttribute(name);
  }
  setHandlers(el, (d ? fresh.handlers : handlers.get(fresh)) || {});
  // What is being typed into the focused field is the person's until they leave it.
  const typing = el === document.activeElement;
  const value = d ? () => fresh.value() : () => fresh.value;
  if (el.nodeName === 'TEXTAREA') {
    if (!typing && el.value !== value()) el.value = value();
    return;
  }
  patchChildren(el, d ? fresh.children : Array.from(fresh.childNodes));
  // Form state lives in properties, not attributes: bring it in line with what the screen says.
  if (el.nodeName === 'INPUT') {
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = d ? fresh.attr('checked') !== null : fresh.checked;
    else if (el.type !== 'file' && !typing && el.value !== value()) el.value = value();
  } else if (el.nodeName === 'SELECT' && el.value !== value()) {
    el.value = value();
  }
}
