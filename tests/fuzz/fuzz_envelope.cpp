// A sealed submission (.tbs) as the intake inspects it and a department opens it (docs/ENVELOPE.md
// §8), and the receipt code (TBR1:) a clerk checks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "demo_keys.h"
#include "seal/envelope.h"
#include "seal/receipt.h"

using namespace tb;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const crypto::KeyPair gongan = *fuzz::demo_key("departments/gongan.key").pair;
  static const crypto::TrustStore intake = fuzz::demo_trust("intake.pub", {seal::kReceiptFormat});
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto in = seal::inspect_envelope(bytes, 64u << 20);
  if (in) (void)seal::open_envelope(bytes, gongan, 64u << 20);
  (void)seal::verify_receipt(std::string(bytes), intake, "", "");
  if (auto receipt = seal::receipt_from_code(std::string(bytes))) (void)seal::verify_receipt(*receipt, intake, "", "");
  return 0;
}
