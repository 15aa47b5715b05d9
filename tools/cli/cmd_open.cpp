// `tongban open`: the department's reader of an envelope (made by a device, or by `tongban seal`):
// verifies it, opens this department's part, prints it as JSON and writes its attachments. What the
// part says about how it was made is shown too: the answers read from an ID card, and a clerk's
// signed assistance record (帮办), whose signature is checked — and, given the code issuers' keys or
// the city's trust list, the staff credential behind it.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "code/codes.h"
#include "code_format.h"
#include "commands.h"
#include "envelope_file.h"
#include "files.h"
#include "options.h"
#include "proto/canonical.h"
#include "report.h"
#include "seal/envelope.h"
#include "seal/provenance.h"

namespace tb::cli {
namespace {
namespace fs = std::filesystem;

struct OpenOptions {
  std::string envelope, key, out = ".";
  std::vector<std::string> staff_trust, roots;
  std::optional<std::string> trust_list, revoked;
};

nlohmann::json identity_json(const std::string& bytes) {
  proto::IdentityRecord r;
  if (auto parsed = proto::parse_canonical(r, bytes); !parsed) fail_refused("refused: the identity record: " + parsed.detail());
  return {{"source", r.source()}, {"fields", r.fields()}, {"read_at", r.read_at()}, {"card_valid_until", r.card_valid_until()}};
}

// The clerk's record: its signature must verify; its credential is checked against the issuers when
// the department gave them (at the envelope's time: was the clerk's credential good then?).
nlohmann::json assistance_json(const OpenOptions& o, const seal::OpenedPart& part) {
  const auto a = seal::check_assistance(part);
  if (!a) fail_with(a, "refused: assistance record: ");
  nlohmann::json j = {{"staff_id", a->staff.staff_id},
                      {"name", a->staff.name_masked},
                      {"unit", a->staff.unit},
                      {"credential", crypto::to_hex(a->staff.credential_id)},
                      {"staff_key", crypto::key_id_of(a->staff.public_key.data(), a->staff.public_key.size()).hex()},
                      {"consent", a->consent},
                      {"signature", "valid"}};
  if (o.staff_trust.empty() && !o.trust_list) {
    j["credential_issuer"] = "not checked (give --staff-trust ISSUER.pub or --trust-list LIST --root ROOT.pub)";
    return j;
  }
  const std::int64_t at = part.header.created_at();
  code::Verifier v(code::VerifierOptions{code::Scope::Gate, {code::Kind::Staff}, 90, 30, 0});
  if (o.trust_list)
    if (auto set = v.set_trust_list(read_file(*o.trust_list, "--trust-list"), load_trust("--root", o.roots), at); !set)
      fail_with(set, "--trust-list " + *o.trust_list + ": refused: ");
  for (const auto& p : o.staff_trust) v.trust({load_key("--staff-trust", p, kSigningKey).pub, {code::Kind::Staff}, 0, 0});
  if (o.revoked)
    if (auto set = v.set_revocation_list(read_file(*o.revoked, "--revoked"), at); !set) fail_with(set, "--revoked " + *o.revoked + ": refused: ");
  const auto r = v.verify(a->credential, at);
  if (!r) fail_with(r, "refused: assistance record: staff credential: ");
  j["credential_issuer"] = "trusted (issuer " + r.issuer_key_id + ")";
  return j;
}

int run_open(const OpenOptions& o) {
  if (o.trust_list && o.roots.empty()) fail_usage("--trust-list needs --root ROOT.pub (the key that signs the list)");
  const std::string bytes = read_envelope_file(o.envelope, "refused: ");
  const auto key = load_key("--key", o.key, {{crypto::KeyKind::Seal, crypto::KeyKind::Sm2Seal}, true});
  const auto part = seal::open_envelope(bytes, *key.pair, 1ull << 32);
  if (!part) fail_with(part, "refused: ");
  const auto data = nlohmann::json::parse(part.data_json, nullptr, false);
  nlohmann::json out = {{"submission_id", crypto::to_hex(part.header.submission_id())},
                        {"department", part.department},
                        {"suite", part.header.suite()},  // tongban-seal-v1, or tongban-seal-sm-v1 (国密)
                        {"kind", part.header.kind()},
                        {"form", part.header.form()},
                        {"form_version", part.header.form_version()},
                        {"item", part.header.item()},
                        {"created_at", part.header.created_at()},
                        {"device", crypto::to_hex(part.header.device_key_id())},
                        {"data", data.is_discarded() ? nlohmann::json(part.data_json) : data}};
  // Every check before any file is written: a refused identity or assistance record leaves nothing behind.
  if (!part.identity.empty()) out["identity"] = identity_json(part.identity);
  if (part.assistance) out["assisted"] = assistance_json(o, part);
  if (!part.attachments.empty()) {
    std::error_code ec;
    fs::create_directories(o.out, ec);
    if (ec) fail_io("cannot create " + o.out + ": " + ec.message());
  }
  nlohmann::json files = nlohmann::json::array();
  for (std::size_t i = 0; i < part.attachments.size(); ++i) {
    // Never trust a file name from outside: keep only its last component, with a prefix.
    const std::string name = std::to_string(i + 1) + "-" + fs::path(part.attachments[i].info.name()).filename().string();
    const std::string path = (fs::path(o.out) / name).string();
    write_file_atomic(path, part.attachments[i].bytes, 0600);
    files.push_back({{"name", part.attachments[i].info.name()}, {"size", part.attachments[i].bytes.size()}, {"path", path}});
  }
  out["attachments"] = files;
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace

void add_open(CommandTree& tree) {
  auto o = std::make_shared<OpenOptions>();
  CLI::App& app = tree.add(tree.root(),
                           {"open", "open a department's part of an envelope (verifies, decrypts, prints JSON)",
                            "ENVELOPE --key DEPT.key [--out DIR] [--staff-trust KEY… | --trust-list LIST --root ROOT.pub…]\n"
                            "       [--revoked LIST]",
                            "Verifies the device's signature and the ciphertext, opens this department's part, prints it as JSON,\n"
                            "and writes its attachments to DIR. \"identity\": the answers read from an ID card; \"assisted\": the clerk\n"
                            "who helped (帮办), their signature checked, and their staff credential against the issuers given.\n"
                            "Exit 1 if the envelope or its assistance record is refused ('refused: WHY' on stderr)."},
                           [o] { return run_open(*o); });
  app.add_option("ENVELOPE", o->envelope, "the envelope file")->required();
  app.add_option("--key", o->key, "the department's secret sealing key (x25519-seal, or sm2-seal for the sm suite)")->type_name("DEPT.key")->required();
  app.add_option("--out", o->out, "where the attachments are written (default: the current folder)")->type_name("DIR");
  add_repeated(app, "--staff-trust", o->staff_trust, "a code issuer trusted for staff credentials (repeat for more)")->type_name("KEY");
  app.add_option("--trust-list", o->trust_list, "or the city's signed list of code issuers (`code trust-list`)")->type_name("LIST");
  add_repeated(app, "--root", o->roots, "a key that may sign the trust list (repeat for more)")->type_name("ROOT.pub");
  app.add_option("--revoked", o->revoked, "a signed revocation list: a revoked staff credential is refused")->type_name("LIST");
}

}  // namespace tb::cli
