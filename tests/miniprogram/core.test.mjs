// The phone core module in a mini-program host: the package's own files (lib/tongban.js, the
// glue, the .wasm.br) in a bare V8 context with only the WeChat host's globals — no window, self,
// crypto, TextDecoder, WebAssembly or require('crypto'), code generation from strings refused.
// The package carries one core module, the one its deployment's keys need (tongban-phone-sm in an
// `sm` city's package: `--suite sm --miniprogram build/miniprogram-sm`).
//   node tests/miniprogram/core.test.mjs [--miniprogram build/miniprogram] [--suite sm]
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { testPaths } from '../lib/harness.mjs';
import { miniProgramCopy } from '../lib/miniprogram_fixture.mjs';
import { requireInBareContext } from '../lib/wechat_host.mjs';

const { miniprogram, suite } = testPaths(null, ['miniprogram']);
const expectedModule = suite === 'sm' ? 'tongban-phone-sm' : 'tongban-phone';
const copies = [];
after(() => { for (const c of copies) c.remove(); });
const fresh = (options) => { const c = miniProgramCopy(miniprogram, options); copies.push(c); return c; };
const seed = () => Buffer.alloc(32, 7).toString('base64');

test('the core runs in a bare mini-program context, its randomness from wx.getRandomValues', { timeout: 60000 }, async (t) => {
  const { dir, shim } = fresh();
  const t0 = performance.now();
  const { exports: tb, context } = requireInBareContext(dir, 'lib/tongban.js', { wx: shim.wx, WXWebAssembly: shim.WXWebAssembly });
  assert.equal(vm.runInContext('[typeof window, typeof self, typeof crypto, typeof TextDecoder, typeof WebAssembly, typeof require].join()', context),
    'undefined,undefined,undefined,undefined,undefined,undefined');
  assert.throws(() => vm.runInContext('eval("1")', context), /Code generation from strings disallowed/);
  await tb.start();
  const filled = shim.randomBytesGiven;
  assert.ok(filled >= 16384, `the random pool was filled from wx.getRandomValues (${filled} bytes)`);
  assert.match((await tb.call('home', {})).entries[0].title, /办事指南/);
  // Issue 17's target is <= 300 ms on a quiet machine (docs/PERFORMANCE.md is the benchmarks'); here
  // it is only reported, as the tests run on a shared machine.
  t.diagnostic(`core ready (instantiate + first view-model) in ${Math.round(performance.now() - t0)} ms`);
  assert.match((await tb.call('version')).version, /^\d+\.\d+/);
  // device.key is the first call that starts libsodium, whose Emscripten build asks for random
  // numbers at start: the call that threw "No secure random number generator found" before.
  const key = await tb.call('device.key', { seed: seed() });
  // Ed25519: 32 bytes; SM2 (an `sm` city's phone): the 65-byte uncompressed point.
  assert.match(key.public_key, suite === 'sm' ? /^[A-Za-z0-9+/]{86}[A-Za-z0-9+/=]{2}$/ : /^[A-Za-z0-9+/]{42}[A-Za-z0-9+/=]{2}$/);
  const sealed = await tb.callCopy('seal.at_rest', { key: tb.b64(tb.bridge.randomBytes(32)), nonce: tb.b64(tb.bridge.randomBytes(24)), text: '张丽华', context: 'test' });
  assert.ok(sealed.bytes.length > 24, 'sealed at rest');
});

test('without the host handing in a random source, the same context fails as the issue describes', { timeout: 60000 }, async () => {
  const { dir, shim } = fresh();
  const { exports: core } = requireInBareContext(dir, 'core/core.js', { WXWebAssembly: shim.WXWebAssembly });
  assert.equal(core.name, expectedModule, 'the package carries the module its keys need');
  // The small module fails at its first crypto call; the `sm` one (OpenSSL and libgcrypt seed
  // themselves as it starts) already while starting. Either way: no randomness, no core.
  let failure = '';
  try {
    const m = await new Promise((resolve, reject) => {
      core.create({
        instantiateWasm(imports, done) {
          shim.WXWebAssembly.instantiate(`/core/${core.name}.wasm.br`, imports).then((r) => {
            try { done(r.instance, r.module); } catch (e) { reject(e); }
          }, reject);
          return {};
        },
        onAbort: (what) => reject(new Error(`Aborted(${what})`)),
      }).then(resolve, reject);
    });
    const request = JSON.stringify({ op: 'device.key', seed: seed() });
    const size = m.lengthBytesUTF8(request) + 1;
    const ptr = m._tb_alloc(size);
    m.stringToUTF8(request, ptr, size);
    m._tb_call(ptr);
  } catch (e) {
    failure = String(e);
  }
  assert.match(failure, suite === 'sm' ? /no random source: the host did not hand in one/ : /No secure random number generator found/);
});

test('the WeChat host refuses a plain-HTTP intake and says why; a core it cannot load is an error, not a wait', { timeout: 60000 }, async () => {
  const { dir, shim } = fresh({ intake: 'http://intake.example.gov.cn/' });
  const { exports: tb } = requireInBareContext(dir, 'lib/tongban.js', { wx: shim.wx, WXWebAssembly: shim.WXWebAssembly });
  assert.throws(() => tb.start(), /over HTTPS only/);

  const missing = fresh();
  rmSync(join(missing.dir, `core/${expectedModule}.wasm.br`));
  const { exports: broken } = requireInBareContext(missing.dir, 'lib/tongban.js', { wx: missing.shim.wx, WXWebAssembly: missing.shim.WXWebAssembly });
  // start() takes the core's string table, so a core it cannot load stops the start itself.
  const cannotLoad = new RegExp(`核心模块未能加载（/core/${expectedModule}\\.wasm\\.br）.*not in the code package`);
  await assert.rejects(broken.start(), cannotLoad);
  await assert.rejects(broken.call('version'), cannotLoad);
});

test('a full store is said in plain Chinese and the value stored before is kept whole', { timeout: 60000 }, async () => {
  const { dir, shim } = fresh();
  const { exports: tb } = requireInBareContext(dir, 'lib/tongban.js', { wx: shim.wx, WXWebAssembly: shim.WXWebAssembly });
  await tb.start();
  await tb.bridge.store.put('draft:x', Uint8Array.of(1, 2, 3));
  shim.quota(64);
  await assert.rejects(tb.bridge.store.put('draft:x', new Uint8Array(100)), /存储空间已满.*已有的内容没有丢失/);
  assert.deepEqual([...(await tb.bridge.store.get('draft:x'))], [1, 2, 3]);
  assert.deepEqual(shim.userFiles(), ['draft%3Ax'], 'no temporary file left behind');
  assert.deepEqual(await tb.bridge.store.keys('draft:'), ['draft:x']);
});

test('the package\'s JavaScript uses no TextDecoder, eval or new Function', { timeout: 30000 }, () => {
  const offences = [];
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.js')) {
        const src = readFileSync(p, 'utf8');
        for (const [what, re] of [['TextDecoder', /\bTextDecoder\b/], ['TextEncoder', /\bTextEncoder\b/], ['eval(', /\beval\s*\(/], ['new Function', /new\s+Function\s*\(/], ['atob/btoa', /\b(atob|btoa)\s*\(/]]) {
          if (re.test(src)) offences.push(`${p.slice(miniprogram.length + 1)}: ${what}`);
        }
      }
    }
  };
  walk(miniprogram);
  assert.deepEqual(offences, []);
});
