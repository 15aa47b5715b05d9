// The `sm` suite's primitives (core/crypto/sm.h) on the command line, for the interop test with an
// independent implementation (tests/cli/sm_interop.test.mjs, npm sm-crypto). Bytes in and out as
// hex; keys as tongban key files. Exit 1 with "refused: <reason>" when the core refuses.
//   sm_tool sign KEY ID MSG            -> r || s
//   sm_tool verify PUB ID MSG SIG      -> "ok"
//   sm_tool encrypt PUB MSG            -> C1 || C3 || C2 (k from the system's CSPRNG)
//   sm_tool decrypt KEY CT             -> the message
//   sm_tool gcm-seal KEY16 NONCE12 AAD MSG  /  gcm-open KEY16 NONCE12 AAD SEALED
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "crypto/keys.h"
#include "crypto/sm.h"
#include "host/entropy.h"

namespace {

using namespace tb::crypto;

int refuse(const std::string& why) {
  std::printf("refused: %s\n", why.c_str());
  return 1;
}
std::string unhex(const char* h) {
  auto b = from_hex(h);
  if (!b) {
    std::fprintf(stderr, "not hex: %s\n", h);
    std::exit(2);
  }
  return *b;
}
ParsedKey key_file(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto k = parse_key_file(text.str());
  if (!k || !is_sm_kind(k->pub.kind)) {
    std::fprintf(stderr, "%s: not an SM2 key file (%s)\n", path, k ? key_kind_name(k->pub.kind) : k.describe().c_str());
    std::exit(2);
  }
  return std::move(k).value();
}
std::string pub_of(const ParsedKey& k) { return std::string(k.pub.key.begin(), k.pub.key.end()); }
int print(const std::string& bytes) {
  std::printf("%s\n", to_hex(bytes).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "sign" && argc == 5) {
    const auto k = key_file(argv[2]);
    if (!k.pair) return refuse("needs the secret key");
    return print(sm::sign(k.pair->secret_key, argv[3], unhex(argv[4])));
  }
  if (cmd == "verify" && argc == 6) {
    const auto ok = sm::verify(pub_of(key_file(argv[2])), argv[3], unhex(argv[4]), unhex(argv[5]));
    return ok ? (std::printf("ok\n"), 0) : refuse(ok.describe());
  }
  if (cmd == "encrypt" && argc == 4) {
    tb::host::SystemEntropy entropy;
    const auto ct = sm::encrypt(pub_of(key_file(argv[2])), unhex(argv[3]), entropy);
    return ct ? print(*ct) : refuse(ct.describe());
  }
  if (cmd == "decrypt" && argc == 4) {
    const auto k = key_file(argv[2]);
    if (!k.pair) return refuse("needs the secret key");
    const auto m = sm::decrypt(k.pair->secret_key, unhex(argv[3]));
    return m ? print(*m) : refuse(m.describe());
  }
  if (cmd == "gcm-seal" && argc == 6) return print(sm::sm4_gcm_seal(unhex(argv[2]), unhex(argv[3]), unhex(argv[5]), unhex(argv[4])));
  if (cmd == "gcm-open" && argc == 6) {
    const auto m = sm::sm4_gcm_open(unhex(argv[2]), unhex(argv[3]), unhex(argv[5]), unhex(argv[4]));
    return m ? print(*m) : refuse("SM4-GCM: changed, truncated, or another key, nonce or associated data");
  }
  std::fprintf(stderr, "usage: sm_tool sign|verify|encrypt|decrypt|gcm-seal|gcm-open … (see the source's header)\n");
  return 2;
}
