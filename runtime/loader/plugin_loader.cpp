#include "loader/plugin_loader.hpp"

#include <cxxabi.h>
#include <dlfcn.h>

#include <algorithm>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <boost/core/demangle.hpp>
#include <boost/dll/shared_library.hpp>

#include <retort/detail/metadata_record.hpp>
#include <retort/errors.hpp>

#include "loader/abi_check.hpp"
#include "loader/file_identity.hpp"
#include "loader/plugin_files.hpp"

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

std::string in_quotes(std::string_view text) {
  return fmt::format("\"{}\"", text);
}

std::string listed(const std::vector<std::string>& ids) {
  return fmt::format("{{{}}}", fmt::join(ids, ", "));
}

// The first field in which the plugin's code and its metadata section disagree, as a sentence
// naming the field and both values; empty when they agree.
std::optional<std::string> first_difference(const migration_metadata& recorded,
                                            const migration_metadata& code) {
  auto differ = [](std::string_view field, const std::string& in_code,
                   const std::string& in_metadata) {
    return fmt::format("its code says {} {}, its revision metadata says {}", field, in_code,
                       in_metadata);
  };
  if (code.info.down_revisions != recorded.info.down_revisions) {
    return differ("down_revision", listed(code.info.down_revisions),
                  listed(recorded.info.down_revisions));
  }
  if (code.info.message != recorded.info.message) {
    return differ("message", in_quotes(code.info.message), in_quotes(recorded.info.message));
  }
  if (code.info.branch_labels != recorded.info.branch_labels) {
    return differ("branch_labels", listed(code.info.branch_labels),
                  listed(recorded.info.branch_labels));
  }
  if (code.info.depends_on != recorded.info.depends_on) {
    return differ("depends_on", listed(code.info.depends_on), listed(recorded.info.depends_on));
  }
  if (code.transactional != recorded.transactional) {
    return differ("transactional", code.transactional ? "true" : "false",
                  recorded.transactional ? "true" : "false");
  }
  if (code.info.replaces != recorded.info.replaces) {
    return differ("replaces", listed(code.info.replaces), listed(recorded.info.replaces));
  }
  if (code.source_file != recorded.source_file) {
    return differ("source file", in_quotes(code.source_file), in_quotes(recorded.source_file));
  }
  return std::nullopt;
}

[[noreturn]] void refuse_disagreement(const std::string& file, const std::string& what) {
  throw plugin_error(
      file, fmt::format("{}; its revision metadata (section {}) does not describe its code, so "
                        "the file was changed after it was built: rebuild the plugin",
                        what, detail::metadata_section));
}

// Pairs the manifest the plugin's code returns with the metadata read from the file before
// loading, refusing any disagreement: the graph was (or will be) built from that metadata, so
// the code that runs must be the code it describes. Migrations keep the metadata's order.
// Each migration takes its metadata from `recorded`, which is left with the plugin files only.
void append_migrations(const std::shared_ptr<const plugin_library>& plugin,
                       std::span<migration_metadata> recorded,
                       std::vector<loaded_migration>& migrations) {
  const auto& manifest = read_manifest(*plugin);
  for (std::uint32_t i = 0; i < manifest.count; ++i) {
    const auto& entry = manifest.entries[i];
    if (entry.header == nullptr || entry.upgrade == nullptr || entry.downgrade == nullptr) {
      throw plugin_error(plugin->file(), fmt::format("migration {} of its list lacks a header, "
                                                     "upgrade() or downgrade()",
                                                     i + 1));
    }
  }
  // Nearly always the code declares what the metadata lists, in the same (link) order: then
  // each header is compared where it lies. Anything else is paired by revision below, which
  // says what differs.
  bool in_order = manifest.count == recorded.size();
  for (std::uint32_t i = 0; in_order && i < manifest.count; ++i) {
    const auto& entry = manifest.entries[i];
    in_order = loader::declared_header_agrees(plugin->file(), entry.header, entry.header_size,
                                              recorded[i]);
  }
  if (in_order) {
    for (std::uint32_t i = 0; i < manifest.count; ++i) {
      migrations.emplace_back(std::move(recorded[i]), plugin, manifest.entries[i]);
    }
    return;
  }
  // What the code declares, decoded before any of it is indexed: the index points into it.
  std::vector<migration_metadata> declared;
  for (std::uint32_t i = 0; i < manifest.count; ++i) {
    const auto& entry = manifest.entries[i];
    declared.push_back(
        loader::decode_declared_header(plugin->file(), entry.header, entry.header_size));
  }
  std::map<std::string_view,
           std::pair<const plugin_abi::migration_entry*, const migration_metadata*>>
      by_revision;
  for (std::uint32_t i = 0; i < manifest.count; ++i) {
    const auto& revision = declared[i].info.revision;
    if (!by_revision.emplace(revision, std::pair{&manifest.entries[i], &declared[i]}).second) {
      refuse_disagreement(plugin->file(),
                          fmt::format("its code declares revision {} twice", revision));
    }
  }
  for (auto& metadata : recorded) {
    auto found = by_revision.find(metadata.info.revision);
    if (found == by_revision.end()) {
      refuse_disagreement(plugin->file(),
                          fmt::format("its revision metadata lists revision {}, which its code "
                                      "does not declare",
                                      metadata.info.revision));
    }
    const auto& [entry, code] = found->second;
    if (auto difference = first_difference(metadata, *code)) {
      refuse_disagreement(plugin->file(),
                          fmt::format("revision {}: {}", metadata.info.revision, *difference));
    }
    migrations.emplace_back(std::move(metadata), plugin, *entry);
    by_revision.erase(found);
  }
  if (!by_revision.empty()) {
    refuse_disagreement(plugin->file(),
                        fmt::format("its code declares revision {}, which its revision metadata "
                                    "does not list",
                                    by_revision.begin()->first));
  }
}

// Loads `files`, whose metadata (every pre-load check passed) is `recorded`.
std::vector<loaded_migration> load_checked(const std::vector<std::string>& files,
                                           std::vector<migration_metadata> recorded) {
  std::vector<loaded_migration> migrations;
  migrations.reserve(recorded.size());
  auto first = recorded.begin();
  for (const auto& file : files) {
    auto last = std::find_if(first, recorded.end(),
                             [&](const migration_metadata& m) { return m.plugin_file != file; });
    auto plugin = open_plugin(file);
    check_abi(*plugin);
    append_migrations(plugin, {first, last}, migrations);
    first = last;
  }
  return migrations;
}

// Whether every plugin file of `metadata` is still the one it was read from, and passes the
// checks of its permissions and directories (which throw when it does not).
bool unchanged_since_read(const std::vector<migration_metadata>& metadata) {
  std::set<std::string> checked_directories;
  const std::string* previous = nullptr;
  for (const auto& m : metadata) {
    if (previous != nullptr && *previous == m.plugin_file) {
      continue;  // the same file as the migration before it
    }
    previous = &m.plugin_file;
    // A regular file, not a link (the check refuses those): its status is what stat would say.
    const auto identity = loader::check_plugin_file(m.plugin_file, checked_directories);
    if (!m.plugin_identity || identity != *m.plugin_identity) {
      return false;
    }
  }
  return true;
}

std::vector<loaded_migration> load_plugins(const std::vector<std::string>& files) {
  // Every file is checked, and its metadata read, before any is loaded: one bad file (or one
  // revision declared twice) and no plugin code runs at all.
  return load_checked(files, loader::read_checked_metadata(files));
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

loaded_migration::loaded_migration(migration_metadata&& metadata,
                                   std::shared_ptr<const plugin_library> library,
                                   const plugin_abi::migration_entry& entry)
    : info_(std::move(metadata.info)),
      transactional_(metadata.transactional),
      source_file_(std::move(metadata.source_file)),
      source_checksum_(std::move(metadata.source_checksum)),
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
  return load_plugins(loader::list_plugin_files(directory));
}

std::vector<loaded_migration> load_plugin_file(const std::filesystem::path& file) {
  return load_plugins({loader::canonical_plugin_path(file)});
}

std::vector<loaded_migration> load_plugin_code(const std::vector<migration_metadata>& metadata) {
  std::vector<std::string> files;
  for (const auto& m : metadata) {
    if (files.empty() || files.back() != m.plugin_file) {
      files.push_back(m.plugin_file);
    }
  }
  // Each file is checked again right before loading: one replaced or changed in between must
  // neither be loaded unchecked nor run code the graph was not built from. One that is still the
  // file that was read (see loader::file_identity) holds what was read; its permissions and its
  // directories' are checked again, which costs no read.
  if (unchanged_since_read(metadata)) {
    return load_checked(files, metadata);
  }
  auto recorded = loader::read_checked_metadata(files);
  if (recorded.size() != metadata.size() ||
      !std::equal(recorded.begin(), recorded.end(), metadata.begin())) {
    const auto [now, then] =
        std::mismatch(recorded.begin(), recorded.end(), metadata.begin(), metadata.end());
    const auto& file = now != recorded.end() ? now->plugin_file : then->plugin_file;
    throw plugin_error(file,
                       "changed since its revision metadata was read (rebuilt or replaced while "
                       "this command ran); run the command again");
  }
  return load_checked(files, std::move(recorded));
}

}  // namespace retort
