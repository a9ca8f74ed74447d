#include "cli/autogen_command.hpp"

#include <retort/errors.hpp>

#include <filesystem>
#include <fstream>
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
#include "emit/model_source.hpp"
#include "introspect/introspect.hpp"
#include "pg/session.hpp"
#include "scaffold/errors.hpp"
#include "scaffold/revision.hpp"

namespace retort::cli {

namespace {

// Whether the project's version locations hold any revision source.
bool has_revisions(const settings& s) {
  try {
    return !scaffold::revision_files(s.scaffold, "heads").empty();
  } catch (const target_error&) {
    return false;
  }
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
    auto read = read_database_schema(*source, s);
    desired = std::move(read.schema);
    for (auto& note : read.notes) {
      notes.push_back("--from-database: " + note);
    }
  } else {
    desired = autogen::load_model(s.model);
  }

  autogen::compare_options options{.filters = flags.filters};
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
    // A project with no revision yet has nothing to be behind, and no plugins to check with.
    if (!s.plugins.empty() && !std::filesystem::exists(s.plugins) && has_revisions(s)) {
      throw scaffold::refusal(fmt::format(
          "the migrations are not built ({} does not exist), so the database cannot be checked "
          "against them: build them first, then autogenerate",
          s.plugins.string()));
    }
    if (!s.plugins.empty() && std::filesystem::exists(s.plugins)) {
      std::ostringstream ignored;
      if (!current(s, false, true, ignored)) {
        throw scaffold::refusal(
            "Target database is not up to date: upgrade it to head first (`retort upgrade "
            "head`), so the new revision holds only what the model adds");
      }
    }
    auto session = pg::session::connect(s.url);
    auto read = read_database_schema(*session, s);
    actual = std::move(read.schema);
    if (!from_database) {
      if (auto note = adopt_server_spelling(desired, actual, flags.filters, *session)) {
        notes.push_back(std::move(*note));
      }
      if (auto left = leave_unmanaged_raw_objects(desired, actual); left > 0) {
        notes.push_back(fmt::format(
            "{} view{}, function{} or other object{} carried as SQL in the database {} not in the "
            "model, which declares none, and {} left alone (declare them with s.raw(...) to "
            "manage them)",
            left, left == 1 ? "" : "s", left == 1 ? "" : "s", left == 1 ? "" : "s",
            left == 1 ? "is" : "are", left == 1 ? "was" : "were"));
      }
    }
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
  auto read = read_database_schema(*source, s);
  auto model = std::move(read.schema);
  autogen::apply_filters(model, flags.filters);
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
