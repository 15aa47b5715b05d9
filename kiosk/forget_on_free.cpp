#include "forget_on_free.h"

#include <SDL.h>
#include <imgui.h>
#include <malloc.h>
#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace tb::kiosk::forget_on_free {
namespace {

void forget_and_free(void* p) noexcept {
  if (!p) return;
  sodium_memzero(p, malloc_usable_size(p));
  std::free(p);
}

void* checked_malloc(std::size_t n) {
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}

void* aligned(std::size_t n, std::align_val_t a) {
  const std::size_t align = static_cast<std::size_t>(a);
  void* p = nullptr;
  if (posix_memalign(&p, align < sizeof(void*) ? sizeof(void*) : align, n ? n : 1) != 0) throw std::bad_alloc();
  return p;
}

// SDL and Dear ImGui take C-style hooks.
void* sdl_realloc(void* p, std::size_t n) {
  // A moving realloc would leave the old block behind as it was: copy, then forget the old one.
  if (!p) return std::malloc(n);
  const std::size_t have = malloc_usable_size(p);
  if (n <= have && n > 0) return p;
  void* q = std::malloc(n ? n : 1);
  if (!q) return nullptr;
  std::memcpy(q, p, have < n ? have : n);
  forget_and_free(p);
  return q;
}
void* imgui_alloc(std::size_t n, void*) { return std::malloc(n); }
void imgui_free(void* p, void*) { forget_and_free(p); }

}  // namespace

void install() {
  SDL_SetMemoryFunctions(std::malloc, std::calloc, sdl_realloc, forget_and_free);
  ImGui::SetAllocatorFunctions(imgui_alloc, imgui_free, nullptr);
}

}  // namespace tb::kiosk::forget_on_free


void* operator new(std::size_t n) { return tb::kiosk::forget_on_free::checked_malloc(n); }
void* operator new[](std::size_t n) { return tb::kiosk::forget_on_free::checked_malloc(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return std::malloc(n ? n : 1); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return std::malloc(n ? n : 1); }
void* operator new(std::size_t n, std::align_val_t a) { return tb::kiosk::forget_on_free::aligned(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return tb::kiosk::forget_on_free::aligned(n, a); }
void operator delete(void* p) noexcept { tb::kiosk::forget_on_free::forget_and_free(p); }
void operator delete[](void* p) noexcept { tb::kiosk::forget_on_free::forget_and_free(p); }
void operator delete(void* p, std::size_t) noexcept { tb::kiosk::forget_on_free::forget_and_free(p); }
void operator delete[](void* p, std::size_t) noexcept { tb::kiosk::forget_on_free::forget_and_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { tb::kiosk::forget_on_free::forget_and_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { tb::kiosk::forget_on_free::forget_and_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { tb::kiosk::forget_on_free::forget_and_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { tb::kiosk::forget_on_free::forget_and_free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { tb::kiosk::forget_on_free::forget_and_free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { tb::kiosk::forget_on_free::forget_and_free(p); }
