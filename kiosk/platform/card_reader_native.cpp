// The kiosk's ID-card reader on Linux (platform.h, "ID-card reader"): one worker thread polls the
// source (the simulated reader or the vendor's library) and queues what it saw for the UI thread,
// waking the SDL loop. The card's bytes are personal: they stay in the queue only until the UI has
// taken them, and whatever is left is wiped at stop.
#include <SDL.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "crypto/wipe.h"
#include "platform/card_reader_native.h"

namespace tb::kiosk::platform {
namespace {

struct Reader {
  std::unique_ptr<CardSource> source;
  std::thread thread;
  std::atomic<bool> stop{false}, read_now{false};
  std::mutex mu;
  std::vector<CardEvent> events;

  void run() {
    while (!stop) {
      auto e = source->poll(read_now.exchange(false));
      if (!e) continue;
      {
        std::lock_guard<std::mutex> lock(mu);
        events.push_back(std::move(*e));
      }
      SDL_Event wake{};
      wake.type = SDL_USEREVENT;
      SDL_PushEvent(&wake);
    }
  }
};

Reader* g_reader = nullptr;

}  // namespace

Status<PlatformError> card_reader_start(const CardReaderOptions& o) {
  card_reader_stop();
  OpenedReader s = o.source.rfind("sim:", 0) == 0      ? open_sim_reader(o.source.substr(4))
                   : o.source.rfind("vendor:", 0) == 0 ? open_vendor_reader(o.source.substr(7), o.entries, o.port)
                   : OpenedReader(PlatformError::BadSpec, "'" + o.source + "': expected sim:PATH or vendor:LIBRARY");
  if (!s) return s;
  g_reader = new Reader;
  g_reader->source = std::move(*s);
  g_reader->thread = std::thread([r = g_reader] { r->run(); });
  return {};
}

bool card_reader_running() { return g_reader != nullptr; }

void card_reader_read_now() {
  if (g_reader) g_reader->read_now = true;
}

std::vector<CardEvent> card_events() {
  std::vector<CardEvent> out;
  if (!g_reader) return out;
  std::lock_guard<std::mutex> lock(g_reader->mu);
  out.swap(g_reader->events);
  return out;
}

void card_reader_stop() {
  if (!g_reader) return;
  g_reader->stop = true;
  if (g_reader->thread.joinable()) g_reader->thread.join();
  for (auto& e : g_reader->events) crypto::wipe(e.bytes);
  delete g_reader;
  g_reader = nullptr;
}

}  // namespace tb::kiosk::platform
