# Warnings for our own targets only (never for third-party headers, which come in as SYSTEM).
add_library(tb_warnings INTERFACE)
target_compile_options(tb_warnings INTERFACE -Wall -Wextra -Wno-unused-parameter)
