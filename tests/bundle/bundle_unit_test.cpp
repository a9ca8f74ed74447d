// The pieces of a bundle that need no database: source checksums, signatures, the manifest's
// JSON and the archive form.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bundle/bundle_error.hpp"
#include "bundle/bundle_files.hpp"
#include "bundle/digest.hpp"
#include "bundle/manifest.hpp"
#include "bundle/signing.hpp"
#include "support/error_of.hpp"

namespace retort::bundle {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

fs::path scratch() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = fs::temp_directory_path() / (std::string("retort-bundle-unit-") + info->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(source_sha256, ignores_a_byte_order_mark_and_crlf_line_ends) {
  const std::string lf = "int main() {\n  return 0;\n}\n";
  EXPECT_EQ(source_sha256(lf), sha256_hex(lf));
  EXPECT_EQ(source_sha256("\xEF\xBB\xBFint main() {\r\n  return 0;\r\n}\r\n"), source_sha256(lf));
  // A lone CR is content, not a line end.
  EXPECT_NE(source_sha256("a\rb\n"), source_sha256("ab\n"));
}

TEST(sha256, matches_the_published_test_vector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(signing, verifies_its_own_signature_and_refuses_changes_and_other_keys) {
  auto dir = scratch();
  generate_key_pair(dir / "a.key", dir / "a.pub");
  generate_key_pair(dir / "b.key", dir / "b.pub");
  EXPECT_EQ(fs::status(dir / "a.key").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  auto signature = sign_detached("manifest bytes", dir / "a.key");
  EXPECT_NO_THROW(verify_detached("manifest bytes", signature, dir / "a.pub", "m"));
  EXPECT_THAT(testing::error_of<bundle_error>(
                  [&] { verify_detached("manifest bytes!", signature, dir / "a.pub", "m"); }),
              HasSubstr("does not match the signed content"));
  EXPECT_THAT(testing::error_of<bundle_error>(
                  [&] { verify_detached("manifest bytes", signature, dir / "b.pub", "m"); }),
              HasSubstr("signed with another key (key id " + key_id_of(dir / "a.pub")));
  EXPECT_THAT(
      testing::error_of<bundle_error>([&] { generate_key_pair(dir / "a.key", dir / "c.pub"); }),
      HasSubstr("never overwritten"));
  fs::permissions(dir / "a.key", fs::perms::group_read, fs::perm_options::add);
  EXPECT_THAT(testing::error_of<bundle_error>([&] { (void)sign_detached("x", dir / "a.key"); }),
              HasSubstr("chmod 600"));
}

TEST(manifest, reads_back_what_it_writes) {
  manifest m;
  m.retort_version = "0.1.0";
  m.abi = current_abi_identity();
  m.files = {{"p.so", std::string(64, 'a'), 12}};
  bundled_revision r;
  r.metadata.info = {"r1", {}, {"lbl"}, {"dep"}, "first", "src/r1.cpp"};
  r.metadata.source_file = "src/r1.cpp";
  r.metadata.plugin_file = "p.so";
  r.metadata.transactional = false;
  // Packing takes the build's checksum, which the metadata carries too.
  r.metadata.source_checksum = std::string(64, 'b');
  r.source_sha256 = r.metadata.source_checksum;
  r.upgrade = {true,
               {"CREATE TABLE \"t\" ();"},
               {"create_table t"},
               "",
               {{"ban-drop-table", "warning", 1, "drop_table old", "table \"old\""}}};
  r.downgrade = {false, {}, {}, "downgrade() threw", {}};
  m.revisions = {r};
  auto text = to_json(m);
  auto back = parse_manifest(text, "test");
  EXPECT_EQ(to_json(back), text);
  EXPECT_EQ(back.revisions.at(0).metadata, r.metadata);
  EXPECT_EQ(back.revisions.at(0).upgrade.lint, r.upgrade.lint);
  EXPECT_THAT(testing::error_of<bundle_error>([&] {
                (void)parse_manifest(text.replace(text.find("\"p.so\""), 6, "\"../p.so\""), "t");
              }),
              HasSubstr("cannot hold"));
}

TEST(bundle_archive, holds_the_same_bytes_as_the_directory) {
  auto dir = scratch();
  file_map files{{"a.so", std::string("\x7f"
                                      "ELF\0\1",
                                      6)},
                 {"manifest.json", "{}\n"}};
  write_bundle_directory(dir / "b", files);
  write_bundle_archive(dir / "b.tar.gz", files);
  EXPECT_EQ(read_bundle(dir / "b").files, files);
  EXPECT_EQ(read_bundle(dir / "b.tar.gz").files, files);
  // Deterministic: the same files give the same archive.
  write_bundle_archive(dir / "c.tar.gz", files);
  std::ifstream b(dir / "b.tar.gz", std::ios::binary);
  std::ifstream c(dir / "c.tar.gz", std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(b), {}),
            std::string(std::istreambuf_iterator<char>(c), {}));
  EXPECT_THAT(
      testing::error_of<bundle_error>([&] { write_bundle_archive(dir / "b.tar.gz", files); }),
      HasSubstr("exists already"));
}

TEST(bundle_directory, refuses_anything_but_regular_files) {
  auto dir = scratch();
  write_bundle_directory(dir / "b", {{"a.so", "x"}});
  fs::create_directory(dir / "b" / "sub");
  EXPECT_THAT(testing::error_of<bundle_error>([&] { (void)read_bundle(dir / "b"); }),
              HasSubstr("sub: a directory, which a bundle cannot hold"));
  fs::remove(dir / "b" / "sub");
  fs::create_symlink("/etc/passwd", dir / "b" / "link.so");
  EXPECT_THAT(testing::error_of<bundle_error>([&] { (void)read_bundle(dir / "b"); }),
              HasSubstr("link.so: a symbolic link"));
}

}  // namespace
}  // namespace retort::bundle
