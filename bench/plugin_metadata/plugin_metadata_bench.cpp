// How long reading revision metadata from plugin files takes, against loading the plugins.
//
//   plugin_metadata_bench [--iterations N] [--no-load] DIR...
//       For each plugin directory: read_plugin_metadata(), then that plus building the revision
//       graph and finding its heads, then load_plugin_directory() (dlopen of every plugin) for
//       comparison. Prints the minimum and the median of N runs in this process.
//   plugin_metadata_bench --heads DIR
//       Prints the heads from metadata alone, as `retort heads` does once it reads metadata: a
//       whole-command stand-in to time from a cold start with hyperfine or time.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include <retort/graph.hpp>

#include "loader/plugin_loader.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

struct timing {
  double min_ms;
  double median_ms;
};

timing measure(int iterations, const std::function<void()>& run) {
  std::vector<double> ms;
  for (int i = 0; i < iterations; ++i) {
    const auto start = clock_type::now();
    run();
    ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms.front(), ms[ms.size() / 2]};
}

void report(std::string_view what, const timing& t) {
  fmt::print("  {:<44} min {:8.2f} ms   median {:8.2f} ms\n", what, t.min_ms, t.median_ms);
}

std::vector<std::string> heads_from_metadata(const std::string& directory) {
  auto metadata = retort::read_plugin_metadata(directory);
  std::vector<retort::revision_info> infos;
  infos.reserve(metadata.size());
  for (auto& m : metadata) {
    infos.push_back(std::move(m.info));
  }
  const retort::revision_graph graph(std::move(infos));
  return graph.heads();
}

void bench_directory(const std::string& directory, int iterations, bool load) {
  const auto metadata = retort::read_plugin_metadata(directory);
  std::set<std::string> files;
  for (const auto& m : metadata) {
    files.insert(m.plugin_file);
  }
  fmt::print("{}: {} plugin files, {} revisions\n", directory, files.size(), metadata.size());

  report("read_plugin_metadata", measure(iterations, [&] {
           auto result = retort::read_plugin_metadata(directory);
           if (result.size() != metadata.size()) {
             std::abort();
           }
         }));
  report("read_plugin_metadata + revision_graph + heads", measure(iterations, [&] {
           if (heads_from_metadata(directory).empty()) {
             std::abort();
           }
         }));
  if (load) {
    report("load_plugin_directory (dlopen, for comparison)", measure(iterations, [&] {
             auto loaded = retort::load_plugin_directory(directory);
             if (loaded.size() != metadata.size()) {
               std::abort();
             }
           }));
  }
}

int usage() {
  fmt::print(stderr,
             "usage: plugin_metadata_bench [--iterations N] [--no-load] DIR...\n"
             "       plugin_metadata_bench --heads DIR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 2 && args[0] == "--heads") {
      for (const auto& head : heads_from_metadata(args[1])) {
        fmt::print("{} (head)\n", head);
      }
      return 0;
    }
    int iterations = 10;
    bool load = true;
    std::vector<std::string> directories;
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--iterations" && i + 1 < args.size()) {
        iterations = std::max(1, std::atoi(args[++i].c_str()));
      } else if (args[i] == "--no-load") {
        load = false;
      } else if (args[i].starts_with("--")) {
        return usage();
      } else {
        directories.push_back(args[i]);
      }
    }
    if (directories.empty()) {
      return usage();
    }
    for (const auto& directory : directories) {
      bench_directory(directory, iterations, load);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 1;
  }
  return 0;
}
