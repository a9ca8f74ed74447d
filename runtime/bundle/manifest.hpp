#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/lint_notes.hpp"
#include "loader/plugin_metadata.hpp"

/// The manifest of a bundle: what it holds and what each revision does, as plain data read and
/// written as JSON (`manifest.json`). Everything a graph command, `bundle inspect` or a plan
/// needs is here, so none of them loads a plugin.
namespace retort::bundle {

inline constexpr std::string_view manifest_file = "manifest.json";
inline constexpr std::string_view signature_file = "manifest.sig";
inline constexpr int manifest_format_version = 1;

/// The plugin ABI and compiler the plugins were built for (`plugin_abi::abi_block`).
struct abi_identity {
  std::uint32_t abi_version = 0;
  std::string compiler;
  std::uint32_t cxx11_string_abi = 0;
  std::uint32_t operation_size = 0;
  friend bool operator==(const abi_identity&, const abi_identity&) = default;
};

/// The runtime's own ABI identity.
[[nodiscard]] abi_identity current_abi_identity();

struct bundled_file {
  std::string name;  ///< a plain file name, no directories
  std::string sha256;
  std::uint64_t size = 0;
};

/// One direction of one revision as offline SQL, or why it cannot be shown that way.
struct rendered_direction {
  bool renderable = false;
  std::vector<std::string> sql;         ///< statements, each ending in `;`
  std::vector<std::string> operations;  ///< `render::describe()` of each operation
  std::string reason;                   ///< when not renderable
  std::vector<lint_note> lint;          ///< an upgrade's findings at pack time
};

struct bundled_revision {
  migration_metadata metadata;               ///< `plugin_file` is the bundled file's name
  std::optional<std::string> source_sha256;  ///< when the source was readable at pack time
  rendered_direction upgrade;
  rendered_direction downgrade;
};

struct manifest {
  int format_version = manifest_format_version;
  std::string retort_version;
  abi_identity abi;
  std::vector<bundled_file> files;          ///< in file-name order
  std::vector<bundled_revision> revisions;  ///< in the plugins' discovery order
};

/// The manifest as the exact text written to `manifest.json`: deterministic (no time stamps,
/// fixed key order), so packing the same plugins twice gives the same bytes and the same
/// identity.
[[nodiscard]] std::string to_json(const manifest& m);

/// Parses `manifest.json`; throws `bundle_error` naming `origin` and what is wrong.
[[nodiscard]] manifest parse_manifest(std::string_view text, std::string_view origin);

}  // namespace retort::bundle
