// `tongban elicence issue`: issues a signed e-licence (电子证照) — what a city's e-licence platform
// does; here for demos and tests. `tongban elicence verify` checks one as a device would.
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "form/elicence.h"

namespace tb::cli {
namespace {
const char* kUsage =
    "usage: tongban elicence issue --type TYPE --holder-id ID --holder-name NAME [--number N]\n"
    "                              [--field KEY=VALUE]… [--expires UNIX] --key ISSUER.key -o FILE\n"
    "       tongban elicence verify FILE --trust ISSUER.pub [--holder-id ID]\n"
    "  TYPE is the material's e-licence type: hukou, jiehunzheng, chusheng, sfz, …\n";
}

int cmd_elicence(const Argv& argv) {
  Args args(argv, {"--type", "--holder-id", "--holder-name", "--number", "--field", "--expires", "--key", "-o", "--trust"},
            {"--help"});
  if (args.flag("--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!args.ok() || args.positional().empty()) {
    std::fprintf(stderr, "tongban elicence: %s\n%s", args.ok() ? "missing command" : args.error().c_str(), kUsage);
    return 2;
  }
  std::string error;
  if (args.positional()[0] == "issue") {
    const auto type = args.get("--type"), holder = args.get("--holder-id"), name = args.get("--holder-name"),
               key_path = args.get("--key"), out = args.get("-o");
    if (!type || !holder || !name || !key_path || !out) {
      std::fprintf(stderr, "tongban elicence: issue needs --type, --holder-id, --holder-name, --key and -o\n%s", kUsage);
      return 2;
    }
    auto key = load_key(*key_path, &error);
    if (!key || !key->pair || key->pub.kind != crypto::KeyKind::Sign) {
      std::fprintf(stderr, "tongban elicence: %s\n", key ? (*key_path + ": needs a secret signing key").c_str() : error.c_str());
      return 2;
    }
    proto::ELicence l;
    l.set_type(*type);
    l.set_holder_id(*holder);
    l.set_holder_name(*name);
    l.set_number(args.get("--number").value_or(""));
    l.set_issued_at(unix_now());
    l.set_expires_at(std::atoll(args.get("--expires").value_or("0").c_str()));
    for (const auto& kv : args.all("--field")) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::fprintf(stderr, "tongban elicence: --field needs KEY=VALUE, got '%s'\n", kv.c_str());
        return 2;
      }
      (*l.mutable_fields())[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    if (!write_file_atomic(*out, form::sign_elicence(l, *key->pair), 0644, &error)) {
      std::fprintf(stderr, "tongban elicence: %s\n", error.c_str());
      return 3;
    }
    std::printf("wrote %s: %s for %s\n", out->c_str(), type->c_str(), name->c_str());
    return 0;
  }
  if (args.positional()[0] == "verify" && args.positional().size() == 2) {
    auto trust = load_trust(args.all("--trust"), &error);
    auto bytes = trust ? read_file(args.positional()[1], &error) : std::nullopt;
    if (!trust || !bytes) {
      std::fprintf(stderr, "tongban elicence: %s\n", error.c_str());
      return 3;
    }
    const auto r = form::verify_elicence(*bytes, *trust, unix_now(), args.get("--holder-id").value_or(""));
    if (!r.ok) {
      std::fprintf(stderr, "tongban elicence: refused: %s\n", r.reason.c_str());
      return 1;
    }
    std::printf("ok: %s %s, holder %s\n", r.licence.type().c_str(), r.licence.number().c_str(), r.licence.holder_name().c_str());
    return 0;
  }
  std::fprintf(stderr, "tongban elicence: unknown command\n%s", kUsage);
  return 2;
}

}  // namespace tb::cli
