// Every signed format's reader (docs/FORMATS.md, "Canonical encoding"): the first byte picks one,
// the rest is the input. Trust and revocation lists, e-licences and audit logs through their
// readers (demo keys trusted), and the strict wire walk with protobuf's parser on every message
// that is signed or authenticated.
#include <cstddef>
#include <cstdint>
#include <string>

#include "app/audit_log.h"
#include "code/codes.h"
#include "demo_keys.h"
#include "form/elicence.h"
#include "proto/audit.pb.h"
#include "proto/canonical.h"
#include "proto/code.pb.h"
#include "proto/envelope.pb.h"
#include "proto/guide.pb.h"
#include "proto/handoff.pb.h"

using namespace tb;

namespace {
template <class M>
void parse(const std::string& bytes) {
  M m;
  (void)proto::parse_canonical(m, bytes);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const crypto::TrustStore roots = fuzz::demo_trust("code-root.pub");
  static const crypto::TrustStore licences = fuzz::demo_trust("elicence-issuer.pub", {form::kELicenceFormat});
  static const crypto::PublicKey issuer = fuzz::demo_key("code-issuer.pub").pub;
  if (size == 0) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::int64_t now = 1780000000;
  switch (data[0] % 16) {
    case 0: {
      code::Verifier v;
      (void)v.set_trust_list(bytes, roots, now);
      break;
    }
    case 1: {
      code::Verifier v;
      v.trust({issuer, {code::Kind::Printed}, 0, 0});
      (void)v.set_revocation_list(bytes, now);
      break;
    }
    case 2: (void)form::verify_elicence(bytes, licences, now, ""); break;
    case 3: (void)app::verify_audit_log(bytes, issuer); break;
    case 4: parse<proto::Signed>(bytes); break;
    case 5: parse<proto::Catalogue>(bytes); break;
    case 6: parse<proto::GuideDeltaBody>(bytes); break;
    case 7: parse<proto::EnvelopeHeader>(bytes); break;
    case 8: parse<proto::PartContent>(bytes); break;
    case 9: parse<proto::ELicence>(bytes); break;
    case 10: parse<proto::TrustList>(bytes); break;
    case 11: parse<proto::StaffBody>(bytes); break;
    case 12: parse<proto::CredentialBody>(bytes); break;
    case 13: parse<proto::AuditEntry>(bytes); break;
    case 14: parse<proto::HandOffPayload>(bytes); break;
    default: parse<proto::Receipt>(bytes); break;
  }
  return 0;
}
