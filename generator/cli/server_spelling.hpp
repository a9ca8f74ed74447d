#pragma once

#include <retort/model/schema.hpp>

#include <optional>
#include <string>

#include "autogen/compare.hpp"
#include "pg/session.hpp"

namespace retort::cli {

/// Where the model and the database hold the same table, lets PostgreSQL judge whether the
/// model's expressions (column defaults, generated columns, check conditions, index keys and
/// predicates) say what the database's do. Only tables with an expression whose text differs
/// from the database's even after normalisation are asked about: each is built from the model in
/// a throwaway schema, in one round trip inside a transaction that is rolled back, and read back.
/// Where PostgreSQL's spelling of the model's expression equals the database's, `desired` takes
/// the database's text, so the comparison sees no change (`a BETWEEN 0 AND 25` against
/// `((a >= 0) AND (a <= 25))`); elsewhere it keeps the author's text, which the written
/// migration then carries. A table PostgreSQL will not build (a type the database lacks yet) is
/// left as it is, and so is one the comparison under `filters` will not see. Canonicalises
/// `desired` first. Returns a note when the role may not create the
/// throwaway schema, and the texts were left to the comparison.
[[nodiscard]] std::optional<std::string> adopt_server_spelling(model::schema& desired,
                                                               const model::schema& actual,
                                                               const autogen::filters& filters,
                                                               pg::session& session);

}  // namespace retort::cli
