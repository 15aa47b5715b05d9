// 扫码: 我的码 (pages/code), and the host's scanner (wx.scanCode) reads the city's codes; what it opens is decided by the core
// (scan-decision.js, shared with the H5 shell): an item, a form, or a view drawn here.
const { tb, load, go } = require('../../utils/page.js');

const OPEN = {
  item: (v) => `/pages/item/item?id=${encodeURIComponent(v.item)}`,
  form: (v) => `/pages/form/form?item=${encodeURIComponent(v.item)}`,
};

Component({
  data: { v: null, error: '' },
  methods: {
    onLoad() { return load(this, () => tb.ensureGuides()); },
    scan() {
      return load(this, async () => {
        this.setData({ error: '' });
        const text = await tb.bridge.scanCode();
        if (text === null) return;  // the person closed the scanner
        const v = await tb.decideScan(text);
        if (OPEN[v.opens]) { go(OPEN[v.opens](v)); return; }
        this.setData({ v: { ...v, refused: v.outcome === 'refused' || v.outcome === 'message' } });
      });
    },
    myCode() { go('/pages/code/code'); },
    open(e) { go(`/pages/item/item?id=${encodeURIComponent(e.currentTarget.dataset.id)}`); },
  },
});
