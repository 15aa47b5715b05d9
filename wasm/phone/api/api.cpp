#include "api.h"

#include <cstdint>

#include "registry.h"

namespace tb::phone {

State& state() {
  static State s;
  return s;
}

json fail(std::string message) { return {{"ok", false}, {"error", std::move(message)}}; }

json ok(json fields) {
  fields["ok"] = true;
  return fields;
}

bool arg_string(const json& req, const char* name, std::string* out, json* error) {
  auto it = req.find(name);
  if (it == req.end() || !it->is_string()) {
    *error = fail(std::string("argument '") + name + "' (string) is missing");
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

bool arg_bytes(const json& req, std::string* out, json* error) {
  auto p = req.find("ptr"), n = req.find("len");
  if (p == req.end() || n == req.end() || !p->is_number_unsigned() || !n->is_number_unsigned()) {
    *error = fail("arguments 'ptr' and 'len' (bytes in module memory) are missing");
    return false;
  }
  const auto ptr = p->get<std::uintptr_t>();
  const auto len = n->get<std::size_t>();
  if (ptr == 0 || len > (std::size_t(1) << 30)) {
    *error = fail("arguments 'ptr'/'len' are out of range");
    return false;
  }
  out->assign(reinterpret_cast<const char*>(ptr), len);
  return true;
}

std::optional<std::string> from_b64(const json& v) {
  if (!v.is_string()) return std::nullopt;
  auto b = crypto::from_base64(v.get<std::string>());
  if (!b) return std::nullopt;
  return std::string(b->begin(), b->end());
}

namespace {
const Registry& registry() {
  static const Registry r = [] {
    Registry reg;
    register_core_ops(reg);
    register_guide_ops(reg);
    register_form_ops(reg);
    register_submit_ops(reg);
    register_code_ops(reg);
    register_signin_ops(reg);
    return reg;
  }();
  return r;
}

// The integer arguments ops read (clocks, limits, indexes), checked once for every op: a float such
// as 1.4e22 or a number past int64 read as an integer would be undefined behaviour in the op.
constexpr const char* kIntegerArgs[] = {"now", "today", "limit", "part", "len", "ptr"};
const char* non_integer_arg(const json& req) {
  for (const char* name : kIntegerArgs) {
    const auto it = req.find(name);
    if (it == req.end()) continue;
    const bool fits = it->is_number_integer() &&
                      !(it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t(INT64_MAX));
    if (!fits) return name;
  }
  return nullptr;
}
}  // namespace

std::string call(std::string_view request_json) {
  json req = json::parse(request_json.begin(), request_json.end(), nullptr, /*allow_exceptions=*/false);
  json reply;
  if (req.is_discarded()) {
    reply = fail("request is not valid JSON");
  } else if (!req.is_object() || !req.contains("op") || !req["op"].is_string()) {
    reply = fail("request must be a JSON object with a string 'op'");
  } else if (const char* bad = non_integer_arg(req)) {
    reply = fail(std::string("argument '") + bad + "' must be a whole number within 64 bits");
  } else {
    const std::string op = req["op"].get<std::string>();
    auto it = registry().find(op);
    reply = it == registry().end() ? fail("unknown op '" + op + "'") : it->second(req);
  }
  // Invalid UTF-8 in a reply must not abort the module: replace it.
  return reply.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace tb::phone
