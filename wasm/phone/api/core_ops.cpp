// Ops every screen uses: version, the home view-model, the string table, masking.
#include "app/home.h"
#include "crypto/aead.h"
#include "crypto/keys.h"
#include "crypto/sm.h"
#include "crypto/wipe.h"
#include "code/qr.h"
#include "code/qr_svg.h"
#include "registry.h"
#include "ui_strings.h"
#include "text/mask.h"
#include "version.h"

namespace tb::phone {
namespace {

json op_version(const json&) { return ok({{"version", std::string(version())}, {"platform", std::string(platform())}}); }

// {suite: "ed25519" | "sm"}: the deployment's suite, as the shell read it from its keys. Asking
// for `sm` from a module without it is refused (the shell loads tongban-phone-sm for that).
json op_configure(const json& req) {
  const std::string suite = req.value("suite", std::string("ed25519"));
  if (suite != "ed25519" && suite != "sm") return fail("argument 'suite': 'ed25519' or 'sm', not '" + suite + "'");
  if (suite == "sm" && !crypto::sm::available())
    return fail("argument 'suite': the sm suite is not in this module (load tongban-phone-sm)");
  state().device_kind = suite == "sm" ? crypto::KeyKind::Sm2Device : crypto::KeyKind::Device;
  return ok({{"suite", suite}});
}

json op_home(const json& req) {
  const bool elderly = req.value("elderly", false);
  const app::HomeView v = app::home_view(elderly);
  json entries = json::array();
  for (const auto& e : v.entries) entries.push_back({{"key", e.key}, {"title", e.title}, {"hint", e.hint}});
  return ok({{"title", v.title},
             {"subtitle", v.subtitle},
             {"elderly", v.elderly},
             {"entries", entries},
             {"elderly_toggle_label", v.elderly_toggle_label}});
}

// The one string table (core/ui_strings.h) as {"Name": text}: the shell draws these instead of
// writing its own words.
json op_strings(const json&) {
  json table = json::object();
  for (const auto& s : ui::kAllStrings) table[s.name] = s.text;
  return ok({{"strings", std::move(table)}});
}

json op_mask(const json& req) {
  std::string kind, value;
  json error;
  if (!arg_string(req, "kind", &kind, &error) || !arg_string(req, "value", &value, &error)) return error;
  if (kind == "id") return ok({{"masked", text::mask_resident_id(value)}});
  if (kind == "mobile") return ok({{"masked", text::mask_mobile(value)}});
  if (kind == "name") return ok({{"masked", text::mask_name(value)}});
  return fail("argument 'kind': expected id, mobile or name, got '" + kind + "'");
}

// {text} → {svg, version}: a QR code drawn by the core (no image library on the phone).
json op_qr_svg(const json& req) {
  std::string text;
  json error;
  if (!arg_string(req, "text", &text, &error)) return error;
  const auto r = code::qr_encode(text);
  if (!r) return fail(r);
  return ok({{"svg", code::qr_svg(*r)}, {"version", r->version}});
}

// Sealing at rest for whatever the shell stores that is personal (the wallet, outbox items):
//   seal.at_rest {key, nonce (base64), context, text | ptr+len (binary)} → {bytes: {ptr, len}}
//   open.at_rest {ptr, len, key (base64), context, binary?} → {text} or, with binary: true, {bytes: {ptr, len}}
bool key_arg(const json& req, const char* name, std::size_t size, std::string* out) {
  if (!req.contains(name) || !req[name].is_string()) return false;
  auto b = crypto::from_base64(req[name].get<std::string>());
  if (!b || b->size() != size) return false;
  out->assign(b->begin(), b->end());
  return true;
}

json op_seal(const json& req) {
  std::string key, nonce, text, context;
  json error;
  if (!key_arg(req, "key", 32, &key) || !key_arg(req, "nonce", 24, &nonce))
    return fail("arguments 'key' (32 bytes) and 'nonce' (24 bytes), base64, are required");
  if (!arg_string(req, "context", &context, &error)) return error;
  if (req.contains("ptr")) {
    if (!arg_bytes(req, &text, &error)) return error;
  } else if (!arg_string(req, "text", &text, &error)) {
    return error;
  }
  crypto::Key32 k;
  crypto::Nonce24 n;
  std::copy(key.begin(), key.end(), k.begin());
  std::copy(nonce.begin(), nonce.end(), n.begin());
  state().last_bundle = crypto::seal_at_rest(at_rest(), k, n, text, "tongban.store.v1:" + context);
  crypto::wipe(key);
  crypto::wipe(text);
  return ok({{"bytes", {{"ptr", reinterpret_cast<std::uintptr_t>(state().last_bundle.data())}, {"len", state().last_bundle.size()}}}});
}

json op_open(const json& req) {
  std::string sealed, key, context;
  json error;
  if (!arg_bytes(req, &sealed, &error) || !arg_string(req, "context", &context, &error)) return error;
  if (!key_arg(req, "key", 32, &key)) return fail("argument 'key' (32 bytes, base64) is required");
  crypto::Key32 k;
  std::copy(key.begin(), key.end(), k.begin());
  crypto::wipe(key);
  auto text = crypto::open_at_rest(k, sealed, "tongban.store.v1:" + context);
  if (!text) return fail("stored data cannot be opened (damaged, or sealed with another key)");
  if (req.value("binary", false)) {
    state().last_bundle = std::move(*text);
    return ok({{"bytes", {{"ptr", reinterpret_cast<std::uintptr_t>(state().last_bundle.data())}, {"len", state().last_bundle.size()}}}});
  }
  return ok({{"text", *text}});
}

}  // namespace

void register_core_ops(Registry& r) {
  r["seal.at_rest"] = op_seal;
  r["open.at_rest"] = op_open;
  r["qr.svg"] = op_qr_svg;
  r["version"] = op_version;
  r["core.configure"] = op_configure;
  r["home"] = op_home;
  r["mask"] = op_mask;
  r["strings"] = op_strings;
}

}  // namespace tb::phone
