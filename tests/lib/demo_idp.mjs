// The demo city identity provider (tools/idp/demo-idp.mjs, a real oidc-provider) for tests: started
// on a free port for a site, and a sign-in driven over plain HTTP (no browser) for the desk's
// refusals: what a phone would get back, an ID token for a nonce.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { freePort, waitFor, httpStatus, sourceRoot } from './harness.mjs';

export async function startDemoIdp({ redirect, residents = [`${sourceRoot}/assets/demo-wallet/profile.json`] }) {
  const port = await freePort();
  const dir = mkdtempSync('/tmp/tongban-idp-');
  const args = [`${sourceRoot}/tools/idp/demo-idp.mjs`, '--port', String(port), '--key', `${dir}/key.json`, '--jwks-out', `${dir}/jwks.json`,
    '--redirect', redirect, ...residents.flatMap((r) => ['--resident', r])];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const issuer = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await httpStatus(`${issuer}/.well-known/openid-configuration`)) === 200, { what: `demo IdP at ${issuer} (${log})` });
  return {
    issuer, jwks: `${dir}/jwks.json`, clientId: 'tongban-phone', log: () => log,
    async stop() {
      await new Promise((r) => { proc.once('exit', r); proc.kill('SIGTERM'); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A whole sign-in as the phone's page makes it, over HTTP: the provider's login form answered with
// `mobile` and the demo code, the code traded for tokens. Resolves { id_token, code, verifier }.
export async function signInOverHttp(idp, { redirect, nonce, mobile = '13800138000', code = '246810' }) {
  const verifier = randomBytes(32).toString('base64url');
  const q = new URLSearchParams({ client_id: idp.clientId, redirect_uri: redirect, response_type: 'code', scope: 'openid realname', nonce,
    state: 's', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256' });
  const back = await answerProvider(idp, `${idp.issuer}/auth?${q}`, { redirect, mobile, code });
  const authCode = new URL(back).searchParams.get('code');
  return { ...(await exchange(idp, { redirect, code: authCode, verifier })), code: authCode, verifier };
}

// What a person does in the provider's pages, over HTTP (a browser's cookies kept): opens the
// authorization URL the app built, answers the login form, and follows the provider until it sends
// them back to `redirect`. Resolves that URL (with ?code=…&state=…).
export async function answerProvider(idp, authorizeUrl, { redirect, mobile = '13800138000', code = '246810' }) {
  const cookies = new Map();
  const go = async (url, init = {}) => {
    const r = await fetch(url, { redirect: 'manual', ...init, headers: { ...(init.headers || {}), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of r.headers.getSetCookie()) { const [kv] = c.split(';'); const at = kv.indexOf('='); cookies.set(kv.slice(0, at), kv.slice(at + 1)); }
    return r;
  };
  let r = await go(authorizeUrl);
  if (r.status < 300 || r.status >= 400) throw new Error(`the provider refused the request (${r.status}): ${(await r.text()).slice(0, 300)}`);
  const login = new URL(r.headers.get('location'), idp.issuer);
  r = await go(new URL(`${login.pathname}/login`, idp.issuer), { method: 'POST', body: new URLSearchParams({ mobile, code }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  for (let i = 0; i < 5 && r.status >= 300 && r.status < 400 && !r.headers.get('location').startsWith(redirect); i++)
    r = await go(new URL(r.headers.get('location'), idp.issuer));
  const back = r.headers.get('location');
  if (!back || !back.startsWith(redirect)) throw new Error(`sign-in did not come back to ${redirect} (${r.status} ${back})`);
  return back;
}

// The token endpoint, as the page calls it: { status, id_token?, error? }.
export async function exchange(idp, { redirect, code, verifier }) {
  const r = await fetch(`${idp.issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: idp.clientId, code_verifier: verifier }) });
  return { status: r.status, ...(await r.json()) };
}
