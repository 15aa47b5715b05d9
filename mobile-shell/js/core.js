// The phone core module (C++ core compiled to WebAssembly) behind one function: call(op, args).
// Requests and replies are JSON (see wasm/phone/api/api.h). The host loads the module its own way
// (bridge.createCore: a script and fetch in a browser, require and WXWebAssembly in a mini-program)
// and is its only source of randomness.
import { bridge } from './bridge.js';

let modulePromise = null;

// Random words for the module, from the host. libsodium's Emscripten build asks for
// Module.getRandomValue (one 32-bit word at a time) and, when the module options did not give one,
// looks for window/self.crypto and then Node's require('crypto'): a mini-program host has neither,
// and the first crypto call threw "No secure random number generator found". Handing it in here
// makes the host the one random source everywhere.
function randomWord() {
  const b = bridge.randomBytes(4);
  return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}

// The deployment's suites, read from the keys shipped with the app (data/*.pub, "kind:" lines):
//   device  the suite of the guide issuer: the phone's own key is made in it (an `sm` city's
//           phone signs codes, requests and envelopes with SM2)
//   module  'sm' when any shipped key is SM2: only then is the larger module with the sm suite
//           (tongban-phone-sm, ~700 KB brotli) loaded; every other phone gets the small one
export async function deploymentSuites() {
  const kindOf = async (path) => {
    try {
      return (/^kind: (.*)$/m.exec(await bridge.assetText(path)) || [])[1] || '';
    } catch {
      return '';  // not shipped (a deployment without codes)
    }
  };
  const kinds = await Promise.all(['data/guide-issuer.pub', 'data/code-root.pub', 'data/intake.pub'].map(kindOf));
  const sm = (k) => k.startsWith('sm2-');
  return { device: sm(kinds[0]) ? 'sm' : 'ed25519', module: kinds.some(sm) ? 'sm' : 'ed25519' };
}

export function loadCore() {
  if (!modulePromise) {
    modulePromise = (async () => {
      const suites = await deploymentSuites();
      const m = await bridge.createCore({
        getRandomValue: randomWord,
        print: (s) => console.log(s),
        printErr: (s) => console.warn(s),
      }, suites.module === 'sm' ? 'tongban-phone-sm' : 'tongban-phone');
      send(m, { op: 'core.configure', suite: suites.device });
      return m;
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

// Large input the core keeps (a city's catalogue, ~19 MB): written straight into the core's own
// buffer, where the next call that names it ({staged: true}) takes it without a copy. Staging
// again replaces it. Holding such bytes twice would double the phone's WebAssembly heap.
export async function stage(bytes) {
  const m = await loadCore();
  const ptr = m._tb_stage(bytes.length);
  if (!ptr) throw new Error(`本机内存不足，无法读入 ${Math.ceil(bytes.length / 1048576)} MB 的数据`);
  m.HEAPU8.set(bytes, ptr);  // after tb_stage: the heap may have grown
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

export { b64, fromB64 } from './bytes.js';
