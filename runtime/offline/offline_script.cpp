#include "offline/offline_script.hpp"

#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "render/postgres_dialect.hpp"
#include "render/sql_literal.hpp"

namespace retort::offline {

namespace {

// The script under construction; Alembic's layout: each statement or comment, then a blank line.
// Everything is appended to one string, reserved for the whole script when the steps are known:
// building 5,000 steps' script piece by piece was a string per statement and a dozen copies of
// a growing megabyte.
class script {
 public:
  // A message is free text: a newline in it would end the comment and turn the rest into SQL.
  void comment(std::string_view line) {
    text_ += "-- ";
    const auto start = text_.size();
    text_ += line;
    for (auto i = start; i < text_.size(); ++i) {
      if (static_cast<unsigned char>(text_[i]) < 0x20 || text_[i] == 0x7f) {
        text_[i] = ' ';
      }
    }
    text_ += "\n\n";
  }
  void raw(std::string_view statement) {
    text_ += statement;
    text_ += "\n\n";
  }
  void statement(const sql_statement& s) {
    render::append_script_statement(text_, s);
    text_ += "\n\n";
  }
  void begin() { raw("BEGIN;"); }
  void commit() { raw("COMMIT;"); }
  void reserve(std::size_t bytes) { text_.reserve(bytes); }
  [[nodiscard]] std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

// What a step's lines take besides its statements: a comment, BEGIN, the version table's
// change, COMMIT.
constexpr std::size_t around_each_step = 512;

// About what the script of `steps` takes: each statement's text and parameters, and the lines
// around them.
std::size_t likely_script_size(const std::vector<executor::prepared_step>& steps) {
  constexpr std::size_t around_each_statement = 8;
  std::size_t size = around_each_step;
  for (const auto& step : steps) {
    size += around_each_step + step.message.size();
    for (const auto& statement : step.statements) {
      size += statement.sql.size() + around_each_statement;
      for (const auto& param : statement.params) {
        size += param ? param->size() + 3 : 4;
      }
    }
  }
  return size;
}

void create_version_table(script& out, const store::version_table_sql& versions) {
  // Online runs the same statements, in autocommit, before the first migration.
  if (auto schema = versions.create_schema()) {
    out.statement(*schema);
  }
  out.statement(versions.create());
}

unsupported refusal(const executor::prepared_step& step, const std::string& what) {
  return unsupported(fmt::format("{} of revision {} ({}) cannot be written as an offline SQL "
                                 "script: {}; run it online instead",
                                 verb(step.step.dir), step.step.revision, step.source_file, what),
                     step.step.revision, step.source_file);
}

void render_step(script& out, const executor::prepared_step& step,
                 const store::version_table_sql& versions, bool single_transaction) {
  if (single_transaction && !step.transactional) {
    throw refusal(step,
                  "it is declared `.transactional = false`, and a single transaction cannot hold "
                  "its statements; leave out --single-transaction");
  }
  // Online runs a non-transactional migration's statements in autocommit and gives only its
  // version-table change a transaction; the script does the same.
  bool own_transaction = !single_transaction && step.transactional;
  if (own_transaction) {
    out.begin();
  }
  std::size_t index = 0;
  for (const auto& statement : step.statements) {
    ++index;
    try {
      out.statement(statement);
    } catch (const error& e) {
      throw refusal(
          step, fmt::format("statement {} of its {}(): {}", index, verb(step.step.dir), e.what()));
    }
  }
  if (!single_transaction && !step.transactional) {
    out.begin();
  }
  for (const auto& statement : versions.apply(step.step.heads_removed, step.step.heads_added)) {
    out.statement(statement);
  }
  if (!single_transaction) {
    out.commit();
  }
}

// A script's steps, written one at a time, within the whole script's transaction when there is
// one.
class step_writer {
 public:
  step_writer(const revision_graph& graph, bool create_table, const script_options& options)
      : graph_(graph), versions_(options.version_table), options_(options) {
    if (options_.single_transaction) {
      out_.begin();
    }
    if (create_table) {
      create_version_table(out_, versions_);
    }
  }

  void reserve(std::size_t bytes) { out_.reserve(bytes); }

  void add(const executor::prepared_step& step) {
    out_.comment(executor::running_line(step, graph_.at(step.step.revision).down_revisions));
    render_step(out_, step, versions_, options_.single_transaction);
  }

  [[nodiscard]] std::string finish() {
    if (options_.single_transaction) {
      out_.commit();
    }
    return out_.take();
  }

 private:
  const revision_graph& graph_;
  store::version_table_sql versions_;
  const script_options& options_;
  script out_;
};

std::string migrate_script(const revision_graph& graph,
                           const std::map<std::string, const loaded_migration*>& migrations,
                           const std::vector<std::string>& heads, std::string_view target,
                           plan::direction dir, const script_options& options) {
  // The same planning and preparation as online, in the same order; only the starting heads
  // come from the command line (checked by starting_heads) instead of the version table.
  plan::check_target(graph, target, dir);
  bool up = dir == plan::direction::upgrade;
  auto steps = up ? plan::plan_upgrade_to(graph, heads, target)
                  : plan::plan_downgrade_to(graph, heads, target);
  render::postgres_dialect dialect;
  // Each step is written as soon as it is prepared and then dropped: holding 5,000 prepared
  // steps cost more in fresh memory than writing them. Online prepares every step before it
  // runs one, so a migration's own refusal (its code threw, a statement its transaction mode
  // forbids) wins over an earlier step that a script cannot carry: that one waits until every
  // step was prepared.
  step_writer out(graph, up && heads.empty(), options);
  // Room for the lines around each step, enough for most of a script of small migrations: space
  // reserved and never written costs no memory, and a larger script grows as strings do.
  out.reserve(around_each_step * (steps.size() + 1));
  std::optional<unsupported> not_scriptable;
  for (const auto& step : steps) {
    const auto prepared = executor::prepare_step(step, migrations, dialect);
    if (!not_scriptable) {
      try {
        out.add(prepared);
      } catch (const unsupported& e) {
        not_scriptable = e;
      }
    }
  }
  if (not_scriptable) {
    throw *not_scriptable;
  }
  return out.finish();
}

}  // namespace

range parse_range(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return {std::nullopt, std::string(text)};
  }
  auto start = text.substr(0, colon);
  auto end = text.substr(colon + 1);
  if (start.empty() || end.empty() || end.find(':') != std::string_view::npos) {
    throw config_error(fmt::format(
        "`{}` is not a range: write START:END (for example base:head or 1f3e:2b4d), or just END "
        "to start from base",
        text));
  }
  return {std::string(start), std::string(end)};
}

std::vector<std::string> starting_heads(const revision_graph& graph, std::string_view start) {
  // A database still at a revision a squash replaced: the version table holds that id, and
  // planning carries it forward as online.
  if (graph.replaced_by(start)) {
    return {std::string(start)};
  }
  auto heads = plan::revisions_named(graph, start);
  plan::check_current_heads(graph, heads);
  return heads;
}

std::string render_steps(const std::vector<executor::prepared_step>& steps,
                         const revision_graph& graph, bool create_table,
                         const script_options& options) {
  step_writer out(graph, create_table, options);
  out.reserve(likely_script_size(steps));
  for (const auto& step : steps) {
    out.add(step);
  }
  return out.finish();
}

std::string upgrade_script(const revision_graph& graph,
                           const std::map<std::string, const loaded_migration*>& migrations,
                           std::string_view range_text, const script_options& options) {
  auto r = parse_range(range_text);
  // Without a start, as in Alembic, the script starts from base: there is no table to read.
  auto heads = r.start ? starting_heads(graph, *r.start) : std::vector<std::string>{};
  return migrate_script(graph, migrations, heads, r.end, plan::direction::upgrade, options);
}

std::string downgrade_script(const revision_graph& graph,
                             const std::map<std::string, const loaded_migration*>& migrations,
                             std::string_view range_text, const script_options& options) {
  auto r = parse_range(range_text);
  if (!r.start) {
    // Alembic: "downgrade with --sql requires <fromrev>:<torev>".
    throw config_error(fmt::format(
        "downgrade with --sql needs the revision to start from: write START:{} (for example "
        "head:{})",
        r.end, r.end));
  }
  auto heads = starting_heads(graph, *r.start);
  return migrate_script(graph, migrations, heads, r.end, plan::direction::downgrade, options);
}

std::string stamp_script(const revision_graph& graph, const std::vector<std::string>& targets,
                         bool purge, const script_options& options) {
  if (purge) {
    throw config_error(
        "--purge cannot be used with --sql: a script cannot know what the version table holds; "
        "give the start instead (START:TARGET)");
  }
  std::optional<std::string> start;
  std::vector<std::string> ends;
  for (const auto& target : targets) {
    auto r = parse_range(target);
    if (r.start) {
      if (start && *start != *r.start) {
        throw config_error(fmt::format(
            "stamp with --sql takes one start for all targets, but {} and {} were given", *start,
            *r.start));
      }
      start = r.start;
    }
    ends.push_back(r.end);
  }
  auto heads = start ? starting_heads(graph, *start) : std::vector<std::string>{};
  auto change = plan::plan_stamp(graph, heads, ends, false);

  store::version_table_sql versions(options.version_table);
  bool single = options.single_transaction;
  script out;
  if (single) {
    out.begin();
  }
  if (!start) {
    create_version_table(out, versions);
  }
  // One comment a move, as Alembic prints one a StampStep; one transaction for them all, as
  // online.
  if (!single && !change.moves.empty()) {
    out.begin();
  }
  for (const auto& move : change.moves) {
    const std::vector<std::string> added =
        move.added ? std::vector<std::string>{*move.added} : std::vector<std::string>{};
    out.comment(fmt::format("Running stamp_revision {} -> {}", fmt::join(move.removed, ", "),
                            fmt::join(added, ", ")));
    for (const auto& statement : versions.apply(move.removed, added)) {
      out.statement(statement);
    }
  }
  if (!single && !change.moves.empty()) {
    out.commit();
  }
  if (single) {
    out.commit();
  }
  return out.take();
}

}  // namespace retort::offline
