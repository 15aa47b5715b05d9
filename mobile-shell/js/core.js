// The phone core module (C++ core compiled to WebAssembly) behind one function: call(op, args).
// Requests and replies are JSON (see wasm/phone/api/api.h). The module is instantiated through
// Module.instantiateWasm so the bridge decides how (browser fetch or a mini-program's own loader).
import { bridge } from './bridge.js';

let modulePromise = null;

export function loadCore(base = '') {
  if (!modulePromise) {
    modulePromise = (async () => {
      await bridge.loadScript(`${base}tongban-phone.js`);
      return globalThis.createTongbanCore({
        instantiateWasm(imports, done) {
          bridge.instantiateWasm(`${base}tongban-phone.wasm`, imports)
            .then((r) => done(r.instance, r.module))
            .catch((e) => console.error('core module failed to load:', e));
          return {};  // exports arrive through done()
        },
        print: (s) => console.log(s),
        printErr: (s) => console.warn(s),
      });
    })();
  }
  return modulePromise;
}

// Sends one request to the core; throws with the core's message when it refuses.
export async function call(op, args = {}) {
  const m = await loadCore();
  return send(m, { op, ...args });
}

// Like call(), with binary input copied into module memory ({ptr, len} in the request).
export async function callBytes(op, bytes, args = {}) {
  const m = await loadCore();
  const ptr = m._tb_alloc(bytes.length);
  try {
    m.HEAPU8.set(bytes, ptr);
    return send(m, { op, ...args, ptr, len: bytes.length });
  } finally {
    m._tb_free(ptr);
  }
}

// A call whose reply hands back bytes ({ptr, len} in reply[field]): they are copied out in the same
// turn, before any other call can reuse the core's buffer. Optional binary input as in callBytes().
export async function callCopy(op, args = {}, field = 'bytes', input = null) {
  const m = await loadCore();
  let ptr = 0;
  if (input) {
    ptr = m._tb_alloc(input.length);
    m.HEAPU8.set(input, ptr);
  }
  try {
    const reply = send(m, input ? { op, ...args, ptr, len: input.length } : { op, ...args });
    const ref = reply[field];
    return { reply, bytes: m.HEAPU8.slice(ref.ptr, ref.ptr + ref.len) };
  } finally {
    if (ptr) m._tb_free(ptr);
  }
}

// Copies bytes the core handed back as {ptr, len} (valid until the next call).
export async function bytesFrom(ref) {
  const m = await loadCore();
  return m.HEAPU8.slice(ref.ptr, ref.ptr + ref.len);
}

function send(m, requestObject) {
  const request = JSON.stringify(requestObject);
  const size = m.lengthBytesUTF8(request) + 1;
  const ptr = m._tb_alloc(size);
  try {
    m.stringToUTF8(request, ptr, size);
    const reply = JSON.parse(m.UTF8ToString(m._tb_call(ptr)));
    if (!reply.ok) throw new Error(reply.error);
    return reply;
  } finally {
    m._tb_free(ptr);
  }
}

// Base64 for binary of any size (spreading a large array into fromCharCode overflows the stack).
export function b64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
export function fromB64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; ++i) out[i] = s.charCodeAt(i);
  return out;
}
