#include "crypto/init.h"

#include <sodium.h>

namespace tb::crypto {
bool ensure_sodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}
}  // namespace tb::crypto
