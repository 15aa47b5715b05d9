// 到自助机或窗口继续办理: the open form's draft carried in hand-off codes (TBX1:, made by the core's
// handoff.form from the host's randomness) that a kiosk or the clerk's scanner reads, in any
// order, so nothing is typed twice. Shown one at a time; the codes are made for this page only.
const { tb, load } = require('../../utils/page.js');

Component({
  data: { parts: [], at: 0, qr: '', label: '', error: '' },
  methods: {
    onLoad() {
      return load(this, async () => {
        const r = await tb.call('handoff.form', { entropy: tb.b64(tb.bridge.randomBytes(128)), now: Math.floor(Date.now() / 1000) });
        this.parts = r.parts;
        this.show(0);
      });
    },
    show(at) {
      const p = this.parts[at];
      this.setData({
        at, count: this.parts.length, text: p.text,
        qr: `data:image/svg+xml;base64,${tb.b64(tb.utf8(p.svg))}`,
        label: this.parts.length > 1 ? `第 ${at + 1} / ${this.parts.length} 张，请依次扫描` : '请在自助机“扫码”处扫描',
      });
    },
    next() { this.show((this.data.at + 1) % this.parts.length); },
    prev() { this.show((this.data.at + this.parts.length - 1) % this.parts.length); },
    onUnload() { this.parts = []; },
  },
});
