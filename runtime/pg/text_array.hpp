#pragma once

#include <string>
#include <vector>

namespace retort::pg {

/// PostgreSQL's text form of an array of strings, for a parameter cast to `text[]` (or to
/// `numeric[]` and the like): every element quoted, so no value can pass for a delimiter, a
/// brace or NULL, whatever the server's array_nulls says.
std::string text_array(const std::vector<std::string>& items);

}  // namespace retort::pg
