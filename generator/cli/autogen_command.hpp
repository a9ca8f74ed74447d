#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "autogen/compare.hpp"
#include "cli/config.hpp"
#include "scaffold/revision.hpp"

namespace retort::cli {

/// What `revision --autogenerate` adds to `revision`'s flags.
struct autogenerate_flags {
  std::vector<std::string> renames{};  ///< `old:new`, `table.old:table.new`
  autogen::filters filters{};
};

/// `retort revision --autogenerate`: loads the model plugin (`--model`, `RETORT_MODEL`, `model`
/// in retort.toml), reads the database at `url` (which must be at head when plugins are
/// configured, as Alembic requires), compares, and writes the revision with the operations in
/// upgrade() and their reverse in downgrade(). Prints each note (likely renames, what no
/// operation expresses) after the file's path.
void autogenerate_revision(const settings& s, scaffold::revision_request request,
                           const autogenerate_flags& flags, std::ostream& out);

}  // namespace retort::cli
