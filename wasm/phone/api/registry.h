#pragma once
// The phone API's operation table and the state it serves (one module instance = one phone).
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include <optional>
#include <vector>

#include "crypto/aead.h"
#include "crypto/sign.h"
#include "form/merge.h"
#include "guide/guides.h"
#include "result.h"

namespace tb::phone {

using json = nlohmann::json;
using Handler = std::function<json(const json&)>;
using Registry = std::map<std::string, Handler>;

// What the phone module holds between calls. Nothing personal is kept here unencrypted.
struct State {
  // The deployment's suite, which the shell reads from the keys it ships (core.configure): the
  // phone's device key is an SM2 key in an `sm` deployment, so that its codes, requests and
  // envelopes are all in the suite its city chose (FORMATS.md, "The `sm` suite").
  crypto::KeyKind device_kind = crypto::KeyKind::Device;
  crypto::TrustStore guide_trust;
  guide::Guides guides;
  std::string last_bundle;  // bytes handed back to the shell to persist (sealed drafts, the outbox index, …)
  // Large input written straight into the core by the shell (tb_stage), then taken by the op that
  // reads it ({"staged": true}) without a copy: a city's catalogue is ~19 MB, and holding it twice
  // while it is opened would double what the phone's WebAssembly heap grows to.
  std::string staged;
};
State& state();

json fail(std::string message);
// A failure of the core (core/result.h), the one way the API reports one: {"ok": false, "error":
// `context` and what a person reads (reason_text and the detail), "reason": the stable key}.
template <class Reason>
json fail(const Status<Reason>& failed, const std::string& context = "") {
  json reply = fail(context + failed.message());
  reply["reason"] = reason_key(failed.reason());
  return reply;
}
json ok(json fields = json::object());
// Argument readers: return false and set `error` (a reply) naming the argument.
bool arg_string(const json& req, const char* name, std::string* out, json* error);
// Binary input passed as {"ptr": p, "len": n} in module memory (tb_alloc'd by the caller), or as
// {"staged": true}: the bytes the shell wrote with tb_stage, moved out (the stage is then empty).
bool arg_bytes(const json& req, std::string* out, json* error);
// The same bytes read where they are (the stage is kept): valid until the shell's next call.
bool arg_bytes_view(const json& req, std::string_view* out, json* error);

// Base64 text → bytes (nullopt when not a base64 string).
std::optional<std::string> from_b64(const json& v);
// The form open in form_ops, for submission: nullptr when none is open.
const form::MergedForm* open_form_answers(std::vector<proto::FormValue>* answers, bool* can_submit);
// The open form's draft (for a hand-off to a kiosk); false when no form is open.
bool open_form_draft(std::int64_t now, std::string* item, proto::FormDraft* draft);

// The phone's device key from the request's 'seed' (32 bytes, base64), in the deployment's suite;
// nullopt with `error` set when the seed is missing or malformed.
std::optional<crypto::KeyPair> device_from(const json& req, json* error);
// The cipher the phone seals what it stores with (drafts, the outbox, the wallet): its suite's.
inline crypto::AtRest at_rest() { return crypto::at_rest_for(state().device_kind); }

void register_core_ops(Registry& r);
void register_guide_ops(Registry& r);
void register_form_ops(Registry& r);
void register_submit_ops(Registry& r);
void register_code_ops(Registry& r);
void register_signin_ops(Registry& r);

}  // namespace tb::phone
