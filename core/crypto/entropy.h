#pragma once
// Where random bytes come from. The core has no randomness of its own: every key, nonce and id it
// makes is drawn from the Entropy a shell hands in — the system's CSPRNG in the native shells
// (host/entropy.h), libsodium's randombytes (the browser's crypto) in the web kiosk, bytes drawn
// from WebCrypto by the phone shell, fixed bytes in tests.
#include <cstddef>
#include <string>

namespace tb::crypto {

class Entropy {
 public:
  virtual ~Entropy() = default;
  virtual void fill(unsigned char* out, std::size_t n) = 0;
};

// Random bytes handed in whole (the phone shell's WebCrypto pool, a test's fixed bytes): each byte
// is used once and wiped as it is used; what is left is wiped on destruction. Asking for more than
// is left fills zeros and marks the pool `ran_short()`: the caller must then refuse its result,
// never use a weaker key.
class HandedEntropy final : public Entropy {
 public:
  explicit HandedEntropy(std::string bytes) : pool_(std::move(bytes)) {}
  HandedEntropy(const HandedEntropy&) = delete;
  HandedEntropy& operator=(const HandedEntropy&) = delete;
  ~HandedEntropy() override;
  void fill(unsigned char* out, std::size_t n) override;
  bool ran_short() const { return ran_short_; }
  std::size_t left() const { return pool_.size() - used_; }

 private:
  std::string pool_;
  std::size_t used_ = 0;
  bool ran_short_ = false;
};

}  // namespace tb::crypto
