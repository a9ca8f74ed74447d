#pragma once

/// The destructors the `ops::` structs declare; see <retort/operations.hpp> and
/// <retort/detail/dsl_linkage.hpp>.

#include <retort/operations.hpp>

namespace retort::ops {

RETORT_DSL_INLINE column_definition::~column_definition() = default;
RETORT_DSL_INLINE primary_key_constraint::~primary_key_constraint() = default;
RETORT_DSL_INLINE foreign_key_constraint::~foreign_key_constraint() = default;
RETORT_DSL_INLINE unique_constraint::~unique_constraint() = default;
RETORT_DSL_INLINE check_constraint::~check_constraint() = default;
RETORT_DSL_INLINE index_element::~index_element() = default;
RETORT_DSL_INLINE index_definition::~index_definition() = default;
RETORT_DSL_INLINE table_ref::~table_ref() = default;
RETORT_DSL_INLINE create_table::~create_table() = default;
RETORT_DSL_INLINE drop_table::~drop_table() = default;
RETORT_DSL_INLINE rename_table::~rename_table() = default;
RETORT_DSL_INLINE add_column::~add_column() = default;
RETORT_DSL_INLINE drop_column::~drop_column() = default;
RETORT_DSL_INLINE alter_column::~alter_column() = default;
RETORT_DSL_INLINE create_index::~create_index() = default;
RETORT_DSL_INLINE drop_index::~drop_index() = default;
RETORT_DSL_INLINE add_constraint::~add_constraint() = default;
RETORT_DSL_INLINE drop_constraint::~drop_constraint() = default;
RETORT_DSL_INLINE validate_constraint::~validate_constraint() = default;
RETORT_DSL_INLINE set_not_null::~set_not_null() = default;
RETORT_DSL_INLINE create_extension::~create_extension() = default;
RETORT_DSL_INLINE drop_extension::~drop_extension() = default;
RETORT_DSL_INLINE execute::~execute() = default;
RETORT_DSL_INLINE bulk_insert::~bulk_insert() = default;
RETORT_DSL_INLINE set_table_comment::~set_table_comment() = default;
RETORT_DSL_INLINE set_column_comment::~set_column_comment() = default;
RETORT_DSL_INLINE create_schema::~create_schema() = default;
RETORT_DSL_INLINE drop_schema::~drop_schema() = default;
RETORT_DSL_INLINE create_enum::~create_enum() = default;
RETORT_DSL_INLINE drop_enum::~drop_enum() = default;
RETORT_DSL_INLINE add_enum_value::~add_enum_value() = default;
RETORT_DSL_INLINE sequence_definition::~sequence_definition() = default;
RETORT_DSL_INLINE create_sequence::~create_sequence() = default;
RETORT_DSL_INLINE drop_sequence::~drop_sequence() = default;
RETORT_DSL_INLINE squash_point::~squash_point() = default;
RETORT_DSL_INLINE attach_partition::~attach_partition() = default;
RETORT_DSL_INLINE detach_partition::~detach_partition() = default;
RETORT_DSL_INLINE lint_waiver::~lint_waiver() = default;
RETORT_DSL_INLINE expected_column::~expected_column() = default;
RETORT_DSL_INLINE table_shape::~table_shape() = default;
RETORT_DSL_INLINE data_step::~data_step() = default;
RETORT_DSL_INLINE backfill::~backfill() = default;

}  // namespace retort::ops
