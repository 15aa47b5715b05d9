#pragma once
// Guide sources (assets/guides/: catalogue.yaml + items/*.yaml, docs/GUIDE-SOURCES.md) → Catalogue.
// Every problem is reported as file:line; a catalogue is returned only when there are none.
#include <functional>
#include <optional>
#include <string>

#include "proto/guide.pb.h"
#include "yaml_reader.h"

namespace tb::authoring {

// Called after each item file: (done, total, file).
using Progress = std::function<void(std::size_t, std::size_t, const std::string&)>;

std::optional<proto::Catalogue> load_guide_sources(const std::string& dir, Diagnostics& diag,
                                                   const Progress& progress = {});

}  // namespace tb::authoring
