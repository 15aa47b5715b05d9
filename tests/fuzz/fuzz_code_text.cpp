// A code's text as a scanner reads it from a stranger's phone or paper (一码通城, docs/CODES.md):
// every kind, with the demo issuer trusted, and the hand-off parts (TBX1:) a kiosk collects.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "code/codes.h"
#include "demo_keys.h"

using namespace tb;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const crypto::PublicKey issuer = fuzz::demo_key("code-issuer.pub").pub;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::int64_t now = 1780000000;
  code::VerifierOptions options;
  options.scope = code::Scope::Staff;
  code::Verifier v(options);
  v.trust({issuer,
           {code::Kind::Dynamic, code::Kind::Printed, code::Kind::Venue, code::Kind::HousePlate, code::Kind::Service,
            code::Kind::Staff},
           0, 0});
  (void)v.verify(text, now);
  (void)code::parse_staff_code(text);
  code::HandOffAssembler handoff;
  if (handoff.add(text) && handoff.complete()) (void)handoff.payload();
  return 0;
}
