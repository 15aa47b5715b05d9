#pragma once
// Forgetting personal data for real: overwrite the bytes (sodium_memzero, which the compiler may
// not optimise away), then release them.
#include <cstddef>
#include <string>
#include <vector>

namespace tb::crypto {

void wipe(std::string& s);
void wipe(std::vector<unsigned char>& v);
void wipe(void* bytes, std::size_t size);  // fixed-size buffers (seeds, keys): overwritten, not released

}  // namespace tb::crypto
