#include "scaffold/files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "scaffold/errors.hpp"

namespace retort::scaffold {

std::optional<std::string> read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return std::nullopt;
  }
  return text.str();
}

void write_new_file(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  // "x" (C11, glibc): O_EXCL, so a file created meanwhile is not replaced either.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(file.c_str(), "wx"), &std::fclose);
  if (!out) {
    if (errno == EEXIST) {
      throw refusal(fmt::format("{} already exists; it was not overwritten", file.string()));
    }
    throw error(fmt::format("cannot create {}: {}", file.string(), std::strerror(errno)));
  }
  if (std::fwrite(text.data(), 1, text.size(), out.get()) != text.size() ||
      std::fflush(out.get()) != 0) {
    throw error(fmt::format("cannot write {}: {}", file.string(), std::strerror(errno)));
  }
}

}  // namespace retort::scaffold
