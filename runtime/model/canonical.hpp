#pragma once

#include <retort/model/schema.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace retort::model {

/// The name PostgreSQL gives an unnamed constraint (`makeObjectName`): `<table>_<columns>_<label>`,
/// the table and column parts shortened, longest first, until the name fits 63 bytes.
[[nodiscard]] std::string default_constraint_name(std::string_view table,
                                                  const std::vector<std::string>& columns,
                                                  std::string_view label);

/// Rewrites `s` the way PostgreSQL stores it, so a declared model and an introspected one can be
/// compared field by field: `default_schema` becomes the empty schema; unnamed keys get
/// PostgreSQL's names; key, identity and serial columns become NOT NULL; a foreign key without
/// referent columns names the referent's primary key; sequence settings equal to PostgreSQL's
/// defaults become unset; a raw object in `default_schema`, and a dependency naming one
/// (`view:public.v`), lose the schema. Idempotent.
void canonicalise(schema& s, std::string_view default_schema = "public");

/// The defaults PostgreSQL gives a sequence's unset settings, removed from `q`.
void canonicalise(ops::sequence_definition& q);

}  // namespace retort::model
