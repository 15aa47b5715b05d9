#include "crypto/wipe.h"

#include <sodium.h>

namespace tb::crypto {

void wipe(std::string& s) {
  if (!s.empty()) sodium_memzero(s.data(), s.size());
  s.clear();
  s.shrink_to_fit();
}

void wipe(std::vector<unsigned char>& v) {
  if (!v.empty()) sodium_memzero(v.data(), v.size());
  v.clear();
  v.shrink_to_fit();
}

void wipe(void* bytes, std::size_t size) { sodium_memzero(bytes, size); }

}  // namespace tb::crypto
