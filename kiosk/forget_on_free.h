#pragma once
// A kiosk process forgets what it frees: every block is overwritten before it goes back to the
// allocator, so a person's text that passed through a temporary (a formatted label, a copy of a
// field value, a JSON body, Dear ImGui's or SDL's own buffers) does not linger in freed heap memory
// after their session ends. Our own state is wiped explicitly (app/person.h); this is the net
// under everything else. forget_on_free.cpp replaces the global operator new/delete (linked into
// the kiosk executables only); install() routes Dear ImGui's and SDL's allocators through it and
// must run before SDL_Init and ImGui::CreateContext.
namespace tb::kiosk::forget_on_free {

void install();

}  // namespace tb::kiosk::forget_on_free
