// `tongban keys new NAME --out DIR [--kind sign|device|seal] [--suite ed25519|sm]`: writes NAME.key
// (mode 0600) and NAME.pub. Existing files are never overwritten.
#include <cctype>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "commands.h"
#include "crypto/sm.h"
#include "files.h"
#include "options.h"
#include "report.h"

namespace tb::cli {
namespace {

struct NewKeyOptions {
  std::string name, out;
  std::optional<std::string> kind, suite;
};

int run_new(const NewKeyOptions& o) {
  const std::string kind_name = o.kind.value_or("sign");
  const crypto::KeyKind role = kind_name == "device" ? crypto::KeyKind::Device
                               : kind_name == "seal" ? crypto::KeyKind::Seal
                                                     : crypto::KeyKind::Sign;
  const bool sm = o.suite.value_or("ed25519") == "sm";
  if (sm && !crypto::sm::available()) fail_usage("--suite sm: the sm suite is not in this build");
  const crypto::KeyKind kind = sm ? crypto::sm_kind_of(role) : role;
  for (char c : o.name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      fail_usage("NAME may only use letters, digits, '-', '_' and '.'");
  const auto pair = crypto::keypair_from_seed(kind, o.name, random_seed());
  const std::string key_path = o.out + "/" + o.name + ".key", pub_path = o.out + "/" + o.name + ".pub";
  write_new_file(key_path, crypto::format_key_file(pair), 0600);
  write_new_file(pub_path, crypto::format_public_key_file(crypto::public_half(pair)), 0644);
  std::printf("%s key %s (id %s)\n  secret: %s (keep private)\n  public: %s\n", crypto::key_kind_name(kind), o.name.c_str(),
              pair.id.hex().c_str(), key_path.c_str(), pub_path.c_str());
  return 0;
}

}  // namespace

void add_keys(CommandTree& tree) {
  CLI::App& keys = tree.add_group(tree.root(), {"keys", "make key pairs for issuers, devices and departments", "COMMAND …", ""});
  auto o = std::make_shared<NewKeyOptions>();
  CLI::App& app = tree.add(keys,
                           {"new", "make a key pair: DIR/NAME.key (secret, mode 0600) and DIR/NAME.pub (to distribute)",
                            "NAME --out DIR [--kind sign|device|seal] [--suite ed25519|sm]", "existing files are never overwritten"},
                           [o] { return run_new(*o); });
  app.add_option("NAME", o->name, "the key's name: letters, digits, '-', '_' and '.'")->required();
  app.add_option("--out", o->out, "the folder to write both files to")->type_name("DIR")->required();
  add_choice(app, "--kind", o->kind, {"sign", "device", "seal"},
             "sign    Ed25519 issuer key: signs guide bundles, codes, trust lists (default)\n"
             "device  Ed25519 key of a kiosk or a phone install: signs its submissions\n"
             "seal    X25519 key of a department: submissions are sealed to it");
  add_choice(app, "--suite", o->suite, {"ed25519", "sm"},
             "ed25519  Ed25519 / X25519 (default)\n"
             "sm       national cryptography (国密): an SM2 key for the same role (sm2-sign, sm2-device, sm2-seal)");
}

}  // namespace tb::cli
