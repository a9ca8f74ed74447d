#include "digest/sha256.hpp"

#include <retort/errors.hpp>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>

#include <openssl/evp.h>

#include <fmt/format.h>

namespace retort::digest {

namespace {

// One EVP context per hash; freed on every path.
class hasher {
 public:
  hasher() : context_(EVP_MD_CTX_new()) {
    if (context_ == nullptr || EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1) {
      EVP_MD_CTX_free(context_);
      throw error("SHA-256 is not available from OpenSSL's libcrypto");
    }
  }
  ~hasher() { EVP_MD_CTX_free(context_); }
  hasher(const hasher&) = delete;
  hasher& operator=(const hasher&) = delete;

  void update(const char* data, std::size_t size) {
    if (EVP_DigestUpdate(context_, data, size) != 1) {
      throw error("SHA-256 failed in OpenSSL's libcrypto");
    }
  }

  std::string hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(context_, out.data(), &size) != 1) {
      throw error("SHA-256 failed in OpenSSL's libcrypto");
    }
    std::string text;
    text.reserve(2 * size);
    for (unsigned int i = 0; i < size; ++i) {
      text += fmt::format("{:02x}", out[i]);
    }
    return text;
  }

 private:
  EVP_MD_CTX* context_;
};

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  hasher h;
  h.update(bytes.data(), bytes.size());
  return h.hex();
}

std::string sha256_file_hex(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw error(fmt::format("{}: cannot be read to compute its SHA-256: {}", file.string(),
                            std::strerror(errno)));
  }
  hasher h;
  std::array<char, 1 << 16> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    h.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    throw error(fmt::format("{}: a read failed while computing its SHA-256", file.string()));
  }
  return h.hex();
}

}  // namespace retort::digest
