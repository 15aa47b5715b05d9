#include "crypto/secret_key.h"

#include <sodium.h>

#include <cstring>

#include "crypto/wipe.h"

namespace tb::crypto {

SecretKey::SecretKey(std::size_t size) : bytes_(size, 0) {}

SecretKey::SecretKey(const unsigned char* bytes, std::size_t size) : bytes_(size) {
  if (size) std::memcpy(bytes_.data(), bytes, size);
}

SecretKey::SecretKey(SecretKey&& other) noexcept : bytes_(std::move(other.bytes_)) { other.wipe(); }

SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  if (this != &other) {
    wipe();
    bytes_ = std::move(other.bytes_);
    other.wipe();
  }
  return *this;
}

SecretKey::~SecretKey() { wipe(); }

void SecretKey::wipe() { crypto::wipe(bytes_); }

bool SecretKey::operator==(const SecretKey& other) const {
  return bytes_.size() == other.bytes_.size() &&
         (bytes_.empty() || sodium_memcmp(bytes_.data(), other.bytes_.data(), bytes_.size()) == 0);
}

}  // namespace tb::crypto
