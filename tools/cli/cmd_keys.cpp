// `tongban keys new NAME --out DIR [--kind sign|device|seal]`: writes NAME.key (mode 0600) and
// NAME.pub. Existing files are never overwritten.
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "files.h"

namespace tb::cli {

int cmd_keys(const Argv& argv) {
  static const char* usage =
      "usage: tongban keys new NAME --out DIR [--kind sign|device|seal]\n"
      "  writes DIR/NAME.key (secret, mode 0600) and DIR/NAME.pub (to distribute)\n"
      "  --kind sign    Ed25519 issuer key: signs guide bundles, codes, trust lists (default)\n"
      "  --kind device  Ed25519 key of a kiosk or a phone install: signs its submissions\n"
      "  --kind seal    X25519 key of a department: submissions are sealed to it\n";
  Args args(argv, {"--out", "--kind"}, {"--help"});
  if (!args.ok() || args.flag("--help") || args.positional().size() != 2 || args.positional()[0] != "new") {
    if (!args.ok()) std::fprintf(stderr, "tongban keys: %s\n", args.error().c_str());
    std::fputs(usage, args.flag("--help") ? stdout : stderr);
    return args.flag("--help") ? 0 : 2;
  }
  const std::string name = args.positional()[1];
  const auto out = args.get("--out");
  if (!out) {
    std::fprintf(stderr, "tongban keys: --out DIR is required\n%s", usage);
    return 2;
  }
  const std::string kind_arg = args.get("--kind").value_or("sign");
  crypto::KeyKind kind;
  if (kind_arg == "sign") kind = crypto::KeyKind::Sign;
  else if (kind_arg == "device") kind = crypto::KeyKind::Device;
  else if (kind_arg == "seal") kind = crypto::KeyKind::Seal;
  else {
    std::fprintf(stderr, "tongban keys: --kind must be sign, device or seal, got '%s'\n", kind_arg.c_str());
    return 2;
  }
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      std::fprintf(stderr, "tongban keys: NAME may only use letters, digits, '-', '_' and '.'\n");
      return 2;
    }
  const auto pair = crypto::keypair_from_seed(kind, name, random_seed());
  std::string error;
  const std::string key_path = *out + "/" + name + ".key", pub_path = *out + "/" + name + ".pub";
  if (!write_new_file(key_path, crypto::format_key_file(pair), 0600, &error) ||
      !write_new_file(pub_path, crypto::format_public_key_file(crypto::public_half(pair)), 0644, &error)) {
    std::fprintf(stderr, "tongban keys: %s\n", error.c_str());
    return 3;
  }
  std::printf("%s key %s (id %s)\n  secret: %s (keep private)\n  public: %s\n", crypto::key_kind_name(kind), name.c_str(),
              pair.id.hex().c_str(), key_path.c_str(), pub_path.c_str());
  return 0;
}

}  // namespace tb::cli
