#pragma once
// A folder served as a web site (the mobile shell at /, the web kiosk at /kiosk/): GET and HEAD of
// the files under it, X.br sent instead of X to browsers that accept brotli while X.br is at least
// as new as X, the shell's entry points marked for revalidation. Files are streamed from disk, not
// read into memory.
#include <string>

#include "http/server.h"

namespace tb::http {

// Installs the site as the server's fallback (every GET/HEAD no route took). False when `folder`
// cannot be opened.
bool serve_folder(Server& server, const std::string& folder);

}  // namespace tb::http
