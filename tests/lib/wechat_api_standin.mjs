// WeChat's server API on this machine, for the mini-program's notices (docs/INTAKE.md, "Notices"),
// following its documentation: GET /cgi-bin/token (client_credential: appid and secret → an
// access_token for 7200 s), GET /sns/jscode2session (a wx.login code → the person's openid; each
// code once, errcode 40163 after), POST /cgi-bin/message/subscribe/send (a subscription message:
// the token must be current, the template one the person consented to — each consent allows one
// message, errcode 43101 without). Over HTTPS with a certificate of a CA of this machine only.
import https from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { sourceRoot } from './harness.mjs';

export async function startWechatApi({ appid, secret }) {
  const dir = mkdtempSync('/tmp/tongban-wxapi-');
  execFileSync('bash', [`${sourceRoot}/tools/tls/local-ca.sh`, dir, 'wechat-api']);
  const codes = new Map();     // login code → openid (unused)
  const consents = new Map();  // openid → template ids consented to, one message each
  const tokens = new Set();
  const sent = [];             // the messages WeChat would deliver
  let sessions = 0;            // jscode2session calls, answered or not
  const json = (res, body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = https.createServer({ cert: readFileSync(`${dir}/server.pem`), key: readFileSync(`${dir}/server.key`) }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url, 'https://api.weixin.qq.com');
      const q = u.searchParams;
      if (u.pathname === '/cgi-bin/token' && req.method === 'GET') {
        if (q.get('grant_type') !== 'client_credential' || q.get('appid') !== appid || q.get('secret') !== secret) return json(res, { errcode: 40013, errmsg: 'invalid appid' });
        const token = randomBytes(16).toString('hex');
        tokens.add(token);
        return json(res, { access_token: token, expires_in: 7200 });
      }
      if (u.pathname === '/sns/jscode2session' && req.method === 'GET') {
        ++sessions;
        if (q.get('appid') !== appid || q.get('secret') !== secret || q.get('grant_type') !== 'authorization_code') return json(res, { errcode: 40013, errmsg: 'invalid appid' });
        const openid = codes.get(q.get('js_code'));
        if (!openid) return json(res, { errcode: 40029, errmsg: 'invalid code' });
        if (openid === 'used') return json(res, { errcode: 40163, errmsg: 'code been used' });
        codes.set(q.get('js_code'), 'used');
        return json(res, { openid, session_key: randomBytes(16).toString('base64') });
      }
      if (u.pathname === '/cgi-bin/message/subscribe/send' && req.method === 'POST') {
        if (!tokens.has(q.get('access_token'))) return json(res, { errcode: 40001, errmsg: 'invalid credential' });
        let m;
        try { m = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return json(res, { errcode: 47001, errmsg: 'data format error' }); }
        const left = consents.get(m.touser) || [];
        const at = left.indexOf(m.template_id);
        if (at < 0) return json(res, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
        left.splice(at, 1);
        sent.push(m);
        return json(res, { errcode: 0, errmsg: 'ok' });
      }
      res.writeHead(404).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    api: `https://127.0.0.1:${port}`, ca: `${dir}/ca.pem`, sent,
    get sessions() { return sessions; },
    // The person `openid`'s account, for the host shim: what wx.login hands the mini-program, and
    // the consents WeChat records when the person accepts templates in its sheet.
    account(openid) {
      return {
        mintCode() { const code = randomBytes(12).toString('hex'); codes.set(code, openid); return code; },
        consent(tmplIds) { consents.set(openid, [...(consents.get(openid) || []), ...tmplIds]); },
      };
    },
    async stop() { await new Promise((r) => server.close(r)); rmSync(dir, { recursive: true, force: true }); },
  };
}
