// The revision graph and the planner on 10,000-revision histories: build the graph, list the
// heads, plan base -> heads and heads -> base. Issue 3 asks for milliseconds; Alembic 1.8 needs
// about 1.7 s for `heads` on a 5,000-revision chain.
//
//   cmake -DRETORT_BUILD_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Release ... && ./bench/graph_bench

#include <retort/graph.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "plan/migration_plan.hpp"

namespace {

using retort::revision_info;
using history = std::vector<revision_info>;

constexpr int revisions = 10'000;

std::string id_of(int i) {
  return fmt::format(
      "{:012x}", 0x9e3779b97f4aULL * static_cast<unsigned long long>(i + 1) % 0xffffffffffffULL);
}

revision_info make(int i, std::vector<std::string> down) {
  return {.revision = id_of(i),
          .down_revisions = std::move(down),
          .message = fmt::format("revision {}", i),
          .source = fmt::format("{}.cpp", id_of(i))};
}

// Files come in any order: discovery order is not creation order.
history shuffled(history h, unsigned seed) {
  std::shuffle(h.begin(), h.end(), std::mt19937(seed));
  return h;
}

// One plain line.
history chain() {
  history h;
  for (int i = 0; i < revisions; ++i) {
    h.push_back(make(i, i == 0 ? std::vector<std::string>{} : std::vector{id_of(i - 1)}));
  }
  return shuffled(std::move(h), 1);
}

// A main line; feature branches of 1 to 20 revisions fork from it, carry a label, sometimes
// depend on another open branch, and merge back; a few are never merged (extra heads).
history feature_branches() {
  std::mt19937 rng(7);
  auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
  history h;
  int next = 0;
  h.push_back(make(next++, {}));
  std::string main_tip = id_of(0);
  struct branch {
    std::string tip;
    int left;
  };
  std::vector<branch> open;
  int label = 0;
  while (next < revisions) {
    if (chance(0.06)) {
      auto r = make(next++, {main_tip});
      r.branch_labels.push_back(fmt::format("feature_{}", label++));
      open.push_back({r.revision, std::uniform_int_distribution<>(1, 20)(rng)});
      h.push_back(std::move(r));
      continue;
    }
    if (!open.empty() && chance(0.7)) {
      auto k = std::uniform_int_distribution<std::size_t>(0, open.size() - 1)(rng);
      auto& b = open[k];
      if (b.left-- > 0) {
        auto r = make(next++, {b.tip});
        if (open.size() > 1 && chance(0.05)) {
          r.depends_on.push_back(open[(k + 1) % open.size()].tip);
        }
        b.tip = r.revision;
        h.push_back(std::move(r));
      } else if (chance(0.97)) {
        h.push_back(make(next++, {main_tip, b.tip}));
        main_tip = h.back().revision;
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(k));
      } else {
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(k));  // abandoned: a head
      }
      continue;
    }
    h.push_back(make(next++, {main_tip}));
    main_tip = h.back().revision;
  }
  return shuffled(std::move(h), 2);
}

// 150 long-lived lines from one base; every 200th revision merges two of them.
history many_heads() {
  std::mt19937 rng(11);
  history h;
  h.push_back(make(0, {}));
  std::vector<std::string> tips(150, id_of(0));
  for (int i = 1; i < revisions; ++i) {
    auto a = std::uniform_int_distribution<std::size_t>(0, tips.size() - 1)(rng);
    if (auto b = (a + 1) % tips.size(); i % 200 == 0 && tips.size() > 2 && tips[a] != tips[b]) {
      h.push_back(make(i, {tips[a], tips[b]}));
      tips[a] = h.back().revision;
      tips.erase(tips.begin() + static_cast<std::ptrdiff_t>(b));
      continue;
    }
    h.push_back(make(i, {tips[a]}));
    tips[a] = h.back().revision;
  }
  return shuffled(std::move(h), 3);
}

// Everything branches from one base.
history star() {
  history h;
  h.push_back(make(0, {}));
  for (int i = 1; i < revisions; ++i) {
    h.push_back(make(i, {id_of(0)}));
  }
  return shuffled(std::move(h), 4);
}

// Two lines; each revision of the second depends on its twin in the first.
history parallel_with_dependencies() {
  history h;
  const int half = revisions / 2;
  for (int i = 0; i < half; ++i) {
    h.push_back(make(i, i == 0 ? std::vector<std::string>{} : std::vector{id_of(i - 1)}));
  }
  for (int i = 0; i < half; ++i) {
    auto r = make(half + i, i == 0 ? std::vector<std::string>{} : std::vector{id_of(half + i - 1)});
    r.depends_on.push_back(id_of(i));
    h.push_back(std::move(r));
  }
  return shuffled(std::move(h), 5);
}

// Three lines; each revision of the second and of the third depends on its twin in the first,
// so every dependency is shared and must be checked against the other line.
history shared_dependencies() {
  history h;
  const int third = revisions / 3;
  for (int line = 0; line < 3; ++line) {
    for (int i = 0; i < third; ++i) {
      const int at = line * third + i;
      auto r = make(at, i == 0 ? std::vector<std::string>{} : std::vector{id_of(at - 1)});
      if (line > 0) {
        r.depends_on.push_back(id_of(i));
      }
      h.push_back(std::move(r));
    }
  }
  return shuffled(std::move(h), 6);
}

template <typename Make>
void build(benchmark::State& state, Make make_history) {
  const auto h = make_history();
  for (auto _ : state) {
    retort::revision_graph g(h);
    benchmark::DoNotOptimize(g.size());
  }
}

template <typename Make>
void heads(benchmark::State& state, Make make_history) {
  const retort::revision_graph g(make_history());
  for (auto _ : state) {
    auto out = g.heads();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["heads"] = static_cast<double>(g.heads().size());
}

template <typename Make>
void upgrade_base_to_heads(benchmark::State& state, Make make_history) {
  const retort::revision_graph g(make_history());
  std::size_t steps = 0;
  for (auto _ : state) {
    auto plan = retort::plan::plan_upgrade_to(g, {}, "heads");
    steps = plan.size();
    benchmark::DoNotOptimize(plan.data());
  }
  state.counters["steps"] = static_cast<double>(steps);
}

template <typename Make>
void downgrade_heads_to_base(benchmark::State& state, Make make_history) {
  const retort::revision_graph g(make_history());
  const auto at = g.heads_resolving_dependencies();
  std::size_t steps = 0;
  for (auto _ : state) {
    auto plan = retort::plan::plan_downgrade_to(g, at, "base");
    steps = plan.size();
    benchmark::DoNotOptimize(plan.data());
  }
  state.counters["steps"] = static_cast<double>(steps);
}

template <typename Make>
void whole_history(benchmark::State& state, Make make_history) {
  const retort::revision_graph g(make_history());
  for (auto _ : state) {
    auto out = retort::plan::history(g, "", {});
    benchmark::DoNotOptimize(out.data());
  }
}

#define RETORT_SHAPE(fn)                                                             \
  BENCHMARK_CAPTURE(build, fn, fn)->Unit(benchmark::kMillisecond);                   \
  BENCHMARK_CAPTURE(heads, fn, fn)->Unit(benchmark::kMillisecond);                   \
  BENCHMARK_CAPTURE(upgrade_base_to_heads, fn, fn)->Unit(benchmark::kMillisecond);   \
  BENCHMARK_CAPTURE(downgrade_heads_to_base, fn, fn)->Unit(benchmark::kMillisecond); \
  BENCHMARK_CAPTURE(whole_history, fn, fn)->Unit(benchmark::kMillisecond)

RETORT_SHAPE(chain);
RETORT_SHAPE(feature_branches);
RETORT_SHAPE(many_heads);
RETORT_SHAPE(star);
RETORT_SHAPE(parallel_with_dependencies);
RETORT_SHAPE(shared_dependencies);

}  // namespace

BENCHMARK_MAIN();
