#pragma once
// A secret key's bytes: never copied (the type cannot be), overwritten with sodium_memzero when it
// dies, when it is moved from and when wipe() is called. Whoever needs one either owns it or holds
// a reference; the only way to a second copy is to build one from the bytes on purpose.
#include <cstddef>
#include <vector>

namespace tb::crypto {

class SecretKey {
 public:
  SecretKey() = default;
  explicit SecretKey(std::size_t size);  // zero bytes, to be filled through data()
  SecretKey(const unsigned char* bytes, std::size_t size);
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  SecretKey(SecretKey&& other) noexcept;  // `other` is left empty
  SecretKey& operator=(SecretKey&& other) noexcept;
  ~SecretKey();

  unsigned char* data() { return bytes_.data(); }
  const unsigned char* data() const { return bytes_.data(); }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  void wipe();  // overwrites the bytes and releases them: the key is empty afterwards

  // Constant time (sodium_memcmp): comparing secrets must not leak where they differ.
  bool operator==(const SecretKey& other) const;
  bool operator!=(const SecretKey& other) const { return !(*this == other); }

 private:
  // Allocated once at its final size and never grown, so no reallocation leaves a copy behind; a
  // move hands the buffer over rather than copying it.
  std::vector<unsigned char> bytes_;
};

}  // namespace tb::crypto
