// The city's intake and guide publisher. The demo points at `tools/run.sh`'s local server (the
// developer tool then needs 不校验合法域名); a city sets its HTTPS address here. The WeChat host
// refuses any other plain-HTTP address (mobile-shell/js/hosts/wechat.js).
module.exports = { intake: 'http://127.0.0.1:8080/' };
