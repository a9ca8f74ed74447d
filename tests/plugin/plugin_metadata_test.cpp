// Revision metadata read from plugin files without loading them: it says what the plugin's own
// code says, no plugin code runs while it is read, and a file whose metadata is damaged or does
// not describe its code is refused by name.
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/detail/metadata_record.hpp>
#include <retort/errors.hpp>
#include <retort/graph.hpp>
#include <retort/op.hpp>
#include <retort/plugin_abi.hpp>

#include "digest/source_checksum.hpp"
#include "loader/plugin_loader.hpp"
#include "loader/plugin_metadata.hpp"
#include "plugin/elf_bytes.hpp"
#include "plugin/plugin_test_support.hpp"

namespace retort {

// Readable failures.
void PrintTo(const migration_metadata& m, std::ostream* out) {
  auto list = [](const std::vector<std::string>& ids) {
    std::string text = "{";
    for (const auto& id : ids) {
      text += (text.size() > 1 ? ", " : "") + id;
    }
    return text + "}";
  };
  *out << m.info.revision << " down=" << list(m.info.down_revisions)
       << " labels=" << list(m.info.branch_labels) << " depends_on=" << list(m.info.depends_on)
       << " message=\"" << m.info.message << "\" transactional=" << m.transactional
       << " source=" << m.source_file << " (info.source=" << m.info.source
       << ") plugin=" << m.plugin_file;
}

}  // namespace retort

namespace {

namespace fs = std::filesystem;
namespace op = retort::op;
using retort::migration_metadata;
using retort::plugin_test::bytes;
using retort::plugin_test::canonical_path;
using retort::plugin_test::scenario;
using retort::plugin_test::source;
using retort::plugin_test::temp_directory;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using namespace std::string_view_literals;

constexpr const char* beta_loaded = "RETORT_PLUGIN_TEST_BETA_LOADED";

using retort::plugin_test::is_loaded;

// What a plugin's code reports, asked directly (dlopen, dlsym, call), not through the loader.
std::vector<migration_metadata> reported_by_code(const fs::path& plugin) {
  const auto file = canonical_path(plugin);
  void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    throw std::runtime_error(::dlerror());
  }
  // A Boost.DLL alias is an exported pointer to the aliased function.
  const auto* alias = static_cast<void* const*>(::dlsym(handle, retort::plugin_abi::entry_symbol));
  if (alias == nullptr) {
    ::dlclose(handle);
    throw std::runtime_error(file + " has no entry point");
  }
  auto* entry = reinterpret_cast<retort::plugin_abi::entry_function*>(*alias);
  const auto* manifest = entry();
  std::vector<migration_metadata> out;
  for (std::uint32_t i = 0; i < manifest->count; ++i) {
    const auto& migration = manifest->entries[i];
    // The header the code declares, in the section's record format (decoded as the loader does).
    out.push_back(
        retort::loader::decode_declared_header(file, migration.header, migration.header_size));
  }
  ::dlclose(handle);
  return out;
}

// Every plugin of a directory, in the loader's order, as their code reports them.
std::vector<migration_metadata> reported_by_code_of_directory(const fs::path& directory) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(directory)) {
    if (entry.path().extension() == ".so" && entry.is_regular_file()) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<migration_metadata> out;
  for (const auto& file : files) {
    auto reported = reported_by_code(file);
    out.insert(out.end(), reported.begin(), reported.end());
  }
  return out;
}

class plugin_metadata : public ::testing::Test {
 protected:
  void SetUp() override { ::unsetenv(beta_loaded); }
  static bool beta_ran() { return std::getenv(beta_loaded) != nullptr; }
};

// --- What the metadata says -----------------------------------------------------------------

class plugin_metadata_of : public plugin_metadata,
                           public ::testing::WithParamInterface<std::string> {
 protected:
  [[nodiscard]] fs::path directory() const {
    return GetParam() == "example" ? fs::path(RETORT_EXAMPLE_PLUGINS) : scenario(GetParam());
  }
};

TEST_P(plugin_metadata_of, equals_what_the_plugin_code_reports) {
  auto metadata = retort::read_plugin_metadata(directory());
  const auto reported = reported_by_code_of_directory(directory());

  // The code does not know its source's checksum; the build wrote one for each migration
  // (tests/integrity compares it with the file's).
  for (auto& m : metadata) {
    EXPECT_TRUE(retort::digest::is_checksum(m.source_checksum)) << m.info.revision;
    m.source_checksum.clear();
  }
  EXPECT_EQ(metadata, reported);
  if (GetParam() != "empty") {
    EXPECT_THAT(metadata, Not(IsEmpty()));
  }
}

TEST_P(plugin_metadata_of, equals_what_the_loader_returns) {
  const auto metadata = retort::read_plugin_metadata(directory());
  const auto loaded = retort::load_plugin_directory(directory());

  ASSERT_EQ(loaded.size(), metadata.size());
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    EXPECT_EQ(loaded[i].info().revision, metadata[i].info.revision);
    EXPECT_EQ(loaded[i].info().down_revisions, metadata[i].info.down_revisions);
    EXPECT_EQ(loaded[i].info().branch_labels, metadata[i].info.branch_labels);
    EXPECT_EQ(loaded[i].info().depends_on, metadata[i].info.depends_on);
    EXPECT_EQ(loaded[i].info().message, metadata[i].info.message);
    EXPECT_EQ(loaded[i].info().source, metadata[i].info.source);
    EXPECT_EQ(loaded[i].transactional(), metadata[i].transactional);
    EXPECT_EQ(loaded[i].source_file(), metadata[i].source_file);
    EXPECT_EQ(loaded[i].plugin_file(), metadata[i].plugin_file);
  }
}

// `heads`, `history`, `branches` and `show` read only the revisions, without the rest of the
// metadata: the same files and records, in the same order, as every other command. (The values
// themselves are held to what the plugin code reports above.)
TEST_P(plugin_metadata_of, keeps_only_the_revisions_for_graph_commands) {
  const auto metadata = retort::read_plugin_metadata(directory());
  const auto revisions = retort::read_plugin_revisions(directory());

  ASSERT_EQ(revisions.size(), metadata.size());
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    const auto& expected = metadata[i].info;
    EXPECT_EQ(revisions[i].revision, expected.revision);
    EXPECT_EQ(revisions[i].down_revisions, expected.down_revisions);
    EXPECT_EQ(revisions[i].branch_labels, expected.branch_labels);
    EXPECT_EQ(revisions[i].depends_on, expected.depends_on);
    EXPECT_EQ(revisions[i].message, expected.message);
    EXPECT_EQ(revisions[i].source, metadata[i].source_file);
    EXPECT_EQ(revisions[i].replaces, expected.replaces);
  }
}

INSTANTIATE_TEST_SUITE_P(scenarios, plugin_metadata_of,
                         ::testing::Values("good", "varied", "varied_gc", "unity", "example",
                                           "empty"));

TEST_F(plugin_metadata, reads_every_field_of_several_migrations_in_one_plugin) {
  for (const auto* name : {"varied", "varied_gc"}) {
    SCOPED_TRACE(name);
    const auto metadata = retort::read_plugin_metadata(scenario(name));
    const auto plugin = canonical_path(scenario(name) / "varied.so");

    ASSERT_EQ(metadata.size(), 4U);
    const auto& a = metadata[0];
    EXPECT_EQ(a.info.revision, "dddd00000001");
    EXPECT_THAT(a.info.down_revisions, IsEmpty());
    EXPECT_EQ(a.info.message, "create bottles");
    EXPECT_THAT(a.info.branch_labels, ElementsAre("bottles", "stock"));
    EXPECT_THAT(a.info.depends_on, IsEmpty());
    EXPECT_TRUE(a.transactional);
    EXPECT_EQ(a.source_file, source("varied_base_a.cpp"));
    EXPECT_EQ(a.info.source, source("varied_base_a.cpp"));
    EXPECT_EQ(a.plugin_file, plugin);

    const auto& b = metadata[1];
    EXPECT_EQ(b.info.revision, "dddd00000002");
    EXPECT_EQ(b.info.message,
              "Ch\xC3\xA2teau \"Mouton\" \xE2\x80\x94 l'\xC3\xA9tiquette\\n\tcuv\xC3\xA9\x65 "
              "\xE6\x97\xA5\xE6\x9C\xAC\xE9\x85\x92\nsecond line");
    EXPECT_THAT(b.info.branch_labels, ElementsAre("labels"));

    const auto& c = metadata[2];
    EXPECT_EQ(c.info.revision, "dddd00000003");
    EXPECT_THAT(c.info.down_revisions, ElementsAre("dddd00000001"));
    EXPECT_THAT(c.info.depends_on, ElementsAre("dddd00000002", "labels"));

    const auto& merge = metadata[3];
    EXPECT_EQ(merge.info.revision, "dddd00000004");
    EXPECT_THAT(merge.info.down_revisions,
                ElementsAre("dddd00000001", "dddd00000002", "dddd00000003"));
    EXPECT_EQ(merge.info.message, "merge bottles, labels and vintages");
    EXPECT_THAT(merge.info.branch_labels, ElementsAre("cellar_book"));
    EXPECT_THAT(merge.info.depends_on, ElementsAre("aaaa00000001", "stock"));
    EXPECT_FALSE(merge.transactional);
    EXPECT_EQ(merge.source_file, source("varied_merge.cpp"));
  }
}

TEST_F(plugin_metadata, a_unity_build_keeps_every_file_its_own_migration_source_and_helpers) {
  const auto metadata = retort::read_plugin_metadata(scenario("unity"));
  const auto migrations = retort::load_plugin_code(metadata);

  ASSERT_EQ(metadata.size(), 6U);
  const std::vector<std::string> files{"varied_base_a.cpp",     "varied_base_b.cpp",
                                       "varied_base_c.cpp",     "varied_merge.cpp",
                                       "unity_helpers_one.cpp", "unity_helpers_two.cpp"};
  for (std::size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(metadata[i].info.revision, "dddd0000000" + std::to_string(i + 1));
    EXPECT_EQ(metadata[i].source_file, source(files[i]));
    EXPECT_EQ(migrations[i].source_file(), source(files[i]));
  }
  // Two files define a helper of the same name; each migration calls its own.
  EXPECT_EQ(migrations[4].upgrade(),
            retort::operations{op::create_table("casks", {op::column("id", op::type::integer())})});
  EXPECT_EQ(migrations[5].upgrade(), retort::operations{op::create_table(
                                         "barrels", {op::column("id", op::type::integer())})});
  EXPECT_EQ(migrations[3].downgrade(),
            retort::operations{op::drop_index("bottles_vintage", {.concurrently = true})});
}

TEST_F(plugin_metadata, reads_one_plugin_file) {
  const auto metadata = retort::read_plugin_metadata_file(scenario("good") / "beta.so");

  ASSERT_EQ(metadata.size(), 1U);
  EXPECT_EQ(metadata[0].info.revision, "aaaa00000001");
  EXPECT_FALSE(metadata[0].transactional);
  EXPECT_EQ(metadata[0].plugin_file, canonical_path(scenario("good") / "beta.so"));
}

TEST_F(plugin_metadata, loads_code_that_matches_its_metadata) {
  const auto migrations = retort::load_plugin_directory(scenario("varied"));

  ASSERT_EQ(migrations.size(), 4U);
  EXPECT_EQ(migrations[3].upgrade(),
            retort::operations{op::create_index("bottles_vintage", "bottles", {"vintage"},
                                                {.concurrently = true})});
}

TEST_F(plugin_metadata, loads_the_code_of_the_metadata_it_was_given) {
  const auto metadata = retort::read_plugin_metadata(scenario("good"));

  const auto migrations = retort::load_plugin_code(metadata);

  ASSERT_EQ(migrations.size(), metadata.size());
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].info().revision, metadata[i].info.revision);
    EXPECT_EQ(migrations[i].plugin_file(), metadata[i].plugin_file);
  }
  EXPECT_EQ(migrations[2].upgrade(), retort::operations{op::create_extension("pg_trgm")});
}

TEST_F(plugin_metadata, refuses_to_load_a_plugin_replaced_since_its_metadata_was_read) {
  temp_directory dir;
  fs::copy_file(scenario("good") / "alpha.so", dir.path() / "alpha.so");
  fs::copy_file(scenario("good") / "beta.so", dir.path() / "beta.so");
  const auto metadata = retort::read_plugin_metadata(dir.path());
  // A rebuild between reading and loading: another plugin now has the name.
  fs::copy_file(scenario("disagree") / "message.so", dir.path() / "beta.so",
                fs::copy_options::overwrite_existing);

  try {
    auto migrations = retort::load_plugin_code(metadata);
    FAIL() << "loaded " << migrations.size() << " migrations";
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(std::string(e.what()),
              canonical_path(dir.path() / "beta.so") +
                  ": changed since its revision metadata was read (rebuilt or replaced while "
                  "this command ran); run the command again");
  }
  EXPECT_FALSE(beta_ran());
}

// Its file times could not show a change made in the same clock step as the read.
TEST_F(plugin_metadata, does_not_trust_the_identity_of_a_plugin_written_just_before_it_was_read) {
  temp_directory dir;
  fs::copy_file(scenario("good") / "beta.so", dir.path() / "beta.so");
  const auto metadata = retort::read_plugin_metadata(dir.path());

  ASSERT_FALSE(metadata.empty());
  for (const auto& m : metadata) {
    EXPECT_FALSE(m.plugin_identity.has_value()) << m.info.revision;
  }
  // It is read again before loading, and loads.
  EXPECT_EQ(retort::load_plugin_code(metadata).size(), metadata.size());
}

TEST_F(plugin_metadata, loads_a_plugin_touched_but_unchanged_since_its_metadata_was_read) {
  temp_directory dir;
  fs::copy_file(scenario("good") / "beta.so", dir.path() / "beta.so");
  const auto metadata = retort::read_plugin_metadata(dir.path());
  fs::last_write_time(dir.path() / "beta.so",
                      fs::last_write_time(dir.path() / "beta.so") + std::chrono::hours(1));

  const auto migrations = retort::load_plugin_code(metadata);

  ASSERT_EQ(migrations.size(), metadata.size());
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].info().revision, metadata[i].info.revision);
  }
}

TEST_F(plugin_metadata, refuses_to_load_code_that_the_metadata_it_was_given_does_not_describe) {
  auto metadata = retort::read_plugin_metadata(scenario("good"));
  metadata[2].info.message = "what it said before it was rebuilt";

  try {
    auto migrations = retort::load_plugin_code(metadata);
    FAIL() << "loaded " << migrations.size() << " migrations";
  } catch (const retort::plugin_error& e) {
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("its revision metadata says \"what it said before it was rebuilt\""));
  }
}

// --- No plugin code runs --------------------------------------------------------------------

TEST_F(plugin_metadata, reads_without_loading_or_running_any_plugin_code) {
  const auto alpha = canonical_path(scenario("good") / "alpha.so");
  const auto beta = canonical_path(scenario("good") / "beta.so");

  const auto metadata = retort::read_plugin_metadata(scenario("good"));

  ASSERT_EQ(metadata.size(), 3U);
  EXPECT_FALSE(beta_ran()) << "beta.so's static initializer ran while its metadata was read";
  EXPECT_FALSE(is_loaded(alpha));
  EXPECT_FALSE(is_loaded(beta));

  // The witness works: loading the same directory runs beta.so's initializer.
  const auto loaded = retort::load_plugin_directory(scenario("good"));
  EXPECT_TRUE(beta_ran());
}

// --- Refusals: the same files, the same sentences as the loader -----------------------------

class plugin_metadata_refuses : public plugin_metadata,
                                public ::testing::WithParamInterface<std::string> {};

TEST_P(plugin_metadata_refuses, what_the_loader_refuses_before_loading_in_the_same_words) {
  std::string read_error;
  try {
    auto metadata = retort::read_plugin_metadata(scenario(GetParam()));
    ADD_FAILURE() << "read " << metadata.size() << " records";
  } catch (const retort::plugin_error& e) {
    read_error = e.what();
  }
  EXPECT_FALSE(beta_ran());
  for (const auto& entry : fs::directory_iterator(scenario(GetParam()))) {
    EXPECT_FALSE(is_loaded(entry.path())) << entry.path();
  }

  try {
    auto migrations = retort::load_plugin_directory(scenario(GetParam()));
    ADD_FAILURE() << "loaded " << migrations.size() << " migrations";
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(read_error, e.what());
  }
  EXPECT_FALSE(beta_ran()) << "a plugin was loaded before every file was checked";
  for (const auto& entry : fs::directory_iterator(scenario(GetParam()))) {
    EXPECT_FALSE(is_loaded(entry.path())) << entry.path();
  }
}

// Graph commands refuse the same files in the same words; a revision declared twice reaches the
// revision graph, which refuses it.
TEST_P(plugin_metadata_refuses, what_graph_commands_refuse_too) {
  std::string read_error;
  try {
    (void)retort::read_plugin_metadata(scenario(GetParam()));
  } catch (const retort::plugin_error& e) {
    read_error = e.what();
  }
  ASSERT_FALSE(read_error.empty());
  const bool duplicate = GetParam().starts_with("duplicate");
  try {
    auto revisions = retort::read_plugin_revisions(scenario(GetParam()));
    ASSERT_TRUE(duplicate) << "read " << revisions.size() << " revisions";
    try {
      retort::revision_graph graph{std::move(revisions)};
      ADD_FAILURE() << "the graph took " << graph.size() << " revisions";
    } catch (const retort::graph_error& e) {
      EXPECT_THAT(e.what(), HasSubstr("is declared twice"));
    }
  } catch (const retort::plugin_error& e) {
    EXPECT_FALSE(duplicate) << e.what();
    EXPECT_EQ(e.what(), read_error);
  }
  EXPECT_FALSE(beta_ran());
}

INSTANTIATE_TEST_SUITE_P(scenarios, plugin_metadata_refuses,
                         ::testing::Values("not_elf", "truncated", "stripped", "no_entry",
                                           "duplicate", "duplicate_within"));

TEST_F(plugin_metadata, refuses_a_missing_directory_and_file_as_the_loader_does) {
  const auto missing = scenario("no_such_scenario");
  try {
    (void)retort::read_plugin_metadata(missing);
    FAIL();
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(std::string(e.what()), missing.string() + ": plugin directory does not exist");
  }
  try {
    (void)retort::read_plugin_metadata_file(missing / "x.so");
    FAIL();
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(std::string(e.what()), (missing / "x.so").string() + ": no such file");
  }
}

// --- Code that its metadata does not describe -----------------------------------------------

std::string load_refusal(const fs::path& file) {
  try {
    auto migrations = retort::load_plugin_file(file);
    ADD_FAILURE() << "loaded " << migrations.size() << " migrations from " << file;
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(e.file(), canonical_path(file));
    return e.what();
  }
  return {};
}

constexpr std::string_view changed_after_build =
    "; its revision metadata (section retort_md) does not describe its code, so the file was "
    "changed after it was built: rebuild the plugin";

TEST_F(plugin_metadata, refuses_to_load_code_whose_message_differs_from_its_metadata) {
  const auto file = scenario("disagree") / "message.so";
  const auto metadata = retort::read_plugin_metadata_file(file);
  ASSERT_EQ(metadata.size(), 1U);
  EXPECT_EQ(metadata[0].info.message, "what the file says");

  EXPECT_EQ(load_refusal(file),
            canonical_path(file) +
                ": revision 9999000000a1: its code says message \"what the code says\", its "
                "revision metadata says \"what the file says\"" +
                std::string(changed_after_build));
}

TEST_F(plugin_metadata, refuses_to_load_code_lacking_a_revision_its_metadata_lists) {
  const auto file = scenario("disagree") / "extra.so";
  EXPECT_EQ(retort::read_plugin_metadata_file(file).size(), 2U);

  EXPECT_EQ(load_refusal(file), canonical_path(file) +
                                    ": its revision metadata lists revision 9999000000b2, which "
                                    "its code does not declare" +
                                    std::string(changed_after_build));
}

TEST_F(plugin_metadata, refuses_to_load_code_declaring_a_revision_its_metadata_lacks) {
  const auto file = scenario("disagree") / "missing.so";
  EXPECT_THAT(retort::read_plugin_metadata_file(file), IsEmpty());

  EXPECT_EQ(load_refusal(file), canonical_path(file) +
                                    ": its code declares revision 9999000000c1, which its "
                                    "revision metadata does not list" +
                                    std::string(changed_after_build));
}

TEST_F(plugin_metadata, refuses_a_whole_directory_for_one_plugin_that_disagrees) {
  temp_directory dir;
  fs::copy_file(scenario("good") / "beta.so", dir.path() / "aa_beta.so");
  fs::copy_file(scenario("disagree") / "message.so", dir.path() / "zz_message.so");

  EXPECT_EQ(retort::read_plugin_metadata(dir.path()).size(), 2U);
  EXPECT_THROW((void)retort::load_plugin_directory(dir.path()), retort::plugin_error);
}

// --- Damaged metadata in a copy of a good plugin --------------------------------------------

class damaged_metadata : public plugin_metadata {
 protected:
  void SetUp() override {
    plugin_metadata::SetUp();
    data_ = retort::plugin_test::read_bytes(scenario("good") / "alpha.so");
    section_ = retort::plugin_test::find_section(data_, "retort_md");
    const auto header = retort::plugin_test::get<ElfW(Shdr)>(
        data_, retort::plugin_test::section_offset(data_, section_));
    begin_ = header.sh_offset;
    end_ = header.sh_offset + header.sh_size;
    file_ = dir_.path() / "alpha.so";
  }

  // The file offset of `text` inside the metadata section.
  [[nodiscard]] std::uint64_t find(std::string_view text) const {
    const auto* first = data_.data() + begin_;
    const auto* last = data_.data() + end_;
    const auto* at = std::search(first, last, text.begin(), text.end());
    if (at == last) {
      throw std::logic_error("the metadata section lacks " + std::string(text));
    }
    return static_cast<std::uint64_t>(at - data_.data());
  }

  // Recomputes the checksum of the record at file offset `record`, as a forger would.
  void reseal(std::uint64_t record) {
    auto* bytes = reinterpret_cast<unsigned char*>(data_.data() + record);
    const auto length = retort::plugin_test::get<std::uint32_t>(data_, record + 8);
    const auto sum = retort::detail::metadata_checksum(bytes, length);
    retort::plugin_test::put(data_, record + retort::detail::metadata_checksum_offset, sum);
  }

  // Writes the damaged copy; returns why reading its metadata was refused.
  std::string read_refusal() {
    retort::plugin_test::write_bytes(file_, data_);
    try {
      auto metadata = retort::read_plugin_metadata_file(file_);
      ADD_FAILURE() << "read " << metadata.size() << " records from the damaged copy";
    } catch (const retort::plugin_error& e) {
      EXPECT_EQ(e.file(), file_.string());
      std::string what = e.what();
      EXPECT_EQ(what, load_refusal(file_)) << "the loader must refuse it in the same words";
      EXPECT_FALSE(is_loaded(file_));
      try {
        auto revisions = retort::read_plugin_revisions(file_.parent_path());
        ADD_FAILURE() << "graph commands read " << revisions.size() << " revisions";
      } catch (const retort::plugin_error& for_graph) {
        EXPECT_EQ(for_graph.what(), what) << "graph commands must refuse it in the same words";
      }
      return what.substr(file_.string().size() + 2);
    }
    return {};
  }

  bytes data_;
  std::size_t section_ = 0;
  std::uint64_t begin_ = 0;
  std::uint64_t end_ = 0;
  temp_directory dir_;
  fs::path file_;
};

TEST_F(damaged_metadata, refuses_a_changed_byte_by_its_checksum) {
  data_[find("create wines")] = 'C';
  EXPECT_EQ(read_refusal(),
            "corrupt revision metadata (section retort_md): the record at offset 0 fails its "
            "checksum: its bytes were changed; rebuild the plugin or copy it again");
}

TEST_F(damaged_metadata, refuses_a_resealed_message_when_the_code_is_loaded) {
  data_[find("create wines")] = 'C';
  reseal(begin_);
  retort::plugin_test::write_bytes(file_, data_);

  const auto metadata = retort::read_plugin_metadata_file(file_);
  ASSERT_EQ(metadata.size(), 2U);
  EXPECT_EQ(metadata[0].info.message, "Create wines");
  EXPECT_EQ(load_refusal(file_), file_.string() +
                                     ": revision bbbb00000001: its code says message \"create "
                                     "wines\", its revision metadata says \"Create wines\"" +
                                     std::string(changed_after_build));
}

TEST_F(damaged_metadata, refuses_a_resealed_transactional_flag_when_the_code_is_loaded) {
  data_[begin_ + 7] = 0;  // alpha_base.cpp is transactional
  reseal(begin_);
  retort::plugin_test::write_bytes(file_, data_);

  EXPECT_FALSE(retort::read_plugin_metadata_file(file_).at(0).transactional);
  EXPECT_EQ(load_refusal(file_),
            file_.string() +
                ": revision bbbb00000001: its code says transactional true, its revision "
                "metadata says false" +
                std::string(changed_after_build));
}

TEST_F(damaged_metadata, refuses_another_record_format_by_name) {
  data_[begin_ + 4] = 7;
  reseal(begin_);
  EXPECT_EQ(read_refusal(),
            "its revision metadata (section retort_md) is in record format 7, this runtime "
            "reads formats 2 to 4; rebuild the plugin against this retort");
}

TEST_F(damaged_metadata, refuses_a_section_cut_inside_a_record) {
  const auto header_at = retort::plugin_test::section_offset(data_, section_);
  auto header = retort::plugin_test::get<ElfW(Shdr)>(data_, header_at);
  header.sh_size = 50;
  retort::plugin_test::put(data_, header_at, header);
  EXPECT_THAT(read_refusal(),
              HasSubstr("corrupt revision metadata (section retort_md): the record at offset 0 "
                        "claims "));
  EXPECT_THAT(read_refusal(), HasSubstr("but 50 bytes are left in the section"));
}

TEST_F(damaged_metadata, refuses_a_section_past_the_end_of_the_file) {
  const auto header_at = retort::plugin_test::section_offset(data_, section_);
  auto header = retort::plugin_test::get<ElfW(Shdr)>(data_, header_at);
  header.sh_size = data_.size();
  retort::plugin_test::put(data_, header_at, header);
  EXPECT_THAT(read_refusal(), HasSubstr("truncated or corrupt: section retort_md ("));
}

TEST_F(damaged_metadata, refuses_a_plugin_without_the_metadata_section) {
  // Renames the section, as if the plugin came from a retort without metadata sections.
  const auto names = retort::plugin_test::get<ElfW(Shdr)>(
      data_,
      retort::plugin_test::section_offset(data_, retort::plugin_test::header(data_).e_shstrndx));
  const auto name = retort::plugin_test::get<ElfW(Shdr)>(
                        data_, retort::plugin_test::section_offset(data_, section_))
                        .sh_name;
  data_[names.sh_offset + name + 8] = 'x';  // retort_mx
  EXPECT_EQ(read_refusal(),
            "has no revision metadata (no section retort_md): built by an older retort or not "
            "with retort_add_migrations(); rebuild the plugin with retort_add_migrations()");
}

TEST_F(damaged_metadata, refuses_a_plugin_without_its_plugin_record) {
  // The header of the plugin record: magic, this retort's format version, kind 1.
  const std::string header{
      'R', 'T', 'M', 'D', static_cast<char>(retort::detail::metadata_format_version), '\0', '\x01'};
  const auto plugin_record = find(header);
  std::fill_n(data_.begin() + static_cast<std::ptrdiff_t>(plugin_record),
              retort::detail::metadata_header_size, '\0');
  EXPECT_THAT(read_refusal(), HasSubstr("has no revision metadata (no plugin record in section "
                                        "retort_md)"));
}

}  // namespace
