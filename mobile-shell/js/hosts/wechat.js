// The WeChat mini-program host, the same shape as hosts/h5.js (see bridge.js for what every host
// provides), over the host's own APIs:
//   core module   the Emscripten glue the package requires, its .wasm.br through
//                 WXWebAssembly.instantiate (package paths only)
//   randomness    wx.getRandomValues (asynchronous) into a pool that randomBytes() draws from
//   storage       blobs as files under wx.env.USER_DATA_PATH (FileSystemManager; written to a
//                 temporary file and renamed, so a write is whole or absent), preferences and the
//                 data key in wx storage
//   network       wx.request to the intake and the publisher (HTTPS; the host refuses others)
//   scanning      wx.scanCode (the host's own scanner, no camera frames in the page)
//   packaged data one JSON file in the package (data/assets.json: the upload takes only some file
//                 types, so binary files travel in it as base64)
// Alipay's my.* has the same calls under other names; its adapter is this file's shape again.
import { b64, fromB64, fromUtf8, utf8 } from '../bytes.js';

// WeChat's standard text size (设置 → 通用 → 字体大小, the default step), in px.
const STANDARD_FONT_PX = 17;

const POOL_BYTES = 16384;  // a sealed submission takes ~1 KB; refilled in the background at half
const MAX_HOST_RANDOM = 1048576;  // wx.getRandomValues' largest request

// A host call in the callback style as a promise; a failure carries the host's errMsg.
function hostCall(fn, args = {}) {
  return new Promise((resolve, reject) => {
    fn({ ...args, success: resolve, fail: (e) => reject(new HostError(e && e.errMsg ? e.errMsg : String(e))) });
  });
}
class HostError extends Error {
  constructor(errMsg) {
    super(errMsg);
    this.errMsg = errMsg;
  }
}
const missingFile = (e) => /no such file|not exist/i.test(e.errMsg || '');
const full = (e) => /maximum size|storage limit|exceed/i.test(e.errMsg || '');

// Bytes for the core and the shells, synchronously, from what wx.getRandomValues delivered earlier.
// Never anything weaker: when the pool is empty the call fails and says so.
class RandomPool {
  constructor(wx, size) {
    this.wx = wx;
    this.size = size;
    this.bytes = new Uint8Array(0);
    this.refilling = null;
  }
  refill() {
    const want = Math.min(MAX_HOST_RANDOM, this.size - this.bytes.length);
    if (!this.refilling && want > 0) {
      this.refilling = hostCall(this.wx.getRandomValues, { length: want }).then((r) => {
        const fresh = new Uint8Array(r.randomValues);
        if (fresh.length !== want) throw new Error(`wx.getRandomValues gave ${fresh.length} bytes, not ${want}`);
        const joined = new Uint8Array(this.bytes.length + fresh.length);
        joined.set(this.bytes);
        joined.set(fresh, this.bytes.length);
        this.bytes = joined;
      }).finally(() => { this.refilling = null; });
    }
    return this.refilling || Promise.resolve();
  }
  take(n) {
    if (this.bytes.length < n) {
      this.refill().catch(() => {});
      throw new Error(`随机数暂时不足（要 ${n} 字节，还有 ${this.bytes.length} 字节），请稍后再试`);
    }
    const out = this.bytes.slice(0, n);
    this.bytes.fill(0, 0, n);  // drawn bytes do not stay behind
    this.bytes = this.bytes.subarray(n);
    if (this.bytes.length < this.size / 2) this.refill().catch((e) => console.warn('random pool not refilled:', e.message));
    return out;
  }
}

// A URL's query (and fragment) parameters without URLSearchParams, which mini-program hosts lack.
function queryOf(url) {
  const out = {};
  for (const part of url.replace(/^[^?#]*[?#]?/, '').split(/[&#]/)) {
    if (!part) continue;
    const at = part.indexOf('=');
    const decode = (x) => { try { return decodeURIComponent(x.replace(/\+/g, ' ')); } catch { return ''; } };
    out[decode(at < 0 ? part : part.slice(0, at))] = decode(at < 0 ? '' : part.slice(at + 1));
  }
  return out;
}

const toArrayBuffer = (bytes) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);

// `wx`: the host's API object. `WXWebAssembly`: the host's WebAssembly. `createTongbanCore`: the
// core module's glue, required by the package. `module`: which one it is (tongban-phone, or
// tongban-phone-sm in an `sm` city's package: one per package, tools/miniprogram/assemble.sh).
// `wasmPath`: its .wasm.br in the package. `intake`: the city's intake and publisher base URL (https://…/).
export function wechatHost({ wx, WXWebAssembly, createTongbanCore, module: packagedModule = 'tongban-phone',
  wasmPath = `/core/${packagedModule}.wasm.br`, assetsPath = '/data/assets.json', intake }) {
  // HTTPS only, as the host requires of a published mini-program; plain HTTP to this machine is for
  // the developer tool against tools/run.sh's local server.
  if (!/^https:\/\/[^/]+\//.test(intake || '') && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(intake || '')) {
    throw new Error(`intake ${intake}: the mini-program reaches the intake over HTTPS only (https://…/)`);
  }
  const fs = wx.getFileSystemManager();
  const root = `${wx.env.USER_DATA_PATH}/tongban`;
  const pool = new RandomPool(wx, POOL_BYTES);
  const fileOf = (key) => `${root}/${encodeURIComponent(key)}`;
  let online = true;
  let assets = null;
  let rootReady = null;
  let returned = null;  // the provider's answer the web-view page saw, until signin.js takes it

  const ensureRoot = () => (rootReady ||= hostCall(fs.mkdir.bind(fs), { dirPath: root, recursive: true })
    .catch((e) => { if (!/exist/i.test(e.errMsg || '')) { rootReady = null; throw e; } }));
  const storageError = (what, e) => new Error(full(e)
    ? `手机上小程序的存储空间已满，${what}未能保存；已有的内容没有丢失。请清理后再试`
    : `${what}未能保存（${e.errMsg || e.message}）`);

  function packaged() {
    assets ||= hostCall(fs.readFile.bind(fs), { filePath: assetsPath, encoding: 'utf8' })
      .then((r) => JSON.parse(r.data))
      .catch((e) => { assets = null; throw new Error(`小程序包中缺少 ${assetsPath}（${e.message}）`); });
    return assets;
  }

  function request(method, url, body, header) {
    return new Promise((resolve, reject) => {
      wx.request({
        url, method, header, responseType: 'arraybuffer', dataType: 'binary',
        data: body ? toArrayBuffer(body) : undefined,
        success: (r) => resolve({ status: r.statusCode, bytes: new Uint8Array(r.data || new ArrayBuffer(0)) }),
        fail: (e) => reject(new Error(`网络不可用（${e && e.errMsg ? e.errMsg : e}）`)),
      });
    });
  }

  const host = {
    name: 'wechat',

    // Fills the random pool and learns the network state; the app awaits it before its first page.
    async ready() {
      await pool.refill();
      const net = await hostCall(wx.getNetworkType).catch(() => ({ networkType: 'unknown' }));
      online = net.networkType !== 'none';
      return host;
    },

    // The module's factory from the package's glue, its .wasm.br instantiated by the host. A module
    // that cannot be instantiated rejects here (the glue alone would wait forever).
    async createCore(options, module = 'tongban-phone') {
      // The package carries the one module its deployment needs (the 2 MB main-package rule): a
      // package assembled for another suite than its keys' is a build mistake, said plainly.
      if (module !== packagedModule) throw new Error(`这个小程序包不含所需的核心模块（${module}，包内为 ${packagedModule}）`);
      await pool.refill();
      // The `sm` module's OpenSSL and libgcrypt read /dev/urandom, which Emscripten serves from a
      // global crypto the host does not have: the package's glue takes the pool instead
      // (tools/miniprogram/assemble.sh). libsodium's randomness comes through options.getRandomValue.
      if (createTongbanCore.useRandom) createTongbanCore.useRandom((array) => { array.set(pool.take(array.length)); return array; });
      let failed;
      const failure = new Promise((_, reject) => { failed = reject; });
      const ready = createTongbanCore({
        ...options,
        instantiateWasm: (imports, done) => {
          WXWebAssembly.instantiate(wasmPath, imports)
            .then((r) => done(r.instance || r, r.module))
            .catch((e) => failed(new Error(`核心模块未能加载（${wasmPath}）：${e.message || e}`)));
          return {};
        },
      });
      return Promise.race([ready, failure]);
    },

    randomBytes(n) { return pool.take(n); },

    async asset(path) {
      const a = (await packaged())[path];
      if (typeof a !== 'object' || a === null || typeof a.base64 !== 'string') throw new Error(`小程序包中没有 ${path}`);
      return fromB64(a.base64);
    },
    async assetText(path) {
      const a = (await packaged())[path];
      if (typeof a !== 'object' || a === null || typeof a.text !== 'string') throw new Error(`小程序包中没有 ${path}`);
      return a.text;
    },

    async fetchBytes(path) {
      const r = await request('GET', intake + path, null, {});
      if (r.status !== 200) throw new Error(`${path}: HTTP ${r.status}`);
      return r.bytes;
    },
    async fetchText(path) { return fromUtf8(await host.fetchBytes(path)); },

    // One exchange with the intake: the answer whatever its status; rejects when there was none.
    http(method, path, body = null, contentType = 'application/octet-stream', headers = {}) {
      return request(method, intake + path, body, body ? { ...headers, 'content-type': contentType } : headers);
    },

    // A mini-program is told of changes by WeChat's subscription messages (notices.js): the person's
  // consent (straight from a tap), and a login code the intake trades with WeChat for their openid.
  noticeChannel() { return 'wechat'; },
  requestSubscribe(tmplIds) {
    return new Promise((resolve, reject) => wx.requestSubscribeMessage({
      tmplIds, success: resolve,
      fail: (e) => reject(new Error(`没有开启提醒（${(e && e.errMsg) || '微信未允许'}）`)),
    }));
  },
  loginCode() {
    return new Promise((resolve, reject) => wx.login({
      success: (r) => (r && r.code ? resolve(r.code) : reject(new Error('微信登录没有给出登录凭证'))),
      fail: (e) => reject(new Error(`微信登录失败（${(e && e.errMsg) || '未知原因'}）`)),
    }));
  },

  isOnline() { return online; },
    onConnectivityChange(callback) {
      wx.onNetworkStatusChange((r) => { online = !!r.isConnected; callback(online); });
    },

    getPreference(key) {
      try { const v = wx.getStorageSync(`tongban:${key}`); return v === '' || v === undefined ? null : String(v); } catch { return null; }
    },
    setPreference(key, value) {
      try { wx.setStorageSync(`tongban:${key}`, value); } catch (e) { console.warn('preference not kept:', e.message || e.errMsg); }
    },
    // WeChat's 字体大小 setting in px (fontSizeSetting; 17 at the standard step): WXSS sizes in rpx
    // do not follow it, so 长辈版 does (elderly.js).
    textScale() {
      try {
        const info = typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync();
        const px = Number(info && info.fontSizeSetting);
        return px > 0 ? px / STANDARD_FONT_PX : 1;
      } catch { return 1; }
    },

    store: {
      async get(key) {
        await ensureRoot();
        try {
          return new Uint8Array((await hostCall(fs.readFile.bind(fs), { filePath: fileOf(key) })).data);
        } catch (e) {
          if (missingFile(e)) return null;
          throw new Error(`本机数据未能读取（${e.errMsg || e.message}）`);
        }
      },
      async put(key, bytes) {
        await ensureRoot();
        const tmp = `${fileOf(key)}.tmp`;
        try {
          await hostCall(fs.writeFile.bind(fs), { filePath: tmp, data: toArrayBuffer(bytes) });
          await hostCall(fs.rename.bind(fs), { oldPath: tmp, newPath: fileOf(key) });
        } catch (e) {
          await hostCall(fs.unlink.bind(fs), { filePath: tmp }).catch(() => {});
          throw storageError('数据', e);
        }
      },
      async remove(key) {
        await ensureRoot();
        await hostCall(fs.unlink.bind(fs), { filePath: fileOf(key) }).catch((e) => { if (!missingFile(e)) throw e; });
      },
      async keys(prefix) {
        await ensureRoot();
        const r = await hostCall(fs.readdir.bind(fs), { dirPath: root });
        return r.files.filter((f) => !f.endsWith('.tmp')).map(decodeURIComponent).filter((k) => k.startsWith(prefix));
      },
    },

    // The key the core seals personal data with, kept in the mini-program's own storage (which only
    // this mini-program and this WeChat user can read). Weaker than the H5 host's non-extractable
    // WebCrypto key: the host offers no key store for arbitrary keys (docs/ARCHITECTURE.md).
    async dataKey() {
      const kept = host.getPreference('data-key');
      if (kept) return fromB64(kept);
      const raw = host.randomBytes(32);
      try {
        wx.setStorageSync('tongban:data-key', b64(raw));
      } catch (e) {
        throw storageError('密钥', e);
      }
      return raw;
    },

    // Real-name sign-in's journey (signin.js decides the request and checks the return). The
    // provider's pages open in the package's web-view page (pages/signin); the provider sends the
    // person back to the site's signin-return.html, which the web-view page sees load and hands
    // here (providerReturned), then opens 我的 to finish. Both the provider and the city's site are
    // the mini-program's business domains (业务域名).
    signInReturnUrl() { return `${intake}signin-return.html`; },
    keepSignIn(pending) {
      try {
        if (pending) wx.setStorageSync('tongban:signin', JSON.stringify(pending));
        else wx.removeStorageSync('tongban:signin');
      } catch (e) { throw storageError('登录状态', e); }
    },
    keptSignIn() {
      try { return JSON.parse(wx.getStorageSync('tongban:signin') || 'null'); } catch { return null; }
    },
    goToProvider(url) {
      return hostCall(wx.navigateTo, { url: `/pages/signin/signin?to=${encodeURIComponent(url)}` })
        .catch((e) => { throw new Error(`统一身份认证页面未能打开（${e.errMsg || e.message}）`); });
    },
    // The web-view page's report of a page it loaded: true when it is the way back from the
    // provider (kept for providerReturn), false for the provider's own pages.
    providerReturned(src) {
      const back = host.signInReturnUrl();
      if (typeof src !== 'string' || (src !== back && !src.startsWith(`${back}?`) && !src.startsWith(`${back}#`))) return false;
      returned = queryOf(src);
      return true;
    },
    providerReturn() {
      const r = returned;
      returned = null;
      return r && (r.code || r.error) ? r : null;
    },
    async providerRequest(method, url, form = null) {
      const r = await request(method, url, form === null ? null : utf8(form),
        form === null ? {} : { 'content-type': 'application/x-www-form-urlencoded' });
      let json = {};
      try { json = JSON.parse(fromUtf8(r.bytes)); } catch { /* not JSON: the status says it */ }
      return { status: r.status, json };
    },

    // The host's scanner: the code's text, or null when the person cancelled.
    async scanCode() {
      try {
        return (await hostCall(wx.scanCode, { onlyFromCamera: false, scanType: ['qrCode'] })).result;
      } catch (e) {
        if (/cancel/i.test(e.errMsg || '')) return null;
        if (/auth|permission|deny/i.test(e.errMsg || '')) throw new Error('没有获得使用相机的许可（可在小程序设置中允许）');
        throw new Error(`扫码未能完成（${e.errMsg || e.message}）`);
      }
    },
  };
  return host;
}
