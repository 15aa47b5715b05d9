#pragma once
// The CLI's source of randomness for the core: libsodium's CSPRNG (getrandom on Linux).
#include <sodium.h>

#include "seal/envelope.h"

namespace tb::cli {

class SodiumEntropy final : public seal::Entropy {
 public:
  void fill(unsigned char* out, std::size_t n) override { randombytes_buf(out, n); }
};

}  // namespace tb::cli
