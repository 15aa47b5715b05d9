#pragma once
// Loads the kiosk's guide catalogue: the newer of the shipped bundle (assets) and the installed
// one (data folder), then applies updates waiting in incoming/ one by one. Every bundle and delta
// is verified by core (signature, integrity, no rollback, right base); a refused file is removed
// and reported, and the kiosk keeps the catalogue it had.
#include <string>
#include <vector>

#include "guide/guides.h"

namespace tb::kiosk {

struct GuideLoadReport {
  bool ok = false;
  std::string source;               // "assets" or "data"
  std::vector<std::string> events;  // one line per update applied or refused (for the operator log)
};

GuideLoadReport load_guides(guide::Guides* out);

}  // namespace tb::kiosk
