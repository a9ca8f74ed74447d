#pragma once

#include <ostream>
#include <string>

#include "cli/config.hpp"
#include "scaffold/squash.hpp"

namespace retort::cli {

/// `retort squash <from> <to>`: runs the replaced revisions' upgrade() and downgrade() from the
/// built plugins (`--plugins`) to copy their operations, writes the squash revision, re-points
/// the revisions above it, removes the replaced files, and prints each file it touched.
void squash(const settings& s, const std::string& from, const std::string& to,
            scaffold::squash_request request, std::ostream& out);

}  // namespace retort::cli
