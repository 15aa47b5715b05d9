# Every third-party library tongban uses, behind one name each (tb::…), so the rest of the build
# never cares whether it is the native or the WebAssembly build.
#   native: Debian's -dev packages.
#   wasm:   the same libraries built from Debian's source packages by tools/deps/build-wasm-deps.sh
#           into a cache outside the clone (TB_WASM_DEPS), plus header-only ones from /usr/include.
find_package(PkgConfig REQUIRED)

# protoc always runs on the build machine; Debian's 3.21.12 matches the runtime in both builds.
find_program(TB_PROTOC protoc REQUIRED)

if(NOT TB_WASM)
  pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET GLOBAL libsodium)
  add_library(tb::sodium ALIAS PkgConfig::SODIUM)
  # The national-cryptography suite `sm` (core/crypto/sm.h): SM2 and SM3 from OpenSSL 3, SM4-GCM
  # from libgcrypt natively (OpenSSL 3.0 has no SM4-GCM cipher; crypto/sm4_libgcrypt.cpp says why).
  pkg_check_modules(LIBCRYPTO REQUIRED IMPORTED_TARGET GLOBAL libcrypto)
  add_library(tb::openssl_crypto ALIAS PkgConfig::LIBCRYPTO)
  pkg_check_modules(GCRYPT REQUIRED IMPORTED_TARGET GLOBAL libgcrypt)
  add_library(tb::gcrypt ALIAS PkgConfig::GCRYPT)

  find_package(Protobuf REQUIRED)
  add_library(tb::protobuf_lite ALIAS protobuf::libprotobuf-lite)

  find_package(SDL2 REQUIRED)
  add_library(tb::sdl2 INTERFACE IMPORTED GLOBAL)
  target_link_libraries(tb::sdl2 INTERFACE SDL2::SDL2)

  # Debian's libimgui.a already holds the SDL2 and OpenGL3 backends; their headers live in
  # backends/, which the .pc file does not add.
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET GLOBAL imgui)
  find_package(OpenGL REQUIRED)
  add_library(tb::imgui INTERFACE IMPORTED GLOBAL)
  target_include_directories(tb::imgui SYSTEM INTERFACE /usr/include/imgui /usr/include/imgui/backends)
  target_link_libraries(tb::imgui INTERFACE PkgConfig::IMGUI OpenGL::GL tb::sdl2 ${CMAKE_DL_LIBS})

  find_package(nlohmann_json REQUIRED)
  add_library(tb::json ALIAS nlohmann_json::nlohmann_json)

  find_package(ZXing REQUIRED)
  add_library(tb::zxing ALIAS ZXing::ZXing)

  # stb (libstb-dev): PNG/JPEG reading, PNG writing and TrueType rasterising for the CLI's code
  # images and print sheets. Debian ships the implementations compiled in libstb.so; the headers
  # are included as "stb_image.h" etc. (the .pc file adds /usr/include/stb).
  if(NOT TARGET tb::stb)
    pkg_check_modules(STB REQUIRED IMPORTED_TARGET GLOBAL stb)
    add_library(tb::stb ALIAS PkgConfig::STB)
  endif()

  # stb's headers alone: the core compiles stb_image_write into itself (static functions) for the
  # document camera's JPEGs, the same source in both builds (core/image/jpeg.cpp); scan/grey_image.cpp
  # likewise compiles stb_image_resize.
  add_library(tb::stb_headers INTERFACE IMPORTED GLOBAL)
  target_include_directories(tb::stb_headers SYSTEM INTERFACE /usr/include/stb)

  # CLI11 (libcli11-dev, header-only): the operator CLI's command line: -h on every command,
  # --opt=value, values checked before a command runs.
  find_package(CLI11 REQUIRED)
  add_library(tb::cli11 ALIAS CLI11::CLI11)

  # zlib: the CRC of the resolution chunk (pHYs) the CLI adds to stb's PNGs of print sheets.
  find_package(ZLIB REQUIRED)
  add_library(tb::zlib ALIAS ZLIB::ZLIB)

  # libsystemd (libsystemd-dev): sd_notify, so the intake's service unit (Type=notify) is "started"
  # only once the server listens. Outside systemd it does nothing.
  pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET GLOBAL libsystemd)
  add_library(tb::systemd ALIAS PkgConfig::SYSTEMD)

  find_package(yaml-cpp REQUIRED)
  add_library(tb::yaml INTERFACE IMPORTED GLOBAL)
  target_link_libraries(tb::yaml INTERFACE yaml-cpp)

  find_package(SQLite3 REQUIRED)
  add_library(tb::sqlite ALIAS SQLite::SQLite3)

  pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET GLOBAL libpq)
  add_library(tb::pq ALIAS PkgConfig::LIBPQ)

  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib)
  find_package(Threads REQUIRED)
  add_library(tb::httplib INTERFACE IMPORTED GLOBAL)
  target_link_libraries(tb::httplib INTERFACE PkgConfig::HTTPLIB Threads::Threads)

  find_package(Boost 1.74 REQUIRED COMPONENTS unit_test_framework)

  # The kiosk's Chinese input (kiosk/input/engines_native.cpp): Debian's libgooglepinyin with its
  # own dictionary, and libzinnia with the tegaki model; their data files are where Debian puts them.
  pkg_check_modules(GOOGLEPINYIN REQUIRED IMPORTED_TARGET GLOBAL googlepinyin)
  add_library(tb::googlepinyin ALIAS PkgConfig::GOOGLEPINYIN)
  pkg_get_variable(_gp_libdir googlepinyin libdir)
  set(TB_GOOGLEPINYIN_DICT "${_gp_libdir}/googlepinyin/data/dict_pinyin.dat")
  pkg_check_modules(ZINNIA REQUIRED IMPORTED_TARGET GLOBAL zinnia)
  add_library(tb::zinnia ALIAS PkgConfig::ZINNIA)
  set(TB_ZINNIA_MODEL /usr/share/tegaki/models/zinnia/handwriting-zh_CN.model)
  foreach(_data ${TB_GOOGLEPINYIN_DICT} ${TB_ZINNIA_MODEL})
    if(NOT EXISTS ${_data})
      message(FATAL_ERROR "${_data} not found: install the packages in tools/deps/debian-packages.txt (tools/bootstrap.sh)")
    endif()
  endforeach()
  # Boost.Beast and Boost.Asio (header-only, in the same libboost1.74-dev as Boost.Test): the
  # asynchronous HTTP server of `tongban serve` and the intake (tools/http), with TLS through
  # Boost.Asio's SSL streams on Debian's OpenSSL (libssl-dev).
  find_package(OpenSSL REQUIRED)
  add_library(tb::beast INTERFACE IMPORTED GLOBAL)
  target_link_libraries(tb::beast INTERFACE Boost::headers OpenSSL::SSL OpenSSL::Crypto Threads::Threads)
  target_compile_definitions(tb::beast INTERFACE BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
else()
  if(NOT TB_WASM_DEPS OR NOT EXISTS "${TB_WASM_DEPS}/lib/libsodium.a")
    message(FATAL_ERROR "WebAssembly libraries not found in '${TB_WASM_DEPS}'. "
                        "Run tools/bootstrap.sh (it builds them once into ~/.cache/tongban).")
  endif()
  function(tb_wasm_static name lib)
    add_library(${name} STATIC IMPORTED GLOBAL)
    set_target_properties(${name} PROPERTIES IMPORTED_LOCATION "${TB_WASM_DEPS}/lib/${lib}")
    target_include_directories(${name} SYSTEM INTERFACE ${ARGN})
  endfunction()
  tb_wasm_static(tb_wasm_sodium libsodium.a "${TB_WASM_DEPS}/include")
  tb_wasm_static(tb_wasm_protobuf libprotobuf-lite.a "${TB_WASM_DEPS}/include")
  tb_wasm_static(tb_wasm_sdl2 libSDL2.a "${TB_WASM_DEPS}/include/SDL2")
  tb_wasm_static(tb_wasm_imgui libimgui.a "${TB_WASM_DEPS}/include/imgui" "${TB_WASM_DEPS}/include/imgui/backends")
  # zinnia for the browser kiosk's handwriting module (wasm/hand/), loaded on demand.
  tb_wasm_static(tb_wasm_zinnia libzinnia.a "${TB_WASM_DEPS}/include")
  add_library(tb::zinnia ALIAS tb_wasm_zinnia)
  # OpenSSL's libcrypto for the `sm` suite, linked only by the modules that carry it (core/CMakeLists.txt).
  if(NOT EXISTS "${TB_WASM_DEPS}/lib/libcrypto.a")
    message(FATAL_ERROR "OpenSSL's libcrypto for WebAssembly not found in '${TB_WASM_DEPS}'. "
                        "Run tools/bootstrap.sh (it builds it once into ~/.cache/tongban).")
  endif()
  tb_wasm_static(tb_wasm_openssl_crypto libcrypto.a "${TB_WASM_DEPS}/include")
  add_library(tb::openssl_crypto ALIAS tb_wasm_openssl_crypto)
  add_library(tb::sodium ALIAS tb_wasm_sodium)
  add_library(tb::protobuf_lite ALIAS tb_wasm_protobuf)
  add_library(tb::sdl2 INTERFACE IMPORTED GLOBAL)
  # Our own SDL2 (not Emscripten's JS SDL1 or its downloading port).
  target_link_libraries(tb::sdl2 INTERFACE tb_wasm_sdl2)
  target_compile_options(tb::sdl2 INTERFACE -sUSE_SDL=0)
  target_link_options(tb::sdl2 INTERFACE -sUSE_SDL=0)
  add_library(tb::imgui INTERFACE IMPORTED GLOBAL)
  target_link_libraries(tb::imgui INTERFACE tb_wasm_imgui tb::sdl2)

  # Header-only nlohmann/json from Debian, without putting all of /usr/include (glibc's headers)
  # on Emscripten's include path: a folder holding just a link to it.
  set(_inc "${CMAKE_BINARY_DIR}/system-headers")
  file(MAKE_DIRECTORY "${_inc}")
  file(CREATE_LINK /usr/include/nlohmann "${_inc}/nlohmann" SYMBOLIC)
  add_library(tb::json INTERFACE IMPORTED GLOBAL)
  target_include_directories(tb::json SYSTEM INTERFACE "${_inc}")
  target_compile_definitions(tb::json INTERFACE JSON_NOEXCEPTION=1)

  # stb's headers (libstb-dev) the same way: the core compiles stb_image_write into itself, the
  # scan passes stb_image_resize.
  set(_stb "${CMAKE_BINARY_DIR}/system-headers-stb")
  file(MAKE_DIRECTORY "${_stb}")
  file(CREATE_LINK /usr/include/stb/stb_image_write.h "${_stb}/stb_image_write.h" SYMBOLIC)
  file(CREATE_LINK /usr/include/stb/stb_image_resize.h "${_stb}/stb_image_resize.h" SYMBOLIC)
  add_library(tb::stb_headers INTERFACE IMPORTED GLOBAL)
  target_include_directories(tb::stb_headers SYSTEM INTERFACE "${_stb}")
endif()

# Link options shared by every WebAssembly output. They make the module loadable by a browser and
# by a mini-program host alike: no eval/new Function, no TextDecoder, no threads, no filesystem,
# instantiated through Module.instantiateWasm when the host provides it (docs/BUILDING.md).
# Each .wasm is also written brotli-compressed (.wasm.br) beside itself.
function(tb_wasm_link_options target export_name)
  target_link_options(${target} PRIVATE
    -sMODULARIZE=1 -sEXPORT_NAME=${export_name} -sENVIRONMENT=web,worker
    -sDYNAMIC_EXECUTION=0 -sTEXTDECODER=0 -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=33554432
    -sFILESYSTEM=0 -sSUPPORT_LONGJMP=0 -sMINIFY_HTML=0)
  find_program(TB_BROTLI brotli REQUIRED)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${TB_BROTLI} -f -q 11 -o $<TARGET_FILE_DIR:${target}>/${target}.wasm.br
            $<TARGET_FILE_DIR:${target}>/${target}.wasm
    COMMENT "brotli ${target}.wasm"
    VERBATIM)
endfunction()
