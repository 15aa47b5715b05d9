# TB_SANITIZE=ON (the `asan` preset): every native target compiled and linked with AddressSanitizer
# (with LeakSanitizer) and UndefinedBehaviorSanitizer, any report fatal, so the core and CLI suites
# fail on a memory error, a leak or undefined behaviour instead of passing by luck. Debian's
# libraries (libsodium, protobuf, yaml-cpp, SQLite, libpq) are not instrumented: calls into them are
# checked at the call (UBSan's nonnull-attribute catches a null pointer handed to libsodium).
option(TB_SANITIZE "build with AddressSanitizer and UndefinedBehaviorSanitizer (native only)" OFF)
if(TB_SANITIZE AND NOT TB_WASM)
  set(TB_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_compile_options(${TB_SANITIZE_FLAGS})
  add_link_options(${TB_SANITIZE_FLAGS})
endif()
