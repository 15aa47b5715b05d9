#pragma once
// The codes a kiosk accepts: the city's code issuers (a trust list signed by its root key, both
// shipped with the kiosk) and, when the data folder has one, the latest revocation list a sync
// agent dropped there. Problems are reported on stderr; the kiosk runs on and refuses what it
// cannot verify (unknown issuer).
#include "code/codes.h"

namespace tb::kiosk {

code::Verifier load_code_verifier(bool staff);

}  // namespace tb::kiosk
