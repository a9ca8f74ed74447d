#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/config.hpp"
#include "lint/lint_migration.hpp"

namespace retort::cli {

/// The project's `[lint]` settings, checked: unknown rule ids, levels or sizes are a
/// `config_error` naming the file and line.
[[nodiscard]] lint::settings lint_settings(const settings& s);

/// `retort lint [RANGE] [--strict] [--plugin-file FILE]... [--url URL]`: the lint rules on the
/// `upgrade()` of every revision in RANGE (all of them by default; one revision; `A:B` as
/// `history` reads it) of the plugin files given (as the build gives them), else of the
/// configured plugin directory or bundle. Only with `live_url` (a `--url` on the command line,
/// never one from the environment or retort.toml, so a build never connects) does it read
/// that database's table sizes, for `small_table`.
/// Prints a `file: revision: error|warning [rule]: where: what` line per finding with the
/// rule's reason and fix, then a summary line. Returns whether the migrations passed: no
/// error-level findings, and with `strict` no warnings either.
[[nodiscard]] bool lint(const settings& s, const std::vector<std::string>& plugin_files,
                        const std::string& range, bool strict, const std::string& live_url,
                        std::ostream& out);

}  // namespace retort::cli
