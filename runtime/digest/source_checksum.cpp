#include "digest/source_checksum.hpp"

#include <retort/errors.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "digest/sha256.hpp"

namespace retort::digest {

std::string normalised_source(std::string_view text) {
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text.starts_with(bom)) {
    text.remove_prefix(bom.size());
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    }
    out += text[i];
  }
  return out;
}

std::string source_checksum(std::string_view text) {
  return sha256_hex(normalised_source(text));
}

std::string source_checksum_of_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw error(fmt::format("{}: cannot be read to compute its checksum: {}", file.string(),
                            std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return source_checksum(text.str());
}

}  // namespace retort::digest
