#pragma once

// Reading and patching a plugin file as bytes, to make damaged copies of good plugins.
#include <elf.h>
#include <link.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace retort::plugin_test {

using bytes = std::vector<char>;

inline bytes read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::filesystem::path& file, const bytes& data) {
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(data.data(), static_cast<std::streamsize>(data.size()));
}

template <class T>
T get(const bytes& data, std::uint64_t offset) {
  T value;
  std::memcpy(&value, data.data() + offset, sizeof(T));
  return value;
}

template <class T>
void put(bytes& data, std::uint64_t offset, const T& value) {
  std::memcpy(data.data() + offset, &value, sizeof(T));
}

inline ElfW(Ehdr) header(const bytes& data) {
  return get<ElfW(Ehdr)>(data, 0);
}

/// Where the header of section `index` is.
inline std::uint64_t section_offset(const bytes& data, std::size_t index) {
  return header(data).e_shoff + index * sizeof(ElfW(Shdr));
}

/// The index of the section named `name`.
inline std::size_t find_section(const bytes& data, std::string_view name) {
  const auto names = get<ElfW(Shdr)>(data, section_offset(data, header(data).e_shstrndx));
  for (std::size_t i = 0; i < header(data).e_shnum; ++i) {
    const auto section = get<ElfW(Shdr)>(data, section_offset(data, i));
    if (name == data.data() + names.sh_offset + section.sh_name) {
      return i;
    }
  }
  throw std::logic_error("the good plugin has no section " + std::string(name));
}

}  // namespace retort::plugin_test
