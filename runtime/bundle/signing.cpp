#include "bundle/signing.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bundle/bundle_error.hpp"
#include "bundle/digest.hpp"

namespace retort::bundle {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view secret_tag = "retort-ed25519-secret-key";
constexpr std::string_view public_tag = "retort-ed25519-public-key";

void write_new_file(const fs::path& file, std::string_view text) {
  // O_EXCL: a key is never overwritten, and a planted link is not followed.
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    throw bundle_error(
        fmt::format("{}: cannot create the key file: {}", file.string(), std::strerror(errno)));
  }
  auto written = ::write(fd, text.data(), text.size());
  bool ok = written == static_cast<ssize_t>(text.size());
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    throw bundle_error(fmt::format("{}: cannot write the key file", file.string()));
  }
}

// The hex key of a key file with the expected tag.
std::string read_key(const fs::path& file, std::string_view tag, std::size_t bytes) {
  std::ifstream in(file);
  if (!in) {
    throw bundle_error(fmt::format("{}: cannot read the key file", file.string()));
  }
  std::string found_tag;
  std::string hex;
  in >> found_tag >> hex;
  if (found_tag != tag) {
    throw bundle_error(fmt::format("{}: not a {} file (it should start with `{}`)", file.string(),
                                   tag == secret_tag ? "secret key" : "public key", tag));
  }
  return from_hex(hex, bytes, fmt::format("{}: the key", file.string()));
}

void refuse_shared_secret(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    throw bundle_error(fmt::format("{}: cannot read the secret key file: {}", file.string(),
                                   std::strerror(errno)));
  }
  if ((st.st_mode & 077U) != 0) {
    throw bundle_error(
        fmt::format("{}: the secret key file can be read by others (mode {:o}); `chmod 600` it",
                    file.string(), st.st_mode & 0777U));
  }
}

std::string key_id(std::string_view public_key) {
  return sha256_hex(public_key).substr(0, 16);
}

}  // namespace

void generate_key_pair(const fs::path& secret_key_file, const fs::path& public_key_file) {
  if (sodium_init() < 0) {
    throw bundle_error("libsodium could not be initialised");
  }
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_keypair(pk.data(), sk.data());
  auto secret_text = fmt::format("{} {}\n", secret_tag, to_hex(sk));
  sodium_memzero(sk.data(), sk.size());
  for (const auto& file : {secret_key_file, public_key_file}) {
    if (fs::exists(fs::symlink_status(file))) {
      throw bundle_error(
          fmt::format("{}: exists already; keys are never overwritten", file.string()));
    }
  }
  write_new_file(secret_key_file, secret_text);
  sodium_memzero(secret_text.data(), secret_text.size());
  write_new_file(public_key_file, fmt::format("{} {}\n", public_tag, to_hex(pk)));
}

std::string key_id_of(const fs::path& public_key_file) {
  return key_id(read_key(public_key_file, public_tag, crypto_sign_PUBLICKEYBYTES));
}

std::string sign_detached(std::string_view message, const fs::path& secret_key_file) {
  if (sodium_init() < 0) {
    throw bundle_error("libsodium could not be initialised");
  }
  refuse_shared_secret(secret_key_file);
  auto sk = read_key(secret_key_file, secret_tag, crypto_sign_SECRETKEYBYTES);
  std::array<unsigned char, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       reinterpret_cast<const unsigned char*>(sk.data()));
  // The public key is the second half of libsodium's secret key.
  auto public_key = sk.substr(crypto_sign_SECRETKEYBYTES - crypto_sign_PUBLICKEYBYTES);
  sodium_memzero(sk.data(), sk.size());
  nlohmann::ordered_json doc = {
      {"algorithm", "ed25519"}, {"key_id", key_id(public_key)}, {"signature", to_hex(signature)}};
  return doc.dump(2) + "\n";
}

void verify_detached(std::string_view message, std::string_view signature_text,
                     const fs::path& public_key_file, std::string_view what) {
  if (sodium_init() < 0) {
    throw bundle_error("libsodium could not be initialised");
  }
  auto pk = read_key(public_key_file, public_tag, crypto_sign_PUBLICKEYBYTES);
  nlohmann::json doc = nlohmann::json::parse(signature_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("algorithm", "") != "ed25519" ||
      !doc.contains("signature") || !doc["signature"].is_string()) {
    throw bundle_error(fmt::format("{}: the signature file is not an Ed25519 signature", what));
  }
  auto signature = from_hex(doc["signature"].get<std::string>(), crypto_sign_BYTES,
                            fmt::format("{}: the signature", what));
  int bad = crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                        reinterpret_cast<const unsigned char*>(message.data()),
                                        message.size(),
                                        reinterpret_cast<const unsigned char*>(pk.data()));
  if (bad == 0) {
    return;
  }
  auto claimed = doc.value("key_id", "");
  if (!claimed.empty() && claimed != key_id(pk)) {
    throw bundle_error(fmt::format(
        "{}: signed with another key (key id {}), not with {} (key id {}); use the public key "
        "of whoever signed it, or have it signed again",
        what, claimed, public_key_file.string(), key_id(pk)));
  }
  throw bundle_error(fmt::format(
      "{}: the signature does not match the signed content: it was changed after signing, or "
      "the signature is forged; do not use it",
      what));
}

}  // namespace retort::bundle
