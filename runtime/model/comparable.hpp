#pragma once

#include <retort/model/schema.hpp>

namespace retort::model {

/// `s` in a form where `==` means "PostgreSQL holds the same schema": canonical (see
/// `canonicalise()`), with every list sorted by name. Column order is not compared: a downgrade
/// that re-adds a dropped column can only add it at the end, and it has still restored it.
/// Enum labels keep their order, which PostgreSQL sorts by.
[[nodiscard]] schema comparable(schema s);

}  // namespace retort::model
