#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/config.hpp"
#include "migrator/migrator.hpp"

/// One thin function per CLI verb, as Alembic's command.py: resolve, call the runtime, print.
namespace retort::cli {

/// `n` and the noun, plural unless `n` is 1: "1 revision", "3 errors".
[[nodiscard]] std::string counted(std::size_t n, std::string_view noun);

/// The runtime's options from the resolved settings; each line for the user goes to `out`.
[[nodiscard]] migrator_options migrator_options_for(const settings& s,
                                                    std::function<void(std::string_view)> out);
/// The same with a bundle already opened (or none), so it is verified once per command.
[[nodiscard]] migrator_options migrator_options_for(
    const settings& s, std::function<void(std::string_view)> out,
    std::shared_ptr<const bundle::verified_bundle> bundle);

/// A migrator for `s` whose lines for the user go to `out`, flushed as they come.
[[nodiscard]] migrator make_migrator(const settings& s, std::ostream& out);

/// The bundle `s` names, verified; none when `s` names a plugin directory.
[[nodiscard]] std::shared_ptr<const bundle::verified_bundle> open_configured_bundle(
    const settings& s);
/// The configured public key, if any.
[[nodiscard]] std::optional<std::filesystem::path> public_key_of(const settings& s);

/// Throws `config_error` for a `start:end` target, which only offline mode (`--sql`) accepts.
void refuse_range_online(const std::string& target);

void upgrade(const settings& s, const std::string& target, std::ostream& out);
/// `upgrade --databases FILE`: upgrades every database of the list, `jobs` at a time, each with
/// its own lock and transactions, then prints a summary table. Plugins and target are checked
/// once before any database is touched. Returns false when any database failed.
bool upgrade_fleet(const settings& s, const std::string& target,
                   const std::filesystem::path& database_list, int jobs, std::ostream& out);
void downgrade(const settings& s, const std::string& target, std::ostream& out);
void stamp(const settings& s, const std::vector<std::string>& targets, bool purge,
           std::ostream& out);
/// Offline mode (`--sql`): write the script instead of running it; no connection is made.
/// `target` may be a `start:end` range (required for downgrade).
void upgrade_sql(const settings& s, const std::string& target, std::ostream& out);
void downgrade_sql(const settings& s, const std::string& target, std::ostream& out);
void stamp_sql(const settings& s, const std::vector<std::string>& targets, bool purge,
               std::ostream& out);
/// `retort repair`: accepts the changed checksums of applied migrations, on the record.
void repair(const settings& s, std::ostream& out);
/// `retort resolve REV --applied|--reverted`: settles an interrupted non-transactional step.
void resolve(const settings& s, const std::string& revision, bool applied, std::ostream& out);
/// `retort log`: the history table, newest first; read-only.
void log(const settings& s, std::size_t limit, const std::string& revision, bool verbose,
         std::ostream& out);
/// Returns false when `check_heads` is set and the database is not at the heads.
bool current(const settings& s, bool verbose, bool check_heads, std::ostream& out);
void heads(const settings& s, bool verbose, bool resolve_dependencies, std::ostream& out);
void branches(const settings& s, bool verbose, std::ostream& out);
void show(const settings& s, const std::string& target, std::ostream& out);
void history(const settings& s, const std::string& range, bool verbose, bool indicate_current,
             std::ostream& out);

}  // namespace retort::cli
