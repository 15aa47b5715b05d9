// The phone core module in a benchmark page, as the mobile shell loads it: tongban-phone.js, then
// one JSON request in and one reply out through tb_call (wasm/phone/exports.cpp). Resolves with
// { m, call }: the module (for its heap) and call(request) → reply ({ok: true, …} or {ok: false, error}).
export async function loadPhoneCore() {
  await new Promise((resolve, reject) => {
    const s = document.createElement('script'); s.src = 'tongban-phone.js'; s.onload = resolve; s.onerror = reject;
    document.head.appendChild(s);
  });
  const m = await window.createTongbanCore({});
  const call = (req) => {
    const json = JSON.stringify(req);
    const n = m.lengthBytesUTF8(json) + 1, p = m._tb_alloc(n);
    m.stringToUTF8(json, p, n);
    const r = JSON.parse(m.UTF8ToString(m._tb_call(p)));
    m._tb_free(p);
    return r;
  };
  return { m, call };
}
