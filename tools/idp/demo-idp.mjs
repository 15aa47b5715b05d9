#!/usr/bin/env node
// The demo city's unified identity platform (统一身份认证): a real OpenID Connect provider
// (oidc-provider from npm) standing in for the city's, so the phone's real-name sign-in runs end to
// end in the demo (tools/run.sh) and the tests. It knows only the fictional demo residents it is
// given; a resident signs in with their mobile number and the demo one-time code shown on the page.
//
// It signs ID tokens with Ed25519 (EdDSA) and writes its public keys (JWKS) to --jwks-out, which the
// credential desk pins (`tongban serve --signin-jwks`). The private key lives in --key (created on
// first start, mode 0600) so tokens stay verifiable across restarts.
//
//   node tools/idp/demo-idp.mjs --port 8082 --key DIR/idp.key.json --jwks-out DIR/jwks.json \
//        --redirect http://127.0.0.1:8080/ --resident assets/demo-wallet/profile.json
import { createServer } from 'node:http';
import { generateKeyPairSync, createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

const DEMO_CODE = '246810';  // the one-time code every demo resident "receives"
const CLIENT_ID = 'tongban-phone';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '8082' },
    issuer: { type: 'string' },
    key: { type: 'string' },
    'jwks-out': { type: 'string' },
    redirect: { type: 'string', multiple: true, default: [] },
    resident: { type: 'string', multiple: true, default: [] },
    'token-seconds': { type: 'string', default: '600' },
  },
});
const fail = (msg) => { console.error(`demo-idp: ${msg}`); process.exit(2); };
if (!opt.key || !opt['jwks-out']) fail('--key FILE and --jwks-out FILE are required');
if (!opt.redirect.length) fail('--redirect URL (the phone site, e.g. http://127.0.0.1:8080/) is required');
if (!opt.resident.length) fail('--resident PROFILE.json (a demo resident) is required');
const port = Number(opt.port);
const issuer = opt.issuer || `http://127.0.0.1:${port}`;

// The signing key: made once, kept private (0600), its public half published for the desk.
if (!existsSync(opt.key)) {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  jwk.kid = createHash('sha256').update(jwk.x).digest('base64url').slice(0, 16);
  jwk.alg = 'EdDSA';
  jwk.use = 'sig';
  writeFileSync(opt.key, JSON.stringify(jwk), { mode: 0o600 });
}
const signing = JSON.parse(readFileSync(opt.key, 'utf8'));
const { d, ...pub } = signing;
writeFileSync(opt['jwks-out'], JSON.stringify({ keys: [pub] }, null, 2) + '\n');

// Demo residents by mobile number (the login) with their real name and resident ID (the claims).
const residents = new Map();
for (const file of opt.resident) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  if (!p.mobile || !p.name || !p.id) fail(`${file}: a resident needs mobile, name and id`);
  residents.set(p.mobile, { sub: createHash('sha256').update(`demo-resident:${p.id}`).digest('hex').slice(0, 24), ...p });
}
const bySub = new Map([...residents.values()].map((r) => [r.sub, r]));

const provider = new Provider(issuer, {
  clients: [{
    client_id: CLIENT_ID,
    token_endpoint_auth_method: 'none',  // a phone keeps no secret: PKCE instead
    redirect_uris: opt.redirect,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    id_token_signed_response_alg: 'EdDSA',
  }],
  jwks: { keys: [signing] },
  enabledJWA: { idTokenSigningAlgValues: ['EdDSA'] },
  scopes: ['openid', 'realname'],
  claims: { openid: ['sub'], realname: ['name', 'id_number'] },
  conformIdTokenClaims: false,  // the real name in the ID token itself: the desk reads nothing else
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  ttl: { IdToken: Number(opt['token-seconds']), AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
  // The phone exchanges its code from the page: CORS only for the origins of its redirect URIs.
  clientBasedCORS: (ctx, origin, client) => client.redirectUris.some((u) => new URL(u).origin === origin),
  async findAccount(ctx, sub) {
    const r = bySub.get(sub);
    return r && { accountId: sub, claims: () => ({ sub, name: r.name, id_number: r.id }) };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [createHash('sha256').update(d).digest('base64url')] },
});
provider.proxy = false;

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (uid, error = '') => `<!doctype html><html lang="zh-CN"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>统一身份认证（示范）</title>
<style>h1{font-size:26px}body{font:18px/1.6 sans-serif;max-width:28em;margin:2em auto;padding:0 1em}label,input,button{display:block;width:100%;box-sizing:border-box}
input{font-size:20px;padding:.5em;margin:.3em 0 1em}button{font-size:20px;padding:.6em;background:#c0392b;color:#fff;border:0;border-radius:6px}
.hint{color:#555;font-size:15px}.error{color:#b00020}</style>
<h1>统一身份认证（示范）</h1>
<p class="hint">这是演示用的身份认证平台，只认识虚构的示范居民。示范验证码：${DEMO_CODE}</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="mobile">手机号</label><input id="mobile" name="mobile" inputmode="numeric" autocomplete="tel" required>
<label for="code">短信验证码</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>
<button type="submit" id="signin">登录并授权通办使用实名信息</button></form></html>`;

async function body(req) {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > 4096) throw new Error('body too large');
  }
  return new URLSearchParams(raw);
}

// Sign-in and consent on one page: the resident proves the number, and by signing in agrees that
// 通办 gets the real name (the button says so). Both prompts are then answered at once.
async function interaction(req, res, uid, isPost) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (!isPost) {
    if (details.prompt.name === 'consent' && details.session?.accountId) return finish(req, res, details, details.session.accountId);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    return res.end(page(uid));
  }
  const form = await body(req);
  const r = residents.get((form.get('mobile') || '').trim());
  if (!r || form.get('code') !== DEMO_CODE) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    return res.end(page(uid, '手机号或验证码不对（示范平台只认识示范居民）'));
  }
  return finish(req, res, details, r.sub);
}

async function finish(req, res, details, accountId) {
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope('openid realname');
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
}

const handle = provider.callback();
createServer(async (req, res) => {
  const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url.split('?')[0]);
  if (req.url === '/favicon.ico') { res.writeHead(204); return res.end(); }  // no icon: not a 404 in the page's console
  if (!m) return handle(req, res);
  try {
    await interaction(req, res, m[1], req.method === 'POST' && !!m[2]);
  } catch (e) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`登录已失效，请回到通办重新登录（${e.message}）`);
  }
}).listen(port, '127.0.0.1', () => console.log(`demo-idp: ${issuer} (统一身份认证，示范) for ${residents.size} resident(s)`));
