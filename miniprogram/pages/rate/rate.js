// 好差评: 1–5 stars (filled or hollow, not colour alone) and optional words about one submission,
// sealed to the item's department (the shared appointment.js, as the H5 done screen does).
const { tb, load } = require('../../utils/page.js');

Component({
  data: { title: '', stars: 0, marks: ['☆', '☆', '☆', '☆', '☆'], comment: '', thanks: '', error: '' },
  methods: {
    onLoad(query) {
      this.item = query.item;
      this.rates = query.rates;
      return load(this, async () => {
        await tb.ensureGuides();
        this.setData({ title: (await tb.call('guide.item', { id: this.item })).name });
      });
    },
    star(e) {
      const n = Number(e.currentTarget.dataset.stars);
      this.setData({ stars: n, marks: [1, 2, 3, 4, 5].map((i) => (i <= n ? '★' : '☆')) });
    },
    typeComment(e) { this.setData({ comment: e.detail.value }); },
    send() {
      if (!this.data.stars) { this.setData({ error: '请先点选星级' }); return undefined; }
      return load(this, async () => {
        await tb.rate(this.item, this.rates, this.data.stars, this.data.comment);
        this.setData({ thanks: `感谢您的评价（${this.data.stars}星）。`, error: '' });
      });
    },
  },
});
