// Real-name sign-in (实名登录) without a screen, for both shells: the resident signs in at the city's
// identity provider (OpenID Connect, authorization code with PKCE: the phone keeps no secret), and
// the credential desk, given the ID token, binds this install's device key to the verified name and
// issues the personal-code credential. The request is decided here and by the core once for every
// host; a host only takes the person to the provider and back (H5: a redirect of the page; WeChat: a
// web-view page) and carries the two exchanges with the provider.
import { bridge } from './bridge.js';
import { utf8, fromUtf8, b64url } from './bytes.js';
import { call } from './core.js';
import { deviceIdentity } from './outbox.js';
import { loadWallet, saveWallet } from './wallet.js';
import { storeCredential } from './my-code.js';

// What the desk offers ({issuer, client_id, scope}), or null where the site has no sign-in (the demo
// identity only), is an intake without a site, or the network is down.
export async function signInOffered() {
  try {
    const r = await bridge.http('GET', 'api/v1/signin');
    const offer = r.status === 200 ? JSON.parse(fromUtf8(r.bytes)) : null;
    return offer && offer.offered ? { issuer: offer.issuer, client_id: offer.client_id, scope: offer.scope } : null;
  } catch {
    return null;
  }
}

// The provider is spoken to over HTTPS only (plain HTTP to this machine is the local demo).
const secure = (url) => /^https:\/\/[^/]/.test(url) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(url);
// application/x-www-form-urlencoded without URLSearchParams (mini-program hosts lack it).
const formEncode = (fields) => Object.entries(fields).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

// Leaves for the provider's sign-in page with a request that can bind only this device's key: the
// nonce names the key (the desk recomputes it) and the PKCE verifier stays on the phone.
export async function beginSignIn() {
  const offer = await signInOffered();
  if (!offer) throw new Error('现在连不上统一身份认证，请联网后再试');
  if (!secure(offer.issuer)) throw new Error('统一身份认证的地址必须是 HTTPS');
  const meta = await bridge.providerRequest('GET', `${offer.issuer}/.well-known/openid-configuration`)
    .catch((e) => { throw new Error(`现在连不上统一身份认证（${e.message}）`); });
  if (meta.status !== 200 || meta.json.issuer !== offer.issuer) throw new Error('统一身份认证的配置不对（issuer 不符）');
  const { authorization_endpoint: authorize, token_endpoint: tokenEndpoint } = meta.json;
  if (!secure(String(authorize)) || !secure(String(tokenEndpoint))) throw new Error('统一身份认证的地址必须是 HTTPS');
  const device = await deviceIdentity();
  const verifier = b64url(bridge.randomBytes(32)), state = b64url(bridge.randomBytes(16));
  const { nonce, challenge } = await call('signin.request', { public_key: device.public_key, verifier });
  const redirect_uri = bridge.signInReturnUrl();
  bridge.keepSignIn({ state, verifier, issuer: offer.issuer, client_id: offer.client_id, redirect_uri, token_endpoint: tokenEndpoint });
  await bridge.goToProvider(`${authorize}?${formEncode({ client_id: offer.client_id, redirect_uri, response_type: 'code',
    scope: offer.scope, nonce, state, code_challenge: challenge, code_challenge_method: 'S256' })}`);
}

// The ID token for the return this start is, or null when it is not one; throws with what went wrong.
async function providerToken() {
  const back = bridge.providerReturn();
  if (!back) return null;
  const saved = bridge.keptSignIn();
  bridge.keepSignIn(null);
  if (!saved || back.state !== saved.state) throw new Error('这次登录不是从本机发起的，请重新登录');
  if (back.error) throw new Error(`统一身份认证未完成登录（${back.error}）`);
  if (back.iss && back.iss !== saved.issuer) throw new Error('登录回应不是本市统一身份认证发出的');
  const r = await bridge.providerRequest('POST', saved.token_endpoint, formEncode({ grant_type: 'authorization_code',
    code: back.code, redirect_uri: saved.redirect_uri, client_id: saved.client_id, code_verifier: saved.verifier }))
    .catch((e) => { throw new Error(`现在连不上统一身份认证（${e.message}）`); });
  if (r.status !== 200 || !r.json.id_token) throw new Error(`统一身份认证没有给出登录凭证（${r.json.error || r.status}）`);
  return r.json.id_token;
}

// At start: if this start returns from a sign-in, the desk binds the key and the wallet gets the
// verified name. Resolves null (not a return), or {name, id}; throws with what went wrong.
export async function completeSignIn() {
  const idToken = await providerToken();
  if (!idToken) return null;
  const device = await deviceIdentity();
  const body = JSON.stringify({ public_key: device.public_key, id_token: idToken });
  const r = await bridge.http('POST', 'api/v1/codes/credential', utf8(body), 'application/json');
  let answer = {};
  try { answer = JSON.parse(fromUtf8(r.bytes)); } catch { /* a proxy's page: the status says it */ }
  if (r.status !== 201) throw new Error(answer.error || `实名登录失败（${r.status}）`);
  await storeCredential(answer.credential);
  // The verified name and ID replace what was there; e-licences stay only if they are this person's.
  const w = await loadWallet();
  const same = w.profile && w.profile.id === answer.profile.id;
  await saveWallet({
    profile: { ...(same ? w.profile : {}), name: answer.profile.name, id: answer.profile.id },
    elicences: same ? w.elicences : [], trust: same ? w.trust : [], signedIn: true,
  });
  return answer.profile;
}

// What the 实名登录 card says, on every shell: {signedIn, text, button} (button: null when there is
// nothing to press).
export function signInCard(wallet, offered) {
  if (wallet.signedIn) return { signedIn: true, text: '已通过统一身份认证实名登录。', button: null };
  return offered
    ? { signedIn: false, text: '用本市统一身份认证登录后，可领取个人码，办事时自动填好姓名和身份证号。', button: '统一身份认证登录' }
    : { signedIn: false, text: '本站暂未接入统一身份认证，可先用示范身份体验。', button: null };
}

// What the last return from the provider came to, for 我的 to say once: {text, error} or null.
export let signInNotice = null;
export function takeSignInNotice() {
  const n = signInNotice;
  signInNotice = null;
  return n;
}

// The shell's start: finishes a sign-in this start returns from. True when it did (or failed), so
// the shell opens 我的 to say how it went.
export async function finishSignInOnStart() {
  try {
    const who = await completeSignIn();
    if (!who) return false;
    signInNotice = { text: '已通过统一身份认证实名登录，个人码已领取。', error: false };
  } catch (e) {
    signInNotice = { text: e.message, error: true };
  }
  return true;
}
