// Home: the entries from the core's home view-model (the same four as the H5 shell and the kiosk);
// those the mini-program has pages for open them. The 长辈版 switch is here, as on the other shells;
// until the person uses it, 长辈版 follows WeChat's own text size (elderly.js).
const { tb, load, go } = require('../../utils/page.js');

const PAGES = { guides: '/pages/guides/guides', scan: '/pages/scan/scan', apply: '/pages/apply/apply', mine: '/pages/mine/mine' };

Component({
  data: { title: '', subtitle: '', entries: [], toggle: '', error: '' },
  methods: {
    onLoad() { return load(this, () => this.draw()); },
    async draw() {
      const elderly = tb.elderlyMode();
      const v = await tb.call('home', { elderly });
      wx.setNavigationBarTitle({ title: v.title });
      this.setData({
        elderly, title: v.title, subtitle: v.subtitle, toggle: v.elderly_toggle_label,
        entries: v.entries.filter((e) => PAGES[e.key]),
      });
    },
    toggleElderly() {
      return load(this, async () => {
        tb.chooseElderly(!this.data.elderly);
        await this.draw();
      });
    },
    open(e) { go(PAGES[e.currentTarget.dataset.key]); },
  },
});
