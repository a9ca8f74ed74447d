// The `retort` program. The read-only graph verbs (`heads`, `branches`, `history`, `show`) are
// answered here from plugin metadata, in a process that loads neither the database client nor
// the bundle, archive and crypto libraries: those alone cost several times what reading a large
// graph does. `current` too: the database client comes in a module loaded for it alone, and a
// second thread reads the plugins while it connects and reads. The offline scripts of
// `upgrade --sql` and `downgrade --sql` come from another module, with the plugins' code and no
// database client.
// Every other command line, and any of these this process cannot answer cleanly, is handed
// whole to the full command (retort-full, installed beside it), which then owns every check,
// message and exit code.
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <string_view>
#include <thread>
#include <vector>

#include <retort/graph.hpp>
#include <retort/migration_info.hpp>

#include "cli/config.hpp"
#include "cli/database_heads.hpp"
#include "cli/escaped_output.hpp"
#include "cli/exit_codes.hpp"
#include "cli/graph_commands.hpp"
#include "cli/graph_request.hpp"
#include "cli/offline_script.hpp"
#include "cli/short_lived_heap.hpp"
#include "loader/plugin_metadata.hpp"
#include "plan/migration_plan.hpp"

namespace {

using namespace retort;

// Beside this program, wherever it was installed or linked from; never relative to the working
// directory, where anyone's program might sit under that name.
std::optional<std::filesystem::path> beside_this_program(const char* relative_path) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec || !self.is_absolute()) {
    return std::nullopt;
  }
  return self.parent_path() / relative_path;
}

// The entry point `symbol` of the module beside the full command; none when it cannot be
// loaded, and then the full command answers. Never closed: the process ends soon after, and
// what the modules load (libpq, the plugins) keeps state of its own.
template <class Function>
Function* module_function(const char* relative_path, const char* symbol) {
  const auto module = beside_this_program(relative_path);
  if (!module) {
    return nullptr;
  }
  void* handle = ::dlopen(module->c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    return nullptr;
  }
  return reinterpret_cast<Function*>(::dlsym(handle, symbol));
}

// The entry point of the module that reads the rows `current` shows; none when it cannot be
// loaded.
cli::read_database_heads_function* database_heads_reader() {
  return module_function<cli::read_database_heads_function>(RETORT_DATABASE_HEADS_FROM_BINDIR,
                                                            cli::read_database_heads_symbol);
}

// The rows `current` shows, read by `read`; `failed` when there is no module to read them.
cli::database_heads read_database_heads(cli::read_database_heads_function* read,
                                        const cli::database_heads_request& request) {
  cli::database_heads out;
  if (read != nullptr) {
    read(request, out);
  }
  return out;
}

// The script of `upgrade --sql` or `downgrade --sql`, written by its module; nothing when it
// cannot be loaded or refuses.
std::optional<std::string> offline_script(const cli::graph_request& request,
                                          const cli::settings& s) {
  auto* write = module_function<cli::write_offline_script_function>(
      RETORT_OFFLINE_SCRIPT_FROM_BINDIR, cli::write_offline_script_symbol);
  if (write == nullptr) {
    return std::nullopt;
  }
  const bool up = request.what == cli::graph_request::verb::upgrade_sql;
  const cli::offline_script_request script_request{
      .plugin_directory = s.plugins,
      .direction = up ? plan::direction::upgrade : plan::direction::downgrade,
      .range = request.target,
      .options = {.version_table = {s.version_table, s.version_table_schema},
                  .single_transaction = s.single_transaction}};
  cli::offline_script out;
  write(script_request, out);
  if (!out.written) {
    return std::nullopt;
  }
  return std::move(out.text);
}

const revision_graph& plugin_graph(const cli::settings& s) {
  // Freeing a large graph object by object, just before the process ends and the system
  // reclaims everything at once, would cost a tenth of the command; so the graph is kept,
  // reachable from here until exit (leak checkers agree it is not lost).
  static const auto* const kept_graph = new revision_graph(read_plugin_revisions(s.plugins));
  return *kept_graph;
}

struct answer {
  int exit_code = cli::exit_code::ok;
  std::string output;
  std::string error;  // a line for stderr, without "error: "
  // An offline script goes out byte for byte, as the SQL was written; everything else is for
  // people to read, and escaped as the full command escapes it.
  bool escaped = true;
};

// Everything is written at once at the end: a failure half-way hands the line to the full
// command without having printed a line of its own. Nothing when the full command must answer.
std::optional<answer> answer_graph_verb(const cli::graph_request& request) {
  const auto s = cli::resolve_settings(request.given);
  if (!s.bundle.empty() || s.plugins.empty()) {
    return std::nullopt;
  }
  std::ostringstream out;
  answer result;
  switch (request.what) {
    case cli::graph_request::verb::heads:
      cli::print_heads(plugin_graph(s), request.verbose, request.resolve_dependencies, out);
      break;
    case cli::graph_request::verb::branches:
      cli::print_branches(plugin_graph(s), request.verbose, out);
      break;
    case cli::graph_request::verb::history:
      cli::print_history(plugin_graph(s), request.range, request.verbose, false, {}, out);
      break;
    case cli::graph_request::verb::show: {
      const auto& graph = plugin_graph(s);
      cli::print_revisions(graph, plan::resolve_target(graph, request.target, {}), out);
      break;
    }
    case cli::graph_request::verb::current: {
      if (s.url.empty()) {
        return std::nullopt;
      }
      // Connecting and reading need none of the graph: the plugins are read meanwhile, on a
      // second thread, the database on this one, which is running already (a new thread may
      // wait for a processor). The database client is loaded first, before that thread starts:
      // loading maps, relocates and protects two dozen libraries, and beside the reading thread
      // it took half as long again (the median of `current` at 5,000 revisions went from 18.4
      // to 16.6 ms when it no longer did). Joined before anything leaves this scope.
      auto* const read_heads = database_heads_reader();
      const revision_graph* read_graph = nullptr;
      std::exception_ptr graph_failure;
      std::jthread graph_reader([&read_graph, &graph_failure, &s] {
        try {
          read_graph = &plugin_graph(s);
        } catch (...) {
          graph_failure = std::current_exception();
        }
      });
      const auto database =
          read_database_heads(read_heads, {.url = s.url,
                                           .location = {s.version_table, s.version_table_schema},
                                           .given_url = request.given.url});
      graph_reader.join();
      if (graph_failure) {
        std::rethrow_exception(graph_failure);
      }
      const auto& graph = *read_graph;
      // The full command reads the plugins first: their errors come before the database's.
      if (database.result == cli::database_heads::outcome::not_connected) {
        return answer{.exit_code = cli::exit_code::failure, .output = {}, .error = database.error};
      }
      if (database.result != cli::database_heads::outcome::read) {
        return std::nullopt;
      }
      plan::check_current_heads(graph, database.rows);
      if (!cli::print_current(graph, database.rows, database.markers, request.verbose,
                              request.check_heads, out)) {
        result.exit_code = cli::exit_code::not_at_head;
      }
      break;
    }
    case cli::graph_request::verb::upgrade_sql:
    case cli::graph_request::verb::downgrade_sql: {
      auto script = offline_script(request, s);
      if (!script) {
        return std::nullopt;
      }
      return answer{.exit_code = cli::exit_code::ok,
                    .output = std::move(*script),
                    .error = {},
                    .escaped = false};
    }
  }
  result.output = std::move(out).str();
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 1) {
    return cli::exit_code::usage;
  }
  const std::vector<std::string_view> arguments(argv + 1, argv + argc);
  if (auto request = cli::graph_request_of(arguments)) {
    cli::prepare_short_lived_heap();
    std::optional<answer> answered;
    try {
      answered = answer_graph_verb(*request);
    } catch (...) {
      // The full command reads the same files again and reports what is wrong, as it always has.
    }
    if (answered) {
      std::optional<cli::escaped_output> escaped;
      if (answered->escaped) {
        escaped.emplace(std::cout);
      }
      // A closed stdout is ignored, as the full command does.
      std::cout << answered->output << std::flush;
      if (!answered->error.empty()) {
        std::cerr << "error: " << answered->error << "\n";
      }
      return answered->exit_code;
    }
  }
  const auto full = beside_this_program(RETORT_FULL_COMMAND_FROM_BINDIR);
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
