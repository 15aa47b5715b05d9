#pragma once
// The shells' source of randomness for the core (the CLI, the kiosk): libsodium's CSPRNG
// (getrandom on Linux; crypto.getRandomValues in a browser). Header-only and never included by
// the core itself — the core takes an Entropy it is handed, so tests can hand it a fixed one.
#include <sodium.h>

#include "seal/envelope.h"

namespace tb::crypto {

class SystemEntropy final : public seal::Entropy {
 public:
  void fill(unsigned char* out, std::size_t n) override { randombytes_buf(out, n); }
};

}  // namespace tb::crypto
