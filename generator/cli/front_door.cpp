// The `retort` program. The read-only graph verbs (`heads`, `branches`, `history`, `show`) are
// answered here from plugin metadata, in a process that loads neither the database client nor
// the bundle, archive and crypto libraries: those alone cost several times what reading a large
// graph does. Every other command line, and any graph command this process cannot answer
// cleanly, is handed whole to the full command (retort-full, installed beside it), which then
// owns every check, message and exit code.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include <retort/graph.hpp>
#include <retort/migration_info.hpp>

#include "cli/config.hpp"
#include "cli/escaped_output.hpp"
#include "cli/exit_codes.hpp"
#include "cli/graph_commands.hpp"
#include "cli/graph_request.hpp"
#include "loader/plugin_metadata.hpp"
#include "plan/migration_plan.hpp"

namespace {

using namespace retort;

// Everything is written at once at the end: a failure half-way hands the line to the full
// command without having printed a line of its own.
bool answer(const cli::graph_request& request, std::string& output) {
  const auto s = cli::resolve_settings(request.given);
  if (!s.bundle.empty() || s.plugins.empty()) {
    return false;
  }
  // Freeing a large graph object by object, just before the process ends and the system
  // reclaims everything at once, would cost a tenth of the command; so the graph is kept,
  // reachable from here until exit (leak checkers agree it is not lost).
  static const auto* const kept_graph = new revision_graph(read_plugin_revisions(s.plugins));
  const auto& graph = *kept_graph;
  std::ostringstream out;
  switch (request.what) {
    case cli::graph_request::verb::heads:
      cli::print_heads(graph, request.verbose, request.resolve_dependencies, out);
      break;
    case cli::graph_request::verb::branches:
      cli::print_branches(graph, request.verbose, out);
      break;
    case cli::graph_request::verb::history:
      cli::print_history(graph, request.range, request.verbose, false, {}, out);
      break;
    case cli::graph_request::verb::show:
      cli::print_revisions(graph, plan::resolve_target(graph, request.target, {}), out);
      break;
  }
  output = std::move(out).str();
  return true;
}

// Beside this program, wherever it was installed or linked from; never relative to the working
// directory, where anyone's program might sit under that name.
std::optional<std::filesystem::path> full_command() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec || !self.is_absolute()) {
    return std::nullopt;
  }
  return self.parent_path() / RETORT_FULL_COMMAND_FROM_BINDIR;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 1) {
    return cli::exit_code::usage;
  }
  const std::vector<std::string_view> arguments(argv + 1, argv + argc);
  if (auto request = cli::graph_request_of(arguments)) {
    std::string output;
    bool answered = false;
    try {
      answered = answer(*request, output);
    } catch (...) {
      // The full command reads the same files again and reports what is wrong, as it always has.
    }
    if (answered) {
      cli::escaped_output escaped(std::cout);
      std::cout << output << std::flush;  // a closed stdout is ignored, as the full command does
      return cli::exit_code::ok;
    }
  }
  const auto full = full_command();
  if (!full) {
    std::cerr << "error: cannot find the full retort command: /proc/self/exe does not name this "
                 "program\n";
    return cli::exit_code::failure;
  }
  ::execv(full->c_str(), argv);
  std::cerr << "error: cannot run " << full->string()
            << ", the full retort command: " << std::strerror(errno) << "; reinstall retort\n";
  return cli::exit_code::failure;
}
