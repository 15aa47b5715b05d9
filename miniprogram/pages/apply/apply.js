// 我要办: the items with an online form (form.items).
const { tb, load, go } = require('../../utils/page.js');

Component({
  data: { items: [], error: '' },
  methods: {
    onLoad() {
      return load(this, async () => {
        await tb.ensureGuides();
        this.setData({ items: (await tb.call('form.items')).items });
      });
    },
    open(e) { go(`/pages/form/form?item=${encodeURIComponent(e.currentTarget.dataset.id)}`); },
  },
});
