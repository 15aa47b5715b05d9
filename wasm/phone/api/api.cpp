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

bool arg_bytes_view(const json& req, std::string_view* out, json* error) {
  if (auto staged = req.find("staged"); staged != req.end()) {
    if (!staged->is_boolean() || !staged->get<bool>()) {
      *error = fail("argument 'staged' must be true (bytes written with tb_stage)");
      return false;
    }
    if (state().staged.empty()) {
      *error = fail("argument 'staged': nothing is staged (write the bytes with tb_stage first)");
      return false;
    }
    *out = state().staged;
    return true;
  }
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
  *out = std::string_view(reinterpret_cast<const char*>(ptr), len);
  return true;
}

bool arg_bytes(const json& req, std::string* out, json* error) {
  std::string_view view;
  if (!arg_bytes_view(req, &view, error)) return false;
  if (req.contains("staged")) {  // taken, not copied: the stage is empty afterwards
    *out = std::move(state().staged);
    state().staged.clear();
    state().staged.shrink_to_fit();
  } else {
    out->assign(view);
  }
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

// Every argument an op reads with a default, by name, with the JSON type it must have, checked once
// for every request before any op runs. A wrong type read through json::value would throw, and the
// WebAssembly module has no exception handling (the throw aborts it); a float such as 1.4e22 or a
// number past int64 read as an integer would be undefined behaviour. The same names inside the
// 'rating' and 'appointment' objects are held to the same types.
enum class ArgType { Integer, Boolean, String, Object };
struct ArgRule {
  const char* name;
  ArgType type;
};
constexpr ArgRule kArgRules[] = {
    {"now", ArgType::Integer},    {"today", ArgType::Integer},  {"limit", ArgType::Integer},
    {"part", ArgType::Integer},   {"len", ArgType::Integer},    {"ptr", ArgType::Integer},
    {"row", ArgType::Integer},    {"stars", ArgType::Integer},  {"date", ArgType::Integer},
    {"elderly", ArgType::Boolean}, {"binary", ArgType::Boolean}, {"online", ArgType::Boolean},
    {"suite", ArgType::String},   {"title", ArgType::String},   {"item", ArgType::String},
    {"reason", ArgType::String},  {"comment", ArgType::String}, {"rates", ArgType::String},
    {"hall", ArgType::String},    {"slot", ArgType::String},    {"name", ArgType::String},
    {"mobile", ArgType::String},  {"rating", ArgType::Object},  {"appointment", ArgType::Object},
};

const char* type_words(ArgType t) {
  switch (t) {
    case ArgType::Integer: return "a whole number within 64 bits";
    case ArgType::Boolean: return "true or false";
    case ArgType::String: return "a string";
    case ArgType::Object: return "an object";
  }
  return "";
}

bool has_type(const json& v, ArgType t) {
  switch (t) {
    case ArgType::Integer:
      return v.is_number_integer() && !(v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(INT64_MAX));
    case ArgType::Boolean: return v.is_boolean();
    case ArgType::String: return v.is_string();
    case ArgType::Object: return v.is_object();
  }
  return false;
}

// The first argument of the wrong type, as "argument 'x' must be ...", or empty when all are right.
std::string wrong_arg(const json& obj, const std::string& where) {
  for (const auto& rule : kArgRules) {
    const auto it = obj.find(rule.name);
    if (it == obj.end()) continue;
    if (!has_type(*it, rule.type))
      return "argument '" + where + rule.name + "' must be " + type_words(rule.type);
    if (rule.type == ArgType::Object && where.empty())
      if (auto inner = wrong_arg(*it, std::string(rule.name) + "."); !inner.empty()) return inner;
  }
  return {};
}
}  // namespace

std::string call(std::string_view request_json) {
  json req = json::parse(request_json.begin(), request_json.end(), nullptr, /*allow_exceptions=*/false);
  json reply;
  if (req.is_discarded()) {
    reply = fail("request is not valid JSON");
  } else if (!req.is_object() || !req.contains("op") || !req["op"].is_string()) {
    reply = fail("request must be a JSON object with a string 'op'");
  } else if (auto bad = wrong_arg(req, ""); !bad.empty()) {
    reply = fail(std::move(bad));
  } else {
    const std::string op = req["op"].get<std::string>();
    auto it = registry().find(op);
    reply = it == registry().end() ? fail("unknown op '" + op + "'") : it->second(req);
  }
  // Invalid UTF-8 in a reply must not abort the module: replace it.
  return reply.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace tb::phone
