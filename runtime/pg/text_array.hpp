#pragma once

#include <optional>
#include <string>
#include <vector>

namespace retort::pg {

/// PostgreSQL's text form of an array, for a parameter cast to `text[]` (or to `numeric[]` and
/// the like): every element quoted, so no value can pass for a delimiter, a brace or NULL; an
/// absent element is NULL.
std::string text_array(const std::vector<std::optional<std::string>>& items);
std::string text_array(const std::vector<std::string>& items);

}  // namespace retort::pg
