#pragma once

#include <ostream>
#include <string>

#include "autogen/compare.hpp"
#include "cli/config.hpp"

namespace retort::cli {

struct check_flags {
  /// An empty database to migrate instead of starting a scratch server (`--scratch-url`).
  std::string scratch_url{};
  autogen::filters filters{};
};

/// `retort check`: applies every migration to an empty database (a scratch PostgreSQL it starts
/// and removes, or `--scratch-url`), compares the result with the model, and prints what
/// differs as the operations a new revision would need. Never touches the configured database.
/// Returns false when the migrations and the model disagree.
bool check(const settings& s, const check_flags& flags, std::ostream& out);

}  // namespace retort::cli
