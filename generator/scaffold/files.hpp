#pragma once

#include <filesystem>
#include <optional>
#include <string>

/// The scaffold's file access: read whole files, create new ones without ever replacing one.
namespace retort::scaffold {

/// The bytes of `file`; nullopt when it cannot be opened or read.
[[nodiscard]] std::optional<std::string> read_text(const std::filesystem::path& file);

/// Creates `file` (and missing directories) holding `text`. Never replaces a file: throws
/// `refusal` when it exists, even if it appeared since the caller looked; `error` on I/O failure.
void write_new_file(const std::filesystem::path& file, const std::string& text);

}  // namespace retort::scaffold
