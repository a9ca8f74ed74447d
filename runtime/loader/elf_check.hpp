#pragma once

#include <string>

namespace retort::loader {

/// Checks, without loading it, that `file` is an ELF shared object for this machine whose
/// headers, segments and sections lie inside the file, with a well-formed symbol table.
/// Throws `plugin_error` naming the file and the problem.
///
/// Boost.DLL 1.74's `library_info` reads section and symbol tables without bounds checks (a
/// corrupted section-name offset crashes it), so it may only see files that passed this check.
void check_elf_shared_object(const std::string& file);

}  // namespace retort::loader
