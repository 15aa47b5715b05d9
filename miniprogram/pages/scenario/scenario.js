// 按我的情况生成材料清单: the item's scenario questions one at a time (guide.scenario walks them in
// the core, as for the H5 page and the kiosk), then the personal checklist and its QR code for the
// clerk's scanner. The answers so far live in the page; 重新回答 starts again.
const { tb, load } = require('../../utils/page.js');

Component({
  data: { v: null, question: '', qr: '', s: {}, error: '' },
  methods: {
    onLoad(query) {
      this.item = query.id;
      this.answers = [];
      return load(this, async () => {
        await tb.ensureGuides();
        const S = tb.S;
        wx.setNavigationBarTitle({ title: S.ScenarioTitle });
        this.setData({ s: { checklist: S.ScenarioChecklist, notes: S.ScenarioNotes, show: S.ScenarioShow, restart: S.ScenarioRestart } });
        await this.draw();
      });
    },
    async draw() {
      const v = await tb.call('guide.scenario', { id: this.item, answers: this.answers });
      // The checklist code's QR drawn by the core from the code's text (WXML has no inline SVG).
      const qr = v.finished ? `data:image/svg+xml;base64,${tb.b64(tb.utf8((await tb.call('qr.svg', { text: v.checklist_code })).svg))}` : '';
      this.setData({ v, qr, question: v.finished ? '' : tb.fill(tb.S.ScenarioQuestion, v.step, v.question) });
    },
    answer(e) {
      this.answers = [...this.answers, e.currentTarget.dataset.id];
      return load(this, () => this.draw());
    },
    restart() {
      this.answers = [];
      return load(this, () => this.draw());
    },
  },
});
