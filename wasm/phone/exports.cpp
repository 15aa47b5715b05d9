// The C functions the phone core module exports to JavaScript (see mobile-shell/core.js).
#include <emscripten.h>

#include <cstdlib>
#include <string>

#include "api/api.h"

extern "C" {

// Returns the reply as a NUL-terminated UTF-8 string, valid until the next tb_call.
EMSCRIPTEN_KEEPALIVE const char* tb_call(const char* request) {
  static std::string reply;
  reply = tb::phone::call(request ? request : "");
  return reply.c_str();
}

EMSCRIPTEN_KEEPALIVE void* tb_alloc(unsigned long size) { return std::malloc(size ? size : 1); }

EMSCRIPTEN_KEEPALIVE void tb_free(void* p) { std::free(p); }

}
