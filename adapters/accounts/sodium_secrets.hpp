// Secrets (application/accounts/secrets.hpp) with libsodium (Debian libsodium-dev): argon2id
// through crypto_pwhash_str at libsodium's "interactive" limits (64 MiB, 2 passes: about a tenth
// of a second a sign-in on a server core, a cost an attacker pays for every guess), random bytes
// from the kernel, SHA-256 for the digests stored in place of sessions and tokens (a 256-bit
// random secret needs no slow hash: nobody can guess it, so a fast digest only stops a copy of
// the database from being used as a key).
//
// Thread-safety: safe to share between threads (libsodium is, once sodium_init has run, which
// the constructor does).
#pragma once

#include "application/accounts/secrets.hpp"

namespace timescales {

class SodiumSecrets final : public Secrets {
 public:
  SodiumSecrets();  // aborts only if libsodium cannot initialise (no entropy source at all)
  std::string hash_password(std::string_view password) const override;
  bool verify_password(std::string_view encoded_hash, std::string_view password) const override;
  std::string random_secret() const override;
  std::string digest(std::string_view secret) const override;
  bool equal(std::string_view a, std::string_view b) const override;
};

}  // namespace timescales
