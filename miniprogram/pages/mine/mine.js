// 我的: real-name sign-in (统一身份认证, the shared signin.js; the provider's pages open in
// pages/signin and come back here with ?signin=1 to finish), the resident's profile (masked) or the
// demo identity, and 我的办件 from the outbox: status (排队中 → 已提交 → 已受理) and the intake's
// signed receipt as a QR code; 办件提醒 through WeChat's subscription messages (notices.js).
const { tb, load, go } = require('../../utils/page.js');

const KIND = { application: '申请', appointment: '预约' };

Component({
  data: { name: '—', idNumber: '—', demo: false, signedIn: false, signInText: '', signInButton: '', notice: '', signInError: '',
    justSubmitted: null, summary: '', items: [], error: '', noticeTemplates: null, noticeText: '', noticeError: '' },
  methods: {
    onLoad(query) {
      return load(this, async () => {
        if (query && query.signin) {
          await tb.finishSignInOnStart();
          const n = tb.takeSignInNotice();
          if (n) this.setData(n.error ? { signInError: n.text } : { notice: n.text });
        }
        await this.profile();
        if (query && query.submitted && query.item) await this.afterSubmit(query.item, query.submitted);
        await tb.outboxReady();
        this.unlisten = tb.onOutboxChange((r) => { this.drawItems(r).catch(() => {}); });
        await this.drawItems(await tb.call('outbox.items', { now: Date.now() }));
        // Fetched now: the tap on 开启提醒 must reach wx.requestSubscribeMessage with nothing awaited before it.
        this.setData({ noticeTemplates: await tb.wechatTemplates().catch(() => null) });
      });
    },
    // 开启提醒: one consent covers the next message (WeChat's one-time subscription messages).
    notices() {
      this.setData({ noticeError: '', noticeText: '' });
      return tb.subscribeWechat(this.data.noticeTemplates)
        .then((kinds) => this.setData({ noticeText: `已开启：下一条${kinds.includes('status') ? '受理或退回' : ''}${kinds.length > 1 ? '、' : ''}${kinds.includes('reminder') ? '预约' : ''}提醒会通过微信服务通知发给您（每开启一次，可收到一条）。` }))
        .catch((e) => this.setData({ noticeError: e.message }));
    },
    onUnload() { if (this.unlisten) this.unlisten(); },
    async profile() {
      const w = await tb.loadWallet();
      const p = w.profile || {};
      const masked = async (kind, value) => (value ? (await tb.call('mask', { kind, value })).masked : '—');
      const card = tb.signInCard(w, !w.signedIn && !!(await tb.signInOffered()));
      this.setData({ name: await masked('name', p.name), idNumber: await masked('id', p.id), demo: !!w.demo,
        signedIn: card.signedIn, signInText: card.text, signInButton: card.button || '' });
    },
    // Just submitted (from 确认提交): 好差评 for it, and 预约 where the item is done in person.
    async afterSubmit(item, id) {
      const guide = await tb.call('guide.item', { id: item });
      this.setData({ justSubmitted: { item, id, name: guide.name, appoint: guide.needs_visit && guide.halls.length > 0 } });
    },
    rateIt() {
      const j = this.data.justSubmitted;
      go(`/pages/rate/rate?item=${encodeURIComponent(j.item)}&rates=${encodeURIComponent(j.id)}`);
    },
    appointIt() { go(`/pages/appoint/appoint?item=${encodeURIComponent(this.data.justSubmitted.item)}`); },
    signIn() {
      this.setData({ signInError: '', notice: '' });
      return tb.beginSignIn().catch((e) => this.setData({ signInError: e.message }));
    },
    async drawItems(r) {
      const items = [];
      for (const it of r.items.filter((x) => x.kind !== 'rating')) {
        // The receipt's QR drawn by the core from the code text, shown as an image (WXML has no inline SVG).
        const qr = it.receipt_code ? `data:image/svg+xml;base64,${tb.b64(tb.utf8((await tb.call('qr.svg', { text: it.receipt_code })).svg))}` : '';
        items.push({
          id: it.id, title: it.title || '办件', status: it.status, status_text: it.status_text, receipt_code: it.receipt_code || '',
          refusal: it.status === 3 ? it.refusal : '', returned: it.status === 4 ? tb.S.SubmissionReturned : '', number: tb.receiptNumber(it.id), qr,
          meta: `${KIND[it.kind] || '办件'} · ${tb.whenText(it.created_at_ms)} · 送达 ${it.departments.map((d) => d.name).join('、')}`,
        });
      }
      this.setData({ items, summary: r.summary });  // the core's words, as on H5
    },
    useDemo() {
      return load(this, async () => { await tb.useDemoWallet(); await this.profile(); });
    },
    refresh() {
      return load(this, async () => {
        await tb.pump();
        await tb.refreshStatuses();
        await this.drawItems(await tb.call('outbox.items', { now: Date.now() }));
      });
    },
  },
});
