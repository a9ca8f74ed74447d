#include "cli/autogen_command.hpp"

#include <retort/errors.hpp>

#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "autogen/model_plugin.hpp"
#include "cli/commands.hpp"
#include "cli/database_schema.hpp"
#include "cli/scaffold_commands.hpp"
#include "cli/server_spelling.hpp"
#include "emit/cpp_source.hpp"
#include "pg/session.hpp"
#include "scaffold/errors.hpp"

namespace retort::cli {

void autogenerate_revision(const settings& s, scaffold::revision_request request,
                           const autogenerate_flags& flags, std::ostream& out) {
  if (s.model.empty()) {
    throw config_error(
        "--autogenerate needs the model: --model <plugin>, RETORT_MODEL, or `model` in "
        "retort.toml (a plugin built by retort_add_model())");
  }
  if (s.url.empty()) {
    throw config_error(
        "--autogenerate compares the model with a database: give --url, RETORT_URL, "
        "DATABASE_URL or `url` in retort.toml");
  }
  auto desired = autogen::load_model(s.model);

  autogen::compare_options options{.filters = flags.filters};
  for (const auto& rename : flags.renames) {
    try {
      autogen::parse_rename(rename, desired, options);
    } catch (const std::invalid_argument& e) {
      throw config_error(e.what());
    }
  }

  // Alembic refuses a database behind its migrations: the new revision would repeat theirs.
  if (!s.plugins.empty()) {
    std::ostringstream ignored;
    if (!current(s, false, true, ignored)) {
      throw scaffold::refusal(
          "Target database is not up to date: upgrade it to head first (`retort upgrade head`), "
          "so the new revision holds only what the model adds");
    }
  }
  auto session = pg::session::connect(s.url);
  auto actual = read_database_schema(*session, s);
  adopt_server_spelling(desired, actual, *session);
  auto result = autogen::compare(std::move(desired), std::move(actual), options);

  request.upgrades = emit::upgrade_body(result.upgrade);
  request.downgrades = emit::downgrade_body(result.upgrade);
  if (result.upgrade.empty()) {
    fmt::print(out, "No changes in schema detected.\n");
  }
  revision(s, request, out);
  for (const auto& note : result.notes) {
    fmt::print(out, "note: {}\n", note);
  }
}

}  // namespace retort::cli
