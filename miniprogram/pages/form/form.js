// 我要办's form: drawn from the core's form view-model (the H5 shell's forms.js draws the same one
// as HTML), every answer reported with form.set, the draft sealed and saved after each change.
const { tb, load, go } = require('../../utils/page.js');

const INPUT_TYPE = { numeric: 'number', decimal: 'digit', tel: 'number', id: 'idcard', uscc: 'text', text: 'text', date: 'number' };
const PLACEHOLDER = { date: '例如 20250115' };
const YES_NO = [{ value: 'true', label: '是' }, { value: 'false', label: '否' }];
const idOf = (path) => path.replace(/[^a-z0-9_]/gi, '-');

// One field of the view-model as the page draws it (`addr`: the address pickers' state by path).
function drawn(f, addr) {
  const base = { ...f, id: idOf(f.path) };
  if (f.pseudo) return base;
  switch (f.type) {
    case 'single_choice':
      if (f.choices.length >= tb.LIST_CHOICES) {
        return { ...base, kind: 'list', labels: f.choices.map((c) => c.label), values: f.choices.map((c) => c.value),
          index: f.choices.findIndex((c) => c.selected) };
      }
      return { ...base, kind: 'choices' };
    case 'yes_no': return { ...base, kind: 'choices', choices: YES_NO.map((c) => ({ ...c, selected: f.value === c.value })) };
    case 'multi_choice': return { ...base, kind: 'multi' };
    case 'commitment': return { ...base, kind: 'commitment' };
    case 'long_text': return { ...base, kind: 'long_text' };
    case 'attachment': return { ...base, kind: 'attachment', attached: f.value ? f.value.split(':')[2] || '文件' : '' };
    case 'address': {
      const a = addr[f.path] || { levels: [], detail: (f.value || '|').split('|')[1] || '' };
      return { ...base, kind: 'address', levels: a.levels, detail: a.detail };
    }
    case 'note': return { ...base, kind: 'note' };
    default: return { ...base, kind: 'input', inputType: INPUT_TYPE[f.keypad] || 'text', placeholder: PLACEHOLDER[f.type] || '' };
  }
}

// The fields of a page, rows of a group listed in turn under their group's name: each row headed
// 第N条 (with 删除 where the group may lose a row), then 添加… where it may gain one, then the group's
// own error (too few rows). Those headings are `pseudo` entries of the list, not fields.
function flatten(fields) {
  const out = [];
  for (const f of fields) {
    if (f.type !== 'group') { out.push(f); continue; }
    f.rows.forEach((row, i) => {
      out.push({ pseudo: true, kind: 'rowhead', path: `${f.path}[${i}]#head`, label: `${f.label} ${tb.fill(tb.S.FormRow, i + 1)}`,
        group: f.id, row: i, removable: f.can_remove_row, removeText: tb.S.FormRemoveRow });
      row.forEach((x) => out.push({ ...x, label: `${f.label}（${tb.fill(tb.S.FormRow, i + 1)}）${x.label}` }));
    });
    if (f.can_add_row) out.push({ pseudo: true, kind: 'addrow', path: `${f.path}#add`, label: `＋ ${tb.fill(tb.S.FormAddRow, f.label)}`, group: f.id });
    if (f.error) out.push({ pseudo: true, kind: 'grouperror', path: `${f.path}#error`, error: f.error });
  }
  return out;
}

Component({
  data: { head: null, fields: [], canBack: false, error: '' },
  methods: {
    onLoad(query) {
      this.item = query.item;
      this.addr = {};
      return load(this, async () => {
        await tb.ensureGuides();
        const v = await tb.openForm(this.item);
        wx.setNavigationBarTitle({ title: v.title });
        this.draw(v);
      });
    },
    draw(v) {
      this.view = v;
      const fields = flatten(v.fields);
      this.setData({ head: tb.formProgress(v), canBack: v.can_back, fields: fields.map((f) => drawn(f, this.addr)), error: '' });
      for (const f of fields) if (f.type === 'address' && !this.addr[f.path]) this.regionLevel(f.path, 0, null);
    },
    // A change to the form: the core answers with the new view-model; the draft is saved shortly after.
    async change(op, args = {}) {
      try {
        const v = await tb.call(op, args);
        this.draw(v);
        clearTimeout(this.saveTimer);
        this.saveTimer = setTimeout(() => { this.saving = tb.saveDraft(this.item).catch((e) => console.warn('draft not saved:', e.message)); }, 250);
        return v;
      } catch (e) {
        this.setData({ error: `出错了：${e.message}` });
        return null;
      }
    },
    set(path, value) { return this.change('form.set', { path, value }); },
    handOff() { go(`/pages/handoff/handoff?item=${encodeURIComponent(this.item)}`); },
    addRow(e) { return this.change('form.add_row', { group: e.currentTarget.dataset.group }); },
    removeRow(e) {
      const { group, row } = e.currentTarget.dataset;
      return this.change('form.remove_row', { group, row: Number(row) });
    },
    typed(e) {
      const { path } = e.currentTarget.dataset;
      const now = this.view && flatten(this.view.fields).find((f) => f.path === path);
      if (now && now.value === e.detail.value) return null;  // left without a change
      return this.set(path, e.detail.value);
    },
    chose(e) {
      const { path, value, multi } = e.currentTarget.dataset;
      if (!multi) return this.set(path, value);
      const f = flatten(this.view.fields).find((x) => x.path === path);
      return this.set(path, f.choices.filter((c) => (c.value === value ? !c.selected : c.selected)).map((c) => c.value));
    },
    picked(e) {
      const { path, values } = e.currentTarget.dataset;
      return this.set(path, values[Number(e.detail.value)]);
    },
    // A photo from the album or the camera, sealed with the data key before it is stored; the form
    // holds only its reference (att:<id>:<name>:<size>). The host has no SHA-256 of its own, so the
    // sealed copy is named by 32 random bytes instead of the H5 shell's digest.
    async attach(e) {
      const { path } = e.currentTarget.dataset;
      try {
        const picked = await wx.chooseMedia({ count: 1, mediaType: ['image'], sourceType: ['album', 'camera'] });
        const file = picked.tempFiles[0];
        const fs = wx.getFileSystemManager();
        const bytes = new Uint8Array(await new Promise((resolve, reject) => fs.readFile({
          filePath: file.tempFilePath, success: (r) => resolve(r.data), fail: (x) => reject(new Error(x.errMsg)) })));
        const id = Array.from(tb.bridge.randomBytes(32), (b) => b.toString(16).padStart(2, '0')).join('');
        const key = tb.b64(await tb.bridge.dataKey());
        const sealed = await tb.callCopy('seal.at_rest', { key, nonce: tb.b64(tb.bridge.randomBytes(24)), context: `attachment:${id}` }, 'bytes', bytes);
        await tb.bridge.store.put(`att:${id}`, sealed.bytes);
        const name = (file.tempFilePath.split('/').pop() || 'photo.jpg').replace(/:/g, '_');
        return this.set(path, `att:${id}:${name}:${bytes.length}`);
      } catch (x) {
        if (/cancel/i.test(x.errMsg || x.message || '')) return null;
        this.setData({ error: `照片未能添加：${x.message || x.errMsg}` });
        return null;
      }
    },
    // The address pickers: one level of divisions at a time (province → city → county).
    async regionLevel(path, depth, parent) {
      const r = await tb.call('divisions.children', parent ? { code: parent } : {});
      const a = this.addr[path] || (this.addr[path] = { levels: [], detail: '' });
      a.levels = a.levels.slice(0, depth);
      if (r.divisions.length) a.levels.push({ names: r.divisions.map((d) => d.name), codes: r.divisions.map((d) => d.code), index: -1 });
      this.draw(this.view);
    },
    region(e) {
      const { path, depth } = e.currentTarget.dataset;
      const level = this.addr[path].levels[depth];
      level.index = Number(e.detail.value);
      return this.regionLevel(path, depth + 1, level.codes[level.index]);
    },
    addressDetail(e) {
      const { path } = e.currentTarget.dataset;
      (this.addr[path] || (this.addr[path] = { levels: [], detail: '' })).detail = e.detail.value;
    },
    saveAddress(e) {
      const { path } = e.currentTarget.dataset;
      const a = this.addr[path];
      const chosen = a.levels.filter((l) => l.index >= 0).map((l) => l.codes[l.index]).pop() || '';
      return this.set(path, `${chosen}|${a.detail}`);
    },
    back() { return this.change('form.back'); },
    next() { return this.change('form.next'); },
    async submit() {
      if (!this.view.can_submit) return this.change('form.show_errors');
      await this.saving;
      go(`/pages/review/review?item=${encodeURIComponent(this.item)}`);
      return null;
    },
  },
});
