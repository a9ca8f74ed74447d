#include "plan/migration_plan.hpp"

#include <retort/errors.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace retort::plan {

namespace {

struct relative_target {
  std::string symbol;  // empty: relative to the current heads
  int steps = 0;       // signed
};

// Splits `+2`, `-1`, `ae10+2`, `head-1` into symbol and step count; nullopt when not relative.
std::optional<relative_target> parse_relative(std::string_view target) {
  auto sign = target.find_last_of("+-");
  if (sign == std::string_view::npos || sign + 1 >= target.size()) {
    return std::nullopt;
  }
  int steps = 0;
  auto digits = target.substr(sign + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), steps);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  if (target[sign] == '-') {
    steps = -steps;
  }
  return relative_target{std::string(target.substr(0, sign)), steps};
}

std::string only_head(const revision_graph& graph) {
  auto heads = graph.heads();
  if (heads.size() != 1) {
    throw target_error(fmt::format(
        "Multiple head revisions are present for given argument 'head'; please specify a "
        "specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' "
        "for all heads (heads: {})",
        fmt::join(heads, ", ")));
  }
  return heads.front();
}

// Alembic refuses to walk through a branch or merge point without a label: which way is meant?
std::optional<std::string> walk(const revision_graph& graph, std::optional<std::string> from,
                                int steps, std::string_view target) {
  for (int taken = 0; taken < std::abs(steps); ++taken) {
    std::vector<std::string> next;
    if (steps > 0) {
      next = from ? graph.children(*from) : graph.bases();
    } else if (from) {
      next = graph.at(*from).down_revisions;
      if (next.empty()) {
        if (taken + 1 == std::abs(steps)) {
          return std::nullopt;  // stepped down onto base
        }
        throw target_error(fmt::format("Relative revision {} didn't produce {} migrations", target,
                                       std::abs(steps)));
      }
    } else {
      throw target_error(fmt::format("Relative revision {} didn't produce {} migrations", target,
                                     std::abs(steps)));
    }
    if (next.empty()) {
      throw target_error(fmt::format("Relative revision {} didn't produce {} migrations", target,
                                     std::abs(steps)));
    }
    if (next.size() > 1) {
      throw target_error(
          fmt::format("Ambiguous walk: {} reaches {} at {} ({}); name a revision or a branch label",
                      target, steps > 0 ? "a branch point" : "a merge point", from ? *from : "base",
                      fmt::join(next, ", ")));
    }
    from = next.front();
  }
  return from;
}

std::optional<std::string> single_current(const std::vector<std::string>& current_heads,
                                          std::string_view target) {
  if (current_heads.size() > 1) {
    throw target_error(
        fmt::format("Relative target {} is ambiguous: the database has several heads ({}); use "
                    "<revision>{}",
                    target, fmt::join(current_heads, ", "), target));
  }
  if (current_heads.empty()) {
    return std::nullopt;
  }
  return current_heads.front();
}

std::string resolve_symbol(const revision_graph& graph, std::string_view symbol) {
  if (symbol == "head") {
    return only_head(graph);
  }
  if (auto at = symbol.find('@'); at != std::string_view::npos) {
    auto branch = graph.resolve_revision(symbol.substr(0, at));
    auto where = symbol.substr(at + 1);
    if (where == "head" || where == "base") {
      // The one head (base) reachable from the labelled revision.
      bool up = where == "head";
      auto reachable =
          up ? graph.descendants_inclusive({branch}) : graph.ancestors_inclusive({branch});
      std::vector<std::string> ends;
      for (const auto& end : up ? graph.heads() : graph.bases()) {
        if (reachable.contains(end)) {
          ends.push_back(end);
        }
      }
      if (ends.size() != 1) {
        throw target_error(fmt::format("{} has {} {} ({}); name one", symbol, ends.size(),
                                       up ? "heads" : "bases", fmt::join(ends, ", ")));
      }
      return ends.front();
    }
    throw target_error(fmt::format("unknown target {}: after @ use head or base", symbol));
  }
  return graph.resolve_revision(symbol);
}

}  // namespace

std::vector<std::string> resolve_target(const revision_graph& graph, std::string_view target,
                                        const std::vector<std::string>& current_heads) {
  if (target.empty()) {
    throw target_error("no target given: use head, heads, base, a revision, +N or -N");
  }
  if (target == "heads") {
    return graph.heads();
  }
  if (target == "base") {
    return {};
  }
  if (auto relative = parse_relative(target)) {
    std::optional<std::string> from = relative->symbol.empty()
                                          ? single_current(current_heads, target)
                                          : std::optional(resolve_symbol(graph, relative->symbol));
    auto reached = walk(graph, from, relative->steps, target);
    return reached ? std::vector<std::string>{*reached} : std::vector<std::string>{};
  }
  return {resolve_symbol(graph, target)};
}

namespace {

std::vector<std::string> minus(const std::vector<std::string>& from,
                               const std::vector<std::string>& removed) {
  std::vector<std::string> out;
  for (const auto& x : from) {
    if (std::find(removed.begin(), removed.end(), x) == removed.end()) {
      out.push_back(x);
    }
  }
  return out;
}

}  // namespace

bool depends_on_current_heads(std::string_view target) {
  auto relative = parse_relative(target);
  return relative && relative->symbol.empty();
}

void check_current_heads(const revision_graph& graph,
                         const std::vector<std::string>& current_heads) {
  for (const auto& head : current_heads) {
    if (!graph.contains(head)) {
      throw graph_error(fmt::format(
          "the database's version table names revision {}, which none of the loaded plugins "
          "declares; load the plugin that has it, or `stamp --purge` the database to a known "
          "revision",
          head));
    }
  }
  for (const auto& head : current_heads) {
    auto below = graph.ancestors_inclusive({head});
    for (const auto& other : current_heads) {
      if (other != head && below.contains(other)) {
        throw graph_error(fmt::format(
            "the version table holds both {} and its ancestor {}; `stamp` it to the right heads",
            head, other));
      }
    }
  }
}

std::vector<migration_step> plan_upgrade(const revision_graph& graph,
                                         const std::vector<std::string>& current_heads,
                                         const std::vector<std::string>& targets) {
  auto applied = graph.ancestors_inclusive(current_heads);
  auto wanted = graph.ancestors_inclusive(targets);
  std::vector<std::string> heads = current_heads;
  std::vector<migration_step> steps;
  for (const auto& revision : graph.topological_order()) {
    if (!wanted.contains(revision) || applied.contains(revision)) {
      continue;
    }
    migration_step step{revision, direction::upgrade, {}, {revision}};
    for (const auto& parent : graph.at(revision).down_revisions) {
      if (std::find(heads.begin(), heads.end(), parent) != heads.end()) {
        step.heads_removed.push_back(parent);
      }
    }
    heads = minus(heads, step.heads_removed);
    heads.push_back(revision);
    steps.push_back(std::move(step));
  }
  return steps;
}

std::vector<migration_step> plan_downgrade(const revision_graph& graph,
                                           const std::vector<std::string>& current_heads,
                                           const std::vector<std::string>& targets) {
  auto applied = graph.ancestors_inclusive(current_heads);
  // Alembic removes what stands on the targets; other branches stay as they are.
  auto kept = graph.ancestors_inclusive(targets);
  auto above = targets.empty() ? applied : graph.descendants_inclusive(targets);
  for (const auto& target : targets) {
    if (!applied.contains(target)) {
      throw target_error(fmt::format(
          "cannot downgrade to {}: it is not applied (the database is at {}); use upgrade", target,
          current_heads.empty() ? "base" : fmt::format("{}", fmt::join(current_heads, ", "))));
    }
  }
  auto order = graph.topological_order();
  std::reverse(order.begin(), order.end());
  std::vector<std::string> heads = current_heads;
  std::vector<migration_step> steps;
  for (const auto& revision : order) {
    if (!applied.contains(revision) || !above.contains(revision) || kept.contains(revision)) {
      continue;
    }
    migration_step step{revision, direction::downgrade, {revision}, {}};
    heads = minus(heads, {revision});
    auto still_covered = heads.empty() ? std::set<std::string>{} : graph.ancestors_inclusive(heads);
    for (const auto& parent : graph.at(revision).down_revisions) {
      if (!still_covered.contains(parent)) {
        step.heads_added.push_back(parent);
        heads.push_back(parent);
        still_covered.insert(parent);
      }
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

std::vector<std::string> normalize_heads(const revision_graph& graph,
                                         const std::vector<std::string>& targets) {
  std::vector<std::string> out;
  for (const auto& t : targets) {
    bool below_another = false;
    for (const auto& other : targets) {
      if (other != t && graph.ancestors_inclusive({other}).contains(t)) {
        below_another = true;
        break;
      }
    }
    if (!below_another && std::find(out.begin(), out.end(), t) == out.end()) {
      out.push_back(t);
    }
  }
  return out;
}

stamp_change plan_stamp(const revision_graph& graph, const std::vector<std::string>& current_heads,
                        const std::vector<std::string>& targets, bool purge) {
  std::vector<std::string> resolved;
  for (const auto& target : targets) {
    for (auto& id :
         resolve_target(graph, target, purge ? std::vector<std::string>{} : current_heads)) {
      resolved.push_back(std::move(id));
    }
  }
  auto wanted = normalize_heads(graph, resolved);
  stamp_change change{minus(current_heads, wanted), minus(wanted, current_heads)};
  return change;
}

std::vector<std::string> history(const revision_graph& graph, std::string_view range,
                                 const std::vector<std::string>& current_heads) {
  if (!range.empty()) {
    (void)current_heads;
    throw target_error("history ranges are not supported yet");
  }
  auto order = graph.topological_order();
  std::reverse(order.begin(), order.end());
  return order;
}

}  // namespace retort::plan
