#pragma once
// Base45 (RFC 9285): bytes as text drawn from the 45 characters of the QR alphanumeric mode
// (0-9 A-Z space $ % * + - . / :), so a signed binary payload can travel in a QR code's compact
// alphanumeric mode and come out of a keyboard-wedge (HID) scanner as plain typed characters.
//
// Every two bytes [a, b] become n = a*256 + b, written as three characters c d e with
// n = c + d*45 + e*45*45; a final odd byte a becomes two characters c d with a = c + d*45.
// So 2 bytes take 3 characters (1.5x), which in alphanumeric mode costs 16.5 bits: ~3% more than
// byte mode holding the raw bytes, but scanner-safe and never misread as UTF-8/locale text.
//
// Pure computation: no I/O, no exceptions on bad input.
#include <string>
#include <string_view>

#include "result.h"

namespace tb::code {

// Encodes any bytes. The result is 3 characters per 2 bytes (+2 for an odd trailing byte).
std::string base45_encode(std::string_view bytes);

// Strict decoding. Fails with Fault::Malformed (the detail naming the problem and the 0-based
// character offset where it was found) for: a character outside the alphabet (lower
// case included), a dangling single character at the end (length % 3 == 1), a 3-character group
// whose value exceeds 65535, or a final 2-character group whose value exceeds 255. The empty text
// decodes to the empty byte string.
Result<std::string, Fault> base45_decode(std::string_view text);

}  // namespace tb::code
