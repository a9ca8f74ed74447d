#pragma once

#include "cli/config.hpp"
#include "introspect/introspect.hpp"
#include "pg/session.hpp"

namespace retort::cli {

/// The schema the database behind `session` holds, as the model sees it (with notes on what it
/// cannot hold), without what retort keeps for itself: the version table, its history and
/// markers as `s` names them, the history's trigger and its function, and a schema of their own.
/// No comparison proposes to drop them, as Alembic never proposes to drop its version table.
[[nodiscard]] introspect::reading read_database_schema(pg::session& session, const settings& s);

/// A model that declares no raw objects (views, functions, triggers, ...) does not manage them,
/// as Alembic's models do not: the database's are taken out of `actual`, so no comparison
/// proposes to drop them. Returns how many were taken out, for a note.
std::size_t leave_unmanaged_raw_objects(const model::schema& desired, model::schema& actual);

}  // namespace retort::cli
