#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/config.hpp"

namespace retort::cli {

/// `retort lint [RANGE] [--strict] [--plugin-file FILE]...`: the lint rules on the `upgrade()`
/// of every revision in RANGE (all of them by default; one revision; `A:B` as `history` reads
/// it) of the plugin files given (as the build gives them), else of the configured plugin
/// directory or bundle; no database.
/// Prints a `file: revision: error|warning [rule]: where: what` line per finding with the
/// rule's reason and fix, then a summary line. Returns whether the migrations passed: no
/// error-level findings, and with `strict` no warnings either.
[[nodiscard]] bool lint(const settings& s, const std::vector<std::string>& plugin_files,
                        const std::string& range, bool strict, std::ostream& out);

}  // namespace retort::cli
