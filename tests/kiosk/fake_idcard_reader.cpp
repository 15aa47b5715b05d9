// A stand-in for a hall's ID-card reader library, for tests/kiosk/staff.test.mjs: the SDT interface
// a vendor ships (kiosk/platform/card_vendor_native.cpp), under names of its own (fake_open, …) so
// the kiosk's --card-reader-entries are exercised. The "card on the reader" is the file named by
// $TB_FAKE_READER_CARD; the reader is "unplugged" while $TB_FAKE_READER_CARD.unplugged exists.
// Like a real reader, a card is found once after it is laid down (a changed file), not again.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr int kOk = 0x90, kFound = 0x9f, kNoCard = 0x80, kGone = 0x01;
struct stat g_last{};

std::string card_path() {
  const char* p = std::getenv("TB_FAKE_READER_CARD");
  return p ? p : "";
}
bool unplugged() {
  struct stat st{};
  return ::stat((card_path() + ".unplugged").c_str(), &st) == 0;
}

}  // namespace

extern "C" {

int fake_open(int port) { return port == 1001 && !unplugged() ? kOk : kGone; }
int fake_close(int) { return kOk; }

int fake_find(int, unsigned char*, int) {
  if (unplugged()) return kGone;
  struct stat st{};
  if (::stat(card_path().c_str(), &st) != 0) {
    g_last = {};
    return kNoCard;
  }
  const bool fresh = st.st_ino != g_last.st_ino || st.st_mtim.tv_nsec != g_last.st_mtim.tv_nsec || st.st_mtim.tv_sec != g_last.st_mtim.tv_sec;
  g_last = st;
  return fresh ? kFound : kNoCard;
}

int fake_select(int, unsigned char*, int) {
  struct stat st{};
  return !unplugged() && ::stat(card_path().c_str(), &st) == 0 ? kOk : kNoCard;
}

int fake_read(int, unsigned char* wz, unsigned int* wz_len, unsigned char* photo, unsigned int* photo_len, int) {
  if (unplugged()) return kGone;
  std::FILE* f = std::fopen(card_path().c_str(), "rb");
  if (!f) return kNoCard;
  *wz_len = static_cast<unsigned>(std::fread(wz, 1, 256, f));
  *photo_len = static_cast<unsigned>(std::fread(photo, 1, 1024, f));
  std::fclose(f);
  return *wz_len == 256 ? kOk : kGone;
}

}  // extern "C"
