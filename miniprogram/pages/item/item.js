// One item of the guide (guide.item): what a 一件事 bundles, facts, conditions, materials, the
// steps, halls with tap-to-call, questions and the legal basis; 按我的情况生成材料清单 where the item
// has scenario questions, and 在线办理 when it has an online form. Section titles are the core's
// words (the string table), as on the H5 page and the kiosk.
const { tb, load, go } = require('../../utils/page.js');

Component({
  data: { v: null, canApply: false, s: {}, error: '' },
  methods: {
    onLoad(query) {
      return load(this, async () => {
        await tb.ensureGuides();
        const [v, forms] = await Promise.all([tb.call('guide.item', { id: query.id }), tb.call('form.items')]);
        wx.setNavigationBarTitle({ title: v.name });
        const S = tb.S;
        this.setData({
          v, canApply: forms.items.some((f) => f.id === v.id),
          s: { bundle: S.SectionBundle, time: S.SectionTime, conditions: S.SectionConditions, materials: S.SectionMaterials,
            flow: S.SectionFlow, halls: S.SectionHalls, faq: S.SectionFaq, basis: S.SectionBasis, scenario: S.ScenarioStart,
            appoint: S.Appoint },
        });
      });
    },
    appoint() { go(`/pages/appoint/appoint?item=${encodeURIComponent(this.data.v.id)}`); },
    scenario() { go(`/pages/scenario/scenario?id=${encodeURIComponent(this.data.v.id)}`); },
    open(e) { go(`/pages/item/item?id=${encodeURIComponent(e.currentTarget.dataset.id)}`); },
    apply() { go(`/pages/form/form?item=${encodeURIComponent(this.data.v.id)}`); },
    call(e) { wx.makePhoneCall({ phoneNumber: e.currentTarget.dataset.phone }); },
  },
});
