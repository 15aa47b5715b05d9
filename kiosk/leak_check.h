#pragma once
// In a build with AddressSanitizer (the `fuzz` preset, whose kiosk the `asan` tests run), runs
// LeakSanitizer's check at a point the caller chooses instead of at exit; elsewhere, nothing.
#if defined(__SANITIZE_ADDRESS__)
#define TB_KIOSK_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TB_KIOSK_LSAN 1
#endif
#endif
#ifdef TB_KIOSK_LSAN
#include <sanitizer/lsan_interface.h>
#endif

namespace tb::kiosk {

// A leak found ends the process with LeakSanitizer's report (abort_on_error: SIGABRT); none found,
// and the check at exit is skipped.
inline void leak_check_now() {
#ifdef TB_KIOSK_LSAN
  __lsan_do_leak_check();
#endif
}

}  // namespace tb::kiosk
