// A code's text as a scanner reads it from a stranger's phone or paper (一码通城, docs/CODES.md):
// every kind in both suites, with the demo issuers trusted, and the hand-off parts (TBX1:) a kiosk collects.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "code/codes.h"
#include "demo_keys.h"

using namespace tb;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Both suites' demo issuers: Ed25519 and the 国密 suite's SM2 (frame versions 1 and 2).
  static const crypto::PublicKey issuer = fuzz::demo_key("code-issuer.pub").pub;
  static const crypto::PublicKey issuer_sm = fuzz::demo_key("sm/code-issuer.pub").pub;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::int64_t now = 1780000000;
  code::VerifierOptions options;
  options.scope = code::Scope::Staff;
  code::Verifier v(options);
  const std::vector<code::Kind> kinds = {code::Kind::Dynamic,    code::Kind::Printed, code::Kind::Venue,
                                         code::Kind::HousePlate, code::Kind::Service, code::Kind::Staff};
  v.trust({issuer, kinds, 0, 0});
  v.trust({issuer_sm, kinds, 0, 0});
  (void)v.verify(text, now);
  (void)code::parse_staff_code(text);
  code::HandOffAssembler handoff;
  if (handoff.add(text) && handoff.complete()) (void)handoff.payload();
  return 0;
}
