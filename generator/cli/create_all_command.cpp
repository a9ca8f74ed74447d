#include "cli/create_all_command.hpp"

#include <retort/errors.hpp>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "autogen/compare.hpp"
#include "autogen/model_plugin.hpp"
#include "cli/commands.hpp"

namespace retort::cli {

void create_all(const settings& s, std::ostream& out) {
  if (s.model.empty()) {
    throw config_error(
        "create-all builds the schema from the model: give --model <plugin>, RETORT_MODEL, or "
        "`model` in retort.toml (a plugin built by retort_add_model())");
  }
  // The model against nothing: every object, in dependency order, as autogenerate would write
  // it for an empty database.
  auto build = autogen::compare(autogen::load_model(s.model), model::schema{});
  make_migrator(s, out).create_all(build.upgrade);
}

}  // namespace retort::cli
