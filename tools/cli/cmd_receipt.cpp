// `tongban receipt`: checks a receipt code (TBR1:…) a resident shows, as a clerk would: the intake's
// signature and, with the envelope, that it names exactly those bytes.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "envelope_file.h"
#include "files.h"
#include "options.h"
#include "report.h"
#include "seal/envelope.h"
#include "seal/receipt.h"

namespace tb::cli {
namespace {

struct ReceiptOptions {
  std::string code;
  std::vector<std::string> trust;
  std::optional<std::string> envelope;
};

int run_receipt(const ReceiptOptions& o) {
  const auto trust = load_trust("--trust", o.trust);
  auto bytes = seal::receipt_from_code(o.code);
  if (!bytes) fail_with(bytes, "not a receipt code: ");
  std::string id, digest;
  if (o.envelope) {
    const auto in = seal::inspect_envelope(read_envelope_file(*o.envelope, *o.envelope + ": "), 1ull << 32);
    if (!in) fail_with(in, *o.envelope + ": ");
    id = in.header.submission_id();
    digest = in.digest;
  }
  const auto check = seal::verify_receipt(*bytes, trust, id, digest);
  if (!check) fail_with(check, "does not verify: ");
  nlohmann::json departments = nlohmann::json::array();
  for (const auto& d : check->departments()) departments.push_back(d);
  nlohmann::json out = {{"submission_id", crypto::to_hex(check->submission_id())},
                        {"received_at", check->received_at()},
                        {"envelope_digest", crypto::to_hex(check->envelope_digest())},
                        {"intake", check->intake()},
                        {"kind", check->kind()},
                        {"departments", departments},
                        {"verified", true}};
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace

void add_receipt(CommandTree& tree) {
  auto o = std::make_shared<ReceiptOptions>();
  CLI::App& app = tree.add(tree.root(),
                           {"receipt", "check a receipt code (TBR1:…) a resident shows: the intake's signature and what it says",
                            "CODE --trust INTAKE.pub [--trust …] [--envelope ENVELOPE]",
                            "Prints what the receipt says as JSON; exit 1 if it does not verify."},
                           [o] { return run_receipt(*o); });
  app.add_option("CODE", o->code, "the receipt code, as scanned from a resident's phone or a kiosk slip")->required();
  add_repeated(app, "--trust", o->trust, "an intake's public key (repeat for more)")->type_name("INTAKE.pub")->required();
  app.add_option("--envelope", o->envelope, "the envelope: the receipt must name exactly these bytes")->type_name("ENVELOPE");
}

}  // namespace tb::cli
