#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

/// `retort lint`: what running a migration on a busy production database would do that it
/// should not, found in its operations and its raw SQL alike.
namespace retort::lint {

enum class level : std::uint8_t { off, warning, error };

/// One check, as docs/lint.md documents it.
struct rule {
  std::string_view id;   ///< stable; squawk's name where squawk has the check
  lint::level level;     ///< what a finding is unless the project says otherwise
  std::string_view why;  ///< one line: what goes wrong in production
  std::string_view fix;  ///< the safe way to do it
  /// About a lock or a rewrite, whose cost grows with the table: with `--url`, silent for tables
  /// smaller than the project's `small_table` size.
  bool about_table_size = false;
};

/// Every rule, in the order docs/lint.md lists them.
[[nodiscard]] const std::vector<rule>& rules();

/// The rule named `id`, if there is one.
[[nodiscard]] const rule* find_rule(std::string_view id);

/// `error`, `warning` or `off`.
[[nodiscard]] std::string_view name_of(level l);
[[nodiscard]] std::optional<level> level_named(std::string_view name);

}  // namespace retort::lint
