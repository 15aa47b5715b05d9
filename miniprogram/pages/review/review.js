// 确认提交: every answer by page as the person reads it (form.review, masked where sensitive);
// 确认提交 seals the application on the phone (each department's part to its own key), hands it
// to the outbox and opens 我的 with the submission.
const { tb, load } = require('../../utils/page.js');

Component({
  data: { intro: '', pages: [], canSubmit: false, busy: false, percent: 0, progress: '', error: '' },
  methods: {
    onLoad(query) {
      this.item = query.item;
      return load(this, async () => {
        const r = await tb.call('form.review');
        const departments = [...new Set(r.departments)];
        this.setData({
          pages: r.pages, canSubmit: r.can_submit,
          intro: r.can_submit
            ? `请核对以下信息。提交后将分别加密送达${departments.join('、')}，每个部门只能看到自己需要的内容。`
            : '还有未填写完整的内容，请返回修改。',
        });
      });
    },
    confirm() {
      this.setData({ busy: true, progress: '正在加密', percent: 0 });
      return load(this, async () => {
        try {
          const guide = await tb.call('guide.item', { id: this.item });
          const progress = { set: (done, total, what) => {
            const percent = total ? Math.round((100 * done) / total) : 100;
            this.setData({ percent, progress: `${what} ${percent}%` });
          } };
          const sent = await tb.sealAndQueue('application', {}, guide.name, progress);
          await tb.forgetForm(this.item);
          wx.redirectTo({ url: `/pages/mine/mine?submitted=${encodeURIComponent(sent.id)}&item=${encodeURIComponent(this.item)}` });
        } catch (e) {
          this.setData({ busy: false });
          throw new Error(`未能提交：${e.message}`);
        }
      });
    },
  },
});
