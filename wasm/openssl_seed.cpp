// OpenSSL blinds its secret-scalar multiplications (the SM2 signing and decryption ladders) with
// random numbers from its own generator, which it seeds from getentropy(). OpenSSL declares
// getentropy weak (libcrypto is built with -D__ELF__ for that, tools/deps/build-wasm-deps.sh), and a
// weak reference alone does not make Emscripten import its getentropy (crypto.getRandomValues in a
// browser, node:crypto in Node): this file's one call at start-up is the strong reference that does.
// Without it OpenSSL would fall back to reading /dev/urandom, which a module without a file system
// cannot, and every SM2 signature would abort. The core's own randomness (SM2 encryption's k) is
// still handed in by the shell; this is only OpenSSL's blinding.
#include <unistd.h>

namespace {
[[maybe_unused]] const bool kGetentropyImported = [] {
  unsigned char one[1];
  return getentropy(one, sizeof one) == 0;
}();
}  // namespace
