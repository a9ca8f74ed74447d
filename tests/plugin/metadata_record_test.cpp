// The metadata record format on its own: records built at compile time by the authoring header,
// decoded by the runtime, and every kind of damage refused by a sentence naming the file.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/detail/metadata_record.hpp>
#include <retort/errors.hpp>

#include "loader/plugin_metadata.hpp"

namespace {

using retort::detail::metadata_checksum;
using retort::detail::migration_record;
using retort::detail::migration_record_size;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using section = std::vector<unsigned char>;

constexpr const char* file = "/plugins/test.so";

constexpr retort::migration_info merge{.revision = "abcd00000004",
                                       .down_revision = {"abcd00000001", "abcd00000002"},
                                       .message = "merge \"left\" — and right\\",
                                       .branch_labels = {"cellar"},
                                       .depends_on = {"abcd00000003", "stock"},
                                       .transactional = false};
constexpr std::string_view merge_source = "versions/merge.cpp";
constexpr auto merge_record =
    migration_record<migration_record_size(merge, merge_source)>(merge, merge_source);

constexpr retort::migration_info base{.revision = "abcd00000001", .message = "base"};
constexpr auto base_record = migration_record<migration_record_size(base, "b.cpp")>(base, "b.cpp");

constexpr auto plugin_record = retort::detail::plugin_record();

constexpr std::string_view base_sum =
    "1111111111111111111111111111111111111111111111111111111111111111";
constexpr std::string_view merge_sum =
    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
template <std::size_t N>
constexpr auto checksum_record(std::string_view revision, std::string_view sum) {
  return retort::detail::source_checksum_record<N>(revision, sum);
}
constexpr auto base_sum_record =
    checksum_record<retort::detail::source_checksum_record_size("abcd00000001", base_sum)>(
        "abcd00000001", base_sum);
constexpr auto merge_sum_record =
    checksum_record<retort::detail::source_checksum_record_size("abcd00000004", merge_sum)>(
        "abcd00000004", merge_sum);

// The records are constants: the compiler writes them, no initializer runs.
static_assert(plugin_record.size() == retort::detail::metadata_header_size);
static_assert(merge_record[0] == 'R' && merge_record[6] == 2 && merge_record[7] == 0);
static_assert(base_record[7] == retort::detail::metadata_flag_transactional);

template <class Record>
void append(section& out, const Record& record, std::size_t padding = 0) {
  out.insert(out.end(), record.begin(), record.end());
  out.insert(out.end(), padding, 0);
}

// A section as the linker writes it: records of several translation units, padded.
section linked() {
  section out;
  append(out, base_record, 3);
  append(out, merge_record, 29);
  append(out, plugin_record);
  append(out, merge_sum_record, 1);
  append(out, base_sum_record);
  return out;
}

// Writes `sum` into the checksum field of the record at `record`.
void write_checksum(section& bytes, std::size_t record, std::uint32_t sum) {
  for (std::size_t i = 0; i < 4; ++i) {
    bytes[record + retort::detail::metadata_checksum_offset + i] =
        static_cast<unsigned char>(sum >> (8 * i));
  }
}

void reseal(section& bytes, std::size_t record, std::size_t length) {
  write_checksum(bytes, record, metadata_checksum(bytes.data() + record, length));
}

std::string refusal(const section& bytes) {
  try {
    auto migrations = retort::loader::decode_metadata(file, bytes);
    ADD_FAILURE() << "decoded " << migrations.size() << " migrations";
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(e.file(), file);
    return e.what();
  }
  return {};
}

// The fields of `merge`, as the runtime decodes them from its record.
void expect_merge(const retort::migration_metadata& m) {
  EXPECT_EQ(m.info.revision, "abcd00000004");
  EXPECT_THAT(m.info.down_revisions, ElementsAre("abcd00000001", "abcd00000002"));
  EXPECT_EQ(m.info.message, "merge \"left\" — and right\\");
  EXPECT_THAT(m.info.branch_labels, ElementsAre("cellar"));
  EXPECT_THAT(m.info.depends_on, ElementsAre("abcd00000003", "stock"));
  EXPECT_FALSE(m.transactional);
  EXPECT_EQ(m.source_file, merge_source);
  EXPECT_EQ(m.info.source, merge_source);
}

TEST(metadata_record, lays_out_a_plugin_record_as_documented) {
  const std::uint32_t sum = metadata_checksum(plugin_record.data(), plugin_record.size());
  EXPECT_THAT(plugin_record, ElementsAre('R', 'T', 'M', 'D', 4, 0, 1, 0, 16, 0, 0, 0, sum & 0xff,
                                         (sum >> 8) & 0xff, (sum >> 16) & 0xff, sum >> 24));
}

TEST(metadata_record, lays_out_a_migration_record_as_documented) {
  const section bytes(base_record.begin(), base_record.end());
  // clang-format off
  const section expected_body{
      12,  0,   0,   0,   'a', 'b', 'c', 'd', '0', '0', '0', '0', '0', '0', '0', '1',  // revision
      0,   0,   0,   0,                                                                // down
      4,   0,   0,   0,   'b', 'a', 's', 'e',                                          // message
      0,   0,   0,   0,                                                                // labels
      0,   0,   0,   0,                                                                // depends
      5,   0,   0,   0,   'b', '.', 'c', 'p', 'p',                                     // source
      0,   0,   0,   0};                                                               // replaces
  // clang-format on
  ASSERT_EQ(bytes.size(), 16 + expected_body.size());
  EXPECT_EQ(bytes[8], bytes.size());
  EXPECT_EQ(section(bytes.begin() + 16, bytes.end()), expected_body);
}

constexpr retort::migration_info squash{
    .revision = "abcd00000009", .message = "squash", .replaces = {"abcd00000005", "abcd00000006"}};
constexpr auto squash_record =
    migration_record<migration_record_size(squash, "s.cpp")>(squash, "s.cpp");
constexpr auto squash_sum_record =
    checksum_record<retort::detail::source_checksum_record_size("abcd00000009", base_sum)>(
        "abcd00000009", base_sum);

TEST(metadata_record, decodes_the_ids_a_squash_replaces) {
  section bytes;
  append(bytes, squash_record);
  append(bytes, plugin_record);
  append(bytes, squash_sum_record);
  auto migrations = retort::loader::decode_metadata(file, bytes);
  ASSERT_EQ(migrations.size(), 1U);
  EXPECT_THAT(migrations[0].info.replaces, ElementsAre("abcd00000005", "abcd00000006"));
  EXPECT_EQ(migrations[0].record_format, 4U);
}

// A plugin built before `.replaces` existed: every record in format 2, the migration body
// ending with its source file.
TEST(metadata_record, still_reads_format_2_records_which_replace_nothing) {
  auto as_format_2 = [](section record, bool migration) {
    if (migration) {
      record.resize(record.size() - 4);  // no replaces count
      record[8] = static_cast<unsigned char>(record.size());
    }
    record[4] = 2;
    reseal(record, 0, record.size());
    return record;
  };
  section bytes = as_format_2(section(base_record.begin(), base_record.end()), true);
  for (const auto& record :
       {as_format_2(section(plugin_record.begin(), plugin_record.end()), false),
        as_format_2(section(base_sum_record.begin(), base_sum_record.end()), false)}) {
    bytes.insert(bytes.end(), record.begin(), record.end());
  }
  auto migrations = retort::loader::decode_metadata(file, bytes);
  ASSERT_EQ(migrations.size(), 1U);
  EXPECT_EQ(migrations[0].info.revision, "abcd00000001");
  EXPECT_EQ(migrations[0].info.message, "base");
  EXPECT_EQ(migrations[0].source_file, "b.cpp");
  EXPECT_THAT(migrations[0].info.replaces, IsEmpty());
  EXPECT_EQ(migrations[0].record_format, 2U);
}

// Format 3 sealed its records byte by byte (FNV-1a); plugins built then are still read.
TEST(metadata_record, still_reads_format_3_records_sealed_byte_by_byte) {
  section bytes;
  for (section record : {section(squash_record.begin(), squash_record.end()),
                         section(plugin_record.begin(), plugin_record.end()),
                         section(squash_sum_record.begin(), squash_sum_record.end())}) {
    record[4] = 3;
    write_checksum(record, 0, retort::detail::metadata_byte_checksum(record.data(), record.size()));
    bytes.insert(bytes.end(), record.begin(), record.end());
  }
  auto migrations = retort::loader::decode_metadata(file, bytes);
  ASSERT_EQ(migrations.size(), 1U);
  EXPECT_THAT(migrations[0].info.replaces, ElementsAre("abcd00000005", "abcd00000006"));
  EXPECT_EQ(migrations[0].record_format, 3U);
  // A format 4 record sealed the old way is damage, not an old plugin.
  section sealed_old(plugin_record.begin(), plugin_record.end());
  write_checksum(sealed_old, 0,
                 retort::detail::metadata_byte_checksum(sealed_old.data(), sealed_old.size()));
  section with_old(base_record.begin(), base_record.end());
  with_old.insert(with_old.end(), sealed_old.begin(), sealed_old.end());
  with_old.insert(with_old.end(), base_sum_record.begin(), base_sum_record.end());
  EXPECT_THAT(refusal(with_old), HasSubstr("fails its checksum"));
}

// The published FNV-1a test vectors: the byte checksum is what format 2 and 3 plugins carry.
TEST(metadata_record, checksums_old_formats_with_fnv_1a) {
  const std::array<unsigned char, 1> a{'a'};
  EXPECT_EQ(retort::detail::metadata_byte_checksum(a.data(), 0), 0x811c9dc5U);
  EXPECT_EQ(retort::detail::metadata_byte_checksum(a.data(), a.size()), 0xe40c292cU);
}

// What the compiler seals a record with is what the runtime checks; every changed bit of a
// record, its last bytes too, changes the sum, and its own checksum field never does.
template <std::size_t N>
constexpr std::array<unsigned char, N> patterned() {
  std::array<unsigned char, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    out[i] = static_cast<unsigned char>(i * 37 + 11);
  }
  return out;
}

TEST(metadata_record, word_checksum_sees_every_bit_but_its_own_field) {
  constexpr auto record = patterned<45>();
  constexpr auto sealed_at_compile_time = retort::detail::metadata_word_checksum(record.data(), 45);
  auto bytes = record;
  EXPECT_EQ(retort::detail::metadata_word_checksum(bytes.data(), bytes.size()),
            sealed_at_compile_time);
  for (std::size_t size = 0; size <= bytes.size(); ++size) {
    const auto sum = retort::detail::metadata_word_checksum(bytes.data(), size);
    for (std::size_t i = 0; i < size; ++i) {
      const bool in_field = i >= retort::detail::metadata_checksum_offset &&
                            i < retort::detail::metadata_checksum_offset + 4;
      for (int bit = 0; bit < 8; ++bit) {
        bytes[i] ^= static_cast<unsigned char>(1U << bit);
        const auto changed = retort::detail::metadata_word_checksum(bytes.data(), size);
        bytes[i] ^= static_cast<unsigned char>(1U << bit);
        if (in_field) {
          EXPECT_EQ(changed, sum) << "size " << size << ", byte " << i;
        } else {
          EXPECT_NE(changed, sum) << "size " << size << ", byte " << i << ", bit " << bit;
        }
      }
    }
  }
  // Zeros pad the last word: a record one zero byte longer is still another record.
  std::array<unsigned char, 17> padded{};
  std::copy_n(record.begin(), 16, padded.begin());
  EXPECT_NE(retort::detail::metadata_word_checksum(padded.data(), 17),
            retort::detail::metadata_word_checksum(padded.data(), 16));
}

TEST(metadata_record, decodes_every_field_and_skips_the_padding_between_records) {
  auto migrations = retort::loader::decode_metadata(file, linked());

  ASSERT_EQ(migrations.size(), 2U);
  EXPECT_EQ(migrations[0].info.revision, "abcd00000001");
  EXPECT_THAT(migrations[0].info.down_revisions, IsEmpty());
  EXPECT_TRUE(migrations[0].transactional);
  const auto& m = migrations[1];
  expect_merge(m);
  EXPECT_EQ(m.plugin_file, file);
  EXPECT_EQ(migrations[0].source_checksum, base_sum);
  EXPECT_EQ(m.source_checksum, merge_sum);
}

TEST(metadata_record, lays_out_a_source_checksum_record_as_documented) {
  const section bytes(base_sum_record.begin(), base_sum_record.end());
  ASSERT_EQ(bytes.size(), 16U + 4 + 12 + 4 + 64);
  EXPECT_EQ(bytes[6], 3);  // kind: source checksum
  EXPECT_EQ(section(bytes.begin() + 16, bytes.begin() + 20), section({12, 0, 0, 0}));
  EXPECT_EQ(std::string(bytes.begin() + 20, bytes.begin() + 32), "abcd00000001");
  EXPECT_EQ(section(bytes.begin() + 32, bytes.begin() + 36), section({64, 0, 0, 0}));
  EXPECT_EQ(std::string(bytes.begin() + 36, bytes.end()), base_sum);
}

TEST(metadata_record, refuses_a_migration_without_its_source_checksum) {
  section bytes;
  append(bytes, base_record);
  append(bytes, plugin_record);
  EXPECT_EQ(refusal(bytes), std::string(file) +
                                ": has no source checksum for revision abcd00000001 (b.cpp): "
                                "built without retort_add_migrations(), which records them; "
                                "rebuild the plugin with retort_add_migrations()");
}

TEST(metadata_record, refuses_a_source_checksum_without_its_migration_or_twice) {
  section stray;
  append(stray, base_record);
  append(stray, plugin_record);
  append(stray, base_sum_record);
  append(stray, merge_sum_record);
  EXPECT_THAT(refusal(stray), HasSubstr("1 source checksum for revision abcd00000004, which no "
                                        "migration of this plugin declares"));

  auto twice = linked();
  append(twice, base_sum_record);
  EXPECT_THAT(refusal(twice), HasSubstr("2 source checksums for revision abcd00000001, which 1 "
                                        "migration of this plugin declares"));
}

TEST(metadata_record, refuses_a_checksum_that_is_not_64_lowercase_hex_digits) {
  constexpr std::string_view upper =
      "ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
  constexpr auto bad =
      checksum_record<retort::detail::source_checksum_record_size("abcd00000001", upper)>(
          "abcd00000001", upper);
  section bytes;
  append(bytes, base_record);
  append(bytes, plugin_record);
  append(bytes, bad);
  EXPECT_THAT(refusal(bytes), HasSubstr("holds a source checksum that is not 64 lowercase hex "
                                        "digits"));
}

TEST(metadata_record, accepts_a_plugin_without_migrations) {
  section bytes(8, 0);
  append(bytes, plugin_record, 8);
  EXPECT_THAT(retort::loader::decode_metadata(file, bytes), IsEmpty());
}

TEST(metadata_record, refuses_every_truncation) {
  const auto whole = linked();
  for (std::size_t size = 0; size < whole.size(); ++size) {
    const section cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(size));
    EXPECT_THAT(refusal(cut), HasSubstr(file)) << "cut to " << size << " bytes";
  }
}

TEST(metadata_record, refuses_every_changed_byte) {
  const auto whole = linked();
  for (std::size_t at = 0; at < whole.size(); ++at) {
    auto changed = whole;
    changed[at] ^= 0x20;
    try {
      (void)retort::loader::decode_metadata(file, changed);
      // Padding must stay zero, the header is checked and the checksum covers the rest.
      ADD_FAILURE() << "a change at offset " << at << " went unnoticed";
    } catch (const retort::plugin_error& e) {
      EXPECT_EQ(e.file(), file);
    }
  }
}

TEST(metadata_record, says_a_changed_byte_fails_the_checksum) {
  auto bytes = linked();
  bytes[3 + base_record.size() + 40] ^= 1;  // inside the merge record's first down revision
  EXPECT_EQ(refusal(bytes), std::string(file) +
                                ": corrupt revision metadata (section retort_md): the record at "
                                "offset " +
                                std::to_string(3 + base_record.size()) +
                                " fails its checksum: its bytes were changed; rebuild the plugin "
                                "or copy it again");
}

TEST(metadata_record, refuses_another_record_format_by_its_version) {
  auto bytes = linked();
  bytes[4] = 1;
  reseal(bytes, 0, base_record.size());
  EXPECT_EQ(refusal(bytes), std::string(file) +
                                ": its revision metadata (section retort_md) is in record format "
                                "1, this runtime reads formats 2 to 4; rebuild the plugin against "
                                "this retort");
}

TEST(metadata_record, refuses_a_record_longer_than_the_section) {
  auto bytes = linked();
  bytes[8] = 0xff;
  bytes[9] = 0xff;
  EXPECT_EQ(refusal(bytes), std::string(file) +
                                ": corrupt revision metadata (section retort_md): the record at "
                                "offset 0 claims 65535 bytes, but " +
                                std::to_string(bytes.size()) +
                                " bytes are left in the section; rebuild the plugin or copy it "
                                "again");
}

TEST(metadata_record, refuses_bytes_that_are_not_a_record) {
  auto bytes = linked();
  bytes[1] = 'X';
  EXPECT_THAT(refusal(bytes), HasSubstr("the record at offset 0 does not begin with a record's "
                                        "magic \"RTMD\""));
}

TEST(metadata_record, refuses_an_unknown_kind_and_unknown_flags) {
  auto kind = linked();
  kind[6] = 9;
  reseal(kind, 0, base_record.size());
  EXPECT_THAT(refusal(kind), HasSubstr("the record at offset 0 is of unknown kind 9"));

  auto flags = linked();
  flags[7] = 0x81;
  reseal(flags, 0, base_record.size());
  EXPECT_THAT(refusal(flags), HasSubstr("the record at offset 0 has unknown flags 0x81"));
}

TEST(metadata_record, refuses_a_string_running_past_its_record) {
  auto bytes = linked();
  bytes[16] = 200;  // the revision id's length
  reseal(bytes, 0, base_record.size());
  EXPECT_THAT(refusal(bytes),
              HasSubstr("the record at offset 0 ends inside revision id (200 bytes announced"));
}

TEST(metadata_record, refuses_an_id_the_compiler_would_have_rejected) {
  auto bytes = linked();
  bytes[20 + 4] = '-';  // abcd-0000001
  reseal(bytes, 0, base_record.size());
  EXPECT_THAT(refusal(bytes),
              HasSubstr("the record at offset 0 holds an invalid revision id \"abcd-0000001\""));
}

TEST(metadata_record, refuses_metadata_without_a_plugin_record) {
  section bytes;
  append(bytes, base_record);
  EXPECT_EQ(refusal(bytes), std::string(file) +
                                ": has no revision metadata (no plugin record in section "
                                "retort_md): built by an older retort or not with "
                                "retort_add_migrations(); rebuild the plugin with "
                                "retort_add_migrations()");
  EXPECT_THAT(refusal({}), HasSubstr("no plugin record"));
}

TEST(metadata_record, refuses_two_plugin_records) {
  auto bytes = linked();
  append(bytes, plugin_record);
  EXPECT_THAT(refusal(bytes),
              HasSubstr("holds 2 plugin records in section retort_md, one is expected"));
}

// --- A migration's header as its code declares it (plugin ABI 7) ----------------------------

std::string declared_refusal(const section& bytes) {
  try {
    auto header = retort::loader::decode_declared_header(file, bytes.data(), bytes.size());
    ADD_FAILURE() << "decoded the header of " << header.info.revision;
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(e.file(), file);
    return e.what();
  }
  return {};
}

TEST(declared_header, decodes_every_field_the_loader_compares) {
  const auto header =
      retort::loader::decode_declared_header(file, merge_record.data(), merge_record.size());
  expect_merge(header);
  EXPECT_THAT(header.source_checksum, IsEmpty());
}

TEST(declared_header, refuses_every_changed_byte_and_every_truncation) {
  const section whole(merge_record.begin(), merge_record.end());
  for (std::size_t at = 0; at < whole.size(); ++at) {
    auto changed = whole;
    changed[at] ^= 0x20;
    EXPECT_THAT(declared_refusal(changed), HasSubstr(file)) << "changed at offset " << at;
  }
  for (std::size_t size = 0; size < whole.size(); ++size) {
    const section cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(size));
    EXPECT_THAT(declared_refusal(cut), HasSubstr(file)) << "cut to " << size << " bytes";
  }
}

TEST(declared_header, refuses_a_record_of_another_kind_and_bytes_after_the_record) {
  EXPECT_THAT(declared_refusal(section(plugin_record.begin(), plugin_record.end())),
              HasSubstr("is of kind 1, not a migration's header"));
  section longer(base_record.begin(), base_record.end());
  longer.push_back(0);
  EXPECT_THAT(declared_refusal(longer),
              HasSubstr("claims " + std::to_string(base_record.size()) +
                        " bytes, but its code gives " + std::to_string(longer.size())));
}

// The loader compares a declared header with the recorded metadata where it lies; every field
// counts.
TEST(declared_header, agrees_only_with_metadata_that_says_exactly_the_same) {
  const auto recorded =
      retort::loader::decode_declared_header(file, merge_record.data(), merge_record.size());
  const auto agrees = [&](const retort::migration_metadata& m) {
    return retort::loader::declared_header_agrees(file, merge_record.data(), merge_record.size(),
                                                  m);
  };
  EXPECT_TRUE(agrees(recorded));
  const std::vector<std::function<void(retort::migration_metadata&)>> changes{
      [](auto& m) { m.info.revision = "abcd00000005"; },
      [](auto& m) { m.info.down_revisions.pop_back(); },
      [](auto& m) { m.info.down_revisions.back() = "abcd00000003"; },
      [](auto& m) { m.info.message += " "; },
      [](auto& m) { m.info.branch_labels.clear(); },
      [](auto& m) { m.info.depends_on.push_back("abcd00000009"); },
      [](auto& m) { m.info.replaces.push_back("abcd00000009"); },
      [](auto& m) { m.source_file = "other.cpp"; },
      [](auto& m) { m.transactional = !m.transactional; },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    auto changed = recorded;
    changes[i](changed);
    EXPECT_FALSE(agrees(changed)) << "change " << i;
  }
  // The checksum and the plugin file are not in a declared header.
  auto elsewhere = recorded;
  elsewhere.source_checksum = std::string(64, 'a');
  elsewhere.plugin_file = "/elsewhere.so";
  EXPECT_TRUE(agrees(elsewhere));
  section damaged(merge_record.begin(), merge_record.end());
  damaged[40] ^= 1;
  try {
    (void)retort::loader::declared_header_agrees(file, damaged.data(), damaged.size(), recorded);
    ADD_FAILURE() << "a damaged header was compared";
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(std::string(e.what()), declared_refusal(damaged));
  }
}

TEST(declared_header, says_a_damaged_header_is_the_codes_not_the_sections) {
  section changed(merge_record.begin(), merge_record.end());
  changed[40] ^= 1;
  EXPECT_EQ(declared_refusal(changed),
            std::string(file) +
                ": the header a migration's code declares fails its checksum: its bytes were "
                "changed; the file was changed after it was built: rebuild the plugin");
}

}  // namespace
