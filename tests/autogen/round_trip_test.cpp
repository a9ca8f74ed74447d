// The golden migrations, compiled into this test, applied to a real database: the emitted code
// builds the schema its model describes, and its downgrade() takes it back.
#include <retort/migration.hpp>

#include <algorithm>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/apply.hpp"
#include "autogen/compare.hpp"
#include "autogen/golden_cases.hpp"
#include "autogen/rich_model.hpp"
#include "introspect/introspect.hpp"
#include "loader/plugin_metadata.hpp"
#include "render/describe.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> described(const operations& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    out.push_back(render::describe(op));
  }
  return out;
}

// The revision the compiled migration declares, from the header its code carries.
std::string declared_revision(const plugin_abi::migration_entry& entry) {
  return loader::decode_declared_header("test", entry.header, entry.header_size).info.revision;
}

const plugin_abi::migration_entry& golden(const std::string& revision) {
  const auto& entries = plugin_detail::registry();
  auto it = std::find_if(entries.begin(), entries.end(),
                         [&](const auto& e) { return declared_revision(e) == revision; });
  if (it == entries.end()) {
    throw std::runtime_error("no golden migration " + revision);
  }
  return *it;
}

class round_trip : public ::testing::Test {
 protected:
  std::unique_ptr<pg::session> db = pg::session::connect(testing::fresh_database_url());

  autogen::comparison against(const model::schema& desired) {
    return autogen::compare(desired, introspect::read_schema(*db));
  }
  void expect_at(const model::schema& desired) {
    auto result = against(desired);
    EXPECT_THAT(described(result.upgrade), IsEmpty());
    EXPECT_THAT(result.notes, IsEmpty());
  }
};

TEST_F(round_trip, the_emitted_initial_migration_builds_the_model_and_its_downgrade_removes_it) {
  testing::apply(*db, golden("a10000000001").upgrade());
  expect_at(testing::rich_model());

  testing::apply(*db, golden("a10000000001").downgrade());
  expect_at(model::schema{});
}

TEST_F(round_trip, a_chain_of_edits_applies_and_reads_back_equal_to_each_model) {
  testing::apply(*db, golden("a10000000001").upgrade());
  testing::apply(*db, golden("a10000000002").upgrade());
  expect_at(testing::edited_model());

  testing::apply(*db, golden("a10000000003").upgrade());
  expect_at(model::schema{});
  testing::apply(*db, golden("a10000000003").downgrade());
  expect_at(testing::edited_model());

  // Back to the first model, but for the enum label PostgreSQL cannot remove: the downgrade
  // says so in a comment, and the next comparison reports it instead of guessing.
  testing::apply(*db, golden("a10000000002").downgrade());
  auto result = against(testing::rich_model());
  EXPECT_THAT(described(result.upgrade), IsEmpty());
  EXPECT_THAT(result.notes, ElementsAre(HasSubstr("enum type wine_colour: labels were removed")));
}

TEST_F(round_trip, autogenerate_from_a_live_database_then_again_finds_nothing) {
  for (const auto& c : testing::golden_cases()) {
    auto step = against(c.desired());
    testing::apply(*db, step.upgrade);
    expect_at(c.desired());
  }
}

}  // namespace
}  // namespace retort
