// The module the front door loads for `upgrade --sql` and `downgrade --sql`: the plugins' code
// and the renderer come with it, and no database client.
#include <map>
#include <memory>
#include <vector>

#include "cli/offline_script.hpp"
#include "loader/plugin_loader.hpp"

namespace retort::cli {
namespace {

void write(const offline_script_request& request, offline_script& out) {
  // The loaded plugins are kept until the process exits, as retort-full keeps its migrator's:
  // unloading a hundred of them just before the system reclaims everything costs a tenth of the
  // script.
  static auto* const kept = new std::vector<std::vector<loaded_migration>>();
  const auto& migrations = kept->emplace_back(load_plugin_directory(request.plugin_directory));
  std::vector<revision_info> infos;
  infos.reserve(migrations.size());
  std::map<std::string, const loaded_migration*> by_revision;
  for (const auto& migration : migrations) {
    infos.push_back(migration.info());
    by_revision.emplace(migration.info().revision, &migration);
  }
  const revision_graph graph(std::move(infos));
  out.text = request.direction == plan::direction::upgrade
                 ? offline::upgrade_script(graph, by_revision, request.range, request.options)
                 : offline::downgrade_script(graph, by_revision, request.range, request.options);
  out.written = true;
}

}  // namespace
}  // namespace retort::cli

extern "C" [[gnu::visibility("default")]] void retort_write_offline_script(
    const retort::cli::offline_script_request& request, retort::cli::offline_script& out) noexcept {
  static_assert(std::is_same_v<decltype(retort_write_offline_script),
                               retort::cli::write_offline_script_function>);
  try {
    retort::cli::write(request, out);
  } catch (...) {
    out = {};  // failed: handed over, and the full command says why
  }
}
