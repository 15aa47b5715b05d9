// Shared by the native kiosk test (X input under Xvfb) and the web kiosk test (Playwright's mouse
// and keyboard on the canvas); it sees only the automation description of each frame
// (kiosk/ui/automation.h). click(target), typeText(text) and clearText() are the platform's input.
//
// Fills the kiosk's current form the way a person would, through the screen: choices tapped,
// numbers and IDs on the on-screen keypad, text through the keyboard into the editor, addresses
// through the division picker. Returns the last automation frame.
export async function fillKioskForm(a, { frameAfter, click, typeText, clearText }) {
  const next = async (prev) => frameAfter((b) => b.frame > prev.frame + 1, 'redraw');
  const candidates = { id: ['211402198803151234'], date: ['2025-01-15', '1985-06-01'], tel: ['13800138000'],
    decimal: ['1200', '0'], numeric: ['1', '30', '3200', '12', '50', '0'] };
  const tried = new Map();
  let scanning = false;
  for (let round = 0; round < 80; round++) {
    const paths = new Set(a.targets.filter((t) => t.id.startsWith('choice.')).map((t) => t.id.split('.').slice(1, -1).join('.')));
    let acted = false;
    for (const p of paths) {
      if (a.targets.some((t) => t.id.startsWith(`choice.${p}.`) && t.state === 'selected')) continue;
      const opts = a.targets.filter((t) => t.id.startsWith(`choice.${p}.`));
      const pick = opts.find((t) => t.id.endsWith('.false')) || opts[0];
      await click(pick);
      a = await next(a);
      acted = true;
      scanning = false;
      break;
    }
    if (acted) continue;
    const toggle = a.targets.find((t) => (t.id.startsWith('commit.') || t.id.startsWith('attach.')) && t.state !== 'selected');
    if (toggle) { await click(toggle); a = await next(a); continue; }
    const box = a.targets.find((t) => t.id.startsWith('field.') && (t.state === 'empty' || t.state === 'error'));
    if (box) {
      const n = tried.get(box.id) || 0;
      tried.set(box.id, n + 1);
      if (n > 6) throw new Error(`cannot fill ${box.id} (${box.label})`);
      await click(box);
      a = await frameAfter((b) => b.targets.some((t) => t.id === 'editor.ok'), 'editor');
      const has = (id) => a.targets.some((t) => t.id === id);
      if (has('keypad.1')) {
        const kind = has('keypad.X') ? 'id' : has('keypad.-') ? 'date' : has('keypad..') ? 'decimal' : /电话|手机/.test(box.label) ? 'tel' : 'numeric';
        const list = candidates[kind];
        await click(a.targets.find((t) => t.id === 'keypad.clear'));
        a = await next(a);
        for (const ch of list[n % list.length]) { await click(a.targets.find((t) => t.id === `keypad.${ch}`)); a = await next(a); }
      } else if (a.targets.some((t) => t.id.startsWith('division.'))) {
        for (let level = 0; level < 3; level++) {
          const before = a.targets.filter((t) => t.id.startsWith('division.')).length;
          const firstNew = a.targets.filter((t) => t.id.startsWith('division.'))[level === 0 ? 0 : before - 1];
          await click(level === 0 ? a.targets.find((t) => t.id.startsWith('division.')) : firstNew);
          a = await next(a);
        }
        await typeText('Wenhua Road 1');
        a = await next(a);
      } else {
        await clearText();
        await typeText(/日期/.test(box.label) ? '2025-01-15' : 'Test');
        a = await next(a);
      }
      await click(a.targets.find((t) => t.id === 'editor.ok'));
      a = await frameAfter((b) => !b.targets.some((t) => t.id === 'editor.ok'), 'editor closed');
      continue;
    }
    const nextPage = a.targets.find((t) => t.id === 'form.next');
    if (nextPage) {
      const page = a.texts.find((s) => s.startsWith('第'));
      await click(nextPage);
      a = await frameAfter((b) => b.frame > a.frame + 1, 'next page');
      if (a.texts.find((s) => s.startsWith('第')) === page) {
        // Stayed: something on this page still needs attention; scroll down to find it.
        const down = a.targets.find((t) => t.id.endsWith('.down'));
        if (down) { await click(down); a = await next(a); }
      }
      continue;
    }
    // Nothing to do in sight: submit if this is the last page; otherwise look through the page
    // (down to the end, then back up from the top) for what still needs attention.
    const submit = a.targets.find((t) => t.id === 'form.submit');
    if (submit && !scanning) {
      await click(submit);
      a = await frameAfter((b) => b.frame > a.frame + 1, 'submit');
      if (a.screen === 'apply-done') return a;
      scanning = 'down';
    }
    const rail = a.targets.find((t) => t.id.endsWith(scanning === 'up' ? '.up' : '.down'));
    if (rail) {
      const before = JSON.stringify(a.targets.map((t) => [t.id, Math.round(t.y)]));
      await click(rail);
      a = await next(a);
      if (JSON.stringify(a.targets.map((t) => [t.id, Math.round(t.y)])) === before) scanning = scanning === 'up' ? false : 'up';
      continue;
    }
    scanning = scanning === 'down' ? 'up' : false;
  }
  return a;
}

