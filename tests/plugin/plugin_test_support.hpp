#pragma once

#include <dlfcn.h>
#include <stdlib.h>

#include <cerrno>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace retort::plugin_test {

/// A plugin directory built by tests/plugin/CMakeLists.txt.
inline std::filesystem::path scenario(const std::string& name) {
  return std::filesystem::path(RETORT_PLUGIN_TEST_SCENARIOS) / name;
}

/// A migration source file as its plugin records it (`__FILE__`).
inline std::string source(const std::string& name) {
  return (std::filesystem::path(RETORT_PLUGIN_TEST_SOURCES) / name).string();
}

inline std::string canonical_path(const std::filesystem::path& path) {
  return std::filesystem::canonical(path).string();
}

/// A fresh directory, removed with everything in it.
class temp_directory {
 public:
  temp_directory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "retort-plugin-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::system_error(errno, std::generic_category(), "mkdtemp");
    }
    path_ = pattern;
  }
  ~temp_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_directory(const temp_directory&) = delete;
  temp_directory& operator=(const temp_directory&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// Whether `file` is loaded in this process; RTLD_NOLOAD never loads it.
inline bool is_loaded(const std::filesystem::path& file) {
  void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (handle != nullptr) {
    ::dlclose(handle);
  }
  return handle != nullptr;
}

}  // namespace retort::plugin_test
