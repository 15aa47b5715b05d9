// The `sm` suite's primitives as the WebAssembly build compiles them (OpenSSL's libcrypto built with
// Emscripten, SM4-GCM from its parts), one JSON call each, for tests/web/sm_wasm.test.mjs: it holds
// them to the standards' example vectors and to npm sm-crypto in the same Node process. Bytes travel
// as hex. Not part of the site.
//   tb_sm_probe('{"op":"sm3","msg":"616263"}') -> '{"ok":true,"out":"66c7…"}'
#include <emscripten.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "crypto/entropy.h"
#include "crypto/keys.h"
#include "crypto/secret_key.h"
#include "crypto/sm.h"

namespace sm = tb::crypto::sm;
using nlohmann::json;

namespace {

// A request's fields; the first bad one is remembered, and the call answers "bad request" with it
// (this build has no C++ exceptions).
struct Request {
  json j;
  std::string error;
  std::string bytes(const char* field) {
    const auto b = tb::crypto::from_hex(j.value(field, std::string()));
    if (!b && error.empty()) error = std::string("field ") + field + " is not hex";
    return b ? *b : std::string();
  }
  tb::crypto::SecretKey secret(const char* field) {
    const std::string d = bytes(field);
    return tb::crypto::SecretKey(reinterpret_cast<const unsigned char*>(d.data()), d.size());
  }
  // The recommended curve, or the one the request names (the standard's example curves).
  std::shared_ptr<const sm::Curve> curve() {
    if (!j.contains("curve")) return {};
    const json& c = j["curve"];
    auto s = [&](const char* k) { return c.value(k, std::string()); };
    auto made = sm::curve_from_hex(s("p").c_str(), s("a").c_str(), s("b").c_str(), s("gx").c_str(),
                                   s("gy").c_str(), s("n").c_str());
    if (!made && error.empty()) error = "the curve parameters make no curve";
    return made;
  }
};

template <class R>
json refused(const R& r) {
  return {{"ok", false}, {"reason", sm::reason_key(r.reason())}, {"detail", r.detail()}};
}
json out(const std::string& b) { return {{"ok", !b.empty()}, {"out", tb::crypto::to_hex(b)}}; }

json call(Request& q) {
  const std::string op = q.j.value("op", std::string());
  const auto named = q.curve();
  const sm::Curve& curve = named ? *named : sm::recommended_curve();
  if (op == "available") return {{"ok", sm::available()}};
  if (op == "sm3") return out(sm::sm3(q.bytes("msg")));
  if (op == "sm4_block") return out(sm::sm4_encrypt_block(q.bytes("key"), q.bytes("block"), q.j.value("times", 1UL)));
  if (op == "gcm_seal") return out(sm::sm4_gcm_seal(q.bytes("key"), q.bytes("nonce"), q.bytes("msg"), q.bytes("aad")));
  if (op == "gcm_open") {
    const auto r = sm::sm4_gcm_open(q.bytes("key"), q.bytes("nonce"), q.bytes("sealed"), q.bytes("aad"));
    if (!r) return {{"ok", false}, {"reason", "tampered"}};
    return {{"ok", true}, {"out", tb::crypto::to_hex(*r)}};
  }
  if (op == "public") return out(sm::public_from_secret(curve, q.secret("d")));
  if (op == "sign") return out(sm::sign(q.secret("d"), q.bytes("id"), q.bytes("msg")));
  if (op == "sign_with_k") return out(sm::sign_with_k(curve, q.secret("d"), q.bytes("id"), q.bytes("msg"), q.bytes("k")));
  if (op == "verify") {
    const auto s = sm::verify_on(curve, q.bytes("pub"), q.bytes("id"), q.bytes("msg"), q.bytes("sig"));
    return s ? json{{"ok", true}} : refused(s);
  }
  if (op == "encrypt_with_k") {
    const auto r = sm::encrypt_with_k(curve, q.bytes("pub"), q.bytes("msg"), q.bytes("k"));
    return r ? out(*r) : refused(r);
  }
  if (op == "encrypt") {  // k from the entropy the caller hands in, as the phone shell does
    tb::crypto::HandedEntropy entropy(q.bytes("entropy"));
    const auto r = sm::encrypt(q.bytes("pub"), q.bytes("msg"), entropy);
    if (entropy.ran_short()) return {{"ok", false}, {"reason", "entropy ran short"}};
    return r ? out(*r) : refused(r);
  }
  if (op == "decrypt") {
    const auto r = sm::decrypt_on(curve, q.secret("d"), q.bytes("ct"));
    return r ? json{{"ok", true}, {"out", tb::crypto::to_hex(*r)}} : refused(r);
  }
  if (q.error.empty()) q.error = "unknown op '" + op + "'";
  return {};
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE const char* tb_sm_probe(const char* request) {
  static std::string reply;
  const std::string text = request ? request : "";
  Request q{json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false), {}};
  if (!q.j.is_object()) q.error = "the request is not a JSON object";
  const json answer = q.error.empty() ? call(q) : json();
  reply = q.error.empty() ? answer.dump() : json{{"ok", false}, {"reason", "bad request"}, {"detail", q.error}}.dump();
  return reply.c_str();
}
