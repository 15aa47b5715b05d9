#pragma once
// What a phone puts in its request to the city's identity provider (OpenID Connect authorization
// code flow with PKCE), decided once here for every shell and for the desk that checks the answer:
//   nonce      ties the ID token to the device key being bound (the desk recomputes it)
//   challenge  PKCE S256 (RFC 7636 §4.2): the provider gives the token only to whoever holds the
//              verifier, so a login code seen by someone else is worth nothing
// Pure: the verifier's randomness comes from the shell.
#include <string>
#include <string_view>

#include "crypto/keys.h"

namespace tb::identity {

// base64url (no padding) of SHA-256 over "tongban-device-nonce\0" and the key.
std::string device_nonce(const crypto::Bytes& device_public_key);

// base64url (no padding) of SHA-256 of the verifier's ASCII.
std::string pkce_challenge(std::string_view verifier);

// RFC 7636 §4.1: 43 to 128 characters of [A-Za-z0-9-._~]. Anything else is refused before it is
// hashed, so a short or guessable verifier never leaves the phone.
bool pkce_verifier_valid(std::string_view verifier);

}  // namespace tb::identity
