#pragma once
// E-licences (电子证照) carried on the device as signed documents, and what they do for a form:
// prefill (elicence.<type>.<field>) and 零证明 — a material an e-licence replaces is not needed on
// paper. A licence counts only if its signature verifies against a trusted e-licence issuer, it has
// not expired, and it belongs to the person (holder ID equals theirs).
#include <cstdint>
#include <string>
#include <vector>

#include "crypto/sign.h"
#include "form/session.h"
#include "proto/form.pb.h"
#include "proto/guide.pb.h"
#include "result.h"

namespace tb::form {

inline constexpr const char* kELicenceFormat = "tongban.elicence";

enum class ELicenceError {
  None,
  Malformed,        // not a signed e-licence
  UntrustedIssuer,  // signed by a key not trusted for e-licences
  BadSignature,     // any other signature problem (changed, another format, expired signing key)
  Expired,
  NotHolder,        // the licence of someone else
};
const char* reason_key(ELicenceError e);
const char* reason_text(ELicenceError e);  // plain Chinese: 电子证照已过期, 不是本人的电子证照 …

// The licence, when it counts.
using ELicenceCheck = Result<proto::ELicence, ELicenceError>;

std::string sign_elicence(const proto::ELicence& licence, const crypto::KeyPair& issuer);  // for issuers and tests
ELicenceCheck verify_elicence(const std::string& signed_bytes, const crypto::TrustStore& trust, std::int64_t now,
                              const std::string& holder_id);

// The form context for `item`: profile, today's date, the valid licences' fields (each licence's
// fields plus holder_name, holder_id and number) and the item's materials they replace.
Context make_context(int today, std::map<std::string, std::string> profile, const std::vector<proto::ELicence>& licences,
                     const proto::Catalogue& catalogue, const std::string& item_id);

}  // namespace tb::form
