// Fills the mini-program's open form page (pages/form) the way the phone tests do (phone_form.mjs):
// every field that still needs an answer gets one (the shared values, the next one when refused),
// then 下一步, until 提交申请 opens 确认提交. → { problems: [what went wrong] }. A group's rows are left
// as the form starts them (the group tests add and remove rows themselves).
import { VALUES, PNG_1PX } from './form_answers.mjs';
import { waitFor } from './harness.mjs';

const answered = (f) => {
  if (f.pseudo) return true;  // a group's row heading, 添加… or the group's error: not a field
  switch (f.kind) {
    case 'choices': case 'multi': return f.choices.some((c) => c.selected);
    case 'list': return f.index >= 0;
    case 'commitment': return f.value === 'true';
    case 'attachment': return !!f.covered_by || !!f.value;
    case 'address': return !!f.value;
    case 'note': return true;
    default: return f.readonly || (f.value || '').trim() !== '';
  }
};

// `stopAt(data)`: stop (→ { problems, stopped: true }) once the page shows what the caller wants to
// work with itself.
export async function fillForm(mp, page, shim, { stopAt = null } = {}) {
  const tried = new Map();
  const problems = [];
  const before = shim.navigations.length;
  for (let guard = 0; guard < 300; guard++) {
    const data = page.instance.data;
    if (data.error) { problems.push(data.error); break; }
    if (stopAt && stopAt(data)) return { problems, stopped: true };
    const todo = data.fields.find((f) => (!answered(f) || f.error) && (tried.get(f.path) || 0) < 6);
    if (!todo) {
      const steps = data.head.steps;
      await mp.tap(page, data.head.last ? '#form-submit' : '#form-next');
      if (shim.navigations.length > before) return { problems };
      if (page.instance.data.head.steps === steps && !page.instance.data.fields.some((f) => f.error)) {
        problems.push(`${data.head.last ? '提交申请' : '下一步'} neither moved on nor said why`);
        break;
      }
      if (page.instance.data.head.steps === steps && [...tried.values()].every((n) => n >= 6)) {
        problems.push(`refused: ${page.instance.data.fields.filter((f) => f.error).map((f) => `${f.path}: ${f.error}`).join('; ')}`);
        break;
      }
      continue;
    }
    const attempt = tried.get(todo.path) || 0;
    tried.set(todo.path, attempt + 1);
    const sel = `#in-${todo.id}`;
    if (todo.kind === 'choices' || todo.kind === 'multi') {
      const order = todo.type === 'yes_no' ? [1, 0] : todo.choices.map((_, i) => i);
      const choice = todo.choices[order[attempt % order.length]];
      await mp.tap(page, `#c-${todo.id}-${choice.value}`);
    } else if (todo.kind === 'list') {
      await mp.event(page, sel, 'change', { value: String(attempt % todo.values.length) });
    } else if (todo.kind === 'commitment') {
      await mp.tap(page, sel);
    } else if (todo.kind === 'attachment') {
      shim.stageFile(`photo-${guard}.png`, PNG_1PX);
      await mp.tap(page, sel);
    } else if (todo.kind === 'address') {
      // Province, city, county: the first of each level, as the pickers load them.
      for (let depth = 0; depth < 4; depth++) {
        await waitFor(() => (page.instance.data.fields.find((f) => f.path === todo.path).levels || []).length > depth, { timeout: 3000, what: `address level ${depth}` }).catch(() => null);
        if (!page.querySelector(`${sel}-${depth}`)) break;
        await mp.event(page, `${sel}-${depth}`, 'change', { value: '0' });
      }
      await mp.event(page, `${sel}-detail`, 'input', { value: '文化路88号' });
      await mp.tap(page, `${sel}-save`);
    } else {
      const values = VALUES[todo.type] || VALUES.text;
      await mp.event(page, sel, 'blur', { value: values[attempt % values.length] });
    }
  }
  problems.push('the form did not reach 确认提交');
  return { problems };
}
