// 我的码: the resident's rotating personal code (一码通城), signed by this phone's key and renewed
// every 30 s; shown offline once the credential is on the phone. What to show comes from the shared
// my-code.js (the H5 shell's 我的码 uses it too) and the core; this page draws it with a countdown.
const { tb, load, go } = require('../../utils/page.js');

Component({
  data: { name: '', qr: '', code: '', countdown: '', missing: false, error: '' },
  methods: {
    onLoad() {
      return load(this, async () => {
        const wallet = await tb.loadWallet();
        let credential;
        try {
          credential = await tb.personalCredential(wallet);
        } catch (e) {
          this.setData({ error: `${e.message}。请联网后再试。` });
          return;
        }
        if (!credential) { this.setData({ missing: true }); return; }
        const name = wallet.profile ? (await tb.call('mask', { kind: 'name', value: wallet.profile.name })).masked : '';
        this.credential = credential;
        this.setData({ name });
        await this.tick();
        this.timer = setInterval(() => this.tick().catch((e) => this.setData({ error: `出错了：${e.message}` })), 1000);
      });
    },
    onUnload() { clearInterval(this.timer); },
    async tick() {
      const r = await tb.personalCodeNow(this.credential);
      const patch = { countdown: `${r.seconds_left} 秒后更新` };
      // The QR drawn by the core from the code text, shown as an image (WXML has no inline SVG).
      if (r.text !== this.data.code) Object.assign(patch, { code: r.text, qr: `data:image/svg+xml;base64,${tb.b64(tb.utf8(r.svg))}` });
      this.setData(patch);
    },
    toMine() { go('/pages/mine/mine'); },
  },
});
