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
  /// The desired schema is this database's instead of the model's (`--from-database`).
  std::string from_database{};
  /// `--url` was given on the command line: with `from_database`, compare against it; without
  /// it, against an empty database (a baseline), whatever RETORT_URL or retort.toml say.
  bool url_given = false;
};

/// `retort revision --autogenerate`: loads the model plugin (`--model`, `RETORT_MODEL`, `model`
/// in retort.toml) or reads the database `--from-database`, reads the database at `url` (which
/// must be at head when plugins are configured, as Alembic requires) or, for a baseline, takes
/// an empty one, compares, and writes the revision with the operations in upgrade() and their
/// reverse in downgrade(). After the file's path it prints each object carried as raw SQL
/// (`sql:`) and each note (likely renames, what no operation expresses, what introspection
/// left out). retort's own tables (the version table and its history) never take part.
void autogenerate_revision(const settings& s, scaffold::revision_request request,
                           const autogenerate_flags& flags, std::ostream& out);

/// What `retort model` takes.
struct model_flags {
  std::string from_database;
  std::string output;
  std::string function = "database_model";
  autogen::filters filters{};
};

/// `retort model --from-database URL -o FILE`: reads the database and writes the C++ model
/// declaration of its schema (for `retort_add_model()`); retort's own version tables are left
/// out. Prints each note on what introspection left out to `notes` (`note: ...`).
void model_from_database(const settings& s, const model_flags& flags, std::ostream& notes);

}  // namespace retort::cli
