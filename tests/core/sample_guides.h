#pragma once
// The real sample catalogue (assets/guides with the forms of assets/forms), compiled and signed as
// the build does it, loaded once per test process. Shared by the suites that need real items and
// forms (search, scanning, the sample forms).
#include <boost/test/unit_test.hpp>

#include <string>

#include "authoring/form_source.h"
#include "authoring/guide_source.h"
#include "guide/guides.h"

namespace tb::testing {

inline const guide::Guides& sample_guides() {
  static const guide::Guides g = [] {
    authoring::Diagnostics diag;
    auto c = authoring::load_guide_sources(std::string(TB_SOURCE_DIR) + "/assets/guides", diag);
    BOOST_REQUIRE_MESSAGE(c.has_value(), (diag.errors.empty() ? std::string("no catalogue") : diag.errors.front()));
    BOOST_REQUIRE_MESSAGE(authoring::load_form_sources(std::string(TB_SOURCE_DIR) + "/assets/forms", &*c, diag),
                          (diag.errors.empty() ? std::string() : diag.errors.front()));
    crypto::Seed seed{};
    const auto key = crypto::keypair_from_seed(crypto::KeyKind::Sign, "test", seed);
    crypto::TrustStore trust;
    trust.add({crypto::public_half(key), 0, 0, {}});
    auto opened = guide::open_bundle(guide::build_bundle(*c, 1, 0, key), trust, nullptr);
    BOOST_REQUIRE(opened);
    guide::Guides out;
    out.load(std::move(opened));
    return out;
  }();
  return g;
}

// The same catalogue whole (items parsed), for tests that hand a proto::Catalogue to the form and
// seal functions.
inline const proto::Catalogue& sample_catalogue() {
  static const proto::Catalogue c = sample_guides().opened().catalogue();
  return c;
}

}  // namespace tb::testing
