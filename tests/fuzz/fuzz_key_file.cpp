// A key file (docs/FORMATS.md, "Key files") as `tongban open --key`, the intake and the kiosk read it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "crypto/keys.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)tb::crypto::parse_key_file(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
