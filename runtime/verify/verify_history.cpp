#include "verify/verify_history.hpp"

#include <algorithm>
#include <exception>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "model/comparable.hpp"
#include "model/operation_name.hpp"
#include "model/replay.hpp"

namespace retort::verify {

std::size_t report::errors() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [](const auto& f) { return f.severity == severity::error; }));
}

std::size_t report::warnings() const noexcept {
  return findings.size() - errors();
}

namespace {

bool runs_raw_sql(const operations& ops) {
  return std::any_of(ops.begin(), ops.end(),
                     [](const operation& op) { return std::holds_alternative<ops::execute>(op); });
}

// Walks the graph once, keeping each revision's state until its last child has taken it.
class history_walk {
 public:
  history_walk(const revision_graph& graph, const migration_code& code,
               const pre_state_visitor* visit = nullptr)
      : graph_(graph), code_(code), visit_(visit), order_(graph.topological_order()) {
    for (std::size_t i = 0; i < order_.size(); ++i) {
      position_[order_[i]] = i;
    }
    for (const auto& revision : order_) {
      if (auto base = base_parent(revision)) {
        ++children_left_[*base];
      }
    }
  }

  report run() {
    for (const auto& revision : order_) {
      verify_revision(revision);
    }
    out_.revisions = order_.size();
    return std::move(out_);
  }

 private:
  // Down revisions first, then dependencies (which may name a branch label).
  std::vector<std::string> parents(const std::string& revision) const {
    const auto& info = graph_.at(revision);
    std::vector<std::string> out = info.down_revisions;
    for (const auto& dependency : info.depends_on) {
      auto resolved = graph_.resolve_revision(dependency);
      if (std::find(out.begin(), out.end(), resolved) == out.end()) {
        out.push_back(std::move(resolved));
      }
    }
    return out;
  }

  // The parent whose state a revision starts from; the others' branches are replayed onto it.
  std::optional<std::string> base_parent(const std::string& revision) const {
    auto all = parents(revision);
    return all.empty() ? std::nullopt : std::optional(all.front());
  }

  model::replay_state take_state_of(const std::string& parent) {
    auto it = states_.find(parent);
    if (--children_left_[parent] == 0) {
      auto state = std::move(it->second);
      states_.erase(it);
      return state;
    }
    return it->second;
  }

  const operations& upgrade_of(const std::string& revision) {
    auto it = upgrades_.find(revision);
    if (it == upgrades_.end()) {
      it = upgrades_.emplace(revision, call(revision, direction::upgrade)).first;
    }
    return it->second;
  }

  operations call(const std::string& revision, direction dir) {
    try {
      return code_(revision, dir);
    } catch (const std::exception& e) {
      code_failed_.insert(revision);
      add({.revision = revision,
           .phase = dir == direction::upgrade ? phase::upgrade : phase::downgrade,
           .message = fmt::format("{}() failed: {}",
                                  dir == direction::upgrade ? "upgrade" : "downgrade", e.what())},
          "");
      return {};
    }
  }

  // Applies `ops` of `revision` to `state`; returns whether any finding was an error.
  bool replay(model::replay_state& state, const std::string& revision, const operations& ops,
              phase in, const std::string& merging_into) {
    bool failed = false;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      for (auto& f : model::apply(state, ops[i], revision)) {
        failed = failed || !f.warning;
        add({.severity = f.warning ? severity::warning : severity::error,
             .revision = revision,
             .phase = in,
             .op_number = i + 1,
             .op_name = std::string(model::operation_name(ops[i])),
             .message = std::move(f.message)},
            merging_into);
      }
    }
    return failed;
  }

  // Each finding once: replaying a branch again for a merge repeats what was found when that
  // branch was verified; only what is new there (a conflict between branches) is reported.
  void add(finding f, const std::string& merging_into) {
    auto key = std::make_tuple(f.revision, f.phase, f.op_number, f.message);
    if (!seen_.insert(std::move(key)).second) {
      return;
    }
    f.source = graph_.at(f.revision).source;
    f.merging_into = merging_into;
    out_.findings.push_back(std::move(f));
  }

  model::replay_state pre_state(const std::string& revision) {
    auto base = base_parent(revision);
    if (!base) {
      return {};
    }
    auto state = take_state_of(*base);
    auto all = parents(revision);
    if (all.size() == 1) {
      return state;
    }
    // A merge or a dependency: add, in topological order, every ancestor the base lacks.
    auto have = graph_.ancestors_inclusive({*base});
    auto need = graph_.ancestors_inclusive(std::vector<std::string>(all.begin() + 1, all.end()));
    std::vector<std::string> missing;
    for (const auto& r : need) {
      if (have.count(r) == 0) {
        missing.push_back(r);
      }
    }
    std::sort(missing.begin(), missing.end(),
              [&](const auto& a, const auto& b) { return position_.at(a) < position_.at(b); });
    for (const auto& r : missing) {
      replay(state, r, upgrade_of(r), phase::upgrade, revision);
    }
    return state;
  }

  void verify_revision(const std::string& revision) {
    auto state = pre_state(revision);
    const auto& upgrade = upgrade_of(revision);
    if (visit_ != nullptr) {
      // A walk for the visitor alone does not look at downgrades.
      (*visit_)(revision, state.schema, code_failed_.count(revision) > 0 ? nullptr : &upgrade);
      static_cast<void>(replay(state, revision, upgrade, phase::upgrade, ""));
      keep(revision, std::move(state));
      return;
    }
    auto expected = model::comparable(state.schema);
    bool failed = replay(state, revision, upgrade, phase::upgrade, "");
    // Without the upgrade's operations there is nothing for a downgrade to be checked against.
    if (code_failed_.count(revision) > 0) {
      keep(revision, std::move(state));
      return;
    }

    auto reverted = state;
    auto downgrade = call(revision, direction::downgrade);
    failed = replay(reverted, revision, downgrade, phase::downgrade, "") || failed;
    // When an operation or the code failed, its finding already says why the schemas differ.
    if (!failed && code_failed_.count(revision) == 0) {
      auto actual = model::comparable(std::move(reverted.schema));
      if (!(actual == expected)) {
        const bool raw = runs_raw_sql(upgrade) || runs_raw_sql(downgrade);
        add({.severity = raw ? severity::warning : severity::error,
             .revision = revision,
             .phase = phase::restore,
             .message = raw ? "downgrade() may not restore the schema upgrade() started from; "
                              "raw SQL in this revision cannot be replayed, so check it by hand"
                            : "downgrade() does not restore the schema upgrade() started from",
             .expected = std::move(expected),
             .actual = std::move(actual)},
            "");
      }
    }
    keep(revision, std::move(state));
  }

  void keep(const std::string& revision, model::replay_state state) {
    if (children_left_[revision] > 0) {
      states_.emplace(revision, std::move(state));
    }
  }

  const revision_graph& graph_;
  const migration_code& code_;
  const pre_state_visitor* visit_;
  std::vector<std::string> order_;
  std::unordered_map<std::string, std::size_t> position_;
  std::unordered_map<std::string, std::size_t> children_left_;
  std::unordered_map<std::string, model::replay_state> states_;
  // Every upgrade() stays: a later merge may replay it, and operations are small next to states.
  std::unordered_map<std::string, operations> upgrades_;
  std::set<std::string> code_failed_;
  std::set<std::tuple<std::string, phase, std::size_t, std::string>> seen_;
  report out_;
};

}  // namespace

report verify_history(const revision_graph& graph, const migration_code& code) {
  return history_walk(graph, code).run();
}

void replay_upgrades(const revision_graph& graph, const migration_code& code,
                     const pre_state_visitor& visit) {
  history_walk(graph, code, &visit).run();
}

}  // namespace retort::verify
