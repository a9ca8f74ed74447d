#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "migrator/environment_policy.hpp"
#include "scaffold/project.hpp"

namespace retort::cli {

/// What the command line says; empty means "not given".
struct flags {
  std::string url;
  std::string plugins;
  std::string model;
  std::string bundle;
  std::string public_key;
  std::string config_file;
  std::string version_table;
  std::string version_table_schema;
  /// Concurrency (seconds; negative: not given).
  double lock_timeout = -1;
  double pg_lock_timeout = -1;
  double statement_timeout = -1;
  int retries = -1;
  bool single_transaction = false;
  /// `--env NAME`: the `[environments.NAME]` of retort.toml.
  std::string environment;
  bool force_downgrade = false;
  /// Run although the history names applied revisions no plugin declares (never from a file:
  /// each use is a decision).
  bool allow_missing = false;
};

/// Settings after resolution: the flag, then the environment (`RETORT_URL`, `DATABASE_URL`,
/// `RETORT_PLUGINS`), then `retort.toml` (given by `--config`, `RETORT_CONFIG`, or found in the
/// current directory). Paths in the file are relative to the file.
struct settings {
  std::string url;
  std::filesystem::path plugins;
  /// The model plugin for `revision --autogenerate`: `--model`, `RETORT_MODEL`, `model`.
  std::filesystem::path model;
  /// A bundle (directory or archive) to use instead of `plugins`: `--bundle`, `RETORT_BUNDLE`,
  /// `bundle` in `retort.toml`.
  std::filesystem::path bundle;
  /// The public key bundles and plans must be signed with: `--public-key`,
  /// `RETORT_PUBLIC_KEY`, `public_key` in `retort.toml`. Empty: signatures are not checked.
  std::filesystem::path public_key;
  std::string version_table = "alembic_version";
  std::string version_table_schema;
  std::optional<std::filesystem::path> config_file;
  /// From the flags or `retort.toml` (`lock_timeout`, `pg_lock_timeout`, `statement_timeout`
  /// in seconds; `retries`; `single_transaction`); defaults in docs/cli.md.
  std::chrono::milliseconds lock_timeout = std::chrono::seconds(60);
  std::chrono::milliseconds pg_lock_timeout = std::chrono::seconds(10);
  std::chrono::milliseconds statement_timeout{0};
  int retries = 0;
  bool single_transaction = false;
  /// The environment chosen by `--env`, `RETORT_ENV` or `environment = "..."` in retort.toml,
  /// whose `[environments.NAME]` keys override the file's top-level keys; and its policy
  /// (`forward_only`, by default true for `production`).
  environment_policy policy{};
  bool allow_missing = false;
  /// For `init`, `revision`, `merge`, `edit`, from `retort.toml`: `versions` (a directory) or
  /// `version_locations` (a list; default "migrations/versions"), `script_template`,
  /// `file_template`, `truncate_slug_length`, `[[post_write_hooks]]` (`name`, `command`).
  /// Paths are relative to the file (without one, to the working directory).
  scaffold::project scaffold{};
  /// `[lint]` in retort.toml: `rule-id = "error" | "warning" | "off"`, as written; `lint`
  /// checks the rule ids and levels (this file knows none of them).
  struct lint_level {
    std::string rule;
    std::string level;
    std::int64_t line = 0;
  };
  std::vector<lint_level> lint_levels{};
  /// `small_table` in `[lint]`: with `lint --url`, tables smaller than this size (`"10 MB"`,
  /// or bytes) are not flagged by rules about locks; as written, `lint` reads it.
  struct written_value {
    std::string value;
    std::int64_t line = 0;
  };
  std::optional<written_value> lint_small_table{};
};

/// Throws `config_error` for an unreadable or malformed config file, naming it and the line.
[[nodiscard]] settings resolve_settings(const flags& given);

}  // namespace retort::cli
