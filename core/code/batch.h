#pragma once
// Batch issue of printed personal codes (随身码) from a city's list of residents — one city printed
// ~600,000 for people without smartphones. Pure: the caller reads the list, hands in the credential
// ids (random bytes) and the clock, and writes what comes back. Nothing returned here or in a
// problem's text carries a full name or ID number: codes and labels are masked, and the register
// that lets the issuer find a person's credential later (to revoke a lost card) keys each holder by
// a tag that only the issuer's secret key can compute from an ID number.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "code/codes.h"
#include "crypto/keys.h"

namespace tb::code {

struct Resident {
  std::size_t line = 0;     // 1-based line in the list, for messages
  std::string name;         // as checked and normalised (check/validate)
  std::string id_number;    // 18 characters, normalised
};

struct BatchProblem {
  std::size_t line = 0;
  std::string what;  // never quotes the name or the ID number
};

// The list: UTF-8, one resident per line, "NAME<TAB>ID" or "NAME,ID"; blank lines and lines starting
// with '#' are skipped. Every name and ID number is checked (GB 11643 check character, birth date not
// after today_yyyymmdd); a repeated ID number is a problem (one card per person per batch).
// Returns the residents; any problem means the batch must not be issued.
std::vector<Resident> parse_residents(std::string_view text, int today_yyyymmdd, std::vector<BatchProblem>* problems);

// The issuer's tag for a holder: keyed BLAKE2b of the normalised ID number under a key derived from
// the issuer's secret key. 32 hex characters. Equal ID numbers give equal tags for one issuer key.
std::string holder_tag(std::string_view id_number, const crypto::KeyPair& issuer);

struct IssuedPrinted {
  std::string code;           // TBP1:… text
  std::string label;          // masked name, printed under the code (张*三)
  std::string credential_id;  // raw bytes
  std::string holder;         // holder_tag
};

// Issues one printed code per resident. `credential_ids` holds kCredentialIdBytes random bytes per
// resident (the caller's entropy). Empty result when the key cannot sign or the ids are short.
std::vector<IssuedPrinted> issue_printed_batch(const std::vector<Resident>& residents, const std::string& credential_ids,
                                               std::int64_t valid_from, std::int64_t valid_until, const crypto::KeyPair& issuer);

// The register as the issuer keeps it: "CREDENTIAL_ID_HEX<TAB>HOLDER_TAG<TAB>VALID_UNTIL" per line,
// after a '#' header line. parse_register reads it back with line-numbered problems.
std::string format_register(const std::vector<IssuedPrinted>& issued, std::int64_t valid_until);
struct RegisterEntry {
  std::string credential_id;  // raw bytes
  std::string holder;
};
std::vector<RegisterEntry> parse_register(std::string_view text, std::vector<BatchProblem>* problems);

}  // namespace tb::code
