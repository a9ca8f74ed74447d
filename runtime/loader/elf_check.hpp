#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loader/file_identity.hpp"

namespace retort::loader {

/// What a plugin file holds that can be known without loading it.
struct elf_plugin {
  /// The symbols defined in the symbol section, as Boost.DLL's `library_info::symbols(section)`
  /// lists them: default visibility, not local, non-zero size.
  std::vector<std::string> section_symbols;
  /// The bytes of the data section; no value when the file has no such section.
  std::optional<std::vector<unsigned char>> section_data;
  /// The file that was read, as it was when opened.
  file_identity identity;
};

/// Where read_plugin_elf() reads the parts of a file it looks at more than once: kept by a caller
/// that reads file after file, so that each reuses the memory of the one before.
struct elf_read_buffers {
  std::vector<char> head;
  std::vector<char> tail;
  std::vector<char> window;
};

/// Checks, without loading it, that `file`, open for reading as `fd` with `identity`, is an ELF
/// shared object for this machine whose headers, segments and sections lie inside the file, with
/// a well-formed symbol table; then lists the symbols defined in section `symbol_section` and
/// reads section `data_section`, into `plugin` (`identity` too). Throws `plugin_error` naming the
/// file and the problem; `plugin` then holds nothing of use.
///
/// Every read is bounds-checked against the file (Boost.DLL 1.74's `library_info` is not: a
/// corrupted section-name offset crashes it), and the file is read with `pread`, once. `buffers`
/// and `plugin` keep their memory from one call to the next: whatever they held is replaced.
void read_plugin_elf(const std::string& file, int fd, const file_identity& identity,
                     std::string_view symbol_section, std::string_view data_section,
                     elf_read_buffers& buffers, elf_plugin& plugin);

}  // namespace retort::loader
