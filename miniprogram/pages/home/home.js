// Home: the entries from the core's home view-model (the same four as the H5 shell and the kiosk);
// those the mini-program has pages for open them.
const { tb, load, go } = require('../../utils/page.js');

const PAGES = { guides: '/pages/guides/guides', scan: '/pages/scan/scan', apply: '/pages/apply/apply', mine: '/pages/mine/mine' };

Component({
  data: { title: '', subtitle: '', entries: [], error: '' },
  methods: {
    onLoad() {
      return load(this, async () => {
        const v = await tb.call('home', { elderly: tb.bridge.getPreference('elderly') === '1' });
        wx.setNavigationBarTitle({ title: v.title });
        this.setData({ title: v.title, subtitle: v.subtitle, entries: v.entries.filter((e) => PAGES[e.key]) });
      });
    },
    open(e) { go(PAGES[e.currentTarget.dataset.key]); },
  },
});
