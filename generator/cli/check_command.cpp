#include "cli/check_command.hpp"

#include <retort/errors.hpp>

#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "autogen/model_plugin.hpp"
#include "cli/commands.hpp"
#include "cli/database_schema.hpp"
#include "emit/cpp_source.hpp"
#include "introspect/user_objects.hpp"
#include "pg/session.hpp"
#include "render/describe.hpp"
#include "render/postgres_dialect.hpp"
#include "scratch/scratch_server.hpp"
#include "store/history_table.hpp"

namespace retort::cli {

namespace {

std::string indented(const std::string& text, std::string_view prefix) {
  std::string out(prefix);
  for (char c : text) {
    out += c;
    if (c == '\n') {
      out += prefix;
    }
  }
  return out;
}

// A user-supplied scratch database must be empty: check migrates it.
void refuse_non_empty(pg::session& session, const settings& s) {
  auto found = introspect::user_objects(
      session, {.schema = s.version_table_schema,
                .tables = store::bookkeeping_table_names(s.version_table),
                .functions = store::bookkeeping_function_names(s.version_table)});
  if (!found.empty()) {
    throw database_not_empty(fmt::format(
        "check refused: --scratch-url must name an empty database, for check applies every "
        "migration to it, and it holds {} object{} (the first: {}); give an empty database, or "
        "leave out --scratch-url to let check start its own",
        found.size(), found.size() == 1 ? "" : "s", found.front()));
  }
}

// The model as PostgreSQL itself writes it: built in a transaction that is rolled back, then
// read back. Expressions, defaults and index definitions come back in the server's canonical
// form (`alcohol BETWEEN 0 AND 25` as `((alcohol >= (0)::numeric) AND ...)`), so only real
// differences remain. Needs an empty database, which check has.
model::schema as_built(const operations& build, pg::session& session, const settings& s) {
  render::postgres_dialect dialect;
  session.begin();
  try {
    for (const auto& op : build) {
      for (const auto& statement : dialect.render(op)) {
        try {
          session.exec(statement);
        } catch (const database_error& e) {
          throw database_error(fmt::format("the model does not build: {} failed: {}",
                                           render::describe(op), e.what()),
                               e.sqlstate(), e.statement());
        }
      }
    }
    auto built = read_database_schema(session, s).schema;
    session.rollback();
    return built;
  } catch (...) {
    session.rollback();
    throw;
  }
}

}  // namespace

bool check(const settings& s, const check_flags& flags, std::ostream& out) {
  if (s.model.empty()) {
    throw config_error(
        "check compares the migrations with the model: give --model <plugin>, RETORT_MODEL, or "
        "`model` in retort.toml (a plugin built by retort_add_model())");
  }
  // The model and the plugins first: either broken, nothing is started.
  auto build = autogen::compare(autogen::load_model(s.model), model::schema{}).upgrade;
  settings scratch = s;
  scratch.policy = {};
  // Every plugin loads and the graph holds before a database is touched or a server started.
  make_migrator(s, out).check_target(plan::direction::upgrade, "heads");
  std::unique_ptr<scratch::scratch_server> server;
  if (!flags.scratch_url.empty()) {
    scratch.url = flags.scratch_url;
  } else {
    server = scratch::scratch_server::start();
    scratch.url = server->url();
  }
  auto session = pg::session::connect(scratch.url);
  if (server == nullptr) {
    refuse_non_empty(*session, scratch);
  }
  auto desired = as_built(build, *session, scratch);

  std::size_t applied = 0;
  {
    std::ostringstream progress;  // each step's line is noise here; failures still throw
    applied = make_migrator(scratch, progress).upgrade("heads").size();
  }
  auto reading = read_database_schema(*session, scratch);
  auto actual = std::move(reading.schema);
  leave_unmanaged_raw_objects(desired, actual);
  auto result = autogen::compare(std::move(desired), std::move(actual), {.filters = flags.filters});
  // What the migrations built that no model can hold cannot be said to match it: a pass would
  // hide it.
  for (auto& note : reading.notes) {
    result.notes.push_back("the migrations build what the model cannot hold: " + std::move(note));
  }

  if (result.upgrade.empty() && result.notes.empty()) {
    fmt::print(out, "No differences: the {} migration{} build the model's schema.\n", applied,
               applied == 1 ? "" : "s");
    return true;
  }
  fmt::print(out,
             "The migrations ({} applied to an empty database) do not build the model's schema.\n",
             applied);
  if (!result.upgrade.empty()) {
    fmt::print(out, "A new revision needs {} operation{}:\n", result.upgrade.size(),
               result.upgrade.size() == 1 ? "" : "s");
    for (const auto& op : result.upgrade) {
      auto description = render::describe(op);
      fmt::print(out, "{} {}\n{}\n", render::change_sign(description), description,
                 indented(emit::expression(op), "      "));
    }
  }
  for (const auto& note : result.notes) {
    fmt::print(out, "note: {}\n", note);
  }
  fmt::print(out,
             "Write it with `retort revision --autogenerate -m \"...\"` against a database at "
             "head, and review it.\n");
  return false;
}

}  // namespace retort::cli
