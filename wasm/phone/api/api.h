#pragma once
// The phone core module's API: one JSON request in, one JSON reply out.
//   request: {"op": "<name>", ...arguments}
//   reply:   {"ok": true, ...result} or {"ok": false, "error": "<what and where>"}; a failure of the
//            core adds "reason": its stable key ("malformed", "expired", "outdated-draft", …) and
//            "error" is then what a person reads (the reason in Chinese, then the detail)
// JSON keeps the API small and stable across the browser and mini-program hosts (no embind, no
// generated glue); binary inputs (bundles) are passed as {"ptr": p, "len": n} into memory the
// caller got from tb_alloc. The API never throws and never aborts on bad input.
#include <string>
#include <string_view>

namespace tb::phone {

std::string call(std::string_view request_json);

}  // namespace tb::phone
