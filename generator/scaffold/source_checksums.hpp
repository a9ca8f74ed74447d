#pragma once

#include <filesystem>
#include <string>
#include <vector>

/// What the build records about each migration source: its revision and the checksum of its
/// normalised text (runtime/digest/source_checksum.hpp).
namespace retort::scaffold {

struct source_checksum_entry {
  std::filesystem::path file;
  std::string revision;
  std::string checksum;
};

/// Reads each file's revision (from its RETORT_MIGRATION header) and checksum. Files without a
/// header are helper sources and are skipped; an unreadable header throws `source_error`.
[[nodiscard]] std::vector<source_checksum_entry> checksum_sources(
    const std::vector<std::filesystem::path>& files);

/// A C++ translation unit holding one source checksum record per entry
/// (<retort/detail/metadata_record.hpp>), to be linked into the plugin.
[[nodiscard]] std::string checksum_translation_unit(
    const std::vector<source_checksum_entry>& entries);

}  // namespace retort::scaffold
