#pragma once

#include <retort/model/schema.hpp>

#include <string>
#include <vector>

#include "pg/session.hpp"

/// Reading a live database into the schema model, with a fixed handful of catalog queries
/// whatever the number of tables (one per kind of object, not one per table).
namespace retort::introspect {

struct options {
  /// The schemas to read; empty: every schema except PostgreSQL's own and extensions'.
  std::vector<std::string> schemas{};
  /// Objects in this schema get the empty schema in the model, as the `op::` default.
  std::string default_schema = "public";
};

/// A database as read: its model, and what the model cannot hold (one sentence each, for the
/// command's output).
struct reading {
  model::schema schema;
  std::vector<std::string> notes;
};

/// The schema `session`'s database holds, canonical (`model::canonicalise`): serial columns as
/// `serial` (their owned sequence omitted), identity sequences omitted, default expressions
/// and check conditions as `pg_get_expr` prints them, index keys as `pg_get_indexdef` prints
/// them, indexes that back a primary key or unique constraint omitted (the constraint stands
/// for them), objects that belong to an extension omitted.
/// What `op::` cannot express (views, functions, triggers, domains, ...) is in `raw_objects`
/// (see `read_raw_objects`).
[[nodiscard]] model::schema read_schema(pg::session& session, const options& options = {});

/// `read_schema`, with notes on what was left out: partitions, collations,
/// policies, rules, identity and serial sequence settings other than PostgreSQL's defaults, ...
[[nodiscard]] reading read_database(pg::session& session, const options& options = {});

}  // namespace retort::introspect
