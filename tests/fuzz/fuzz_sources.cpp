// Form and guide sources (YAML, docs/FORM-SOURCES.md and docs/GUIDE-SOURCES.md) as `tongban guide
// build` reads them from folders: the first byte picks which file the rest becomes, beside the
// shipped sources, so a mutation reaches the cross-checks behind the YAML parse:
//   0: a form file (forms/x.yaml, with the shipped lists/), read against the shipped catalogue;
//   1: a guide item (items/x.yaml) beside the shipped catalogue.yaml;
//   2: catalogue.yaml beside one shipped item.
// Whatever the bytes, the reader reports problems as file:line and never throws or crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "authoring/form_source.h"
#include "authoring/guide_source.h"

namespace fs = std::filesystem;
using namespace tb::authoring;

namespace {

struct Scratch {
  fs::path root, forms, guides_item, guides_catalogue;
  std::optional<tb::proto::Catalogue> catalogue;  // the shipped guides, what forms refer to

  Scratch() {
    char tmpl[] = "/tmp/tongban-fuzz-sources-XXXXXX";
    root = ::mkdtemp(tmpl);
    const fs::path src = TB_SOURCE_DIR;
    forms = root / "forms";
    fs::create_directories(forms);
    fs::copy(src / "assets/forms/lists", forms / "lists", fs::copy_options::recursive);
    // A guide folder whose item is the input, and one whose catalogue is.
    guides_item = root / "guides-item";
    fs::create_directories(guides_item / "items");
    fs::copy_file(src / "assets/guides/catalogue.yaml", guides_item / "catalogue.yaml");
    guides_catalogue = root / "guides-catalogue";
    fs::create_directories(guides_catalogue / "items");
    fs::copy_file(src / "assets/guides/items/shebaoka-shenling.yaml", guides_catalogue / "items/shebaoka-shenling.yaml");
    Diagnostics diag;
    catalogue = load_guide_sources((src / "assets/guides").string(), diag);
    if (!catalogue) std::abort();  // the shipped sources must build
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
};

void write(const fs::path& file, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Scratch scratch;
  if (size == 0) return 0;
  const int pick = data[0] % 3;
  ++data, --size;
  Diagnostics diag;
  if (pick == 0) {
    write(scratch.forms / "x.yaml", data, size);
    tb::proto::Catalogue catalogue = *scratch.catalogue;
    const bool ok = load_form_sources(scratch.forms.string(), &catalogue, diag);
    if (ok != diag.ok()) std::abort();  // a refusal always says why, and only a refusal does
  } else if (pick == 1) {
    write(scratch.guides_item / "items/x.yaml", data, size);
    const bool ok = load_guide_sources(scratch.guides_item.string(), diag).has_value();
    if (ok != diag.ok()) std::abort();
  } else {
    write(scratch.guides_catalogue / "catalogue.yaml", data, size);
    const bool ok = load_guide_sources(scratch.guides_catalogue.string(), diag).has_value();
    if (ok != diag.ok()) std::abort();
  }
  return 0;
}
