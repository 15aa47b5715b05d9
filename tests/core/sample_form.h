#pragma once
// One item's form from the real sample catalogue (sample_guides.h), merged (一件事), compiled and
// opened for a person with the given profile on 2025-06-01. Shared by the suites that fill real forms.
#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "form/elicence.h"
#include "form/merge.h"
#include "form/session.h"
#include "sample_guides.h"

namespace tb::testing {

struct OpenedForm {
  form::MergedForm merged;
  std::unique_ptr<form::CompiledForm> compiled;
  std::unique_ptr<form::FormSession> session;
};

inline OpenedForm open_sample_form(const std::string& item, const std::map<std::string, std::string>& profile) {
  const auto& c = sample_catalogue();
  OpenedForm o;
  auto merged = form::form_for_item(c, item);
  BOOST_REQUIRE_MESSAGE(merged, merged.describe());
  o.merged = std::move(*merged);
  std::vector<form::FormError> errors;
  auto compiled = form::CompiledForm::compile(o.merged.def, &errors);
  BOOST_REQUIRE_MESSAGE(compiled, (errors.empty() ? std::string() : errors[0].field + ": " + errors[0].message));
  o.compiled = std::make_unique<form::CompiledForm>(std::move(*compiled));
  o.session = std::make_unique<form::FormSession>(*o.compiled, form::make_context(20250601, profile, {}, c, item));
  return o;
}

}  // namespace tb::testing
