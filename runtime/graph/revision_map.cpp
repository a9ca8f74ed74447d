#include "graph/revision_map.hpp"

#include <retort/errors.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "printable.hpp"

namespace retort::detail {

namespace {

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// `(\w+)?((?:\+|-)\d+)` matched at the start of `s`; returns how much it consumed.
std::optional<std::size_t> match_relative(std::string_view s, relative_target& out) {
  std::size_t i = 0;
  while (i < s.size() && is_word(s[i])) {
    ++i;
  }
  // \w+ also takes digits; backtracking cannot help, as what follows a word char is a word char.
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) {
    return std::nullopt;
  }
  std::size_t j = i + 1;
  while (j < s.size() && is_digit(s[j])) {
    ++j;
  }
  if (j == i + 1) {
    return std::nullopt;
  }
  out.symbol = i == 0 ? std::nullopt : std::optional<std::string>(s.substr(0, i));
  out.relative = std::string(s.substr(i, j - i));
  long long magnitude = 0;
  auto [end, ec] = std::from_chars(s.data() + i + 1, s.data() + j, magnitude);
  if (ec != std::errc() || end != s.data() + j) {
    throw target_error(fmt::format("relative step {} is too large", out.relative));
  }
  out.steps = s[i] == '-' ? -magnitude : magnitude;
  return j;
}

// Python's int() on a target, as `get_revisions` tries it: "-2" walks down from the heads.
std::optional<long long> as_integer(std::string_view s) {
  std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  if (i >= s.size() ||
      !std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(), is_digit)) {
    return std::nullopt;
  }
  long long magnitude = 0;
  auto [end, ec] = std::from_chars(s.data() + i, s.data() + s.size(), magnitude);
  if (ec != std::errc() || end != s.data() + s.size()) {
    return std::nullopt;
  }
  return s[0] == '-' ? -magnitude : magnitude;
}

// Every message is one line; the targets and version-table rows it quotes may hold anything.
[[noreturn]] void fail(std::string_view message) {
  throw target_error(printable(message));
}

std::string list_ids(const graph_core& g, const rev_list& revs) {
  std::vector<std::string_view> ids;
  for (auto r : revs) {
    ids.push_back(g.id(r));
  }
  return fmt::format("{}", fmt::join(ids, ", "));
}

[[noreturn]] void multiple_heads(const graph_core& g, const rev_list& heads,
                                 std::string_view argument) {
  if (argument.find('@') == std::string_view::npos) {
    fail(fmt::format(
        "Multiple head revisions are present for given argument '{0}'; please specify a "
        "specific target revision, '<branchname>@{0}' to narrow to a specific head, or 'heads' "
        "for all heads (heads: {1})",
        argument, list_ids(g, heads)));
  }
  fail(fmt::format(
      "Multiple head revisions are present for given argument '{}'; please specify a specific "
      "target revision, or 'heads' for all heads (heads: {})",
      argument, list_ids(g, heads)));
}

}  // namespace

std::optional<relative_target> parse_relative(std::string_view target) {
  relative_target out;
  // `(?:(.+?)@)?`: the shortest branch whose remainder matches wins, then no branch at all.
  std::optional<std::size_t> consumed;
  for (std::size_t at = target.find('@', 1); at != std::string_view::npos;
       at = target.find('@', at + 1)) {
    if (auto n = match_relative(target.substr(at + 1), out)) {
      out.branch = std::string(target.substr(0, at));
      consumed = at + 1 + *n;
      break;
    }
  }
  if (!consumed) {
    consumed = match_relative(target, out);
  }
  if (!consumed) {
    return std::nullopt;
  }
  if (*consumed != target.size()) {
    // Alembic ignores what follows; a typo should not move a database.
    fail(fmt::format("target '{}' is not understood: '{}' follows the relative step {}", target,
                     target.substr(*consumed), out.relative));
  }
  return out;
}

std::optional<rev> revision_map::exact(std::string_view key) const {
  if (auto it = g_.ids.find(key); it != g_.ids.end()) {
    return it->second;
  }
  if (auto it = g_.labels.find(key); it != g_.labels.end()) {
    return it->second;
  }
  return std::nullopt;
}

rev_set revision_map::lineage(const rev_list& anchors, bool include_dependencies) const {
  auto out = closure(g_, anchors, include_dependencies ? g_.norm_down : g_.down);
  auto above = closure(g_, anchors, include_dependencies ? g_.all_next : g_.next);
  for (auto r : above.members()) {
    out.insert(r);
  }
  return out;
}

std::optional<rev> revision_map::current_head(std::optional<std::string_view> branch) const {
  ref_list heads;
  for (auto h : g_.heads) {
    heads.push_back(ref::to(h));
  }
  if (branch) {
    heads = filter_for_lineage(heads, branch, false);
  }
  if (heads.size() > 1) {
    multiple_heads(g_, revisions_of(heads, "head"),
                   branch ? fmt::format("{}@head", *branch) : std::string("head"));
  }
  if (heads.empty()) {
    return std::nullopt;
  }
  return heads.front().index;
}

revision_map::number revision_map::resolve_number(std::optional<std::string_view> id) const {
  number out;
  if (id) {
    if (auto at = id->find('@'); at != std::string_view::npos) {
      out.branch = std::string(id->substr(0, at));
      id = id->substr(at + 1);
    }
  }
  auto branch = out.branch_if_set();
  if (id && *id == "heads") {
    out.symbolic = true;
    if (branch) {
      ref_list heads;
      for (auto h : g_.heads) {
        heads.push_back(ref::to(h));
      }
      out.revisions = revisions_of(filter_for_lineage(heads, branch, false), "heads");
    } else {
      out.revisions = g_.real_heads;
    }
  } else if (id && *id == "head") {
    out.symbolic = true;
    if (auto h = current_head(branch)) {
      out.revisions.push_back(*h);
    }
  } else if (!id || *id == "base") {
    out.symbolic = true;
  } else {
    out.text = std::string(*id);
  }
  return out;
}

rev revision_map::resolve_branch(std::string_view label) const {
  if (auto r = exact(label)) {
    return *r;
  }
  try {
    return revision_for_ident(label, std::nullopt);
  } catch (const target_error& e) {
    fail(fmt::format("No such branch: '{}' ({})", label, e.what()));
  }
}

rev revision_map::revision_for_ident(std::string_view id,
                                     std::optional<std::string_view> branch) const {
  std::optional<rev> branch_rev;
  if (branch && !branch->empty()) {
    branch_rev = resolve_branch(*branch);
  }
  auto found = exact(id);
  if (!found) {
    if (id.empty()) {
      fail("an empty revision identifier names nothing");
    }
    // Alembic matches prefixes against ids and labels longer than 3 characters.
    std::vector<std::pair<std::string_view, rev>> candidates;
    const auto& keys = g_.sorted_keys();
    for (auto it = std::lower_bound(keys.begin(), keys.end(), graph_core::key{id, 0});
         it != keys.end() && it->first.starts_with(id); ++it) {
      if (it->first.size() > 3) {
        candidates.push_back(*it);
      }
    }
    if (branch_rev) {
      auto on_branch = lineage({*branch_rev}, false);
      std::erase_if(candidates, [&](const auto& c) { return !on_branch.contains(c.second); });
    }
    std::vector<std::string_view> names;
    for (const auto& c : candidates) {
      names.push_back(c.first);
    }
    if (candidates.empty()) {
      fail(fmt::format("Can't locate revision identified by '{}'{}", id,
                       id.size() < 4 ? "; give at least 4 characters of a revision id" : ""));
    }
    if (id.size() < 4) {
      // Stricter than Alembic, which takes any unique prefix: 3 characters collide too easily.
      fail(
          fmt::format("revision prefix '{}' is too short: give at least 4 characters (matches: {})",
                      id, fmt::join(names, ", ")));
    }
    if (candidates.size() > 1) {
      fail(fmt::format("Multiple revisions start with '{}': {}; give more characters", id,
                       fmt::join(names, ", ")));
    }
    found = candidates.front().second;
  }
  if (branch_rev && !lineage({*branch_rev}, false).contains(*found)) {
    fail(fmt::format("Revision {} is not a member of branch '{}'", g_.id(*found), *branch));
  }
  return *found;
}

rev_list revision_map::anchors(const number& n) const {
  rev_list out;
  if (auto branch = n.branch_if_set()) {
    out.push_back(revision_for_ident(*branch, std::nullopt));
  }
  if (n.symbolic) {
    out.insert(out.end(), n.revisions.begin(), n.revisions.end());
  } else {
    out.push_back(revision_for_ident(n.text, std::nullopt));
  }
  return out;
}

ref_list revision_map::filter_for_lineage(const ref_list& targets,
                                          std::optional<std::string_view> check_against,
                                          bool include_dependencies) const {
  auto n = resolve_number(check_against);
  if (targets.empty()) {
    return {};
  }
  auto shares = anchors(n);
  auto targets_checked = revisions_of(targets, "a lineage check");
  if (shares.empty()) {
    return targets;
  }
  auto near = lineage(shares, include_dependencies);
  ref_list out;
  for (auto t : targets_checked) {
    if (near.contains(t)) {
      out.push_back(ref::to(t));
    }
  }
  return out;
}

rev_list revision_map::revisions_of(const ref_list& refs, std::string_view what) const {
  rev_list out;
  out.reserve(refs.size());
  for (const auto& r : refs) {
    if (!r.is_revision()) {
      fail(fmt::format("{} reached {} instead of a revision", what,
                       r.what == ref::kind::base ? "base" : "nothing"));
    }
    out.push_back(r.index);
  }
  return out;
}

ref_list revision_map::get_revisions(std::string_view id) const {
  auto n = resolve_number(id);
  ref_list out;
  if (!n.symbolic) {
    if (auto steps = as_integer(n.text); steps && *steps < 0) {
      // `<label>@-N` and `-N` here walk down from the heads of the scripts, not the database.
      for (auto h : g_.real_heads) {
        if (!n.branch || g_.has_label(h, *n.branch)) {
          out.push_back(walk(ref::to(h), *steps, std::nullopt, true, id));
        }
      }
      return out;
    }
    out.push_back(ref::to(revision_for_ident(n.text, n.branch_if_set())));
    return out;
  }
  if (auto branch = n.branch_if_set(); branch && !n.revisions.empty()) {
    auto on_branch = lineage({resolve_branch(*branch)}, false);
    for (auto r : n.revisions) {
      if (!on_branch.contains(r)) {
        fail(fmt::format("Revision {} is not a member of branch '{}'", g_.id(r), *branch));
      }
    }
  }
  for (auto r : n.revisions) {
    out.push_back(ref::to(r));
  }
  return out;
}

ref_list revision_map::get_revisions(const rev_arg& arg) const {
  if (arg.is_text) {
    return get_revisions(arg.items.front());
  }
  ref_list out;
  for (const auto& item : arg.items) {
    auto some = get_revisions(item);
    out.insert(out.end(), some.begin(), some.end());
  }
  return out;
}

ref revision_map::get_revision(std::string_view id) const {
  auto n = resolve_number(id);
  if (n.symbolic) {
    if (n.revisions.size() > 1) {
      multiple_heads(g_, n.revisions, id);
    }
    if (auto branch = n.branch_if_set()) {
      (void)resolve_branch(*branch);
    }
    return n.revisions.empty() ? ref{} : ref::to(n.revisions.front());
  }
  return ref::to(revision_for_ident(n.text, n.branch_if_set()));
}

ref revision_map::walk(ref start, long long steps, std::optional<std::string_view> branch,
                       bool no_overwalk, std::string_view target) const {
  ref at = start;
  // Alembic reads the branch at every step up; it cannot change, so read it once.
  std::optional<number> branch_number;
  std::optional<rev_set> on_branch;  // empty optional after reading: no anchors, all pass
  bool anchors_read = false;
  const long long count = steps < 0 ? -steps : steps;
  for (long long taken = 0; taken < count; ++taken) {
    ref_list options;
    if (steps > 0) {
      for (auto r : at.is_revision() ? view(g_.next[at.index]) : view(g_.bases)) {
        options.push_back(ref::to(r));
      }
      if (branch && !branch->empty()) {
        if (!branch_number) {
          branch_number = resolve_number(*branch);
        }
        if (!options.empty() && !anchors_read) {
          auto shares = anchors(*branch_number);
          anchors_read = true;
          if (!shares.empty()) {
            on_branch = lineage(shares, false);
          }
        }
        if (on_branch) {
          std::erase_if(options, [&](const ref& o) { return !on_branch->contains(o.index); });
        }
      }
    } else if (at.what != ref::kind::base) {
      for (auto r : at.is_revision() ? view(g_.down[at.index]) : view(g_.heads)) {
        options.push_back(ref::to(r));
      }
      if (options.empty()) {
        options.push_back(ref::base_symbol());
      }
    }
    if (options.empty()) {
      return no_overwalk ? ref{} : at;
    }
    if (options.size() > 1) {
      std::vector<std::string_view> ids;
      for (const auto& o : options) {
        ids.push_back(g_.id(o.index));
      }
      fail(fmt::format(
          "Ambiguous walk: {} meets a {} at {} (it goes on to {}); name a revision, or a branch "
          "label as <label>@{}",
          target, steps > 0 ? "branch point" : "merge point",
          at.is_revision() ? std::string_view(g_.id(at.index)) : std::string_view("base"),
          fmt::join(ids, ", "), steps > 0 ? "+N" : "-N"));
    }
    at = options.front();
  }
  return at;
}

ref_list revision_map::parse_upgrade_target(const rev_arg& current, const rev_arg& target,
                                            bool assert_relative_length) const {
  std::optional<relative_target> rel;
  if (target.is_text) {
    rel = parse_relative(target.items.front());
  }
  if (!rel) {
    return get_revisions(target);
  }
  const std::string_view text = target.items.front();
  auto didnt_produce = [&] {
    fail(fmt::format("Relative revision {} didn't produce {} migrations", rel->relative,
                     rel->steps < 0 ? -rel->steps : rel->steps));
  };
  if (rel->steps > 0) {
    if (rel->symbol) {
      return {
          walk(get_revision(*rel->symbol), rel->steps, rel->branch, assert_relative_length, text)};
    }
    ref start;
    if (rel->branch) {
      ref_list rows;
      if (!current.items.empty()) {
        rows = get_revisions(current);
      }
      auto starts = filter_for_lineage(rows, *rel->branch, false);
      if (starts.empty()) {
        // The branch has no row: start from the tips of what is applied on it.
        auto applied = closure(g_, revisions_of(rows, "the current revisions"), g_.norm_down);
        ref_list applied_refs;
        for (auto r : applied.members()) {
          applied_refs.push_back(ref::to(r));
        }
        auto on_branch = filter_for_lineage(applied_refs, *rel->branch, false);
        rev_set below(g_.size());
        for (const auto& a : on_branch) {
          for (auto d : g_.norm_down[a.index]) {
            below.insert(d);
          }
        }
        for (const auto& a : on_branch) {
          if (!below.contains(a.index)) {
            starts.push_back(a);
          }
        }
        if (starts.empty()) {
          starts.push_back(ref{});
        }
      }
      if (starts.size() > 1) {
        fail(fmt::format(
            "Ambiguous upgrade from multiple current revisions: {} could start at {}; name a "
            "revision, as <revision>{}",
            text, list_ids(g_, revisions_of(starts, "a start")), rel->relative));
      }
      start = starts.front();
    } else {
      if (current.items.size() > 1) {
        fail(fmt::format(
            "Ambiguous upgrade from multiple current revisions ({}): use <revision>{} or "
            "<label>@{}",
            fmt::join(current.items, ", "), rel->relative, rel->relative));
      }
      if (!current.items.empty()) {
        start = get_revision(current.items.front());
      }
    }
    auto reached = walk(start, rel->steps, rel->branch, assert_relative_length, text);
    if (reached.what == ref::kind::none) {
      didnt_produce();
    }
    return {reached};
  }
  if (!rel->symbol) {
    didnt_produce();
  }
  auto start =
      rel->branch ? get_revision(*rel->branch + "@" + *rel->symbol) : get_revision(*rel->symbol);
  return {walk(start, rel->steps, std::nullopt, assert_relative_length, text)};
}

std::pair<std::optional<std::string>, ref> revision_map::parse_downgrade_target(
    const rev_arg& current, std::optional<std::string_view> target,
    bool assert_relative_length) const {
  if (!target) {
    return {std::nullopt, ref{}};
  }
  auto rel = parse_relative(*target);
  if (rel) {
    auto magnitude = rel->steps < 0 ? -rel->steps : rel->steps;
    if (rel->steps >= 0) {
      if (!rel->symbol) {
        fail(fmt::format(
            "Relative revision {} didn't produce {} migrations: downgrade goes down; use -{}",
            rel->relative, magnitude, magnitude));
      }
      auto reached = walk(get_revision(*rel->symbol), rel->steps, rel->branch,
                          assert_relative_length, *target);
      if (reached.what == ref::kind::none) {
        fail(fmt::format("Walked too far: {} goes past the last revision", *target));
      }
      return {rel->branch, reached};
    }
    const bool from_current = !rel->symbol;
    std::optional<std::string> branch = rel->branch;
    std::string symbol;
    if (from_current) {
      if (branch) {
        ref_list rows;
        for (const auto& row : current.items) {
          rows.push_back(ref::to(revision_for_ident(row, std::nullopt)));
        }
        auto on_branch = filter_for_lineage(rows, *branch, false);
        if (on_branch.empty()) {
          // No row is on the branch: another branch's row stands on it through a dependency.
          ref_list all;
          for (auto r : get_all_current(revisions_of(rows, "the current revisions"))) {
            all.push_back(ref::to(r));
          }
          on_branch = filter_for_lineage(all, *branch, false);
        }
        if (on_branch.size() != 1) {
          fail(fmt::format(
              "{} is ambiguous: {} current revisions are on branch '{}'{}", *target,
              on_branch.size(), *branch,
              on_branch.empty()
                  ? ""
                  : fmt::format(" ({})", list_ids(g_, revisions_of(on_branch, "a row")))));
        }
        symbol = g_.id(on_branch.front().index);
      } else {
        if (current.items.empty()) {
          fail(
              fmt::format("Relative revision {} didn't produce {} migrations: the database is "
                          "at base",
                          rel->relative, magnitude));
        }
        std::vector<std::string> distinct = current.items;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        if (distinct.size() > 1) {
          // Alembic warns and walks from the first row; it says it will refuse in the future.
          fail(fmt::format(
              "Relative target {} is ambiguous: the database has several heads ({}); use "
              "<revision>{} or <label>@{}",
              *target, fmt::join(current.items, ", "), rel->relative, rel->relative));
        }
        symbol = current.items.front();
        branch = symbol;  // keep to the row's own branch
      }
    } else {
      symbol = *rel->symbol;
    }
    auto start = branch ? get_revision(*branch + "@" + symbol) : get_revision(symbol);
    auto reached = walk(start, rel->steps, std::nullopt, assert_relative_length, *target);
    if (reached.what == ref::kind::none) {
      if (from_current) {
        fail(fmt::format("Relative revision {} didn't produce {} migrations", rel->relative,
                         magnitude));
      }
      fail(fmt::format("Walked too far: {} goes below base", *target));
    }
    return {branch, reached};
  }
  std::optional<std::string> branch;
  std::string_view symbol = *target;
  if (auto at = target->rfind('@'); at != std::string_view::npos) {
    if (at > 0) {
      branch = std::string(target->substr(0, at));
    }
    symbol = target->substr(at + 1);
  }
  return {branch, get_revision(symbol)};
}

collected revision_map::collect_upgrade(const rev_arg& upper, const rev_arg& lower, bool inclusive,
                                        bool implicit_base, bool assert_relative_length) const {
  const std::string upper_text =
      upper.is_text ? upper.items.front() : fmt::format("{}", fmt::join(upper.items, ", "));
  rev_list targets;
  for (const auto& t : parse_upgrade_target(lower, upper, assert_relative_length)) {
    if (t.what == ref::kind::none) {
      fail(fmt::format("Walked too far: {} goes past the last revision", upper_text));
    }
    if (t.what == ref::kind::base) {
      fail(fmt::format("{} goes below base: nothing to upgrade to; use downgrade", upper_text));
    }
    targets.push_back(t.index);
  }
  if (lower.is_text) {
    const std::string& text = lower.items.front();
    if (auto at = text.find('@'); at != std::string::npos) {
      // `<label>@...` as the lower end keeps to the targets carrying that label.
      std::string branch = text.substr(0, at);
      auto named = get_revision(branch);
      if (named.is_revision() && g_.id(named.index) == branch) {
        const auto& labels = *g_.effective_labels[named.index];
        if (labels.size() != 1) {
          fail(fmt::format("revision {} carries {} branch labels; name one of them", branch,
                           labels.size()));
        }
        branch = g_.label_names[labels.front()];
      }
      std::erase_if(targets, [&](rev t) { return !g_.has_label(t, branch); });
    }
  }
  if (auto overlap = find_overlap(g_, targets, g_.norm_down)) {
    fail(fmt::format("Requested revision {} overlaps with other requested revisions {}",
                     g_.id(overlap->first), g_.id(overlap->second)));
  }
  auto required = closure(g_, targets, g_.norm_down);

  auto current = get_revisions(lower);
  if (!implicit_base) {
    for (const auto& c : current) {
      if (c.what != ref::kind::none && !(c.is_revision() && required.contains(c.index))) {
        fail(fmt::format(
            "Requested range {}:{} does not refer to ancestor/descendant revisions along the "
            "same branch",
            lower.is_text ? lower.items.front() : fmt::format("{}", fmt::join(lower.items, ", ")),
            upper_text));
      }
    }
  }
  std::optional<rev_arg> lower_now = lower;
  if (!current.empty() && current.front().what == ref::kind::none) {
    // A relative lower end that `get_revisions` could not place: read it as a downgrade.
    if (!lower.is_text) {
      fail("the lower end of the range names nothing");
    }
    auto [branch, reached] =
        parse_downgrade_target(upper, lower.items.front(), assert_relative_length);
    if (reached.what == ref::kind::none) {
      fail(fmt::format("{} names nothing", lower.items.front()));
    }
    if (reached.what == ref::kind::base) {
      current.clear();
      lower_now.reset();
    } else {
      current = {reached};
      lower_now = rev_arg::text(g_.id(reached.index));
    }
  }
  auto current_revs = revisions_of(current, "the lower end");
  if (auto overlap = find_overlap(g_, current_revs, g_.norm_down)) {
    fail(fmt::format("Requested revision {} overlaps with other requested revisions {}",
                     g_.id(overlap->first), g_.id(overlap->second)));
  }
  auto applied = closure(g_, current_revs, g_.norm_down);
  collected out{rev_set(g_.size()), targets};
  for (auto r : required.members()) {
    if (!applied.contains(r)) {
      out.revisions.insert(r);
    }
  }
  if (inclusive && lower_now) {
    for (auto r : revisions_of(get_revisions(*lower_now), "the lower end")) {
      out.revisions.insert(r);
    }
  }
  if (!current_revs.empty() && !implicit_base) {
    if (auto overlap = find_overlap(g_, current_revs, g_.next)) {
      fail(fmt::format("Requested revision {} overlaps with other requested revisions {}",
                       g_.id(overlap->first), g_.id(overlap->second)));
    }
    auto above = closure(g_, current_revs, g_.next);
    out.revisions.retain([&](rev r) { return above.contains(r); });
  }
  return out;
}

revision_map::downgrade_start revision_map::downgrade_roots(const rev_arg& upper,
                                                            std::optional<std::string_view> target,
                                                            bool inclusive,
                                                            bool assert_relative_length) const {
  auto [branch, destination] = parse_downgrade_target(upper, target, assert_relative_length);
  rev_list roots;
  std::size_t alembic_root_count = 0;  // Alembic lists a base once per map key: id and labels
  if (!destination.is_revision()) {
    roots = g_.bases;
    for (auto b : roots) {
      alembic_root_count += 1 + g_.infos[b].branch_labels.size();
    }
  } else {
    const auto& next = g_.next[destination.index];
    roots = inclusive ? rev_list{destination.index} : rev_list(next.begin(), next.end());
    alembic_root_count = roots.size();
  }
  if (branch && !branch->empty() && alembic_root_count > 1) {
    auto below = closure(g_, {resolve_branch(*branch)}, g_.down);
    std::erase_if(roots, [&](rev r) { return !below.contains(r); });
    if (roots.empty()) {
      fail(fmt::format("Not a valid downgrade target from current heads: {} is not on branch '{}'",
                       target ? *target : std::string_view("base"), *branch));
    }
  }
  return {std::move(branch), destination, std::move(roots)};
}

collected revision_map::collect_downgrade(const rev_arg& upper,
                                          std::optional<std::string_view> target, bool inclusive,
                                          bool assert_relative_length) const {
  auto [branch, destination, roots] =
      downgrade_roots(upper, target, inclusive, assert_relative_length);
  auto heads = revisions_of(get_revisions(upper), "the current revisions");
  auto active = closure(g_, heads, g_.norm_down);
  auto dropped = closure(g_, roots, g_.all_next);
  dropped.retain([&](rev r) { return active.contains(r); });
  if (destination.is_revision() && dropped.empty() &&
      std::find(heads.begin(), heads.end(), destination.index) == heads.end()) {
    fail(fmt::format(
        "Destination {} is not a valid downgrade target from current head(s) {}: it is not "
        "applied (or is applied only as another revision's dependency); use upgrade",
        *target, heads.empty() ? std::string("base") : list_ids(g_, heads)));
  }
  return {std::move(dropped), std::move(heads)};
}

// A set is convex when nothing outside it lies between two of its members; Alembic's plans
// always are, and then "is another head above c" is "does c have a child still to emit".
bool revision_map::is_convex(const rev_set& todo) const {
  const std::size_t n = g_.size();
  std::vector<std::uint8_t> below(n, 0);  // a member lies strictly below
  for (auto r : g_.order) {
    for (auto p : g_.all_down[r]) {
      if (todo.contains(p) || below[p] != 0) {
        below[r] = 1;
        break;
      }
    }
  }
  std::vector<std::uint8_t> above(n, 0);  // a member lies strictly above
  for (auto it = g_.order.rbegin(); it != g_.order.rend(); ++it) {
    for (auto c : g_.all_next[*it]) {
      if (todo.contains(c) || above[c] != 0) {
        above[*it] = 1;
        break;
      }
    }
    if (!todo.contains(*it) && above[*it] != 0 && below[*it] != 0) {
      return false;
    }
  }
  return true;
}

// Alembic's `_topological_sort`, same output, without its per-step ancestor sets. Alembic keeps
// a list of current heads and an index into it; it emits the candidate unless the candidate
// lies below another current head, in which case it moves to the first such head in the list.
// After emitting, the candidate's first new parent takes its place and the others go to the end
// of the list; with no new parent the entry is deleted and the index steps back by one.
//
// Here the list is linked, and entries only ever join at its end, so list order is creation
// order. "Lies below another head" is a count of children still to emit when the set is convex
// (Alembic's plans always are). Finding the first head above a candidate resumes where the last
// search for that candidate stopped: a head that does not reach it never will, since heads only
// move down. Reachability through revisions still to emit does not change while the search
// goes on, so each revision remembers, per target, whether it reaches it.
rev_list revision_map::sort(const rev_set& todo, const rev_list& heads) const {
  const std::size_t n = g_.size();
  enum : std::uint8_t { outside = 0, waiting = 1, emitted = 2 };
  std::vector<std::uint8_t> state(n, outside);
  for (auto r : todo.members()) {
    state[r] = waiting;
  }
  const bool convex = is_convex(todo);
  std::vector<std::uint32_t> waiting_children;
  if (convex) {
    waiting_children.assign(n, 0);
    for (auto r : todo.members()) {
      for (auto p : g_.all_down[r]) {
        if (state[p] == waiting) {
          ++waiting_children[p];
        }
      }
    }
  }

  // The list of current heads; a dead entry's `next` leads on towards the next live one.
  constexpr std::uint32_t nil = std::numeric_limits<std::uint32_t>::max();
  struct entry {
    rev r;
    std::uint32_t prev, next;
    bool live;
  };
  std::vector<entry> entries;
  std::uint32_t first = nil;
  std::uint32_t last = nil;
  std::vector<std::uint8_t> listed(n, 0);
  auto append = [&](rev r) {
    entries.push_back({r, last, nil, true});
    auto e = static_cast<std::uint32_t>(entries.size() - 1);
    (last == nil ? first : entries[last].next) = e;
    last = e;
    listed[r] = 1;
  };
  auto first_live_from = [&](std::uint32_t e) {
    std::uint32_t at = e;
    while (at != nil && !entries[at].live) {
      at = entries[at].next;
    }
    while (e != nil && !entries[e].live) {  // shorten the way for the next caller
      auto step = entries[e].next;
      entries[e].next = at;
      e = step;
    }
    return at;
  };
  rev_list start;
  for (auto h : heads) {
    if (state[h] == waiting && listed[h] == 0) {
      listed[h] = 1;
      start.push_back(h);
    }
  }
  std::sort(start.begin(), start.end());  // discovery order
  for (auto h : start) {
    listed[h] = 0;
    append(h);
  }

  // reaches[v] / misses[v] == target + 1: v reaches (cannot reach) target through revisions
  // still to emit. resume[c]: the first entry the next search for c must look at.
  std::vector<std::uint32_t> reaches(n, 0);
  std::vector<std::uint32_t> misses(n, 0);
  std::vector<std::uint32_t> resume(n, 0);
  struct frame {
    rev r;
    std::uint32_t next_parent;
  };
  std::vector<frame> path;
  auto reaches_down = [&](rev from, rev target) {
    const std::uint32_t tag = target + 1;
    if (reaches[from] == tag) {
      return true;
    }
    if (misses[from] == tag) {
      return false;
    }
    path.assign(1, {from, 0});
    while (!path.empty()) {
      auto& top = path.back();
      const auto& parents = g_.norm_down[top.r];
      if (top.next_parent == parents.size()) {
        misses[top.r] = tag;
        path.pop_back();
        continue;
      }
      rev p = parents[top.next_parent++];
      if (p == target || reaches[p] == tag) {
        for (const auto& f : path) {
          reaches[f.r] = tag;
        }
        return true;
      }
      if (misses[p] == tag || g_.rank[p] < g_.rank[target] || (convex && state[p] != waiting)) {
        continue;
      }
      path.push_back({p, 0});
    }
    return false;
  };
  auto first_head_above = [&](std::uint32_t candidate) -> std::uint32_t {
    rev target = entries[candidate].r;
    for (auto e = first_live_from(resume[target]); e != nil; e = first_live_from(entries[e].next)) {
      if (e != candidate && reaches_down(entries[e].r, target)) {
        resume[target] = e;
        return e;
      }
    }
    resume[target] = static_cast<std::uint32_t>(entries.size());
    return nil;
  };

  rev_list out;
  out.reserve(todo.size());
  std::uint32_t at = first;
  while (at != nil) {
    rev candidate = entries[at].r;
    if (!convex || waiting_children[candidate] > 0) {
      if (auto above = first_head_above(at); above != nil) {
        at = above;
        continue;
      }
    }
    state[candidate] = emitted;
    out.push_back(candidate);
    listed[candidate] = 0;
    if (convex) {
      for (auto p : g_.all_down[candidate]) {
        if (state[p] == waiting) {
          --waiting_children[p];
        }
      }
    }
    bool replaced = false;
    for (auto p : g_.norm_down[candidate]) {
      if (state[p] != waiting || listed[p] != 0) {
        continue;
      }
      if (!replaced) {
        entries[at].r = p;
        listed[p] = 1;
        replaced = true;
      } else {
        append(p);
      }
    }
    if (!replaced) {
      auto& dead = entries[at];
      dead.live = false;
      (dead.prev == nil ? first : entries[dead.prev].next) = dead.next;
      (dead.next == nil ? last : entries[dead.next].prev) = dead.prev;
      at = dead.prev != nil ? dead.prev : dead.next;
    }
  }
  if (out.size() != todo.size()) {
    fail(
        fmt::format("{} revisions in the range are not below its upper end; name a range whose "
                    "ends are on one line",
                    todo.size() - out.size()));
  }
  return out;
}

rev_list revision_map::walk_all() const {
  auto all = collect_upgrade(rev_arg::text("heads"), rev_arg::text("base"), true, false, false);
  return sort(all.revisions, all.heads);
}

rev_list revision_map::get_all_current(const rev_list& rows) const {
  auto top = closure(g_, rows, g_.norm_down);
  rev_list out;
  for (auto r : top.members()) {
    bool child_in_top =
        std::any_of(g_.next[r].begin(), g_.next[r].end(), [&](rev c) { return top.contains(c); });
    if (!child_in_top) {
      out.push_back(r);
    }
  }
  return out;
}

}  // namespace retort::detail
