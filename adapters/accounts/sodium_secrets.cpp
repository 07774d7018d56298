#include "adapters/accounts/sodium_secrets.hpp"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace timescales {

SodiumSecrets::SodiumSecrets() {
  if (sodium_init() < 0) {
    std::fputs("timescales: libsodium could not initialise (no source of random numbers)\n", stderr);
    std::abort();
  }
}

std::string SodiumSecrets::hash_password(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return "";
  return out;
}

bool SodiumSecrets::verify_password(std::string_view encoded_hash, std::string_view password) const {
  // crypto_pwhash_str_verify wants a NUL-terminated hash.
  const std::string hash(encoded_hash);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string SodiumSecrets::random_secret() const {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string SodiumSecrets::digest(std::string_view secret) const {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

bool SodiumSecrets::equal(std::string_view a, std::string_view b) const {
  if (a.size() != b.size()) return false;
  return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace timescales
