// The hall's own ID-card reader through its vendor's library (--card-reader vendor:LIBRARY,
// docs/ID-CARD.md): loaded at run time with dlopen, so a reader plugs in without a rebuild. Readers
// certified for second-generation cards ship the SDT interface (the names vary by vendor, so each
// entry point's name comes from --card-reader-entries):
//   int open(int port)                                         0x90: the reader answered
//   int close(int port)
//   int find(int port, unsigned char* manage, int if_open)     0x9f: a card is on the reader
//   int select(int port, unsigned char* manage, int if_open)   0x90: selected
//   int read(int port, unsigned char* wz, unsigned* wz_len, unsigned char* photo, unsigned* photo_len, int if_open)
//                                                              0x90: WZ (256 bytes) and the photo (1024 bytes of WLT)
// A card read once stays on the reader without being found again until it is taken off and laid
// back; 读取身份证 reads it again on request.
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <type_traits>
#include <thread>
#include <vector>

#include "crypto/wipe.h"
#include "platform/card_reader_native.h"
#include "ui_strings.h"

namespace tb::kiosk::platform {
namespace {

constexpr int kOk = 0x90, kFound = 0x9f;
constexpr int kPollMs = 150;

using OpenFn = int (*)(int);
using FindFn = int (*)(int, unsigned char*, int);
using ReadFn = int (*)(int, unsigned char*, unsigned int*, unsigned char*, unsigned int*, int);

struct Entries {
  std::string open = "SDT_OpenPort", close = "SDT_ClosePort", find = "SDT_StartFindIDCard", select = "SDT_SelectIDCard",
              read = "SDT_ReadBaseMsg";
};

// "open=A,close=B,…": names for the entry points; the rest keep the SDT names.
Status<PlatformError> parse_entries(const std::string& text, Entries* e) {
  for (std::size_t at = 0; at < text.size();) {
    const auto comma = std::min(text.find(',', at), text.size());
    const std::string item = text.substr(at, comma - at);
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq), name = eq == std::string::npos ? "" : item.substr(eq + 1);
    std::string* slot = key == "open" ? &e->open : key == "close" ? &e->close : key == "find" ? &e->find
                      : key == "select" ? &e->select : key == "read" ? &e->read : nullptr;
    if (!slot || name.empty())
      return {PlatformError::BadSpec, "--card-reader-entries: '" + item + "': expected open|close|find|select|read=NAME"};
    *slot = name;
    at = comma + 1;
  }
  return {};
}

class VendorReader : public CardSource {
 public:
  ~VendorReader() override {
    if (close_) close_(port_);
    if (lib_) ::dlclose(lib_);
  }

  static OpenedReader open(const std::string& library, const std::string& entries, int port) {
    Entries names;
    if (const auto parsed = parse_entries(entries, &names); !parsed) return parsed;
    auto r = std::unique_ptr<VendorReader>(new VendorReader);
    r->port_ = port;
    r->lib_ = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!r->lib_) {
      const char* why = ::dlerror();
      return {PlatformError::Unavailable,
              "vendor:" + library + ": cannot load the reader's library (" + (why ? why : "dlopen failed") + ")"};
    }
    std::string missing;  // the first entry point the library lacks
    auto sym = [&](const std::string& name, auto* fn) {
      *fn = reinterpret_cast<std::remove_pointer_t<decltype(fn)>>(::dlsym(r->lib_, name.c_str()));
      if (!*fn) missing = name;
      return *fn != nullptr;
    };
    OpenFn open_fn = nullptr;
    if (!sym(names.open, &open_fn) || !sym(names.close, &r->close_) || !sym(names.find, &r->find_) ||
        !sym(names.select, &r->select_) || !sym(names.read, &r->read_)) {
      r->close_ = nullptr;
      return {PlatformError::Unavailable, "vendor:" + library + ": the library has no entry point '" + missing + "'"};
    }
    if (const int status = open_fn(port); status != kOk) {
      r->close_ = nullptr;
      return {PlatformError::Unavailable, "vendor:" + library + ": the reader on port " + std::to_string(port) +
                                              " does not answer (" + names.open + " returned " + std::to_string(status) + ")"};
    }
    return std::unique_ptr<CardSource>(std::move(r));
  }

  std::optional<CardEvent> poll(bool read_now) override {
    if (!read_now) std::this_thread::sleep_for(std::chrono::milliseconds(kPollMs));
    unsigned char manage[8] = {};
    const int found = find_(port_, manage, 0);
    if (found != kFound) {
      // Nothing new on the reader. On request, the card already there is read again.
      if (!read_now) return std::nullopt;
    }
    if (select_(port_, manage, 0) != kOk) return read_now ? std::optional<CardEvent>(fail(ui::kCardNoCard)) : std::nullopt;
    std::vector<unsigned char> wz(256), photo(1024);
    unsigned int wz_len = 0, photo_len = 0;
    const int status = read_(port_, wz.data(), &wz_len, photo.data(), &photo_len, 0);
    if (status != kOk || wz_len != wz.size() || photo_len > photo.size()) {
      crypto::wipe(wz);
      crypto::wipe(photo);
      return fail(ui::kCardReadFailed);
    }
    std::string card(reinterpret_cast<const char*>(wz.data()), wz_len);
    card.append(reinterpret_cast<const char*>(photo.data()), photo_len);
    crypto::wipe(wz);
    crypto::wipe(photo);
    return CardEvent{CardEvent::Kind::Placed, std::move(card), {}};
  }

 private:
  static CardEvent fail(const char* why) { return CardEvent{CardEvent::Kind::Failed, {}, why}; }

  void* lib_ = nullptr;
  int port_ = 0;
  OpenFn close_ = nullptr;
  FindFn find_ = nullptr, select_ = nullptr;
  ReadFn read_ = nullptr;
};

}  // namespace

OpenedReader open_vendor_reader(const std::string& library, const std::string& entries, int port) {
  return VendorReader::open(library, entries, port);
}

}  // namespace tb::kiosk::platform
