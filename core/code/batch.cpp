#include "code/batch.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <set>

#include "check/validate.h"
#include "text/mask.h"

namespace tb::code {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Calls fn(line number, line) for each line of a list file that says something: lines trimmed,
// blank lines and '#' comments skipped (both the residents' list and the register read this way).
template <typename Fn>
void for_each_entry(std::string_view text, Fn fn) {
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = std::min(text.find('\n'), text.size());
    const std::string_view line = trim(text.substr(0, nl));
    text.remove_prefix(std::min(nl + 1, text.size()));
    ++line_no;
    if (!line.empty() && line.front() != '#') fn(line_no, line);
  }
}

// The holder-tag key: BLAKE2b of the issuer's secret key under its own context, so the tag key is
// never the signing key itself. Derived once per batch; the caller wipes it.
using TagKey = std::array<unsigned char, 32>;
TagKey tag_key_of(const crypto::KeyPair& issuer) {
  TagKey key;
  static const char kContext[] = "tongban holder tag key v1";
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(kContext), sizeof kContext - 1,
                     issuer.secret_key.data(), issuer.secret_key.size());
  return key;
}

std::string tag_with(const TagKey& key, std::string_view id_number) {
  unsigned char tag[16];
  crypto_generichash(tag, sizeof tag, reinterpret_cast<const unsigned char*>(id_number.data()), id_number.size(), key.data(), key.size());
  return crypto::to_hex(tag, sizeof tag);
}

// What is wrong, without the value (the validators' own messages may quote part of it, e.g. the
// birth date inside an ID number, which has no place in an operator's terminal log).
std::string reason(const check::CheckResult& r) {
  using E = check::CheckError;
  static const std::pair<E, const char*> kWhat[] = {
      {E::IdEmpty, "missing"}, {E::IdFormat, "not 18 digits (the last may be X)"}, {E::IdLength, "wrong length"},
      {E::IdArea, "no such area code"}, {E::IdDate, "not a possible birth date"}, {E::IdChecksum, "the check character does not match"},
      {E::NameEmpty, "missing"}, {E::NameLength, "longer than 50 characters"}, {E::NameDigits, "contains digits"},
      {E::NameChars, "contains characters a name cannot have"}, {E::NameDots, "misplaced middle dots"}};
  const std::string code = check::reason_key(r.reason());
  for (const auto& [reason, what] : kWhat)
    if (r.reason() == reason) return std::string(what) + " (" + code + ")";
  return code;
}

}  // namespace

std::vector<Resident> parse_residents(std::string_view text, int today_yyyymmdd, std::vector<BatchProblem>* problems) {
  std::vector<Resident> out;
  std::set<std::string> seen;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a spreadsheet's BOM
  for_each_entry(text, [&](std::size_t line_no, std::string_view line) {
    const std::size_t sep = line.find_first_of("\t,");
    if (sep == std::string_view::npos) {
      problems->push_back({line_no, "expected NAME<TAB>ID or NAME,ID (no separator found)"});
      return;
    }
    const std::string_view name = trim(line.substr(0, sep)), id = trim(line.substr(sep + 1));
    if (id.find_first_of("\t,") != std::string_view::npos) {
      problems->push_back({line_no, "more than two columns (expected NAME and ID)"});
      return;
    }
    const check::CheckResult n = check::check_person_name(name);
    check::IdOptions options;
    options.today_yyyymmdd = today_yyyymmdd;
    const check::CheckResult i = check::check_resident_id(id, options);
    if (!n.acceptable()) problems->push_back({line_no, "name: " + reason(n)});
    if (!i.acceptable()) problems->push_back({line_no, "ID number: " + reason(i)});
    if (!n.acceptable() || !i.acceptable()) return;
    if (!seen.insert(i.normalized).second) {
      problems->push_back({line_no, "ID number: the same person is listed twice in this batch"});
      return;
    }
    out.push_back({line_no, n.normalized, i.normalized});
  });
  if (out.empty() && problems->empty()) problems->push_back({0, "the list has no residents"});
  return out;
}

std::string holder_tag(std::string_view id_number, const crypto::KeyPair& issuer) {
  TagKey key = tag_key_of(issuer);
  std::string tag = tag_with(key, id_number);
  sodium_memzero(key.data(), key.size());
  return tag;
}

std::vector<IssuedPrinted> issue_printed_batch(const std::vector<Resident>& residents, const std::string& credential_ids,
                                               std::int64_t valid_from, std::int64_t valid_until, const crypto::KeyPair& issuer) {
  std::vector<IssuedPrinted> out;
  if (credential_ids.size() < residents.size() * kCredentialIdBytes) return out;
  out.reserve(residents.size());
  TagKey key = tag_key_of(issuer);
  for (std::size_t k = 0; k < residents.size(); ++k) {
    Printed p;
    p.credential_id = credential_ids.substr(k * kCredentialIdBytes, kCredentialIdBytes);
    p.holder = Holder{text::mask_name(residents[k].name), text::mask_resident_id(residents[k].id_number)};
    p.valid_from = valid_from;
    p.valid_until = valid_until;
    std::string text = issue_printed(p, issuer);
    if (text.empty()) {
      out.clear();
      break;
    }
    out.push_back({std::move(text), p.holder.name_masked, p.credential_id, tag_with(key, residents[k].id_number)});
  }
  sodium_memzero(key.data(), key.size());
  return out;
}

std::string format_register(const std::vector<IssuedPrinted>& issued, std::int64_t valid_until) {
  std::string out = "# tongban printed-code register: credential id, holder tag (issuer-keyed), valid until (Unix s)\n";
  for (const auto& i : issued) out += crypto::to_hex(i.credential_id) + "\t" + i.holder + "\t" + std::to_string(valid_until) + "\n";
  return out;
}

std::vector<RegisterEntry> parse_register(std::string_view text, std::vector<BatchProblem>* problems) {
  std::vector<RegisterEntry> out;
  for_each_entry(text, [&](std::size_t line_no, std::string_view line) {
    const std::size_t a = line.find('\t');
    const std::size_t b = a == std::string_view::npos ? a : line.find('\t', a + 1);
    const std::string_view cred = line.substr(0, a);
    const std::string_view holder = a == std::string_view::npos ? std::string_view{} : line.substr(a + 1, b == std::string_view::npos ? b : b - a - 1);
    auto raw = crypto::from_hex(cred);
    if (!raw || raw->size() != kCredentialIdBytes || holder.size() != 32 || !crypto::from_hex(holder)) {
      problems->push_back({line_no, "expected CREDENTIAL_ID<TAB>HOLDER_TAG<TAB>VALID_UNTIL (32 hex characters each)"});
      return;
    }
    out.push_back({std::move(*raw), std::string(holder)});
  });
  return out;
}

}  // namespace tb::code
