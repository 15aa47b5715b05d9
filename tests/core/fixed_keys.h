#pragma once
// A key pair from a seed of one repeated byte: the same keys on every run, so a failure reproduces.
#include <string>

#include "crypto/keys.h"

namespace tb::test {
inline crypto::KeyPair fixed_key(crypto::KeyKind kind, unsigned char b, const std::string& name) {
  crypto::Seed s;
  s.fill(b);
  return crypto::keypair_from_seed(kind, name, s);
}
}  // namespace tb::test
