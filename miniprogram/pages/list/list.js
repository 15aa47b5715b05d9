// The items of one life event or one department (guide.list).
const { tb, load, go, listItems } = require('../../utils/page.js');

Component({
  data: { title: '', items: [], empty: false, error: '' },
  methods: {
    onLoad(query) {
      return load(this, async () => {
        await tb.ensureGuides();
        const v = await tb.call('guide.list', query.event ? { event: query.event } : { department: query.department });
        wx.setNavigationBarTitle({ title: v.title });
        this.setData({ title: v.title, items: listItems(v.items), empty: !v.items.length });
      });
    },
    open(e) { go(`/pages/item/item?id=${encodeURIComponent(e.currentTarget.dataset.id)}`); },
  },
});
