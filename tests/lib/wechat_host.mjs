// A stand-in for the WeChat mini-program host, for tests in Node: the `wx` API and WXWebAssembly as
// their documentation describes them, over real files, real HTTP and real randomness.
//   const host = wechatHostShim({ packageDir, dataDir, urlCheck })
//   host.wx, host.WXWebAssembly     what the mini-program sees as globals
//   host.navigations                 wx.navigateTo / redirectTo URLs, in order
//   host.randomBytesGiven            bytes wx.getRandomValues has handed out
//   host.toasts                      wx.showToast titles, in order
//   host.stageFile(name, bytes)      a temporary file (what wx.chooseMedia returns next)
//   host.stageScan(text | Error)     what wx.scanCode reads next (nothing staged: the person cancels)
//   host.network(online)             the network goes away or comes back (onNetworkStatusChange)
//   host.quota(bytes)                the user data folder's size limit (writes past it fail)
//   withoutWebGlobals(fn)            runs fn with no TextDecoder/TextEncoder/atob/btoa/crypto/eval
// What it follows from the documentation: WXWebAssembly.instantiate takes a path inside the code
// package only (.wasm or brotli .wasm.br; no wxfile:, http: or bytes); files live under
// wx.env.USER_DATA_PATH (wxfile://usr), the package is read-only; wx.request reaches HTTPS only
// unless the developer tool's 不校验合法域名 is on (urlCheck: false); asynchronous calls take
// success/fail/complete or, given none, return a promise; failures carry an errMsg "api:fail …".
import { readFileSync, writeFileSync, renameSync, unlinkSync, mkdirSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, normalize, dirname } from 'node:path';
import { randomFillSync } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import vm from 'node:vm';

const USER_DATA_PATH = 'wxfile://usr';
const TEMP_PREFIX = 'wxfile://tmp/';

export function wechatHostShim({ packageDir, dataDir, urlCheck = true }) {
  mkdirSync(join(dataDir, 'usr'), { recursive: true });
  mkdirSync(join(dataDir, 'tmp'), { recursive: true });
  const storage = new Map();
  const netListeners = [];
  const staged = [];
  const scans = [];  // what wx.scanCode reads next: a text, or an Error (its errMsg)
  let online = true;
  let fontSizePx = 17;  // 设置 → 通用 → 字体大小: the standard step
  let quotaBytes = 200 * 1024 * 1024;  // the documented limit of a mini-program's user files
  const shim = { navigations: [], titles: [], calls: [], toasts: [], randomBytesGiven: 0, subscribeRequests: [] };
  const subscribeAnswers = [];  // what the person answers the next wx.requestSubscribeMessage ('accept' unless told)
  let account = null;           // the person's WeChat account at WeChat's server (the test's stand-in): {mintCode, consent}

  // success/fail/complete, or a promise when none is given (the documented "Promise 风格").
  const api = (name, impl) => (opts = {}) => {
    const run = Promise.resolve().then(() => impl(opts)).then(
      (res) => ({ ok: true, res: { errMsg: `${name}:ok`, ...res } }),
      (e) => ({ ok: false, res: { errMsg: `${name}:fail ${e.message || e}` } }));
    if (!opts.success && !opts.fail && !opts.complete) return run.then((r) => { if (r.ok) return r.res; throw r.res; });
    run.then((r) => {
      if (r.ok) opts.success?.(r.res); else opts.fail?.(r.res);
      opts.complete?.(r.res);
    });
    return undefined;
  };

  // A file path as the host resolves it: user data, temporary files, or the (read-only) package.
  function resolve(path, { write = false } = {}) {
    if (typeof path !== 'string' || !path) throw new Error('invalid path');
    if (path.startsWith(`${USER_DATA_PATH}/`) || path === USER_DATA_PATH) return join(dataDir, 'usr', normalize(path.slice(USER_DATA_PATH.length) || '/'));
    if (path.startsWith(TEMP_PREFIX)) return join(dataDir, 'tmp', normalize(path.slice(TEMP_PREFIX.length)));
    if (/^[a-z]+:/i.test(path)) throw new Error(`no such file or directory ${path}`);
    if (write) throw new Error(`permission denied, open ${path}`);
    const p = join(packageDir, normalize(`/${path}`));
    return p;
  }
  const usedBytes = () => {
    let n = 0;
    const walk = (d) => { for (const f of readdirSync(d)) { const p = join(d, f); const s = statSync(p); n += s.isDirectory() ? (walk(p), 0) : s.size; } };
    walk(join(dataDir, 'usr'));
    return n;
  };
  const fsError = (e, path) => new Error(e.code === 'ENOENT' ? `no such file or directory, open ${path}` : e.message);

  const fs = {
    readFile: api('readFile', ({ filePath, encoding }) => {
      let bytes;
      try { bytes = readFileSync(resolve(filePath)); } catch (e) { throw fsError(e, filePath); }
      return { data: encoding ? bytes.toString(encoding === 'utf-8' ? 'utf8' : encoding) : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) };
    }),
    writeFile: api('writeFile', ({ filePath, data, encoding }) => {
      const p = resolve(filePath, { write: true });
      const bytes = typeof data === 'string' ? Buffer.from(data, encoding || 'utf8') : Buffer.from(new Uint8Array(data));
      const before = existsSync(p) ? statSync(p).size : 0;
      if (usedBytes() - before + bytes.length > quotaBytes) throw new Error('the maximum size of the file storage limit is exceeded');
      try { writeFileSync(p, bytes); } catch (e) { throw fsError(e, filePath); }
      return {};
    }),
    rename: api('rename', ({ oldPath, newPath }) => {
      try { renameSync(resolve(oldPath, { write: true }), resolve(newPath, { write: true })); } catch (e) { throw fsError(e, oldPath); }
      return {};
    }),
    unlink: api('unlink', ({ filePath }) => {
      try { unlinkSync(resolve(filePath, { write: true })); } catch (e) { throw fsError(e, filePath); }
      return {};
    }),
    mkdir: api('mkdir', ({ dirPath, recursive }) => {
      const p = resolve(dirPath, { write: true });
      if (existsSync(p)) throw new Error(`file already exists ${dirPath}`);
      mkdirSync(p, { recursive: !!recursive });
      return {};
    }),
    readdir: api('readdir', ({ dirPath }) => {
      try { return { files: readdirSync(resolve(dirPath)) }; } catch (e) { throw fsError(e, dirPath); }
    }),
  };

  function request({ url, method = 'GET', data, header = {}, responseType }) {
    return new Promise((ok, fail) => {
      let u;
      try { u = new URL(url); } catch { fail(new Error(`invalid url ${url}`)); return; }
      if (u.protocol !== 'https:' && (urlCheck || u.protocol !== 'http:')) {
        fail(new Error(`url not in domain list (only https is allowed): ${url}`));
        return;
      }
      if (!online) { fail(new Error('net::ERR_INTERNET_DISCONNECTED')); return; }
      const body = data === undefined ? null : typeof data === 'string' ? Buffer.from(data) : Buffer.from(new Uint8Array(data));
      const req = (u.protocol === 'https:' ? https : http).request(u, { method, headers: { ...header, ...(body ? { 'content-length': body.length } : {}) } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          const buf = all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
          ok({ statusCode: res.statusCode, header: res.headers, data: responseType === 'arraybuffer' ? buf : all.toString('utf8') });
        });
      });
      req.on('error', (e) => fail(e));
      if (body) req.write(body);
      req.end();
    });
  }

  const wx = {
    env: { USER_DATA_PATH },
    getFileSystemManager: () => fs,
    getRandomValues: api('getRandomValues', ({ length }) => {
      if (!Number.isInteger(length) || length <= 0 || length > 1048576) throw new Error(`invalid length ${length}`);
      const b = new Uint8Array(length);
      randomFillSync(b);
      shim.randomBytesGiven += length;
      return { randomValues: b.buffer };
    }),
    request: api('request', request),
    getNetworkType: api('getNetworkType', () => ({ networkType: online ? 'wifi' : 'none' })),
    onNetworkStatusChange: (fn) => { netListeners.push(fn); },
    getStorageSync: (key) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key, value) => { storage.set(key, value); },
    removeStorageSync: (key) => { storage.delete(key); },
    // The documented synchronous call (base library 2.20.1+): the user's text size among its fields.
    getAppBaseInfo: () => ({ SDKVersion: '3.4.0', language: 'zh_CN', theme: 'light', fontSizeSetting: fontSizePx }),
    scanCode: api('scanCode', () => {
      const next = scans.shift();
      if (next === undefined) throw new Error('cancel');
      if (next instanceof Error) throw next;
      return { result: next, scanType: 'QR_CODE', charSet: 'utf-8' };
    }),
    chooseMedia: api('chooseMedia', () => {
      const f = staged.shift();
      if (!f) throw new Error('cancel');
      return { tempFiles: [f], type: 'image' };
    }),
    navigateTo: api('navigateTo', ({ url }) => { shim.navigations.push(url); return {}; }),
    redirectTo: api('redirectTo', ({ url }) => { shim.navigations.push(url); return {}; }),
    setNavigationBarTitle: api('setNavigationBarTitle', ({ title }) => { shim.titles.push(title); return {}; }),
    makePhoneCall: api('makePhoneCall', ({ phoneNumber }) => { shim.calls.push(phoneNumber); return {}; }),
    showToast: api('showToast', ({ title }) => { shim.toasts.push(title); return {}; }),
    // The person's answer per template ({id: 'accept' | 'reject'}), as WeChat's consent sheet gives it.
    requestSubscribeMessage: api('requestSubscribeMessage', ({ tmplIds }) => {
      if (!Array.isArray(tmplIds) || tmplIds.length === 0 || tmplIds.length > 3) throw new Error('invalid tmplIds');
      shim.subscribeRequests.push(tmplIds);
      const answer = subscribeAnswers.shift() || 'accept';
      if (answer === 'accept') account?.consent(tmplIds);  // WeChat records the consent on its side
      return Object.fromEntries(tmplIds.map((id) => [id, answer]));
    }),
    login: api('login', () => {
      if (!account) throw new Error('system error');
      return { code: account.mintCode() };
    }),
  };

  const WXWebAssembly = {
    // A path inside the code package only: no bytes, no URL, no wxfile: (the documented difference
    // from WebAssembly.instantiate); .wasm.br is brotli, decompressed by the host.
    async instantiate(path, imports) {
      if (typeof path !== 'string') throw new TypeError('WXWebAssembly.instantiate: the first argument must be a code package path');
      if (/^[a-z]+:/i.test(path)) throw new Error(`WebAssembly.instantiate: not support wxfile: or http: path (${path})`);
      if (!/\.wasm(\.br)?$/.test(path)) throw new Error(`WebAssembly.instantiate: ${path} is not a .wasm or .wasm.br file`);
      const file = join(packageDir, normalize(`/${path}`));
      if (!existsSync(file)) throw new Error(`WebAssembly.instantiate: ${path} is not in the code package`);
      let bytes = readFileSync(file);
      if (path.endsWith('.br')) bytes = zlib.brotliDecompressSync(bytes);
      return WebAssembly.instantiate(bytes, imports);
    },
    Memory: WebAssembly.Memory,
    Table: WebAssembly.Table,
    Global: WebAssembly.Global,
    RuntimeError: WebAssembly.RuntimeError,
  };

  return Object.assign(shim, {
    wx, WXWebAssembly,
    stageFile(name, bytes) {
      const path = `${TEMP_PREFIX}${name}`;
      writeFileSync(resolve(path), bytes);
      staged.push({ tempFilePath: path, size: bytes.length, fileType: 'image' });
      return path;
    },
    stageScan(textOrError) { scans.push(textOrError); },
    answerSubscribe(answer) { subscribeAnswers.push(answer); },
    useWechatAccount(a) { account = a; },
    network(now) { online = now; for (const fn of netListeners) fn({ isConnected: now, networkType: now ? 'wifi' : 'none' }); },
    quota(bytes) { quotaBytes = bytes; },
    fontSize(px) { fontSizePx = px; },
    userFiles: () => readdirSync(join(dataDir, 'usr', 'tongban')),
    readUserFile: (name) => readFileSync(join(dataDir, 'usr', 'tongban', name)),
  });
}

// Makes this process look like the mini-program's JavaScript for the code loaded after it (each
// test file is a process of its own): the shim's wx and WXWebAssembly as globals, and no
// TextDecoder/TextEncoder, atob/btoa, WebCrypto, eval or new Function (both throw).
export function becomeMiniProgram(shim) {
  globalThis.wx = shim.wx;
  globalThis.WXWebAssembly = shim.WXWebAssembly;
  for (const n of ['TextDecoder', 'TextEncoder', 'atob', 'btoa', 'crypto']) delete globalThis[n];
  const refuse = () => { throw new EvalError('code generation from strings is not available in a mini-program'); };
  globalThis.eval = refuse;
  globalThis.Function = new Proxy(Function, { apply: refuse, construct: refuse });
}

// Loads a CommonJS file of the package into a bare V8 context — only `globals`, code generation
// from strings refused (eval, new Function), no window/self/crypto/TextDecoder/require('crypto') —
// with a require() that resolves inside the package. → the file's module.exports.
export function requireInBareContext(packageDir, file, globals) {
  const context = vm.createContext({ console, setTimeout, clearTimeout, ...globals }, { codeGeneration: { strings: false, wasm: true } });
  vm.runInContext('delete globalThis.WebAssembly', context);  // mini-program hosts have WXWebAssembly only
  const cache = new Map();
  const load = (path) => {
    if (cache.has(path)) return cache.get(path).exports;
    const module = { exports: {} };
    cache.set(path, module);
    const source = readFileSync(join(packageDir, path), 'utf8');
    const fn = vm.compileFunction(source, ['require', 'module', 'exports'], { parsingContext: context, filename: path });
    const req = (spec) => {
      if (!spec.startsWith('.')) throw new Error(`Cannot find module '${spec}'`);  // no Node built-ins in a mini-program
      return load(join(dirname(path), spec).replace(/\\/g, '/'));
    };
    fn(req, module, module.exports);
    return module.exports;
  };
  return { exports: load(file), context };
}
