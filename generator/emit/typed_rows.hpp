#pragma once

#include <string>
#include <vector>

#include <retort/model/schema.hpp>

/// A data migration's starting point (`retort revision --data TABLE`): a struct per table as the
/// schema stands at the new revision, frozen in the file, and a data step that reads and writes
/// them. Knows neither SQL nor databases.
namespace retort::emit {

struct data_revision_source {
  std::string preamble;  ///< includes, the structs and their `retort::table`s
  std::string upgrades;  ///< the body of upgrade(): one `op::run` over the tables
  std::string downgrades;
};

/// The source for `tables` (`name` or `schema.name`) of `schema`; throws `error` naming a table
/// the schema does not hold.
[[nodiscard]] data_revision_source data_revision(const model::schema& schema,
                                                 const std::vector<std::string>& tables);

}  // namespace retort::emit
