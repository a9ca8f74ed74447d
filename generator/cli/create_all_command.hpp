#pragma once

#include <ostream>

#include "cli/config.hpp"

namespace retort::cli {

/// `retort create-all`: builds the model's whole schema on an empty database and stamps the
/// migrations' heads, in one transaction (Alembic's `metadata.create_all()` then `stamp head`).
/// Refuses a database that holds anything already.
void create_all(const settings& s, std::ostream& out);

}  // namespace retort::cli
