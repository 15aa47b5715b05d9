// 预约办理: a hall of the item, a working day in the next two weeks and a time slot; name and
// mobile prefilled from the wallet. Sealed to the department and sent through the outbox (the
// shared appointment.js, as the H5 page does); 我的办件 then follows it.
const { tb, load } = require('../../utils/page.js');

Component({
  data: { name: '', halls: [], days: [], slots: [], hall: 0, day: 0, slot: 0, person: '', mobile: '', s: {}, done: '', sending: false, error: '' },
  methods: {
    onLoad(query) {
      this.item = query.item;
      return load(this, async () => {
        await tb.ensureGuides();
        const [guide, wallet] = await Promise.all([tb.call('guide.item', { id: this.item }), tb.loadWallet()]);
        const S = tb.S;
        wx.setNavigationBarTitle({ title: S.AppointTitle });
        if (!guide.halls.length) throw new Error('此事项没有可预约的办理地点');
        const p = wallet.profile || {};
        this.setData({
          name: guide.name, halls: guide.halls, days: tb.workingDays(10), slots: tb.SLOTS, person: p.name || '', mobile: p.mobile || '',
          s: { halls: S.SectionHalls, slot: S.AppointSlot, name: S.AppointName, mobile: S.AppointMobile, submit: S.AppointSubmit },
        });
      });
    },
    pickHall(e) { this.setData({ hall: Number(e.detail.value) }); },
    pickDay(e) { this.setData({ day: Number(e.detail.value) }); },
    pickSlot(e) { this.setData({ slot: Number(e.detail.value) }); },
    typeName(e) { this.setData({ person: e.detail.value }); },
    typeMobile(e) { this.setData({ mobile: e.detail.value }); },
    send() {
      if (this.data.sending) return undefined;
      this.setData({ sending: true, error: '' });
      const d = this.data;
      return load(this, async () => {
        const sent = await tb.requestAppointment({
          item: this.item, hall: d.halls[d.hall].id, date: d.days[d.day].value, slot: d.slots[d.slot], name: d.person, mobile: d.mobile,
        }, d.name);
        this.sentId = sent.id;
        this.setData({ done: `${tb.submissionHeadline('预约', 0, tb.bridge.isOnline())}：${d.halls[d.hall].name} · ${d.days[d.day].label} ${d.slots[d.slot]}` });
      }).finally(() => this.setData({ sending: false }));
    },
    mine() { wx.redirectTo({ url: `/pages/mine/mine?submitted=${encodeURIComponent(this.sentId)}` }); },
  },
});
