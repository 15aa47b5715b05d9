// Search or ask as you type (guide.ask): the items found, and a question about one part of an item
// answered with that section quoted from the guide.
const { tb, load, go, listItems } = require('../../utils/page.js');

// The quoted section as lines of text, by what was asked about (the H5 shell draws the same parts).
const ANSWER_LINES = {
  materials: (r) => r.materials.map((m) => [m.name, m.quantity].filter(Boolean).join(' ')),
  place: (r) => r.halls.map((h) => `${h.name}：${h.address}（${h.hours}）`),
  time: (r) => [r.time_limit || '—'],
  fee: (r) => [r.fee || '—'],
  online: (r) => [r.channels || '—'],
  conditions: (r) => r.conditions,
  steps: (r) => r.steps.map((s, i) => `${i + 1}. ${s.title}`),
};

Component({
  data: { q: '', items: [], count: '', answer: null, why: '', error: '' },
  methods: {
    onLoad(query) {
      return load(this, async () => {
        await tb.ensureGuides();
        if (query && query.q) await this.show(query.q);
      });
    },
    ask(e) { return load(this, () => this.show(e.detail.value)); },
    async show(q) {
      this.latest = q;
      if (!q.trim()) { this.setData({ q, items: [], count: '', answer: null, why: '' }); return; }
      const r = await tb.call('guide.ask', { q, limit: 20 });
      if (this.latest !== q) return;  // typed on meanwhile: a later answer draws
      const quoted = !r.unanswered && ANSWER_LINES[r.asks];
      const onlyWhy = r.unanswered && r.unanswered !== 'no-match';
      this.setData({
        q,
        answer: quoted ? { item: r.item.name, title: r.title, quoted: r.labels.quoted, lines: quoted(r) } : null,
        why: r.unanswered ? r.why : '',
        items: onlyWhy ? [] : listItems(r.items),
        count: onlyWhy ? '' : (r.items.length ? `找到 ${r.items.length} 项` : r.labels.nothing),
      });
    },
    open(e) { go(`/pages/item/item?id=${encodeURIComponent(e.currentTarget.dataset.id)}`); },
  },
});
