// `tongban code revoke`: a signed revocation list of credential ids: given in hex, read from a file,
// or found in the register of printed codes by the holder's ID number (a lost card).
#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "code/batch.h"
#include "code/revocation.h"
#include "code_commands.h"
#include "code_format.h"
#include "crypto/wipe.h"
#include "files.h"
#include "check/validate.h"
#include "options.h"
#include "report.h"

namespace tb::cli {
namespace {

struct RevokeOptions {
  std::string key, out;
  std::vector<std::string> ids, holders;
  std::optional<std::string> ids_file, register_path;
  std::optional<std::int64_t> fingerprint_bits, issued_at;
};

// The ids of --id and --ids-file (hex, one per line, '#' comments), as raw bytes.
std::vector<std::string> listed_ids(const RevokeOptions& o) {
  std::vector<std::pair<std::string, std::string>> hex_ids;  // (where, hex)
  for (const auto& h : o.ids) hex_ids.emplace_back("--id", h);
  if (o.ids_file) {
    const std::string text = read_file(*o.ids_file, "--ids-file");
    std::size_t line_no = 0, at = 0;
    while (at < text.size()) {
      const auto nl = std::min(text.find('\n', at), text.size());
      std::string line = text.substr(at, nl - at);
      at = nl + 1;
      ++line_no;
      if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
      line.erase(std::remove_if(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; }), line.end());
      if (!line.empty()) hex_ids.emplace_back(*o.ids_file + ":" + std::to_string(line_no), line);
    }
  }
  std::vector<std::string> ids;
  for (const auto& [where, h] : hex_ids) {
    auto raw = crypto::from_hex(h);
    if (!raw || raw->empty() || raw->size() > 64) fail_usage(where + ": '" + h + "' is not a credential id (1..64 bytes of hex)");
    ids.push_back(*raw);
  }
  return ids;
}

// A person who lost a printed card: their credential ids found in the register by the issuer's
// holder tag (the register has no ID numbers; only this issuer's key makes the tag).
void add_holders_ids(const RevokeOptions& o, const crypto::KeyPair& issuer, std::vector<std::string>* ids) {
  const std::string& reg = *o.register_path;
  std::vector<code::BatchProblem> problems;
  const auto entries = code::parse_register(read_file(reg, "--register"), &problems);
  if (!problems.empty()) fail_refused(reg + ":" + std::to_string(problems[0].line) + ": " + problems[0].what);
  for (std::size_t k = 0; k < o.holders.size(); ++k) {
    std::string id = o.holders[k];
    const auto checked = check::check_resident_id(id);
    crypto::wipe(id);
    if (!checked.acceptable()) fail_usage("--holder-id #" + std::to_string(k + 1) + ": not a valid ID number (" + check::reason_key(checked.reason()) + ")");
    const std::string tag = code::holder_tag(checked.normalized, issuer);
    std::size_t found = 0;
    for (const auto& e : entries)
      if (e.holder == tag) ids->push_back(e.credential_id), ++found;
    if (!found) fail_refused("--holder-id #" + std::to_string(k + 1) + ": no printed code for this person in " + reg);
    std::printf("--holder-id #%zu: %zu printed code%s\n", k + 1, found, found == 1 ? "" : "s");
  }
}

int run_revoke(const RevokeOptions& o) {
  std::vector<std::string> ids = listed_ids(o);
  if (!o.holders.empty() && !o.register_path) fail_usage("--holder-id needs --register REGISTER.tsv");
  const auto key = load_key("--key", o.key, kSecretSigningKey);
  if (!o.holders.empty()) add_holders_ids(o, *key.pair, &ids);
  const auto bits = static_cast<int>(o.fingerprint_bits.value_or(code::kRevocationDefaultFingerprintBits));
  const std::int64_t issued = o.issued_at.value_or(unix_now());
  std::array<unsigned char, 16> seed{};
  const auto r = random_seed();
  std::copy(r.begin(), r.begin() + 16, seed.begin());
  const auto filter = code::revocation_build(ids, seed, bits);
  if (!filter) fail_with(filter);
  write_file_atomic(o.out, code::sign_revocation_list(*filter, issued, *key.pair), 0644);
  std::printf("wrote %s: %zu credential id%s, %zu bytes of filter (false positives <= 2^-%d), signed by %s\n", o.out.c_str(), ids.size(),
              ids.size() == 1 ? "" : "s", filter->size(), bits, key.pub.id.hex().c_str());
  return 0;
}

}  // namespace

void add_code_revoke(CommandTree& tree, CLI::App& code) {
  auto o = std::make_shared<RevokeOptions>();
  CLI::App& app = tree.add(code,
                           {"revoke", "sign a revocation list of credential ids",
                            "--key ISSUER.key (--id HEX… | --ids-file FILE | --register REG --holder-id ID…) -o LIST\n"
                            "       [--fingerprint-bits F] [--issued-at UNIX]",
                            ""},
                           [o] { return run_revoke(*o); });
  app.add_option("--key", o->key, "the issuer's secret signing key")->type_name("ISSUER.key")->required();
  add_repeated(app, "--id", o->ids, "a credential id in hex (repeat for more)")->type_name("HEX");
  app.add_option("--ids-file", o->ids_file, "credential ids in hex, one per line ('#' comments)")->type_name("FILE");
  app.add_option("--register", o->register_path, "the register of printed codes (`code issue printed --batch`)")->type_name("REG");
  add_repeated(app, "--holder-id", o->holders, "revoke every printed code of this person in the register (repeat for more)")
      ->type_name("ID");
  app.add_option("-o", o->out, "the signed list to write")->type_name("LIST")->required();
  add_whole(app, "--fingerprint-bits", o->fingerprint_bits, code::kRevocationMinFingerprintBits, code::kRevocationMaxFingerprintBits,
            "bits per id in the filter: false positives <= 2^-F (default " +
                std::to_string(code::kRevocationDefaultFingerprintBits) + ")")
      ->type_name("F");
  add_unix_time(app, "--issued-at", o->issued_at, "the list's issue time (default: now)");
}

}  // namespace tb::cli
