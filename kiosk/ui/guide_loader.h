#pragma once
// Loads the kiosk's guide catalogue: the newer of the shipped bundle (assets) and the installed
// one (data folder), then applies updates waiting in incoming/ one by one. Every bundle and delta
// is verified by core (signature, integrity, no rollback, right base); a refused file is removed
// and reported, and the kiosk keeps the catalogue it had.
#include <optional>
#include <string>
#include <vector>

#include "crypto/sign.h"
#include "guide/bundle.h"
#include "guide/guides.h"

namespace tb::kiosk {

struct GuideLoadReport {
  bool ok = false;
  std::string source;               // "assets" or "data"
  std::vector<std::string> events;  // one line per update applied or refused (for the operator log)
};

GuideLoadReport load_guides(guide::Guides* out);

// The guide issuer the kiosk was installed to trust (guide-issuer.pub); nullopt and `why` if none.
std::optional<crypto::TrustStore> guide_trust(std::string* why);
// One update — a delta or a whole bundle, from incoming/ or the publisher (ui/updater.h) — against
// what the kiosk holds: verified by core (signature, integrity, no rollback, right base), then
// written to the data folder atomically. Refused (and nothing written) otherwise, with the reason.
guide::Opened apply_guide_update(const guide::Opened& current, const std::string& bytes, const crypto::TrustStore& trust);

}  // namespace tb::kiosk
