// The C functions the phone core module exports to JavaScript (see mobile-shell/core.js).
#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "api/api.h"
#include "api/registry.h"

extern "C" {

// Returns the reply as a NUL-terminated UTF-8 string, valid until the next tb_call.
EMSCRIPTEN_KEEPALIVE const char* tb_call(const char* request) {
  static std::string reply;
  reply = tb::phone::call(request ? request : "");
  return reply.c_str();
}

EMSCRIPTEN_KEEPALIVE void* tb_alloc(unsigned long size) { return std::malloc(size ? size : 1); }

EMSCRIPTEN_KEEPALIVE void tb_free(void* p) { std::free(p); }

// Room for `size` bytes of input inside the core (replacing what was staged before); the shell
// writes them there and names them {"staged": true} in the op that takes them (api.h, arg_bytes).
// Null when the module cannot grow that far.
EMSCRIPTEN_KEEPALIVE char* tb_stage(unsigned long size) {
  auto& staged = tb::phone::state().staged;
  staged.clear();
  staged.shrink_to_fit();
  if (size == 0 || size > (1ul << 30)) return nullptr;
  // This build has no C++ exceptions (a failed allocation inside resize would abort the module):
  // ask malloc first, which says no instead.
  void* probe = std::malloc(size + 1);
  if (!probe) return nullptr;
  std::free(probe);
  staged.resize(size);
  return staged.data();
}

}
