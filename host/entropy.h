#pragma once
// The native shells' random source (the kiosk on Linux, the CLI, the benchmarks): libsodium's
// CSPRNG (getrandom on Linux), behind the core's Entropy interface and as plain bytes.
#include <cstddef>
#include <string>

#include "crypto/entropy.h"
#include "crypto/keys.h"

namespace tb::host {

class SystemEntropy final : public crypto::Entropy {
 public:
  void fill(unsigned char* out, std::size_t n) override;
};

// `n` random bytes (credential ids, salts), and a fresh 32-byte key seed.
std::string random_bytes(std::size_t n);
crypto::Seed random_seed();

}  // namespace tb::host
