#include "envelope_file.h"

#include <filesystem>

#include "files.h"
#include "report.h"
#include "seal/envelope.h"

namespace tb::cli {

std::string read_envelope_file(const std::string& path, const std::string& context) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > seal::kMaxEnvelopeBytes)
    fail_with(seal::Inspection(seal::Refusal::TooLarge,
                               path + ": " + std::to_string(size) + " bytes, over 2^31 - 1 (no envelope is larger)"),
              context);
  return read_file(path);
}

}  // namespace tb::cli
