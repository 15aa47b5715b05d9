// 办事指南: browse by life event or department (guide.home), or search.
const { tb, load, go } = require('../../utils/page.js');

Component({
  data: { events: [], departments: [], footer: '', error: '' },
  methods: {
    onLoad() {
      return load(this, async () => {
        await tb.ensureGuides();
        const v = await tb.call('guide.home');
        this.setData({ events: v.life_events, departments: v.departments, footer: `${v.city} · 指南更新于${v.updated} · 离线可用` });
      });
    },
    search() { go('/pages/search/search'); },
    event(e) { go(`/pages/list/list?event=${encodeURIComponent(e.currentTarget.dataset.id)}`); },
    department(e) { go(`/pages/list/list?department=${encodeURIComponent(e.currentTarget.dataset.id)}`); },
  },
});
