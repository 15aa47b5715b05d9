// Ops every screen uses: version, the home view-model, masking.
#include "app/home.h"
#include "code/qr.h"
#include "code/qr_svg.h"
#include "registry.h"
#include "text/mask.h"
#include "version.h"

namespace tb::phone {
namespace {

json op_version(const json&) { return ok({{"version", std::string(version())}, {"platform", std::string(platform())}}); }

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
  if (!r.ok) return fail(r.error);
  return ok({{"svg", code::qr_svg(r.matrix)}, {"version", r.matrix.version}});
}

}  // namespace

void register_core_ops(Registry& r) {
  r["qr.svg"] = op_qr_svg;
  r["version"] = op_version;
  r["home"] = op_home;
  r["mask"] = op_mask;
}

}  // namespace tb::phone
