#pragma once
// Forgetting personal data for real: overwrite the bytes (sodium_memzero, which the compiler may
// not optimise away), then release them.
#include <string>
#include <vector>

namespace tb::crypto {

void wipe(std::string& s);
void wipe(std::vector<unsigned char>& v);

}  // namespace tb::crypto
