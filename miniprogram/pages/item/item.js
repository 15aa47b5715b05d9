// One item of the guide (guide.item): facts, materials, halls with tap-to-call, and 在线办理 when
// the item has an online form.
const { tb, load, go } = require('../../utils/page.js');

Component({
  data: { v: null, canApply: false, error: '' },
  methods: {
    onLoad(query) {
      return load(this, async () => {
        await tb.ensureGuides();
        const [v, forms] = await Promise.all([tb.call('guide.item', { id: query.id }), tb.call('form.items')]);
        wx.setNavigationBarTitle({ title: v.name });
        this.setData({ v, canApply: forms.items.some((f) => f.id === v.id) });
      });
    },
    apply() { go(`/pages/form/form?item=${encodeURIComponent(this.data.v.id)}`); },
    call(e) { wx.makePhoneCall({ phoneNumber: e.currentTarget.dataset.phone }); },
  },
});
