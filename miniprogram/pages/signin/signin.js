// 统一身份认证: the city's identity provider's own sign-in pages, in a web-view (the mini-program
// draws nothing of them). signin.js built the request; when the web-view loads the way back (the
// site's signin-return.html with ?code=…&state=…), the host keeps that answer and 我的 finishes the
// sign-in: the token exchange, the desk's check and the wallet.
const { tb, load } = require('../../utils/page.js');

Component({
  data: { src: '', error: '' },
  methods: {
    onLoad(query) {
      return load(this, async () => {
        const to = query && query.to ? decodeURIComponent(query.to) : '';
        if (!/^https?:\/\//.test(to)) throw new Error('没有要打开的统一身份认证页面，请从“我的”重新登录');
        this.setData({ src: to });
      });
    },
    loaded(e) {
      if (!tb.bridge.providerReturned(e.detail && e.detail.src)) return;  // still the provider's pages
      wx.redirectTo({ url: '/pages/mine/mine?signin=1' });
    },
    failed(e) {
      this.setData({ src: '', error: `统一身份认证页面未能打开（${(e.detail && e.detail.src) || '网络不可用'}），请联网后从“我的”重新登录` });
    },
  },
});
