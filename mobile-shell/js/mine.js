// 我的 on the phone: the resident's wallet (profile and e-licences), shown masked (脱敏).
import { call } from './core.js';
import { h, render } from './dom.js';
import { loadWallet, useDemoWallet, clearWallet } from './wallet.js';

export async function mineScreen(ctx) {
  const w = await loadWallet();
  ctx.setTitle('我的', true);
  const masked = async (kind, value) => (value ? (await call('mask', { kind, value })).masked : '—');
  const p = w.profile || {};
  render(ctx.view,
    h('section', { class: 'card' },
      h('h2', {}, '个人资料'),
      h('dl', { class: 'facts' },
        h('dt', {}, '姓名'), h('dd', { id: 'mine-name' }, await masked('name', p.name)),
        h('dt', {}, '身份证号'), h('dd', {}, await masked('id', p.id)),
        h('dt', {}, '手机号'), h('dd', {}, await masked('mobile', p.mobile))),
      w.demo ? h('p', { class: 'hint' }, '这是示范身份（虚构人物），用于体验。') : null),
    h('section', { class: 'card' },
      h('h2', {}, '电子证照'),
      h('p', {}, w.elicences && w.elicences.length ? `已保存 ${w.elicences.length} 份电子证照，办事时可免交纸质材料。` : '暂无电子证照。')),
    h('div', { class: 'form-nav' },
      h('button', { type: 'button', class: 'button', id: 'use-demo', onclick: async () => { await useDemoWallet(); mineScreen(ctx); } }, '使用示范身份'),
      h('button', { type: 'button', class: 'button secondary', id: 'clear-wallet', onclick: async () => { await clearWallet(); mineScreen(ctx); } }, '清除我的信息')));
}
