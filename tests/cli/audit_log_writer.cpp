// Test helper for cli.staff: writes a staff station's audit log the way the kiosk does (core's
// app::AuditChain, the device key from its key file), so `tongban audit verify` can be tested on a
// log it did not write and on copies of it tampered with. The kiosk's own log is verified in
// tests/kiosk/staff.test.mjs.
//
//   audit_log_writer DEVICE.key LOG EVENT[:KEY=VALUE,…]…     appends one entry per EVENT
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include "app/audit_log.h"
#include "crypto/keys.h"

namespace {

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

tb::app::AuditEvent event_of(const std::string& arg) {
  tb::app::AuditEvent e;
  const auto colon = arg.find(':');
  e.event = arg.substr(0, colon);
  for (std::size_t at = colon; at != std::string::npos && at + 1 < arg.size();) {
    const auto comma = arg.find(',', at + 1);
    const std::string kv = arg.substr(at + 1, comma == std::string::npos ? std::string::npos : comma - at - 1);
    const auto eq = kv.find('=');
    e.fields.push_back({kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1)});
    at = comma;
  }
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: audit_log_writer DEVICE.key LOG EVENT[:KEY=VALUE,…]…\n");
    return 2;
  }
  const auto key = tb::crypto::parse_key_file(slurp(argv[1]));
  if (!key || !key->pair) {
    std::fprintf(stderr, "audit_log_writer: %s: %s\n", argv[1], key ? "no secret key" : key.describe().c_str());
    return 2;
  }
  auto chain = tb::app::AuditChain::resume(slurp(argv[2]), key->pub);
  if (!chain) {
    std::fprintf(stderr, "audit_log_writer: %s: %s\n", argv[2], chain.describe().c_str());
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary | std::ios::app);
  for (int i = 3; i < argc; ++i) out << chain->append(event_of(argv[i]), static_cast<std::int64_t>(std::time(nullptr)), *key->pair);
  return out ? 0 : 3;
}
