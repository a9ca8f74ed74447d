#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/config.hpp"

namespace retort::cli {

/// `retort verify [PLUGIN...] [--strict]`: replays every migration of the plugin files given
/// (else of the configured plugin directory or bundle) on the schema model, no database. Prints
/// one `file: revision: error|warning: ...` line per finding, what a downgrade that does not
/// restore its parent's schema lacks (as `op::` calls), then a summary line. Returns whether
/// the migrations passed: no errors, and with `strict` no warnings either.
[[nodiscard]] bool verify(const settings& s, const std::vector<std::string>& plugin_files,
                          bool strict, std::ostream& out);

}  // namespace retort::cli
