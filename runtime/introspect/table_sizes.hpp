#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "pg/session.hpp"

namespace retort::introspect {

/// Every user table's total size on disk in bytes (heap, indexes and TOAST; a partitioned
/// table's, its partitions' sum), by schema and name: what `retort lint --url` weighs a
/// lock against.
[[nodiscard]] std::map<std::pair<std::string, std::string>, std::uint64_t> read_table_sizes(
    pg::session& session);

}  // namespace retort::introspect
