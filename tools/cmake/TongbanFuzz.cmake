# TB_FUZZ=ON (the `fuzz` preset, Debian's clang): the libFuzzer targets of tests/fuzz, with
# everything they link compiled for coverage-guided fuzzing and AddressSanitizer +
# UndefinedBehaviorSanitizer, any report fatal. Its own build folder (build/fuzz), so the main
# build stays gcc. Debian's libraries (protobuf, libsodium, …) are not instrumented.
option(TB_FUZZ "build the libFuzzer targets (clang only: the fuzz preset)" OFF)
if(TB_FUZZ AND NOT TB_WASM)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TB_FUZZ needs clang (libFuzzer): use `cmake --preset fuzz`")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
