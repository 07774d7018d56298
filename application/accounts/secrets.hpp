// The cryptography accounts need, behind an interface so the application layer stays free of any
// library: password hashing (argon2id), random secrets, and the digest a stored secret is kept
// as. adapters/accounts/sodium_secrets.hpp implements it with libsodium.
//
// Thread-safety: implementations are safe to share between threads.
#pragma once

#include <string>
#include <string_view>

namespace timescales {

class Secrets {
 public:
  virtual ~Secrets() = default;
  // The password's argon2id hash in its encoded form (salt and parameters inside); "" when the
  // machine could not spare the memory.
  virtual std::string hash_password(std::string_view password) const = 0;
  // Whether the password matches the hash, in time independent of where they differ.
  virtual bool verify_password(std::string_view encoded_hash, std::string_view password) const = 0;
  // 256 random bits, URL-safe (base64url, no padding): session cookies, tokens, CSRF tokens.
  virtual std::string random_secret() const = 0;
  // The hex SHA-256 of a secret, as sessions and tokens are stored and looked up.
  virtual std::string digest(std::string_view secret) const = 0;
  // Whether two strings are equal, in time independent of where they differ (CSRF tokens).
  virtual bool equal(std::string_view a, std::string_view b) const = 0;
};

}  // namespace timescales
