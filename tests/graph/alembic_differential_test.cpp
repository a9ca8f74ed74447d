// retort against the real Alembic 1.8 (Debian's python3-alembic), question by question.
//
// Hand-written shapes and seeded random graphs (labels, depends_on, merges, several bases,
// shuffled discovery order) are sent, with queries, to tests/graph/alembic_oracle.py; retort
// answers the same queries; the answers must agree exactly. Errors agree by kind (both refuse,
// or neither). A missing python3 or alembic fails the test.
//
// Where retort departs from Alembic on purpose, the departure is named and counted, never
// silently skipped (see `divergence`): the stricter-than-Alembic refusals, and Alembic 1.8 bugs
// (rows it loses or crashes on) where retort keeps one row per head.
//
// On a mismatch the graph is printed as a `graph_of({...})` literal with the query, ready to
// become a hand-written regression test.

#include <retort/errors.hpp>
#include <retort/graph.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "graph/graph_builder.hpp"
#include "graph/graph_core.hpp"
#include "graph/json_lite.hpp"
#include "graph/revision_map.hpp"
#include "plan/migration_plan.hpp"
#include "store/version_table.hpp"

namespace retort {
namespace {

namespace json = testing::json;
using strings = std::vector<std::string>;
using testing::rev;

struct graph_spec {
  std::string name;
  std::vector<rev> revisions;  // discovery order
};

// --- Talking to the oracle -------------------------------------------------------------------

json::value run_oracle(const json::value& request) {
  // ctest runs the differential tests in parallel processes: each needs its own files.
  const std::string prefix =
      fmt::format("{}/alembic_oracle_{}", ::testing::TempDir(), static_cast<long>(::getpid()));
  const std::string in = prefix + "_in.json";
  const std::string out = prefix + "_out.json";
  const std::string err = prefix + "_err.txt";
  {
    std::ofstream f(in);
    f << request.dump();
  }
  const std::string command = fmt::format("'{}' '{}' < '{}' > '{}' 2> '{}'", RETORT_PYTHON,
                                          RETORT_ALEMBIC_ORACLE, in, out, err);
  int status = std::system(command.c_str());
  int rc = WIFEXITED(status) ? WEXITSTATUS(status) : status;
  auto slurp = [](const std::string& path) {
    std::ifstream f(path);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  const std::string answer = slurp(out);
  const std::string complaint = slurp(err);
  for (const auto& path : {in, out, err}) {
    std::remove(path.c_str());
  }
  if (rc != 0) {
    throw std::runtime_error(fmt::format(
        "the Alembic oracle failed (exit {}): {}\nIs {} present with python3-alembic installed "
        "(scripts/install-deps.sh)?",
        rc, complaint, RETORT_PYTHON));
  }
  return json::parse(answer);
}

json::value to_json(const graph_spec& spec) {
  json::array graph;
  for (const auto& r : spec.revisions) {
    graph.push_back(json::array{r.id, r.down, r.labels, r.depends_on});
  }
  return graph;
}

std::string as_cpp(const graph_spec& spec) {
  auto list = [](const strings& s) {
    std::vector<std::string> quoted;
    for (const auto& x : s) {
      quoted.push_back(fmt::format("\"{}\"", x));
    }
    return fmt::format("{{{}}}", fmt::join(quoted, ", "));
  };
  std::string out = "graph_of({";
  for (std::size_t i = 0; i < spec.revisions.size(); ++i) {
    const auto& r = spec.revisions[i];
    out += i == 0 ? "" : ",\n          ";
    out += fmt::format("{{\"{}\", {}", r.id, list(r.down));
    if (!r.labels.empty() || !r.depends_on.empty()) {
      out += ", " + list(r.labels);
    }
    if (!r.depends_on.empty()) {
      out += ", " + list(r.depends_on);
    }
    out += "}";
  }
  return out + "})";
}

// --- Graph shapes ----------------------------------------------------------------------------

std::vector<graph_spec> hand_written_shapes() {
  std::vector<graph_spec> shapes;
  shapes.push_back(
      {"linear",
       {{"aaaa01"}, {"bbbb02", {"aaaa01"}}, {"cccc03", {"bbbb02"}}, {"dddd04", {"cccc03"}}}});
  shapes.push_back({"branched, later branch found first",
                    {{"base01"},
                     {"zzzz01", {"base01"}},
                     {"aaaa01", {"base01"}},
                     {"zzzz02", {"zzzz01"}},
                     {"aaaa02", {"aaaa01"}}}});
  shapes.push_back({"diamond",
                    {{"base01"},
                     {"left01", {"base01"}},
                     {"right1", {"base01"}},
                     {"merge1", {"left01", "right1"}},
                     {"top001", {"merge1"}}}});
  shapes.push_back({"diamond, children found before parents",
                    {{"top001", {"merge1"}},
                     {"merge1", {"left01", "right1"}},
                     {"right1", {"base01"}},
                     {"left01", {"base01"}},
                     {"base01"}}});
  shapes.push_back({"multiple bases",
                    {{"b1base"},
                     {"b2base"},
                     {"b1ch01", {"b1base"}},
                     {"b2ch01", {"b2base"}},
                     {"b2ch02", {"b2ch01"}},
                     {"b3base"}}});
  shapes.push_back({"labels on branches",
                    {{"base01", {}, {"core"}},
                     {"main01", {"base01"}},
                     {"feat01", {"main01"}, {"feature"}},
                     {"feat02", {"feat01"}},
                     {"main02", {"main01"}},
                     {"main03", {"main02"}, {"mainline"}}}});
  shapes.push_back({"the integration bundle: two lineages, labels, a cross-lineage dependency",
                    testing::integration_bundle()});
  shapes.push_back({"merge of three",
                    {{"base01"},
                     {"aaaa01", {"base01"}},
                     {"bbbb01", {"base01"}},
                     {"cccc01", {"base01"}},
                     {"merge3", {"aaaa01", "bbbb01", "cccc01"}},
                     {"top001", {"merge3"}}}});
  shapes.push_back({"branch, merge, branch again",
                    {{"base01"},
                     {"left01", {"base01"}},
                     {"right1", {"base01"}},
                     {"merge1", {"right1", "left01"}},
                     {"post01", {"merge1"}},
                     {"post02", {"merge1"}},
                     {"post03", {"post02"}}}});
  {
    graph_spec chain{"long chain", {}};
    for (int i = 0; i < 25; ++i) {
      chain.revisions.push_back(
          {fmt::format("ch{:04}", i), i == 0 ? strings{} : strings{fmt::format("ch{:04}", i - 1)}});
    }
    shapes.push_back(chain);
  }
  shapes.push_back({"depends_on a label and an effective head",
                    {{"auth01", {}, {"auth"}},
                     {"auth02", {"auth01"}},
                     {"shop01", {}, {"shop"}},
                     {"shop02", {"shop01"}, {}, {"auth"}},
                     {"shop03", {"shop02"}, {}, {"auth02"}}}});
  shapes.push_back({"a base with only a dependency",
                    {{"root01"},
                     {"root02", {"root01"}},
                     {"dep001", {}, {"extra"}, {"root01"}},
                     {"dep002", {"dep001"}}}});
  shapes.push_back({"a dependency on an ancestor (Alembic loses rows)",
                    {{"base01"},
                     {"pppp01", {"base01"}},
                     {"qqqq01", {"base01"}},
                     {"merge1", {"pppp01", "qqqq01"}, {}, {"base01"}}}});
  shapes.push_back({"a merge with its own ancestor",
                    {{"base01"}, {"mid001", {"base01"}}, {"merge1", {"mid001", "base01"}}}});
  shapes.push_back({"star",
                    {{"hub001"},
                     {"spk001", {"hub001"}},
                     {"spk002", {"hub001"}},
                     {"spk003", {"hub001"}},
                     {"spk004", {"hub001"}},
                     {"spk005", {"hub001"}}}});
  shapes.push_back({"ambiguous prefixes",
                    {{"ae1027a6acf0", {}, {"accounts"}},
                     {"ae10b7c2d3e4", {"ae1027a6acf0"}},
                     {"27c6a30d7c24", {"ae10b7c2d3e4"}},
                     {"acco1234", {"27c6a30d7c24"}}}});
  shapes.push_back({"two lineages with labels, merged",
                    {{"abase1", {}, {"alpha"}},
                     {"bbase1", {}, {"beta"}},
                     {"aaaa02", {"abase1"}},
                     {"bbbb02", {"bbase1"}},
                     {"joined", {"aaaa02", "bbbb02"}},
                     {"after1", {"joined"}}}});
  {
    // One dependency shared by many revisions: some stand on others, some are on other lines.
    graph_spec shared{"a dependency shared by many revisions", {{"auth01", {}, {"auth"}}}};
    for (int i = 0; i < 12; ++i) {
      shared.revisions.push_back({fmt::format("line{:04}", i),
                                  i == 0 ? strings{} : strings{fmt::format("line{:04}", i - 1)},
                                  {},
                                  i % 3 == 0 ? strings{"auth"} : strings{}});
      shared.revisions.push_back({fmt::format("side{:04}", i),
                                  i == 0 ? strings{} : strings{fmt::format("line{:04}", i - 1)},
                                  {},
                                  {"auth01"}});
    }
    shared.revisions.push_back({"joined", {"line0011", "side0005", "side0009"}, {}, {"auth"}});
    shapes.push_back(shared);
  }
  shapes.push_back({"one labelled base",
                    {{"root01", {}, {"rootlabel", "second"}},
                     {"next01", {"root01"}},
                     {"next02", {"next01"}},
                     {"side01", {"root01"}}}});
  shapes.push_back({"dependencies into a branch point",
                    {{"base01"},
                     {"left01", {"base01"}},
                     {"right1", {"base01"}},
                     {"left02", {"left01"}, {}, {"right1"}},
                     {"other1", {}, {}, {"left01"}}}});
  return shapes;
}

class random_graphs {
 public:
  explicit random_graphs(std::uint32_t seed) : rng_(seed) {}

  graph_spec next(int index) {
    const int n = pick(1, 30);
    std::vector<rev> made;
    std::set<std::string> used;
    int label_count = 0;
    auto fresh_id = [&] {
      static constexpr const char* prefixes[] = {"ae10", "ae11", "b7c2", "c0de",
                                                 "f00d", "1a2b", "9e9e", "d00d"};
      for (;;) {
        std::string id = prefixes[pick(0, 7)];
        for (int k = 0; k < 8; ++k) {
          id += "0123456789abcdef"[pick(0, 15)];
        }
        if (used.insert(id).second) {
          return id;
        }
      }
    };
    for (int i = 0; i < n; ++i) {
      rev r{fresh_id()};
      std::set<std::string> mine;
      auto heads = current_heads(made);
      if (i > 0 && !chance(0.08)) {
        if (chance(0.16) && made.size() >= 2) {
          // Merge unrelated revisions, as `alembic merge` does; now and then one that stands
          // on another, which Alembic 1.8 handles badly (see `divergence`).
          const bool allow_related = chance(0.03);
          int want = chance(0.8) ? 2 : 3;
          for (int tries = 0; tries < 20 && static_cast<int>(r.down.size()) < want; ++tries) {
            const auto& candidate = chance(0.85)
                                        ? heads[pick(0, static_cast<int>(heads.size()) - 1)]
                                        : made[pick(0, static_cast<int>(made.size()) - 1)].id;
            bool related = false;
            for (const auto& chosen : r.down) {
              related = related || stands_on(made, chosen).contains(candidate) ||
                        stands_on(made, candidate).contains(chosen);
            }
            if (std::find(r.down.begin(), r.down.end(), candidate) == r.down.end() &&
                (allow_related || !related)) {
              r.down.push_back(candidate);
            }
          }
        } else {
          r.down.push_back(chance(0.7) ? heads[pick(0, static_cast<int>(heads.size()) - 1)]
                                       : made[pick(0, static_cast<int>(made.size()) - 1)].id);
        }
      }
      if (chance(0.15)) {
        r.labels.push_back(fmt::format("lbl_{}", label_count++));
        if (chance(0.1)) {
          r.labels.push_back(fmt::format("lbl_{}", label_count++));
        }
      }
      if (!made.empty() && chance(0.15)) {
        // Mostly across branches, as depends_on is meant; sometimes on an ancestor, which
        // Alembic 1.8 handles badly (see `divergence`).
        std::set<std::string> below_r;  // related to a down revision: below it or above it
        for (const auto& d : r.down) {
          auto more = stands_on(made, d);
          below_r.insert(more.begin(), more.end());
        }
        for (const auto& m : made) {
          auto under = stands_on(made, m.id);
          if (std::any_of(r.down.begin(), r.down.end(),
                          [&](const auto& d) { return under.contains(d); })) {
            below_r.insert(m.id);
          }
        }
        const bool allow_related = chance(0.03);
        int deps = chance(0.8) ? 1 : 2;
        for (int k = 0; k < deps; ++k) {
          const rev* chosen = &made[pick(0, static_cast<int>(made.size()) - 1)];
          for (int tries = 0; tries < 10 && below_r.contains(chosen->id) && !allow_related;
               ++tries) {
            chosen = &made[pick(0, static_cast<int>(made.size()) - 1)];
          }
          const auto& target = *chosen;
          if (below_r.contains(target.id) && !allow_related) {
            continue;  // everything is related (a plain line): no dependency this time
          }
          std::string name =
              (!target.labels.empty() && chance(0.3)) ? target.labels.front() : target.id;
          if (std::find(r.depends_on.begin(), r.depends_on.end(), name) == r.depends_on.end()) {
            r.depends_on.push_back(name);
          }
          auto related = stands_on(made, target.id);  // a second dependency: not on this line
          below_r.insert(related.begin(), related.end());
          for (const auto& m : made) {
            if (stands_on(made, m.id).contains(target.id)) {
              below_r.insert(m.id);
            }
          }
        }
      }
      made.push_back(r);
    }
    // Discovery order is file order: anything.
    double how = uniform();
    if (how < 0.4) {
      std::shuffle(made.begin(), made.end(), rng_);
    } else if (how < 0.55) {
      std::reverse(made.begin(), made.end());
    }
    return {fmt::format("random graph #{}", index), made};
  }

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return uniform() < p; }
  double uniform() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng_); }
  std::mt19937& engine() { return rng_; }

 private:
  std::mt19937 rng_;

  // `id` and everything it stands on (down revisions and dependencies, by id or label).
  static std::set<std::string> stands_on(const std::vector<rev>& made, const std::string& id) {
    std::set<std::string> out;
    for (strings todo{id}; !todo.empty();) {
      auto at = todo.back();
      todo.pop_back();
      for (const auto& m : made) {
        bool named =
            m.id == at || std::find(m.labels.begin(), m.labels.end(), at) != m.labels.end();
        if (named && out.insert(m.id).second) {
          todo.insert(todo.end(), m.down.begin(), m.down.end());
          todo.insert(todo.end(), m.depends_on.begin(), m.depends_on.end());
        }
      }
    }
    return out;
  }

  static strings current_heads(const std::vector<rev>& made) {
    std::set<std::string> named;
    for (const auto& r : made) {
      named.insert(r.down.begin(), r.down.end());
    }
    strings out;
    for (const auto& r : made) {
      if (!named.contains(r.id)) {
        out.push_back(r.id);
      }
    }
    return out;
  }
};

// --- Queries ---------------------------------------------------------------------------------

// A database state the version table could hold: the heads of an applied set, in any order.
strings random_state(const revision_graph& g, random_graphs& rnd) {
  auto all = g.topological_order();
  strings picked;
  int k = rnd.pick(0, 3);
  for (int i = 0; i < k && !all.empty(); ++i) {
    picked.push_back(all[rnd.pick(0, static_cast<int>(all.size()) - 1)]);
  }
  auto applied = g.ancestors_inclusive(picked);
  strings rows;
  for (const auto& r : all) {
    if (!applied.contains(r)) {
      continue;
    }
    bool covered = false;
    for (const auto& c : g.children(r)) {
      covered = covered || applied.contains(c);
    }
    for (const auto& c : g.dependents(r)) {
      covered = covered || applied.contains(c);
    }
    if (!covered) {
      rows.push_back(r);
    }
  }
  std::shuffle(rows.begin(), rows.end(), rnd.engine());
  return rows;
}

std::string random_target(const graph_spec& spec, random_graphs& rnd) {
  const auto& r = spec.revisions[rnd.pick(0, static_cast<int>(spec.revisions.size()) - 1)];
  strings labels;
  for (const auto& x : spec.revisions) {
    labels.insert(labels.end(), x.labels.begin(), x.labels.end());
  }
  std::string label =
      labels.empty() ? r.id : labels[rnd.pick(0, static_cast<int>(labels.size()) - 1)];
  auto n = [&] { return std::to_string(rnd.pick(1, 3)); };
  auto prefix = [&] {
    return r.id.size() > 4 ? r.id.substr(0, rnd.pick(4, static_cast<int>(r.id.size()) - 1)) : r.id;
  };
  switch (rnd.pick(0, 30)) {
    case 0:
      return "head";
    case 1:
      return "heads";
    case 2:
      return "base";
    case 3:
    case 4:
      return r.id;
    case 5:
      return prefix();
    case 6:
      return label;
    case 7:
      return label + "@head";
    case 8:
      return label + "@heads";
    case 9:
      return label + "@base";
    case 10:
      return r.id + "@head";
    case 11:
      return "+" + n();
    case 12:
      return "-" + n();
    case 13:
      return r.id + "+" + n();
    case 14:
      return r.id + "-" + n();
    case 15:
      return label + "@+" + n();
    case 16:
      return label + "@-" + n();
    case 17:
      return "head-" + n();
    case 18:
      return "base+" + n();
    case 19:
      return label + "@" + r.id;
    case 20:
      return "ffff0000beef";
    case 21:
      return label.substr(0, std::min<std::size_t>(label.size(), 4));
    case 22:
      return r.id + "@base";
    case 23:
      return "heads-1";
    case 24:
      return label + "@" + r.id + "+1";
    case 25:
      return "head+1";
    case 26:
      return r.id + "@heads";
    case 27:
      return "nosuch@base";
    case 28:
      return "nosuch@head";
    case 29:
      return "nosuch@" + r.id;
    default:
      return label + "@" + prefix();
  }
}

std::string random_range(const graph_spec& spec, random_graphs& rnd) {
  auto end = [&]() -> std::string {
    switch (rnd.pick(0, 9)) {
      case 0:
        return "";
      case 1:
        return "current";
      case 2:
        return spec.revisions[rnd.pick(0, static_cast<int>(spec.revisions.size()) - 1)].id;
      default:
        return random_target(spec, rnd);
    }
  };
  switch (rnd.pick(0, 5)) {
    case 0:
      return "";
    case 1:
      return end() + ":";
    case 2:
      return ":" + end();
    default:
      return end() + ":" + end();
  }
}

json::array queries_for(const graph_spec& spec, const revision_graph& g, random_graphs& rnd,
                        int scale) {
  json::array q;
  q.push_back(json::object{{"q", "structure"}});
  for (const auto& r : spec.revisions) {
    if (rnd.chance(0.5)) {
      q.push_back(json::object{{"q", "upgrade"}, {"target", r.id}, {"current", strings{}}});
    }
    if (rnd.chance(0.3)) {
      q.push_back(json::object{
          {"q", "downgrade"}, {"target", r.id}, {"current", g.heads_resolving_dependencies()}});
    }
  }
  for (int i = 0; i < 6 * scale; ++i) {
    q.push_back(json::object{{"q", "resolve"}, {"target", random_target(spec, rnd)}});
  }
  for (int i = 0; i < 3 * scale; ++i) {
    q.push_back(json::object{{"q", "resolve_target"},
                             {"target", random_target(spec, rnd)},
                             {"current", random_state(g, rnd)}});
  }
  for (int i = 0; i < 7 * scale; ++i) {
    q.push_back(json::object{
        {"q", "upgrade"}, {"target", random_target(spec, rnd)}, {"current", random_state(g, rnd)}});
  }
  for (int i = 0; i < 7 * scale; ++i) {
    auto state = random_state(g, rnd);
    if (state.empty() && rnd.chance(0.8)) {
      state = g.heads_resolving_dependencies();
    }
    q.push_back(
        json::object{{"q", "downgrade"}, {"target", random_target(spec, rnd)}, {"current", state}});
  }
  for (int i = 0; i < 4 * scale; ++i) {
    strings targets{random_target(spec, rnd)};
    if (rnd.chance(0.3)) {
      targets.push_back(random_target(spec, rnd));
    }
    q.push_back(json::object{{"q", "stamp"},
                             {"targets", targets},
                             {"current", random_state(g, rnd)},
                             {"purge", rnd.chance(0.1)}});
  }
  // One revision as the only target: the stamps whose statements Alembic gets right (with more
  // destinations it moves every lineage's rows to each, a documented divergence).
  for (int i = 0; i < 3 * scale; ++i) {
    const auto& r = spec.revisions[rnd.pick(0, static_cast<int>(spec.revisions.size()) - 1)];
    q.push_back(json::object{
        {"q", "stamp_statements"}, {"targets", strings{r.id}}, {"current", random_state(g, rnd)}});
  }
  for (int i = 0; i < 3 * scale; ++i) {
    q.push_back(json::object{
        {"q", "history"}, {"range", random_range(spec, rnd)}, {"current", random_state(g, rnd)}});
  }
  for (int i = 0; i < 2 * scale; ++i) {
    q.push_back(json::object{{"q", "current"}, {"current", random_state(g, rnd)}});
  }
  return q;
}

// --- retort's answers ------------------------------------------------------------------------

json::value ok(json::value v) {
  return json::object{{"ok", std::move(v)}};
}

// The version-table statements of one change, as the oracle writes Alembic's.
json::array statements_of(const strings& removed, const strings& added) {
  json::array out;
  for (const auto& statement : store::version_table_sql({}).apply(removed, added)) {
    const auto& p = statement.params;
    if (statement.sql.starts_with("INSERT")) {
      out.push_back(json::array{"insert", p.at(0).value()});
    } else if (statement.sql.starts_with("DELETE")) {
      out.push_back(json::array{"delete", p.at(0).value()});
    } else {
      out.push_back(json::array{"update", p.at(1).value(), p.at(0).value()});
    }
  }
  return out;
}

json::value rows_through(const strings& current, const std::vector<plan::migration_step>& steps) {
  strings order;
  json::array rows_after;
  json::array statements;
  std::multiset<std::string> rows(current.begin(), current.end());
  for (const auto& step : steps) {
    order.push_back(step.revision);
    for (const auto& removed : step.heads_removed) {
      auto it = rows.find(removed);
      if (it == rows.end()) {
        throw std::logic_error(fmt::format("step {} removes row {}, which is not in the table",
                                           step.revision, removed));
      }
      rows.erase(it);
    }
    rows.insert(step.heads_added.begin(), step.heads_added.end());
    rows_after.push_back(strings(rows.begin(), rows.end()));
    statements.push_back(statements_of(step.heads_removed, step.heads_added));
  }
  return json::object{{"order", order}, {"rows", rows_after}, {"statements", statements}};
}

// Where a Python set chose Alembic's statements (the oracle says {"unordered": kinds}), only
// how many inserts, deletes and updates there are can be compared.
json::value comparable_statements(const json::value& ours, const json::value& alembic) {
  if (!ours.has("statements") || !alembic.has("statements")) {
    return ours;
  }
  json::object out = ours.obj();
  json::array statements = ours["statements"].arr();
  const auto& theirs = alembic["statements"].arr();
  for (std::size_t i = 0; i < statements.size() && i < theirs.size(); ++i) {
    if (theirs[i].has("unordered")) {
      std::vector<std::string> kinds;
      for (const auto& st : statements[i].arr()) {
        kinds.push_back(st.arr().at(0).str());
      }
      std::sort(kinds.begin(), kinds.end());
      statements[i] = json::object{{"unordered", kinds}};
    }
  }
  out["statements"] = statements;
  return out;
}

json::value retort_answer(const revision_graph& g, const json::value& q) {
  const auto& kind = q["q"].str();
  try {
    if (kind == "structure") {
      json::object labels;
      json::object normalized;
      const auto& core = detail::core_of(g);
      for (const auto& r : g.topological_order()) {
        labels.emplace(r, g.branch_labels(r));
        strings down;
        for (auto p : core.norm_down[core.ids.at(r)]) {
          down.push_back(core.id(p));
        }
        normalized.emplace(r, down);
      }
      return ok(json::object{{"heads", g.heads()},
                             {"real_heads", g.heads_resolving_dependencies()},
                             {"bases", g.bases()},
                             {"branch_points", g.branch_points()},
                             {"labels", labels},
                             {"normalized_down", normalized},
                             {"walk", plan::history(g, "", {})}});
    }
    if (kind == "resolve") {
      const auto& core = detail::core_of(g);
      json::array out;
      for (const auto& r : detail::revision_map(core).get_revisions(q["target"].str())) {
        if (r.is_revision()) {
          out.push_back(core.id(r.index));
        } else if (r.what == detail::ref::kind::base) {
          out.push_back("<base>");
        } else {
          out.push_back(nullptr);
        }
      }
      return ok(out);
    }
    if (kind == "resolve_target") {
      return ok(plan::resolve_target(g, q["target"].str(), q["current"].strings()));
    }
    if (kind == "upgrade") {
      const auto current = q["current"].strings();
      return ok(rows_through(current, plan::plan_upgrade_to(g, current, q["target"].str())));
    }
    if (kind == "downgrade") {
      const auto current = q["current"].strings();
      return ok(rows_through(current, plan::plan_downgrade_to(g, current, q["target"].str())));
    }
    if (kind == "stamp_statements") {
      json::array out;
      for (const auto& move :
           plan::plan_stamp(g, q["current"].strings(), q["targets"].strings(), false).moves) {
        auto some = statements_of(move.removed, move.added ? strings{*move.added} : strings{});
        out.insert(out.end(), some.begin(), some.end());
      }
      return ok(out);
    }
    if (kind == "stamp") {
      const auto current = q["current"].strings();
      const bool purge = q["purge"].boolean();
      auto change = plan::plan_stamp(g, current, q["targets"].strings(), purge);
      std::multiset<std::string> rows;
      if (!purge) {
        rows.insert(current.begin(), current.end());
      }
      for (const auto& r : change.heads_removed) {
        if (auto it = rows.find(r); it != rows.end()) {
          rows.erase(it);
        } else if (!purge) {
          throw std::logic_error("stamp removes a row that is not there: " + r);
        }
      }
      rows.insert(change.heads_added.begin(), change.heads_added.end());
      return ok(strings(rows.begin(), rows.end()));
    }
    if (kind == "history") {
      return ok(plan::history(g, q["range"].str(), q["current"].strings()));
    }
    if (kind == "current") {
      auto shown = plan::current_revisions(g, q["current"].strings());
      std::sort(shown.begin(), shown.end());
      return ok(shown);
    }
  } catch (const target_error& e) {
    return json::object{{"error", "revision"}, {"message", e.what()}};
  } catch (const graph_error& e) {
    return json::object{{"error", "revision"}, {"message", e.what()}};
  } catch (const std::exception& e) {
    return json::object{{"error", "retort_bug"}, {"message", e.what()}};
  }
  throw std::logic_error("unknown query " + kind);
}

// --- Comparison ------------------------------------------------------------------------------

// Whether rows hold a revision together with one of its ancestors: not one row per head.
bool rows_overlap(const revision_graph& g, const strings& rows) {
  for (const auto& r : rows) {
    auto below = g.ancestors_inclusive({r});
    for (const auto& other : rows) {
      if (other != r && below.contains(other)) {
        return true;
      }
    }
  }
  return false;
}

// Rows that are exactly the heads of what is applied after each step.
bool rows_are_heads(const revision_graph& g, const strings& current, const json::value& answer) {
  std::set<std::string> applied;
  if (!current.empty()) {
    applied = g.ancestors_inclusive(current);
  }
  const auto& order = answer["order"].arr();
  const auto& rows = answer["rows"].arr();
  bool up = true;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const auto& r = order[i].str();
    up = !applied.contains(r);
    up ? (void)applied.insert(r) : (void)applied.erase(r);
    std::set<std::string> heads;
    for (const auto& a : applied) {
      bool covered = false;
      for (const auto& c : g.children(a)) {
        covered = covered || applied.contains(c);
      }
      for (const auto& c : g.dependents(a)) {
        covered = covered || applied.contains(c);
      }
      if (!covered) {
        heads.insert(a);
      }
    }
    auto got = rows[i].strings();
    if (std::set<std::string>(got.begin(), got.end()) != heads || got.size() != heads.size()) {
      return false;
    }
  }
  return true;
}

// Whether one of `revisions` names, among its down revisions and dependencies, one that another
// of them already stands on: the shape where Alembic's version-table rows go wrong.
bool has_redundant_parent(const revision_graph& g, const strings& revisions) {
  const auto& core = detail::core_of(g);
  for (const auto& id : revisions) {
    const auto& parents = core.all_down[core.ids.at(id)];
    for (auto p : parents) {
      for (auto other : parents) {
        if (other != p && g.ancestors_inclusive({core.id(other)}).contains(core.id(p))) {
          return true;
        }
      }
    }
  }
  return false;
}

enum class verdict { agree, diverge, mismatch };

struct comparison {
  verdict v = verdict::agree;
  std::string divergence;  // which documented departure, when v == diverge
};

bool is_bare_minus(const std::string& target) {
  return target.size() > 1 && target[0] == '-' &&
         std::all_of(target.begin() + 1, target.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Alembic's "Relative revision +N didn't produce N migrations" also covers a walk that ends on
// base; retort says so too. Everything else must match exactly.
comparison compare(const revision_graph& g, const json::value& q, const json::value& alembic,
                   const json::value& ours) {
  const auto& kind = q["q"].str();
  const bool alembic_ok = alembic.has("ok");
  const bool ours_ok = ours.has("ok");
  const bool alembic_crashed = alembic.has("error") && alembic["error"].str() == "internal";
  if (ours.has("error") && ours["error"].str() == "retort_bug") {
    return {verdict::mismatch, {}};
  }

  // Stricter than Alembic, on purpose.
  if (!ours_ok && (kind == "downgrade" || kind == "resolve_target") &&
      is_bare_minus(q["target"].str()) && q["current"].arr().size() > 1) {
    return {verdict::diverge,
            "retort refuses -N from several heads (Alembic warns, walks the "
            "first row)"};
  }
  if (kind == "stamp" && !ours_ok &&
      std::string_view(ours["message"].str()).find("are on one line") != std::string::npos) {
    return {verdict::diverge,
            "retort refuses stamp targets on one line (Alembic's rows then "
            "depend on the order of the targets)"};
  }

  if (alembic_crashed && !ours_ok) {
    return {verdict::agree, {}};  // both refuse; Alembic by an assertion
  }
  if (alembic_ok != ours_ok) {
    if (alembic_crashed && (kind == "stamp")) {
      return {verdict::diverge,
              "Alembic 1.8 crashes on this stamp (moves one lineage's rows "
              "twice); retort moves each lineage once"};
    }
    return {verdict::mismatch, {}};
  }
  if (!alembic_ok) {
    return {verdict::agree, {}};
  }
  const auto& a = alembic["ok"];
  const auto o = comparable_statements(ours["ok"], a);
  if (a == o) {
    return {verdict::agree, {}};
  }
  if ((kind == "upgrade" || kind == "downgrade") && a["order"] == o["order"] &&
      has_redundant_parent(g, a["order"].strings())) {
    const auto current = q["current"].strings();
    bool alembic_bad = a.has("rows_error");
    for (const auto& rows : a["rows"].arr()) {
      alembic_bad = alembic_bad || rows_overlap(g, rows.strings());
    }
    if (alembic_bad && rows_are_heads(g, current, o)) {
      return {verdict::diverge,
              "Alembic 1.8 keeps a revision and its ancestor as rows, or fails "
              "on them, when depends_on or a merge names an ancestor; retort "
              "keeps one row per head"};
    }
  }
  if (kind == "stamp") {
    // Alembic 1.8 merges every matched row into the first destination above or below one of
    // them, so rows off that destination's lineage go too, and a later destination that was
    // itself a matched row is then skipped and lost. And it ignores `base` among other targets.
    auto alembic_rows = a.strings();
    auto our_rows = o.strings();
    std::set<std::string> alembic_set(alembic_rows.begin(), alembic_rows.end());
    std::set<std::string> our_set(our_rows.begin(), our_rows.end());
    const auto& core = detail::core_of(g);
    detail::revision_map map(core);
    std::set<std::string> destinations;
    bool a_target_is_base = false;
    for (const auto& target : q["targets"].strings()) {
      auto named = map.get_revisions(target);
      a_target_is_base = a_target_is_base || named.empty();
      for (const auto& r : named) {
        destinations.insert(core.id(r.index));
      }
    }
    bool alembic_only_dropped =
        std::includes(our_set.begin(), our_set.end(), alembic_set.begin(), alembic_set.end());
    if (alembic_only_dropped && !rows_overlap(g, our_rows)) {
      for (const auto& d : destinations) {
        if (!alembic_set.contains(d)) {
          return {verdict::diverge,
                  "Alembic 1.8 loses a destination's row when one stamp "
                  "moves several rows; retort keeps it"};
        }
      }
      return {verdict::diverge,
              "Alembic 1.8 deletes rows off the destination's lineage (it "
              "merges every matched row into the first destination); retort "
              "keeps them"};
    }
    bool alembic_only_kept =
        std::includes(alembic_set.begin(), alembic_set.end(), our_set.begin(), our_set.end());
    if (a_target_is_base && !destinations.empty() && alembic_only_kept) {
      return {verdict::diverge,
              "Alembic 1.8 ignores `base`/`<label>@base` given with other "
              "stamp targets; retort removes that lineage's rows"};
    }
  }
  return {verdict::mismatch, {}};
}

struct tally {
  std::map<std::string, int> queries, agreed, refused_both;
  std::map<std::string, int> divergences;
  int mismatches = 0;
};

void check_all(const std::vector<graph_spec>& specs, std::uint32_t seed, int scale, tally& t) {
  random_graphs rnd(seed);
  std::vector<std::optional<revision_graph>> graphs;
  json::array cases;
  std::vector<json::array> queries;
  for (const auto& spec : specs) {
    graphs.emplace_back(testing::graph_of(spec.revisions));
    queries.push_back(queries_for(spec, *graphs.back(), rnd, scale));
    cases.push_back(json::object{{"graph", to_json(spec)}, {"queries", queries.back()}});
  }
  auto answers = run_oracle(json::object{{"cases", cases}})["cases"].arr();
  ASSERT_EQ(answers.size(), specs.size());
  int printed = 0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    ASSERT_FALSE(answers[i].has("graph_error"))
        << specs[i].name << ": Alembic refused the graph: " << answers[i]["graph_error"].str()
        << "\n"
        << as_cpp(specs[i]);
    const auto& alembic = answers[i]["answers"].arr();
    ASSERT_EQ(alembic.size(), queries[i].size());
    for (std::size_t k = 0; k < alembic.size(); ++k) {
      const auto& q = queries[i][k];
      const auto& kind = q["q"].str();
      auto ours = retort_answer(*graphs[i], q);
      auto c = compare(*graphs[i], q, alembic[k], ours);
      ++t.queries[kind];
      if (c.v == verdict::agree) {
        ++t.agreed[kind];
        if (!ours.has("ok")) {
          ++t.refused_both[kind];
        }
      } else if (c.v == verdict::diverge) {
        if (++t.divergences[c.divergence] <= 3 && std::getenv("RETORT_ORACLE_VERBOSE")) {
          std::printf("divergence (%s) on %s\n  %s\n  query:   %s\n  alembic: %s\n  retort:  %s\n",
                      c.divergence.c_str(), specs[i].name.c_str(), as_cpp(specs[i]).c_str(),
                      q.dump().c_str(), alembic[k].dump().c_str(), ours.dump().c_str());
        }
      } else {
        ++t.mismatches;
        if (printed++ < 15) {
          ADD_FAILURE() << "retort and Alembic disagree on " << specs[i].name << "\n  "
                        << as_cpp(specs[i]) << "\n  query:   " << q.dump()
                        << "\n  alembic: " << alembic[k].dump() << "\n  retort:  " << ours.dump();
        }
      }
    }
  }
}

void report(const tally& t, std::size_t graphs) {
  int total = 0;
  std::string lines;
  for (const auto& [kind, n] : t.queries) {
    total += n;
    lines += fmt::format("  {:15} {:5} compared, {:5} agree ({} refused by both)\n", kind, n,
                         t.agreed.count(kind) ? t.agreed.at(kind) : 0,
                         t.refused_both.count(kind) ? t.refused_both.at(kind) : 0);
  }
  for (const auto& [why, n] : t.divergences) {
    lines += fmt::format("  documented divergence x{}: {}\n", n, why);
  }
  std::printf("%zu graphs, %d queries compared with Alembic 1.8, %d mismatches\n%s", graphs, total,
              t.mismatches, lines.c_str());
}

TEST(alembic_differential, hand_written_shapes_agree_with_alembic) {
  auto shapes = hand_written_shapes();
  tally t;
  check_all(shapes, 20240611u, 8, t);
  report(t, shapes.size());
  EXPECT_EQ(t.mismatches, 0);
}

TEST(alembic_differential, random_graphs_agree_with_alembic) {
  constexpr std::uint32_t seed = 3141592u;
  constexpr int graph_count = 300;
  random_graphs shapes(seed);
  std::vector<graph_spec> specs;
  for (int i = 0; i < graph_count; ++i) {
    specs.push_back(shapes.next(i));
  }
  tally t;
  check_all(specs, seed + 1, 1, t);
  report(t, specs.size());
  EXPECT_EQ(t.mismatches, 0);
}

}  // namespace
}  // namespace retort
