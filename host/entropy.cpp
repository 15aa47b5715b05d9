#include "host/entropy.h"

#include <sodium.h>

#include <cstdlib>

#include "crypto/init.h"

namespace tb::host {

void SystemEntropy::fill(unsigned char* out, std::size_t n) { randombytes_buf(out, n); }

std::string random_bytes(std::size_t n) {
  if (!crypto::ensure_sodium()) std::abort();  // no CSPRNG: nothing random may be made
  std::string out(n, '\0');
  SystemEntropy().fill(reinterpret_cast<unsigned char*>(out.data()), n);
  return out;
}

crypto::Seed random_seed() {
  if (!crypto::ensure_sodium()) std::abort();
  crypto::Seed s;
  SystemEntropy().fill(s.data(), s.size());
  return s;
}

}  // namespace tb::host
