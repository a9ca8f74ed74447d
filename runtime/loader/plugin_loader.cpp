#include "loader/plugin_loader.hpp"

#include <cxxabi.h>
#include <dlfcn.h>

// <string> and <vector> before Boost: its 1.74 library_info.hpp uses them without including them.
#include <algorithm>
#include <exception>
#include <map>
#include <string>
#include <string_view>
#include <system_error>
#include <typeinfo>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/core/demangle.hpp>
#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>

#include <retort/errors.hpp>

#include "loader/abi_check.hpp"
#include "loader/elf_check.hpp"

namespace retort {

/// Owns one loaded plugin. Every `loaded_migration` from it shares ownership, so the library is
/// unloaded only when the last migration, function pointer and exception from it are gone.
class plugin_library {
 public:
  plugin_library(std::string file, boost::dll::shared_library library)
      : file_(std::move(file)), library_(std::move(library)) {}

  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] const boost::dll::shared_library& library() const noexcept { return library_; }

 private:
  std::string file_;
  boost::dll::shared_library library_;
};

namespace {

namespace fs = std::filesystem;

// --- Finding the files --------------------------------------------------------------------------

std::string describe(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::socket:
      return "a socket";
    case fs::file_type::block:
      return "a block device";
    case fs::file_type::character:
      return "a character device";
    default:
      return "neither a file nor a directory";
  }
}

fs::path absolute_path(const fs::path& path) {
  std::error_code ec;
  auto absolute = fs::absolute(path, ec);
  return ec ? path : absolute.lexically_normal();
}

// The absolute, canonical path of a plugin file: Boost.DLL would turn a bare name into ./name,
// and the same file reached by two names must be recognised as one.
std::string canonical_plugin_path(const fs::path& given) {
  if (given.empty()) {
    throw plugin_error("\"\"", "no plugin file given");
  }
  const fs::path path = absolute_path(given);
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) {
    std::error_code link_ec;
    if (fs::is_symlink(fs::symlink_status(path, link_ec))) {
      throw plugin_error(path.string(), fmt::format("a symbolic link to {}, which does not exist",
                                                    fs::read_symlink(path, link_ec).string()));
    }
    throw plugin_error(path.string(), ec && ec != std::errc::no_such_file_or_directory
                                          ? fmt::format("cannot be accessed: {}", ec.message())
                                          : std::string("no such file"));
  }
  if (!fs::is_regular_file(status)) {
    throw plugin_error(path.string(),
                       fmt::format("not a regular file but {}; a plugin is a shared library file",
                                   describe(status.type())));
  }
  auto canonical = fs::canonical(path, ec);
  if (ec) {
    throw plugin_error(path.string(), fmt::format("cannot be resolved: {}", ec.message()));
  }
  return canonical.string();
}

// Every `*.so` of the directory in file-name order; subdirectories are skipped.
std::vector<std::string> list_plugin_files(const fs::path& given) {
  if (given.empty()) {
    throw plugin_error("\"\"", "no plugin directory given");
  }
  const fs::path directory = absolute_path(given);
  const std::string name = directory.string();
  std::error_code ec;
  const auto status = fs::status(directory, ec);
  if (!fs::exists(status)) {
    throw plugin_error(name,
                       ec && ec != std::errc::no_such_file_or_directory
                           ? fmt::format("plugin directory cannot be accessed: {}", ec.message())
                           : std::string("plugin directory does not exist"));
  }
  if (!fs::is_directory(status)) {
    throw plugin_error(name, "not a directory; the plugin directory holds the plugin files (*.so)");
  }

  std::vector<fs::directory_entry> entries;
  try {
    for (const auto& entry : fs::directory_iterator(directory)) {
      if (entry.path().extension() == ".so") {
        entries.push_back(entry);
      }
    }
  } catch (const fs::filesystem_error& e) {
    throw plugin_error(name,
                       fmt::format("plugin directory cannot be listed: {}", e.code().message()));
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.path().filename().string() < b.path().filename().string();
  });

  std::vector<std::string> files;
  std::map<std::string, std::string> entry_of;  // canonical path -> the entry that named it
  for (const auto& entry : entries) {
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) {
      continue;
    }
    auto file = canonical_plugin_path(entry.path());
    auto [seen, inserted] = entry_of.emplace(file, entry.path().string());
    if (!inserted) {
      throw plugin_error(
          entry.path().string(),
          fmt::format("the same file as {} (both are {}); each of its revisions would be declared "
                      "twice: remove one of them",
                      seen->second, file));
    }
    files.push_back(std::move(file));
  }
  return files;
}

// --- Checks that run no plugin code -------------------------------------------------------------

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// dlopen runs a library's static initializers, so this is all that may be known before loading.
void check_entry_points(const std::string& file) {
  loader::check_elf_shared_object(file);
  std::vector<std::string> symbols;
  try {
    boost::dll::library_info info(file);
    symbols = info.symbols(plugin_abi::section);
  } catch (const std::exception& e) {
    throw plugin_error(file, fmt::format("cannot read its symbol table: {}", e.what()));
  }
  const bool has_abi = contains(symbols, plugin_abi::abi_symbol);
  const bool has_entry = contains(symbols, plugin_abi::entry_symbol);
  if (has_abi && has_entry) {
    return;
  }
  for (const auto& symbol : symbols) {
    if (std::string_view(symbol).starts_with("retort_abi_v")) {
      throw plugin_error(file,
                         fmt::format("built for another retort plugin ABI (it exports {}, this "
                                     "runtime reads {}); rebuild the plugin against this "
                                     "retort",
                                     symbol, plugin_abi::abi_symbol));
    }
  }
  if (!has_abi && !has_entry) {
    throw plugin_error(
        file, fmt::format("no retort entry point ({} and {} in section \"{}\"): not "
                          "built with retort_add_migrations()",
                          plugin_abi::abi_symbol, plugin_abi::entry_symbol, plugin_abi::section));
  }
  throw plugin_error(file, fmt::format("incomplete retort entry point: {} is missing from section "
                                       "\"{}\"; build plugins with retort_add_migrations()",
                                       has_abi ? plugin_abi::entry_symbol : plugin_abi::abi_symbol,
                                       plugin_abi::section));
}

// --- Loading ----------------------------------------------------------------------------------

// dlerror() names the file again and gives mangled symbol names; the author needs neither.
std::string explain_load_failure(const std::string& file, std::string text) {
  if (std::string_view(text).starts_with(file + ": ")) {
    text.erase(0, file.size() + 2);
  }
  constexpr std::string_view undefined = "undefined symbol: ";
  auto at = text.find(undefined);
  if (at != std::string::npos) {
    auto begin = at + undefined.size();
    auto end = std::min(text.find_first_of(", ", begin), text.size());
    auto symbol = text.substr(begin, end - begin);
    auto readable = boost::core::demangle(symbol.c_str());
    if (readable != symbol) {
      text.insert(end, fmt::format(" ({})", readable));
    }
    text += "; link the plugin with what defines it";
  }
  return text;
}

std::shared_ptr<const plugin_library> open_plugin(const std::string& file) {
  boost::dll::shared_library library;
  boost::dll::fs::error_code ec;
  // RTLD_NOW: an unresolved symbol fails here, not halfway through a migration.
  library.load(file, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec) {
    // Boost.DLL leaves dlopen's message in dlerror(); it names what is missing.
    const char* text = ::dlerror();
    throw plugin_error(file, fmt::format("cannot be loaded: {}",
                                         explain_load_failure(file, text ? text : ec.message())));
  }
  return std::make_shared<const plugin_library>(file, std::move(library));
}

template <class T>
T& get_alias(const plugin_library& plugin, const char* name) {
  try {
    // get_alias, not import: dll::import on an alias returns garbage in Boost 1.74.
    return plugin.library().get_alias<T>(name);
  } catch (const std::exception& e) {
    throw plugin_error(plugin.file(),
                       fmt::format("{} cannot be found after loading: {}", name, e.what()));
  }
}

void check_abi(const plugin_library& plugin) {
  const auto& block = get_alias<const plugin_abi::abi_block>(plugin, plugin_abi::abi_symbol);
  if (auto mismatch = loader::abi_mismatch(block, plugin_abi::current_abi())) {
    throw plugin_error(plugin.file(), *mismatch);
  }
}

const plugin_abi::manifest& read_manifest(const plugin_library& plugin) {
  auto& entry = get_alias<plugin_abi::entry_function>(plugin, plugin_abi::entry_symbol);
  const plugin_abi::manifest* manifest = nullptr;
  try {
    manifest = entry();
  } catch (const std::exception& e) {
    throw plugin_error(plugin.file(), fmt::format("its entry point threw: {}", e.what()));
  } catch (...) {
    throw plugin_error(plugin.file(), "its entry point threw a non-standard exception");
  }
  if (manifest == nullptr || (manifest->count > 0 && manifest->entries == nullptr)) {
    throw plugin_error(plugin.file(),
                       "its entry point returned no migration list; build plugins "
                       "with retort_add_migrations()");
  }
  return *manifest;
}

std::vector<std::string> to_strings(const id_list& ids) {
  return {ids.begin(), ids.end()};
}

// Copies what the graph needs into the runtime's own memory; only the functions stay in the
// plugin.
void append_migrations(const std::shared_ptr<const plugin_library>& plugin,
                       std::vector<loaded_migration>& migrations) {
  const auto& manifest = read_manifest(*plugin);
  for (std::uint32_t i = 0; i < manifest.count; ++i) {
    const auto& entry = manifest.entries[i];
    if (entry.info == nullptr || entry.upgrade == nullptr || entry.downgrade == nullptr) {
      throw plugin_error(plugin->file(), fmt::format("migration {} of its list lacks a header, "
                                                     "upgrade() or downgrade()",
                                                     i + 1));
    }
    const migration_info& info = *entry.info;
    std::string source = entry.source_file != nullptr ? entry.source_file : "";
    revision_info revision{.revision = std::string(info.revision),
                           .down_revisions = to_strings(info.down_revision),
                           .branch_labels = to_strings(info.branch_labels),
                           .depends_on = to_strings(info.depends_on),
                           .message = std::string(info.message),
                           .source = source};
    migrations.emplace_back(std::move(revision), info.transactional, std::move(source), plugin,
                            entry);
  }
}

// Alembic refuses two scripts with one revision id ("Revision %s is present more than once").
void check_unique_revisions(const std::vector<loaded_migration>& migrations) {
  std::map<std::string_view, const loaded_migration*> first;
  for (const auto& migration : migrations) {
    auto [found, inserted] = first.emplace(migration.info().revision, &migration);
    if (inserted) {
      continue;
    }
    const loaded_migration& earlier = *found->second;
    if (earlier.plugin_file() == migration.plugin_file()) {
      throw plugin_error(
          migration.plugin_file(),
          fmt::format("revision {} is declared twice in this plugin, by {} and by "
                      "{}; give one of them a new revision id",
                      migration.info().revision, earlier.source_file(), migration.source_file()));
    }
    throw plugin_error(migration.plugin_file(),
                       fmt::format("revision {} is declared by {} in this plugin and by {} in {}; "
                                   "give one of them a new revision id",
                                   migration.info().revision, migration.source_file(),
                                   earlier.source_file(), earlier.plugin_file()));
  }
}

std::vector<loaded_migration> load_plugins(const std::vector<std::string>& files) {
  // Every file is checked before any is loaded: one bad file and no plugin code runs at all.
  for (const auto& file : files) {
    check_entry_points(file);
  }
  std::vector<loaded_migration> migrations;
  for (const auto& file : files) {
    auto plugin = open_plugin(file);
    check_abi(*plugin);
    append_migrations(plugin, migrations);
  }
  check_unique_revisions(migrations);
  return migrations;
}

// --- Calling migration code -------------------------------------------------------------------

std::string current_exception_type() {
  const std::type_info* type = abi::__cxa_current_exception_type();
  return type != nullptr ? boost::core::demangle(type->name()) : std::string("unknown type");
}

// Converts while the plugin is loaded: the exception's type, what() and destructor are its code.
operations call_plugin(plugin_abi::migration_function function, std::string_view name,
                       const std::string& revision) {
  if (function == nullptr) {
    throw migration_code_error(fmt::format("{}() is missing", name), revision);
  }
  try {
    return function();
  } catch (const std::exception& e) {
    throw migration_code_error(
        fmt::format("{}() threw {}: {}", name, boost::core::demangle(typeid(e).name()), e.what()),
        revision);
  } catch (...) {
    throw migration_code_error(fmt::format("{}() threw a non-standard exception of type {} (not "
                                           "derived from std::exception)",
                                           name, current_exception_type()),
                               revision);
  }
}

}  // namespace

loaded_migration::loaded_migration(revision_info info, bool transactional, std::string source_file,
                                   std::shared_ptr<const plugin_library> library,
                                   const plugin_abi::migration_entry& entry)
    : info_(std::move(info)),
      transactional_(transactional),
      source_file_(std::move(source_file)),
      library_(std::move(library)),
      upgrade_(entry.upgrade),
      downgrade_(entry.downgrade) {}

const std::string& loaded_migration::plugin_file() const noexcept {
  static const std::string none;
  return library_ ? library_->file() : none;
}

operations loaded_migration::upgrade() const {
  return call_plugin(upgrade_, "upgrade", info_.revision);
}

operations loaded_migration::downgrade() const {
  return call_plugin(downgrade_, "downgrade", info_.revision);
}

std::vector<loaded_migration> load_plugin_directory(const std::filesystem::path& directory) {
  return load_plugins(list_plugin_files(directory));
}

std::vector<loaded_migration> load_plugin_file(const std::filesystem::path& file) {
  return load_plugins({canonical_plugin_path(file)});
}

}  // namespace retort
