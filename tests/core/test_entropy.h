#pragma once
// Test helper: deterministic random bytes (a seeded Mersenne Twister, one draw per byte), handed to
// the core through crypto::HandedEntropy the way the phone shell hands its WebCrypto bytes. 64 KiB is
// far more than any test draws (the most, a few sealed envelopes, is under 1 KiB).
#include <cstdint>
#include <random>
#include <string>

#include "crypto/entropy.h"
#include "crypto/keys.h"

namespace tb::test {

inline std::string random_bytes(std::uint64_t seed, std::size_t n = 64 * 1024) {
  std::mt19937_64 rng{seed};
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(static_cast<unsigned char>(rng()));
  return out;
}

// A key seed of one repeated byte: a distinct, reproducible key per byte.
inline crypto::Seed seed_of(unsigned char b) {
  crypto::Seed s;
  s.fill(b);
  return s;
}

}  // namespace tb::test
