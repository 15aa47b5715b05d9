# TB_FUZZ=ON (the `fuzz` configure preset, Debian's clang, build/fuzz): the one sanitizer build.
# Everything is compiled with AddressSanitizer (LeakSanitizer included) and UndefinedBehaviorSanitizer,
# any report fatal, and with libFuzzer's coverage hooks; the libFuzzer targets of tests/fuzz link
# libFuzzer's driver, the rest (the CLI, the kiosk, the test programs) run as usual. So the fuzz
# targets (`ctest --preset fuzz`) and the core, CLI and kiosk-session tests under the sanitizers
# (`ctest --preset asan`) share one set of objects: CI compiles the sanitized code once. The main
# build stays gcc. Debian's libraries (protobuf, libsodium, SDL2, Mesa, …) are not instrumented.
option(TB_FUZZ "build the libFuzzer targets (clang only: the fuzz preset)" OFF)
if(TB_FUZZ AND NOT TB_WASM)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TB_FUZZ needs clang (libFuzzer): use `cmake --preset fuzz`")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
