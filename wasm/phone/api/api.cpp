#include "api.h"

#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "app/home.h"
#include "text/mask.h"
#include "version.h"

namespace tb::phone {
namespace {
using json = nlohmann::json;
using Handler = std::function<json(const json&)>;

json fail(std::string message) { return {{"ok", false}, {"error", std::move(message)}}; }

// Reads a string argument or reports which one is missing.
bool arg_string(const json& req, const char* name, std::string* out, json* error) {
  auto it = req.find(name);
  if (it == req.end() || !it->is_string()) {
    *error = fail(std::string("argument '") + name + "' (string) is missing");
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

json op_version(const json&) {
  return {{"ok", true}, {"version", std::string(version())}, {"platform", std::string(platform())}};
}

json op_home(const json& req) {
  const bool elderly = req.value("elderly", false);
  const app::HomeView v = app::home_view(elderly);
  json entries = json::array();
  for (const auto& e : v.entries) entries.push_back({{"key", e.key}, {"title", e.title}, {"hint", e.hint}});
  return {{"ok", true},          {"title", v.title},     {"subtitle", v.subtitle},
          {"elderly", v.elderly}, {"entries", entries}, {"elderly_toggle_label", v.elderly_toggle_label}};
}

json op_mask(const json& req) {
  std::string kind, value;
  json error;
  if (!arg_string(req, "kind", &kind, &error) || !arg_string(req, "value", &value, &error)) return error;
  if (kind == "id") return {{"ok", true}, {"masked", text::mask_resident_id(value)}};
  if (kind == "mobile") return {{"ok", true}, {"masked", text::mask_mobile(value)}};
  if (kind == "name") return {{"ok", true}, {"masked", text::mask_name(value)}};
  return fail("argument 'kind': expected id, mobile or name, got '" + kind + "'");
}

const std::map<std::string, Handler>& handlers() {
  static const std::map<std::string, Handler> table = {
      {"version", op_version},
      {"home", op_home},
      {"mask", op_mask},
  };
  return table;
}

}  // namespace

std::string call(std::string_view request_json) {
  json req = json::parse(request_json.begin(), request_json.end(), nullptr, /*allow_exceptions=*/false);
  json reply;
  if (req.is_discarded()) {
    reply = fail("request is not valid JSON");
  } else if (!req.is_object() || !req.contains("op") || !req["op"].is_string()) {
    reply = fail("request must be a JSON object with a string 'op'");
  } else {
    const std::string op = req["op"].get<std::string>();
    const auto& table = handlers();
    auto it = table.find(op);
    reply = it == table.end() ? fail("unknown op '" + op + "'") : it->second(req);
  }
  // Invalid UTF-8 in a reply must not abort the module: replace it.
  return reply.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace tb::phone
