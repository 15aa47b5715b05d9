#include "crypto/entropy.h"

#include <algorithm>

#include "crypto/wipe.h"

namespace tb::crypto {

HandedEntropy::~HandedEntropy() { wipe(pool_); }

void HandedEntropy::fill(unsigned char* out, std::size_t n) {
  if (n > left()) {
    ran_short_ = true;
    std::fill(out, out + n, static_cast<unsigned char>(0));
    return;
  }
  std::copy(pool_.begin() + static_cast<std::ptrdiff_t>(used_), pool_.begin() + static_cast<std::ptrdiff_t>(used_ + n), out);
  wipe(&pool_[used_], n);
  used_ += n;
}

}  // namespace tb::crypto
