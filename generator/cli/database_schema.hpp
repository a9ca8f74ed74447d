#pragma once

#include <retort/model/schema.hpp>

#include "cli/config.hpp"
#include "pg/session.hpp"

namespace retort::cli {

/// The schema the database behind `session` holds, as the model sees it, without the tables
/// retort keeps for itself (the version table, its history and markers, as `s` names them):
/// no comparison proposes to drop them, as Alembic never proposes to drop its version table.
[[nodiscard]] model::schema read_database_schema(pg::session& session, const settings& s);

}  // namespace retort::cli
