#include "ui/guide_loader.h"

#include "platform/platform.h"

namespace tb::kiosk {
namespace {
std::string str(const platform::Bytes& b) { return std::string(b.begin(), b.end()); }
}  // namespace

std::optional<crypto::TrustStore> guide_trust(std::string* why) {
  auto pub = platform::read_trust("guide-issuer.pub");
  if (!pub) {
    *why = pub.detail();
    return std::nullopt;
  }
  auto key = crypto::parse_key_file(str(*pub));
  if (!key) {
    *why = "guide-issuer.pub: " + key.describe();
    return std::nullopt;
  }
  crypto::TrustStore trust;
  trust.add({key->pub, 0, 0, {}});
  return trust;
}

guide::Opened apply_guide_update(const guide::Opened& current, const std::string& bytes, const crypto::TrustStore& trust) {
  const guide::Current base = guide::current_of(current);
  guide::Opened next = guide::apply_delta(current, bytes, trust);
  if (next.reason() == guide::Refusal::WrongFormat) next = guide::open_bundle(bytes, trust, &base);
  if (next && !platform::write_data_atomic("guides.tbg", platform::Bytes(next.bundle_bytes.begin(), next.bundle_bytes.end())))
    return {guide::Refusal::NotStored, "the data folder could not be written: the kiosk keeps version " + std::to_string(base.version)};
  return next;
}

GuideLoadReport load_guides(guide::Guides* out) {
  GuideLoadReport report;
  std::string why;
  const auto trust_or = guide_trust(&why);
  if (!trust_or) {
    report.events.push_back(why);
    return report;
  }
  const crypto::TrustStore& trust = *trust_or;

  // Which catalogue to open is decided on the signed manifests alone (guide::peek_bundle): the
  // installed one when it is a newer version for the shipped one's city, else the shipped one. Only
  // that one is opened, so one catalogue is held at a time, not two (a browser kiosk's heap).
  auto shipped = platform::read_asset("guides.tbg");
  std::optional<guide::Current> base;
  if (shipped) {
    const auto manifest = guide::peek_bundle(std::string_view(reinterpret_cast<const char*>(shipped->data()), shipped->size()), trust);
    if (manifest) base = guide::current_of(*manifest);
    else report.events.push_back("shipped guides.tbg refused: " + manifest.describe());
  } else {
    report.events.push_back(shipped.detail());
  }
  // Empty until a bundle is open (a default Opened is not a refusal, so it cannot say so itself).
  std::optional<guide::Opened> current;
  if (auto installed = platform::read_data("guides.tbg")) {
    auto o = guide::open_bundle(str(*installed), trust, base ? &*base : nullptr);
    if (o) {
      current = std::move(o);
      report.source = "data";
    }
  }
  if (!current && base) {
    auto o = guide::open_bundle(str(*shipped), trust, nullptr);
    if (!o) report.events.push_back("shipped guides.tbg refused: " + o.describe());
    else {
      current = std::move(o);
      report.source = "assets";
    }
  }
  for (const auto& name : platform::incoming_files()) {
    auto bytes = platform::read_incoming(name);
    if (!bytes || !current) continue;
    guide::Opened next = apply_guide_update(*current, str(*bytes), trust);
    if (next) {
      report.events.push_back(name + ": applied, version " + std::to_string(next.manifest.version()));
      current = std::move(next);
      report.source = "data";
    } else {
      report.events.push_back(name + ": refused: " + next.describe());
    }
    platform::remove_incoming(name);
  }
  if (current) {
    out->load(std::move(*current));
    report.ok = true;
  }
  return report;
}

}  // namespace tb::kiosk
