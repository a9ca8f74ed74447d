#include "loader/plugin_metadata.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include <retort/detail/metadata_record.hpp>
#include <retort/errors.hpp>
#include <retort/migration_info.hpp>
#include <retort/plugin_abi.hpp>

#include "digest/source_checksum.hpp"
#include "loader/elf_check.hpp"
#include "loader/plugin_files.hpp"
#include "printable.hpp"

namespace retort {

namespace loader {

namespace {

using detail::metadata_section;

// --- Entry points -----------------------------------------------------------------------------

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void check_entry_points(const std::string& file, const std::vector<std::string>& symbols) {
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

// --- Records ----------------------------------------------------------------------------------

std::uint32_t little_endian(const unsigned char* bytes, std::size_t size) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < size; ++i) {
    value |= static_cast<std::uint32_t>(bytes[i]) << (8 * i);
  }
  return value;
}

// A list of ids in a record, already checked: a count, then that many strings.
struct id_list_view {
  const unsigned char* first = nullptr;
  std::uint32_t count = 0;

  [[nodiscard]] bool equals(const std::vector<std::string>& ids) const {
    if (ids.size() != count) {
      return false;
    }
    const unsigned char* at = first;
    for (const auto& id : ids) {
      const auto length = little_endian(at, 4);
      if (std::string_view(reinterpret_cast<const char*>(at + 4), length) != id) {
        return false;
      }
      at += 4 + length;
    }
    return true;
  }

  [[nodiscard]] std::vector<std::string> strings() const {
    std::vector<std::string> out;
    out.reserve(count);
    const unsigned char* at = first;
    for (std::uint32_t i = 0; i < count; ++i) {
      const auto length = little_endian(at, 4);
      out.emplace_back(reinterpret_cast<const char*>(at + 4), length);
      at += 4 + length;
    }
    return out;
  }
};

// One migration record with its source checksum, checked, as views into its plugin's section:
// callers keep of it what they need, so reading a large history allocates only that.
struct migration_record {
  std::string_view revision;
  id_list_view down_revisions;
  std::string_view message;
  id_list_view branch_labels;
  id_list_view depends_on;
  std::string_view source_file;
  id_list_view replaces;
  std::string_view source_checksum;
  std::uint32_t format = 0;
  bool transactional = true;

  [[nodiscard]] revision_info info() const {
    return {.revision = std::string(revision),
            .down_revisions = down_revisions.strings(),
            .branch_labels = branch_labels.strings(),
            .depends_on = depends_on.strings(),
            .message = std::string(message),
            .source = std::string(source_file),
            .replaces = replaces.strings()};
  }
};

struct checksum_record {
  std::string_view revision;
  std::string_view checksum;
};

// Reads one record of the metadata section, refusing anything outside it.
class record_reader {
 public:
  // `in_code`: the header a migration's code declares, not a record of the section.
  record_reader(const std::string& file, const unsigned char* record, std::size_t size,
                std::size_t offset, bool in_code = false)
      : file_(file), record_(record), size_(size), offset_(offset), in_code_(in_code) {}

  [[noreturn]] void corrupt(std::string_view what) const {
    if (in_code_) {
      throw plugin_error(file_, fmt::format("the header a migration's code declares {}; the file "
                                            "was changed after it was built: rebuild the plugin",
                                            what));
    }
    throw plugin_error(file_, fmt::format("corrupt revision metadata (section {}): the record at "
                                          "offset {} {}; rebuild the plugin or copy it again",
                                          metadata_section, offset_, what));
  }

  // `what`, or "the number of <what>s" when `count`.
  std::uint32_t u32(std::string_view what, bool count = false) {
    if (size_ - at_ < 4) {
      corrupt(count ? fmt::format("ends inside the number of {}s", what)
                    : fmt::format("ends inside {}", what));
    }
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      value |= static_cast<std::uint32_t>(record_[at_ + i]) << (8 * i);
    }
    at_ += 4;
    return value;
  }

  // A view into the section, which outlives every use of it here.
  std::string_view string(std::string_view what) {
    const auto length = u32(what);
    if (size_ - at_ < length) {
      corrupt(
          fmt::format("ends inside {} ({} bytes announced, {} left)", what, length, size_ - at_));
    }
    std::string_view out(reinterpret_cast<const char*>(record_ + at_), length);
    at_ += length;
    return out;
  }

  // Ids and labels are checked as the compiler checked them: a bad one means damage.
  std::string_view id(std::string_view what) {
    auto out = string(what);
    if (!is_valid_revision_id(out)) {
      corrupt(fmt::format("holds an invalid {} \"{}\"", what, printable(out)));
    }
    return out;
  }

  id_list_view ids(std::string_view what, std::size_t capacity = id_list::capacity) {
    const auto count = u32(what, true);
    if (count > capacity) {
      corrupt(fmt::format("lists {} {}s, at most {} are possible", count, what, capacity));
    }
    id_list_view out{record_ + at_, count};
    for (std::uint32_t i = 0; i < count; ++i) {
      (void)id(what);
    }
    return out;
  }

  void expect_end() const {
    if (at_ != size_) {
      corrupt(fmt::format("has {} bytes after its last field", size_ - at_));
    }
  }

  void skip_header() { at_ = detail::metadata_header_size; }

 private:
  const std::string& file_;
  const unsigned char* record_;
  std::size_t size_;
  std::size_t offset_;
  bool in_code_;
  std::size_t at_ = 0;
};

// The body of a migration record whose header `in` has read; `flags` from that header.
migration_record decode_migration(record_reader& in, std::uint32_t format, std::uint8_t flags) {
  if ((flags & ~detail::metadata_flag_transactional) != 0) {
    in.corrupt(fmt::format("has unknown flags {:#x}", flags));
  }
  migration_record out;
  out.revision = in.id("revision id");
  out.down_revisions = in.ids("down revision");
  out.message = in.string("message");
  out.branch_labels = in.ids("branch label");
  out.depends_on = in.ids("depends_on id");
  out.source_file = in.string("source file name");
  if (format >= 3) {
    out.replaces = in.ids("replaced revision", replaced_list::capacity);
  }
  in.expect_end();
  out.format = format;
  out.transactional = (flags & detail::metadata_flag_transactional) != 0;
  return out;
}

// Each migration gets the checksum the build recorded for its revision, in order: one each, and
// no checksum without its migration. A revision declared twice brings two (the duplicate check
// then names both sources).
void attach_checksums(const std::string& file, std::span<migration_record> migrations,
                      std::span<const checksum_record> checksums) {
  // The build writes them in the order the migrations are linked; then they pair up one by one.
  if (checksums.size() == migrations.size() &&
      std::equal(migrations.begin(), migrations.end(), checksums.begin(),
                 [](const auto& m, const auto& c) { return m.revision == c.revision; })) {
    for (std::size_t i = 0; i < migrations.size(); ++i) {
      migrations[i].source_checksum = checksums[i].checksum;
    }
    return;
  }
  std::unordered_map<std::string_view, std::vector<std::string_view>> by_revision;
  for (const auto& [revision, checksum] : checksums) {
    by_revision[revision].push_back(checksum);
  }
  std::unordered_map<std::string_view, std::size_t> used;
  for (auto& migration : migrations) {
    auto found = by_revision.find(migration.revision);
    auto& n = used[migration.revision];
    if (found == by_revision.end() || n >= found->second.size()) {
      throw plugin_error(
          file, fmt::format("has no source checksum for revision {} ({}): built without "
                            "retort_add_migrations(), which records them; rebuild the plugin "
                            "with retort_add_migrations()",
                            migration.revision, printable(migration.source_file)));
    }
    migration.source_checksum = found->second[n++];
  }
  for (const auto& [revision, sums] : by_revision) {
    const auto declared = used[revision];
    if (declared < sums.size()) {
      throw plugin_error(
          file, fmt::format("corrupt revision metadata (section {}): {} source checksum{} for "
                            "revision {}, which {} of this plugin declare{}; rebuild the plugin "
                            "with retort_add_migrations()",
                            metadata_section, sums.size(), sums.size() == 1 ? "" : "s", revision,
                            declared == 0   ? std::string("no migration")
                            : declared == 1 ? std::string("1 migration")
                                            : fmt::format("{} migrations", declared),
                            declared > 1 ? "" : "s"));
    }
  }
}

// --- Duplicates -------------------------------------------------------------------------------

// Alembic refuses two scripts with one revision id ("Revision %s is present more than once").
void check_unique_revisions(const std::vector<migration_metadata>& migrations) {
  std::unordered_map<std::string_view, const migration_metadata*> first;
  first.reserve(migrations.size());
  for (const auto& migration : migrations) {
    auto [found, inserted] = first.emplace(migration.info.revision, &migration);
    if (inserted) {
      continue;
    }
    const migration_metadata& earlier = *found->second;
    if (earlier.plugin_file == migration.plugin_file) {
      throw plugin_error(
          migration.plugin_file,
          fmt::format("revision {} is declared twice in this plugin, by {} and by "
                      "{}; give one of them a new revision id",
                      migration.info.revision, earlier.source_file, migration.source_file));
    }
    throw plugin_error(migration.plugin_file,
                       fmt::format("revision {} is declared by {} in this plugin and by {} in {}; "
                                   "give one of them a new revision id",
                                   migration.info.revision, migration.source_file,
                                   earlier.source_file, earlier.plugin_file));
  }
}

// The header of the record at `record` (`left` bytes to the end of what holds it; `offset` in the
// section, for messages), checked: magic, a format this runtime reads, a length that fits, and
// the checksum.
struct record_header {
  std::uint32_t format;
  std::uint8_t kind;
  std::uint8_t flags;
  std::uint32_t length;
};

record_header checked_header(const std::string& file, const unsigned char* record, std::size_t left,
                             std::size_t offset, bool in_code = false) {
  record_reader header(file, record, left, offset, in_code);
  if (left < detail::metadata_magic.size() ||
      std::memcmp(record, detail::metadata_magic.data(), detail::metadata_magic.size()) != 0) {
    header.corrupt("does not begin with a record's magic \"RTMD\"");
  }
  if (left < 6) {
    header.corrupt("is cut off inside its header");
  }
  // Checked before anything else: another format may lay out the rest differently.
  const auto format = little_endian(record + 4, 2);
  if (format < detail::metadata_oldest_readable_format ||
      format > detail::metadata_format_version) {
    throw plugin_error(
        file, fmt::format("its revision metadata (section {}) is in record "
                          "format {}, this runtime reads formats {} to {}; "
                          "rebuild the plugin against this retort",
                          metadata_section, format, detail::metadata_oldest_readable_format,
                          detail::metadata_format_version));
  }
  if (left < detail::metadata_header_size) {
    header.corrupt("is cut off inside its header");
  }
  const auto length = little_endian(record + 8, 4);
  if (length < detail::metadata_header_size || length > left) {
    header.corrupt(fmt::format("claims {} bytes, but {} bytes are left in {}", length, left,
                               in_code ? "what its code gives" : "the section"));
  }
  if (little_endian(record + detail::metadata_checksum_offset, 4) !=
      detail::metadata_checksum(record, length)) {
    header.corrupt("fails its checksum: its bytes were changed");
  }
  return {format, record[6], record[7], length};
}

// The migrations of one plugin's section, every record checked, into `migrations` (emptied
// first); `checksums` is scratch space. Both are views into `section`.
void read_records(const std::string& file, const std::vector<unsigned char>& section,
                  std::vector<migration_record>& migrations,
                  std::vector<checksum_record>& checksums) {
  migrations.clear();
  checksums.clear();
  std::size_t plugin_records = 0;
  const std::size_t size = section.size();
  std::size_t offset = 0;
  while (offset < size) {
    // The linker pads between the records of two translation units with zeros.
    if (section[offset] == 0) {
      ++offset;
      continue;
    }
    const unsigned char* record = section.data() + offset;
    const auto [format, kind, flags, length] = checked_header(file, record, size - offset, offset);
    record_reader in(file, record, length, offset);
    in.skip_header();
    if (kind == static_cast<std::uint8_t>(detail::metadata_kind::plugin)) {
      if (flags != 0) {
        in.corrupt(fmt::format("has unknown flags {:#x}", flags));
      }
      in.expect_end();
      ++plugin_records;
    } else if (kind == static_cast<std::uint8_t>(detail::metadata_kind::migration)) {
      migrations.push_back(decode_migration(in, format, flags));
    } else if (kind == static_cast<std::uint8_t>(detail::metadata_kind::source_checksum)) {
      if (flags != 0) {
        in.corrupt(fmt::format("has unknown flags {:#x}", flags));
      }
      auto revision = in.id("revision id");
      auto checksum = in.string("source checksum");
      if (!digest::is_checksum(checksum)) {
        in.corrupt(
            fmt::format("holds a source checksum that is not 64 lowercase hex digits: "
                        "\"{}\"",
                        printable(checksum)));
      }
      in.expect_end();
      checksums.push_back({revision, checksum});
    } else {
      in.corrupt(fmt::format("is of unknown kind {}", kind));
    }
    offset += length;
  }
  if (plugin_records == 0) {
    throw plugin_error(
        file, fmt::format("has no revision metadata (no plugin record in section {}): built by "
                          "an older retort or not with retort_add_migrations(); rebuild the "
                          "plugin with retort_add_migrations()",
                          metadata_section));
  }
  if (plugin_records > 1) {
    throw plugin_error(file, fmt::format("holds {} plugin records in section {}, one is expected: "
                                         "retort_plugin_entry.cpp was linked more than once; "
                                         "build plugins with retort_add_migrations()",
                                         plugin_records, metadata_section));
  }
  attach_checksums(file, migrations, checksums);
}

migration_metadata metadata_from(const migration_record& record, const std::string& file,
                                 const std::optional<file_identity>& identity) {
  migration_metadata out;
  out.info = record.info();
  out.transactional = record.transactional;
  out.source_file = record.source_file;
  out.plugin_file = file;
  out.source_checksum = record.source_checksum;
  out.record_format = record.format;
  out.plugin_identity = identity;
  return out;
}

}  // namespace

std::vector<migration_metadata> decode_metadata(const std::string& file,
                                                const std::vector<unsigned char>& section) {
  std::vector<migration_record> records;
  std::vector<checksum_record> checksums;
  read_records(file, section, records, checksums);
  std::vector<migration_metadata> migrations;
  migrations.reserve(records.size());
  for (const auto& record : records) {
    migrations.push_back(metadata_from(record, file, std::nullopt));
  }
  return migrations;
}

namespace {

// The declared header, checked; its views point into `header`.
migration_record checked_declared_header(const std::string& file, const unsigned char* header,
                                         std::size_t size) {
  const auto [format, kind, flags, length] = checked_header(file, header, size, 0, true);
  record_reader in(file, header, size, 0, true);
  if (kind != static_cast<std::uint8_t>(detail::metadata_kind::migration)) {
    in.corrupt(fmt::format("is of kind {}, not a migration's header", kind));
  }
  if (length != size) {
    in.corrupt(fmt::format("claims {} bytes, but its code gives {}", length, size));
  }
  in.skip_header();
  return decode_migration(in, format, flags);
}

}  // namespace

migration_metadata decode_declared_header(const std::string& file, const unsigned char* header,
                                          std::size_t size) {
  return metadata_from(checked_declared_header(file, header, size), file, std::nullopt);
}

bool declared_header_agrees(const std::string& file, const unsigned char* header, std::size_t size,
                            const migration_metadata& recorded) {
  const auto code = checked_declared_header(file, header, size);
  const auto& info = recorded.info;
  return code.revision == info.revision && code.down_revisions.equals(info.down_revisions) &&
         code.message == info.message && code.branch_labels.equals(info.branch_labels) &&
         code.depends_on.equals(info.depends_on) && code.source_file == recorded.source_file &&
         code.replaces.equals(info.replaces) && code.transactional == recorded.transactional;
}

namespace {

// Every check of one plugin file that runs none of its code, then its metadata section, into
// `elf` (with `buffers`, reused from file to file).
void read_checked_section(const std::string& file, std::set<std::string>& checked_directories,
                          elf_read_buffers& buffers, elf_plugin& elf) {
  const checked_plugin_file opened(file, checked_directories);
  read_plugin_elf(file, opened.descriptor(), opened.identity(), plugin_abi::section,
                  metadata_section, buffers, elf);
  check_entry_points(file, elf.section_symbols);
  if (!elf.section_data) {
    throw plugin_error(
        file, fmt::format("has no revision metadata (no section {}): built by an older retort "
                          "or not with retort_add_migrations(); rebuild the plugin with "
                          "retort_add_migrations()",
                          metadata_section));
  }
}

// How many migrations all of `files` are likely to hold, from the first one's `first_count`: for
// sizing what is kept of them, since growing it record by record would move every migration
// read so far, again and again. Bounded, so that an unusual first file cannot ask for much.
std::size_t likely_migrations(std::size_t first_count, const std::vector<std::string>& files) {
  constexpr std::size_t at_most = std::size_t{1} << 16;
  return std::min(first_count * files.size(), std::max(first_count, at_most));
}

// `keep(file, identity, record)` for each migration, file by file, in link order; the identity
// only when it will show a later change of the file. Each file is checked, read and decoded
// before the next is opened, so only one file's section is held at a time: holding them all
// touched a megabyte more memory at 5,000 revisions, and on a virtual machine each fresh page
// costs microseconds. `reserve(n)` hears after the first file how many migrations to expect.
template <class Reserve, class Keep>
void for_each_migration(const std::vector<std::string>& files, Reserve reserve, Keep keep) {
  std::set<std::string> checked_directories;
  elf_read_buffers buffers;
  elf_plugin elf;
  std::vector<migration_record> migrations;
  std::vector<checksum_record> checksums;
  for (const auto& file : files) {
    read_checked_section(file, checked_directories, buffers, elf);
    const auto read_at_ns = now_ns();
    read_records(file, *elf.section_data, migrations, checksums);
    if (&file == &files.front()) {
      reserve(likely_migrations(migrations.size(), files));
    }
    const auto identity = settled_when_read(elf.identity, read_at_ns)
                              ? std::optional<file_identity>(elf.identity)
                              : std::nullopt;
    for (const auto& migration : migrations) {
      keep(file, identity, migration);
    }
  }
}

std::vector<revision_info> read_checked_revisions(const std::vector<std::string>& files) {
  std::vector<revision_info> revisions;
  for_each_migration(
      files, [&](std::size_t count) { revisions.reserve(count); },
      [&](const std::string&, const std::optional<file_identity>&, const migration_record& record) {
        revisions.push_back(record.info());
      });
  return revisions;
}

}  // namespace

std::vector<migration_metadata> read_checked_metadata(const std::vector<std::string>& files) {
  std::vector<migration_metadata> migrations;
  for_each_migration(
      files, [&](std::size_t count) { migrations.reserve(count); },
      [&](const std::string& file, const std::optional<file_identity>& identity,
          const migration_record& record) {
        migrations.push_back(metadata_from(record, file, identity));
      });
  check_unique_revisions(migrations);
  return migrations;
}

}  // namespace loader

std::vector<migration_metadata> read_plugin_metadata(const std::filesystem::path& directory) {
  return loader::read_checked_metadata(loader::list_plugin_files(directory));
}

std::vector<migration_metadata> read_plugin_metadata_file(const std::filesystem::path& file) {
  return loader::read_checked_metadata({loader::canonical_plugin_path(file)});
}

std::vector<revision_info> read_plugin_revisions(const std::filesystem::path& directory) {
  return loader::read_checked_revisions(loader::list_plugin_files(directory));
}

}  // namespace retort
