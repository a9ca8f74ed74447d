// The ABI comparison alone: every field, with the exact sentence shown to the user.
#include "loader/abi_check.hpp"

#include <cstring>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace {

using retort::loader::abi_mismatch;
using retort::plugin_abi::abi_block;
using retort::plugin_abi::current_abi;

void set_compiler(abi_block& block, const char* compiler) {
  std::memset(block.compiler, 0, sizeof(block.compiler));
  std::strncpy(block.compiler, compiler, sizeof(block.compiler) - 1);
}

TEST(abi_check, accepts_the_runtimes_own_block) {
  EXPECT_EQ(abi_mismatch(current_abi(), current_abi()), std::nullopt);
}

TEST(abi_check, refuses_a_block_without_the_magic) {
  auto plugin = current_abi();
  std::memcpy(plugin.magic, "GARBAGE", 8);
  EXPECT_EQ(abi_mismatch(plugin, current_abi()),
            "its ABI block is not retort's (wrong magic); build plugins with "
            "retort_add_migrations()");
}

TEST(abi_check, refuses_another_plugin_abi_version_first) {
  auto plugin = current_abi();
  plugin.abi_version = retort::plugin_abi::version + 1;
  plugin.operation_size = 1;  // another version may lay out the rest differently
  set_compiler(plugin, "clang 15");
  EXPECT_EQ(abi_mismatch(plugin, current_abi()),
            fmt::format("built for retort plugin ABI {}, this runtime reads ABI {}; rebuild the "
                        "plugin against this retort",
                        retort::plugin_abi::version + 1, retort::plugin_abi::version));
}

TEST(abi_check, refuses_another_compiler) {
  auto plugin = current_abi();
  auto runtime = current_abi();
  set_compiler(plugin, "clang 15");
  set_compiler(runtime, "gcc 12");
  EXPECT_EQ(abi_mismatch(plugin, runtime),
            "built with clang 15, this runtime with gcc 12; rebuild the plugin with gcc 12");
}

TEST(abi_check, reads_an_unterminated_compiler_name_within_its_field) {
  auto plugin = current_abi();
  std::memset(plugin.compiler, 'x', sizeof(plugin.compiler));
  auto runtime = current_abi();
  set_compiler(runtime, "gcc 12");
  EXPECT_EQ(abi_mismatch(plugin, runtime), "built with " + std::string(32, 'x') +
                                               ", this runtime with gcc 12; rebuild the plugin "
                                               "with gcc 12");
}

TEST(abi_check, refuses_the_other_std_string_abi) {
  auto plugin = current_abi();
  auto runtime = current_abi();
  plugin.cxx11_string_abi = 0;
  runtime.cxx11_string_abi = 1;
  EXPECT_EQ(abi_mismatch(plugin, runtime),
            "built with the old std::string ABI (_GLIBCXX_USE_CXX11_ABI=0), this runtime with the "
            "C++11 std::string ABI (_GLIBCXX_USE_CXX11_ABI=1); rebuild the plugin with the same "
            "setting");
}

TEST(abi_check, refuses_another_operation_layout) {
  auto plugin = current_abi();
  auto runtime = current_abi();
  plugin.operation_size = 312;
  runtime.operation_size = 320;
  EXPECT_EQ(abi_mismatch(plugin, runtime),
            "built against other retort headers (sizeof(retort::operation) is 312 in the plugin, "
            "320 in this runtime); rebuild the plugin against this retort");
}

}  // namespace
