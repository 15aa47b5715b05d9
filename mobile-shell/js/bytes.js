// Bytes ⇄ text without the browser's helpers (btoa/atob, TextEncoder/TextDecoder): mini-program
// hosts have none of them, and the modules that both shells share must run in either.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; ++i) B64_VALUE[B64.charCodeAt(i)] = i;

// Standard base64 with padding, for binary of any size.
export function b64(bytes) {
  const parts = [];
  let chunk = '';
  const n = bytes.length;
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i], b = i + 1 < n ? bytes[i + 1] : 0, c = i + 2 < n ? bytes[i + 2] : 0;
    const v = (a << 16) | (b << 8) | c;
    chunk += B64[v >> 18] + B64[(v >> 12) & 63] + (i + 1 < n ? B64[(v >> 6) & 63] : '=') + (i + 2 < n ? B64[v & 63] : '=');
    if (chunk.length >= 0x8000) { parts.push(chunk); chunk = ''; }  // keeps string building linear
  }
  parts.push(chunk);
  return parts.join('');
}

// base64url without padding (RFC 7515 §2): the sign-in's nonce, PKCE verifier, challenge and state.
export const b64url = (bytes) => b64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

// Decodes standard base64 (padding optional); throws on any other character.
export function fromB64(text) {
  const s = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let bits = 0, acc = 0, at = 0;
  for (let i = 0; i < s.length; ++i) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? B64_VALUE[code] : -1;
    if (v < 0) throw new Error(`base64: unexpected character at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
}

// UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does).
export function utf8(text) {
  const out = [];
  for (const ch of text) {
    let c = ch.codePointAt(0);
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

// The string that UTF-8 bytes spell; a malformed sequence becomes U+FFFD (as TextDecoder does).
export function fromUtf8(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    let need = 0, c = 0, min = 0;
    if (b < 0x80) { s += String.fromCharCode(b); ++i; continue; }
    if (b >= 0xc2 && b <= 0xdf) { need = 1; c = b & 0x1f; min = 0x80; }
    else if (b >= 0xe0 && b <= 0xef) { need = 2; c = b & 0x0f; min = 0x800; }
    else if (b >= 0xf0 && b <= 0xf4) { need = 3; c = b & 0x07; min = 0x10000; }
    else { s += '\ufffd'; ++i; continue; }
    let j = 1;
    for (; j <= need && i + j < bytes.length && (bytes[i + j] & 0xc0) === 0x80; ++j) c = (c << 6) | (bytes[i + j] & 63);
    if (j <= need || c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) { s += '\ufffd'; i += j; continue; }
    s += String.fromCodePoint(c);
    i += j;
  }
  return s;
}
