#pragma once
// Form sources (assets/forms/*.yaml, docs/FORM-SOURCES.md) → Catalogue.forms. Every problem —
// unknown keys, unknown fields in expressions, type errors, calculation cycles, references to items,
// departments or materials that do not exist — is reported as file:line.
#include <string>

#include "proto/guide.pb.h"
#include "yaml_reader.h"

namespace tb::authoring {

// Reads every form in `dir` into `catalogue` (whose items and departments they refer to).
// Returns false (and adds nothing) when any file has a problem.
bool load_form_sources(const std::string& dir, proto::Catalogue* catalogue, Diagnostics& diag);

}  // namespace tb::authoring
