// A guide bundle (.tbg) or delta (.tbd) as a kiosk or phone installs it from the network or a USB
// stick (docs/FORMATS.md): opened against the demo issuer, a delta applied to a small bundle.
#include <cstddef>
#include <cstdint>
#include <string>

#include "demo_keys.h"
#include "guide/bundle.h"

using namespace tb;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const crypto::TrustStore trust = fuzz::demo_trust("guide-issuer.pub");
  // What a device has installed: a one-item bundle (the seeds' deltas apply to it, make_seeds.sh).
  static const guide::Opened installed = [] {
    proto::Catalogue c;
    c.set_city("青禾市");
    c.add_items()->set_id("item-1");
    return guide::open_bundle(guide::build_bundle(c, 1, 1000, *fuzz::demo_key("guide-issuer.key").pair), trust, nullptr);
  }();
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  (void)guide::open_bundle(bytes, trust, nullptr);
  (void)guide::apply_delta(installed, bytes, trust);
  return 0;
}
