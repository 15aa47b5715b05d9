// The phone core module's JSON API (wasm/phone/api/api.h) as the H5 shell calls it: any request.
// Requests that name memory ({"ptr": p, "len": n}) are left out: the shell hands the module
// pointers it got from tb_alloc, a request with a made-up pointer is not an input it can receive.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/api.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view request(reinterpret_cast<const char*>(data), size);
  if (request.find("ptr") != std::string_view::npos) return 0;
  (void)tb::phone::call(request);
  return 0;
}
