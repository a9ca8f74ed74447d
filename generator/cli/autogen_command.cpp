#include "cli/autogen_command.hpp"

#include <retort/errors.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "autogen/model_plugin.hpp"
#include "cli/commands.hpp"
#include "cli/scaffold_commands.hpp"
#include "emit/cpp_source.hpp"
#include "emit/model_source.hpp"
#include "introspect/introspect.hpp"
#include "pg/session.hpp"
#include "scaffold/errors.hpp"

namespace retort::cli {

namespace {

// The version table, its history and markers, and the history's trigger function are retort's,
// not the application's: a database under migration holds them, its model does not.
void exclude_version_tables(const settings& s, autogen::filters& filters) {
  filters.exclude_tables.push_back(s.version_table);
  filters.exclude_tables.push_back(s.version_table + "_history");
  filters.exclude_tables.push_back(s.version_table + "_in_progress");
  filters.exclude_tables.push_back(s.version_table + "_history_refuse");
}

// A schema given for the version table is retort's to create (its other objects, if any, still
// take part).
model::schema without_version_schema(const settings& s, model::schema read) {
  if (!s.version_table_schema.empty()) {
    std::erase(read.schemas, s.version_table_schema);
  }
  return read;
}

}  // namespace

void autogenerate_revision(const settings& s, scaffold::revision_request request,
                           const autogenerate_flags& flags, std::ostream& out) {
  const bool from_database = !flags.from_database.empty();
  const bool baseline = from_database && !flags.url_given;
  if (!from_database && s.model.empty()) {
    throw config_error(
        "--autogenerate needs the model: --model <plugin>, RETORT_MODEL, or `model` in "
        "retort.toml (a plugin built by retort_add_model()), or a database: --from-database URL");
  }
  if (!baseline && s.url.empty()) {
    throw config_error(
        "--autogenerate compares the model with a database: give --url, RETORT_URL, "
        "DATABASE_URL or `url` in retort.toml");
  }
  std::vector<std::string> notes;
  model::schema desired;
  if (from_database) {
    auto source = pg::session::connect(flags.from_database);
    auto read = introspect::read_database(*source);
    desired = without_version_schema(s, std::move(read.schema));
    for (auto& note : read.notes) {
      notes.push_back("--from-database: " + note);
    }
  } else {
    desired = autogen::load_model(s.model);
  }

  autogen::compare_options options{.filters = flags.filters};
  exclude_version_tables(s, options.filters);
  for (const auto& rename : flags.renames) {
    try {
      autogen::parse_rename(rename, desired, options);
    } catch (const std::invalid_argument& e) {
      throw config_error(e.what());
    }
  }

  model::schema actual;
  if (!baseline) {
    // Alembic refuses a database behind its migrations: the new revision would repeat theirs.
    if (!s.plugins.empty()) {
      std::ostringstream ignored;
      if (!current(s, false, true, ignored)) {
        throw scaffold::refusal(
            "Target database is not up to date: upgrade it to head first (`retort upgrade "
            "head`), so the new revision holds only what the model adds");
      }
    }
    auto session = pg::session::connect(s.url);
    auto read = introspect::read_database(*session);
    actual = without_version_schema(s, std::move(read.schema));
    for (auto& note : read.notes) {
      notes.push_back("--url: " + note);
    }
  }
  auto result = autogen::compare(std::move(desired), std::move(actual), options);

  request.upgrades = emit::upgrade_body(result.upgrade);
  request.downgrades = emit::downgrade_body(result.upgrade);
  if (result.upgrade.empty()) {
    fmt::print(out, "No changes in schema detected.\n");
  }
  revision(s, request, out);
  for (const auto& line : result.carried_as_sql) {
    fmt::print(out, "sql: {}\n", line);
  }
  for (const auto& note : result.notes) {
    fmt::print(out, "note: {}\n", note);
  }
  for (const auto& note : notes) {
    fmt::print(out, "note: {}\n", note);
  }
}

void model_from_database(const settings& s, const model_flags& flags, std::ostream& notes) {
  if (flags.from_database.empty()) {
    throw config_error("model needs the database to read: --from-database URL");
  }
  auto source = pg::session::connect(flags.from_database);
  auto read = introspect::read_database(*source);
  auto filters = flags.filters;
  exclude_version_tables(s, filters);
  auto model = without_version_schema(s, std::move(read.schema));
  autogen::apply_filters(model, filters);
  auto text = emit::model_source(
      model, {.function = flags.function,
              .title = "The schema model, as `retort model --from-database` read it"});
  std::ofstream file(flags.output);
  file << text;
  if (!file) {
    throw config_error(fmt::format("cannot write {}", flags.output));
  }
  fmt::print(notes, "Writing {} ... done\n", flags.output);
  for (const auto& note : read.notes) {
    fmt::print(notes, "note: {}\n", note);
  }
}

}  // namespace retort::cli
