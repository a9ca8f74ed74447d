#pragma once

#include <retort/model/schema.hpp>

#include <string>
#include <vector>

#include "introspect/introspect.hpp"
#include "pg/session.hpp"

namespace retort::introspect {

/// Reads what `op::` cannot express into `out.raw_objects`, each as the SQL PostgreSQL prints
/// for it, with every name qualified (read under `search_path = pg_catalog`): views and
/// materialized views (`pg_get_viewdef`) and the latter's indexes (`pg_get_indexdef`),
/// functions and procedures (`pg_get_functiondef`), triggers (`pg_get_triggerdef`), domains,
/// composite types, exclusion constraints (`pg_get_constraintdef`), and comments on objects the
/// model has no place for. Dependencies come from `pg_depend`. `out`'s schemas are as read (not
/// yet canonical); the session's search path is restored afterwards.
void read_raw_objects(pg::session& session, const options& options, model::schema& out);

}  // namespace retort::introspect
