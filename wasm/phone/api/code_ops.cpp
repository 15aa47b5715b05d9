// Code ops (一码通城) on the phone: the rotating personal code, verifying what the phone scans
// (venue, house-plate and service codes), and hand-offs of a form to a kiosk or a clerk.
//   code.trust      {list (base64 signed trust list), roots: ["<root .pub text>"], now}
//   code.dynamic    {credential (base64), seed (device key seed, base64), now} → {text, svg, seconds_left}
//   handoff.form    {entropy (base64, >= 64 bytes), now} → {parts: [{text, svg}]}   the open form's draft
//   scan.decide     {text, now} → what a scanned code opens (app/scan.h, the same decision the kiosk
//                   makes): {outcome, kind, headline, detail, name_masked, item, answers, services}
#include <memory>

#include "app/scan.h"
#include "code/codes.h"
#include "code/qr.h"
#include "code/qr_svg.h"
#include "crypto/entropy.h"
#include "crypto/wipe.h"
#include "proto/handoff.pb.h"
#include "registry.h"

namespace tb::phone {
namespace {

code::Verifier& verifier() {
  static code::Verifier v(code::VerifierOptions{code::Scope::Venue, {}, 90, 30, 1000});
  return v;
}

json svg_for(const std::string& text) {
  const auto q = code::qr_encode(text);
  return q ? json(code::qr_svg(*q)) : json(nullptr);
}

json op_trust(const json& req) {
  auto list = from_b64(req.value("list", json()));
  if (!list) return fail("argument 'list' (the signed trust list, base64) is required");
  crypto::TrustStore roots;
  for (const auto& r : req.value("roots", json::array())) {
    if (!r.is_string()) return fail("argument 'roots': entries must be key file text");
    auto k = crypto::parse_key_file(r.get<std::string>());
    if (!k) return fail(k, "argument 'roots': ");
    roots.add({k->pub, 0, 0, {}});
  }
  if (const auto installed = verifier().set_trust_list(*list, roots, req.value("now", static_cast<std::int64_t>(0))); !installed)
    return fail(installed, "trust list refused: ");
  return ok();
}

json op_dynamic(const json& req) {
  auto credential = from_b64(req.value("credential", json()));
  if (!credential) return fail("argument 'credential' (base64) is required");
  json error;
  const auto device = device_from(req, &error);  // its secret wipes itself
  if (!device) return error;
  const std::int64_t now = req.value("now", static_cast<std::int64_t>(0));
  auto text = code::dynamic_code(*credential, *device, now, 30);
  if (!text) return fail(text);
  return ok({{"text", *text}, {"svg", svg_for(*text)}, {"seconds_left", code::seconds_left(now, 30)}});
}

json op_scan_decide(const json& req) {
  std::string text;
  json error;
  if (!arg_string(req, "text", &text, &error)) return error;
  code::HandOffAssembler none;  // a phone makes hand-offs; it does not take them
  const guide::Guides* guides = state().guides.loaded() ? &state().guides : nullptr;
  app::ScanView v = app::decide_scan(text, req.value("now", static_cast<std::int64_t>(0)), app::ScanChannel{false, false},
                                     &verifier(), guides, none);
  json services = json::array();
  for (const auto& s : v.services) services.push_back({{"id", s.id}, {"name", s.name}});
  json out = {{"outcome", app::scan_outcome_key(v.outcome)}, {"kind", v.kind}, {"headline", v.headline},
              {"detail", v.detail}, {"name_masked", v.name_masked}, {"item", v.item}, {"answers", v.answers},
              {"services", services}};
  v.wipe();
  return ok(out);
}

json op_handoff_form(const json& req) {
  auto entropy = from_b64(req.value("entropy", json()));
  if (!entropy || entropy->size() < 64) return fail("argument 'entropy' (at least 64 random bytes, base64) is required");
  const std::int64_t now = req.value("now", static_cast<std::int64_t>(0));
  proto::HandOffPayload p;
  p.set_version(1);
  p.set_created_at(now);
  if (!open_form_draft(now, p.mutable_item(), p.mutable_draft())) return fail("no form is open (call form.open first)");
  crypto::HandedEntropy e(std::move(*entropy));  // the shell's random bytes (the module has none)
  const auto parts = code::handoff_encode(p.SerializeAsString(), e);
  if (e.ran_short()) return fail("argument 'entropy': not enough random bytes");
  json out = json::array();
  for (const auto& part : parts) out.push_back({{"text", part}, {"svg", svg_for(part)}});
  return ok({{"parts", out}, {"item", p.item()}});
}

}  // namespace

void register_code_ops(Registry& r) {
  r["code.trust"] = op_trust;
  r["code.dynamic"] = op_dynamic;
  r["scan.decide"] = op_scan_decide;
  r["handoff.form"] = op_handoff_form;
}

}  // namespace tb::phone
