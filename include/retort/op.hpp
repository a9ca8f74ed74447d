#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <retort/identifier.hpp>
#include <retort/operations.hpp>
#include <retort/types.hpp>

/// The authoring DSL: each function builds one operation (or part of one) as a value. Names given
/// as string literals are checked at compile time; options are designated-initializer structs, so
/// a misspelled option does not compile.
namespace retort::op {

using ops::identity_kind;
using ops::nulls_order;
using ops::referential_action;

namespace detail {
inline std::vector<std::string> to_strings(const std::vector<name>& names) {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const auto& n : names) {
    out.push_back(n.str());
  }
  return out;
}
inline std::string checked_schema(std::string schema) {
  if (!schema.empty()) {
    check_identifier(schema);
  }
  return schema;
}
}  // namespace detail

/// Renders `text` as an SQL string literal, for use as a server default or in a condition.
/// Text with a backslash uses the `E'...'` form, which reads the same whatever
/// `standard_conforming_strings` is; a NUL byte cannot be in a PostgreSQL string and throws.
inline std::string literal(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("a PostgreSQL string literal cannot contain a NUL byte");
  }
  bool escaped = text.find('\\') != std::string_view::npos;
  std::string out = escaped ? "E'" : "'";
  for (char c : text) {
    out += c;
    if (c == '\'' || (escaped && c == '\\')) {
      out += c;
    }
  }
  return out + "'";
}

// --- Columns ------------------------------------------------------------------------------------

struct column_options {
  bool nullable = true;
  std::optional<std::string> server_default{};  ///< SQL expression: `"now()"`, `op::literal("x")`
  std::optional<identity_kind> identity{};
  bool primary_key = false;
  std::optional<std::string> comment{};
  /// SQL expression of a stored generated column, e.g. `"price * quantity"`: the column is
  /// `GENERATED ALWAYS AS (...) STORED`, computed by PostgreSQL from the row's other columns.
  std::optional<std::string> generated{};
};

/// A column definition for `create_table` and `add_column`.
inline ops::column_definition column(name column_name, column_type type,
                                     column_options options = {}) {
  return {.name = column_name.str(),
          .type = std::move(type),
          .nullable = options.nullable && !options.primary_key,
          .server_default = std::move(options.server_default),
          .identity = options.identity,
          .primary_key = options.primary_key,
          .comment = std::move(options.comment),
          .generated = std::move(options.generated)};
}

// --- Table-level constraints, for create_table ---------------------------------------------------

struct constraint_name {
  std::string name{};  ///< empty lets PostgreSQL choose
};

inline ops::constraint_definition primary_key(std::vector<name> columns,
                                              constraint_name options = {}) {
  return ops::primary_key_constraint{.name = std::move(options.name),
                                     .columns = detail::to_strings(columns)};
}

struct foreign_key_options {
  std::string name{};
  std::string referent_schema{};
  referential_action on_delete = referential_action::no_action;
  referential_action on_update = referential_action::no_action;
  bool deferrable = false;
  bool initially_deferred = false;
};

inline ops::constraint_definition foreign_key(std::vector<name> columns, name referent_table,
                                              std::vector<name> referent_columns,
                                              foreign_key_options options = {}) {
  return ops::foreign_key_constraint{
      .name = std::move(options.name),
      .columns = detail::to_strings(columns),
      .referent_schema = detail::checked_schema(std::move(options.referent_schema)),
      .referent_table = referent_table.str(),
      .referent_columns = detail::to_strings(referent_columns),
      .on_delete = options.on_delete,
      .on_update = options.on_update,
      .deferrable = options.deferrable,
      .initially_deferred = options.initially_deferred};
}

struct unique_options {
  std::string name{};
  bool deferrable = false;
  bool initially_deferred = false;
};

inline ops::constraint_definition unique(std::vector<name> columns, unique_options options = {}) {
  return ops::unique_constraint{.name = std::move(options.name),
                                .columns = detail::to_strings(columns),
                                .deferrable = options.deferrable,
                                .initially_deferred = options.initially_deferred};
}

inline ops::constraint_definition check(std::string condition, constraint_name options = {}) {
  return ops::check_constraint{.name = std::move(options.name), .condition = std::move(condition)};
}

// --- Tables -------------------------------------------------------------------------------------

struct table_options {
  std::string schema{};
  std::optional<std::string> comment{};
  bool if_not_exists = false;
};

inline ops::create_table create_table(name table, std::vector<ops::column_definition> columns,
                                      std::vector<ops::constraint_definition> constraints = {},
                                      table_options options = {}) {
  return {.name = table.str(),
          .columns = std::move(columns),
          .constraints = std::move(constraints),
          .schema = detail::checked_schema(std::move(options.schema)),
          .comment = std::move(options.comment),
          .if_not_exists = options.if_not_exists};
}

struct drop_table_options {
  std::string schema{};
  bool if_exists = false;
  bool cascade = false;
  std::optional<ops::create_table> existing{};  ///< the table's definition, to allow reversal
};

inline ops::drop_table drop_table(name table, drop_table_options options = {}) {
  return {.name = table.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .if_exists = options.if_exists,
          .cascade = options.cascade,
          .existing = std::move(options.existing)};
}

struct schema_option {
  std::string schema{};
};

inline ops::rename_table rename_table(name old_name, name new_name, schema_option options = {}) {
  return {.old_name = old_name.str(),
          .new_name = new_name.str(),
          .schema = detail::checked_schema(std::move(options.schema))};
}

// --- Columns of existing tables -------------------------------------------------------------

inline ops::add_column add_column(name table, ops::column_definition column,
                                  schema_option options = {}) {
  return {.table = table.str(),
          .column = std::move(column),
          .schema = detail::checked_schema(std::move(options.schema))};
}

struct drop_column_options {
  std::string schema{};
  std::optional<ops::column_definition> existing{};  ///< the column as it was, to allow reversal
};

inline ops::drop_column drop_column(name table, name column, drop_column_options options = {}) {
  return {.table = table.str(),
          .column = column.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .existing = std::move(options.existing)};
}

/// `DROP DEFAULT`, for `alter_column_options::server_default`.
inline const std::optional<std::string> drop_default{};

struct alter_column_options {
  std::optional<column_type> type{};
  std::optional<std::string> using_expression{};
  std::optional<bool> nullable{};
  /// `"now()"` sets a default; `op::drop_default` removes it.
  std::optional<std::optional<std::string>> server_default{};
  std::optional<std::string> new_name{};
  /// `op::identity_kind::always` makes it an identity column; `op::drop_identity` drops that.
  std::optional<std::optional<identity_kind>> identity{};
  std::string schema{};
  std::optional<column_type> existing_type{};
  std::optional<bool> existing_nullable{};
  std::optional<std::optional<std::string>> existing_server_default{};
  std::optional<std::optional<identity_kind>> existing_identity{};
};

/// `DROP IDENTITY`, for `alter_column_options::identity`; also "was no identity" for
/// `existing_identity`.
inline const std::optional<identity_kind> drop_identity{};

inline ops::alter_column alter_column(name table, name column, alter_column_options options) {
  if (options.new_name) {
    check_identifier(*options.new_name);
  }
  return {.table = table.str(),
          .column = column.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .type = std::move(options.type),
          .using_expression = std::move(options.using_expression),
          .nullable = options.nullable,
          .server_default = std::move(options.server_default),
          .new_name = std::move(options.new_name),
          .identity = options.identity,
          .existing_type = std::move(options.existing_type),
          .existing_nullable = options.existing_nullable,
          .existing_server_default = std::move(options.existing_server_default),
          .existing_identity = options.existing_identity};
}

// --- Indexes ------------------------------------------------------------------------------------

/// An index access method; the common ones are constants below, others are spelled out
/// (`op::index_method{"hnsw"}`).
struct index_method {
  std::string_view name;
};
inline constexpr index_method btree{"btree"};
inline constexpr index_method hash{"hash"};
inline constexpr index_method gin{"gin"};
inline constexpr index_method gist{"gist"};
inline constexpr index_method spgist{"spgist"};
inline constexpr index_method brin{"brin"};

struct key_options {
  std::string opclass{};
  bool descending = false;
  nulls_order nulls = nulls_order::unspecified;
};

/// One key of an index: a column name (a literal converts implicitly) or `op::expression(...)`.
class index_key {
 public:
  // A consteval constructor may not leave a std::string behind, so a literal is kept as a view
  // and turned into an element only when the index is built.
  template <std::size_t N>
  consteval index_key(const char (&column)[N])
      : column_(name(column).view()) {}  // NOLINT: implicit on purpose
  index_key(ops::index_element e) : column_(""), element_(std::move(e)) {}  // NOLINT

  [[nodiscard]] ops::index_element element() && {
    if (element_) {
      return std::move(*element_);
    }
    return {.column_or_expression = std::string(column_)};
  }

 private:
  std::string_view column_;
  std::optional<ops::index_element> element_{};
};

/// A column key with an operator class or ordering: `op::key("name", {.opclass = "gin_trgm_ops"})`.
inline ops::index_element key(name column, key_options options = {}) {
  return {.column_or_expression = column.str(),
          .is_expression = false,
          .opclass = std::move(options.opclass),
          .descending = options.descending,
          .nulls = options.nulls};
}

/// An expression key such as `lower(name)`; written as SQL, parenthesised when rendered.
inline ops::index_element expression(std::string sql, key_options options = {}) {
  return {.column_or_expression = std::move(sql),
          .is_expression = true,
          .opclass = std::move(options.opclass),
          .descending = options.descending,
          .nulls = options.nulls};
}

struct index_options {
  bool unique = false;
  index_method method = btree;
  std::vector<std::string> include{};
  std::optional<std::string> where{};
  bool concurrently = false;  ///< needs a migration declared `.transactional = false`
  bool if_not_exists = false;
  std::string schema{};
};

inline ops::create_index create_index(name index, name table, std::vector<index_key> keys,
                                      index_options options = {}) {
  ops::index_definition definition{.name = index.str(),
                                   .table = table.str(),
                                   .schema = detail::checked_schema(std::move(options.schema)),
                                   .unique = options.unique,
                                   .method = std::string(options.method.name),
                                   .include = std::move(options.include),
                                   .where = std::move(options.where)};
  for (auto& k : keys) {
    definition.elements.push_back(std::move(k).element());
  }
  for (const auto& column : definition.include) {
    check_identifier(column);
  }
  return {.index = std::move(definition),
          .concurrently = options.concurrently,
          .if_not_exists = options.if_not_exists};
}

struct drop_index_options {
  std::string schema{};
  bool concurrently = false;
  bool if_exists = false;
  std::optional<ops::index_definition> existing{};
};

inline ops::drop_index drop_index(name index, drop_index_options options = {}) {
  return {.name = index.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .concurrently = options.concurrently,
          .if_exists = options.if_exists,
          .existing = std::move(options.existing)};
}

// --- Constraints on existing tables ---------------------------------------------------------

inline ops::add_constraint create_primary_key(name constraint, name table,
                                              std::vector<name> columns,
                                              schema_option options = {}) {
  return {.table = table.str(),
          .constraint = primary_key(std::move(columns), {constraint.str()}),
          .schema = detail::checked_schema(std::move(options.schema))};
}

struct create_foreign_key_options {
  std::string source_schema{};
  std::string referent_schema{};
  referential_action on_delete = referential_action::no_action;
  referential_action on_update = referential_action::no_action;
  bool deferrable = false;
  bool initially_deferred = false;
};

/// Alembic's argument order: constraint, source table, referent table, local and remote columns.
inline ops::add_constraint create_foreign_key(name constraint, name source_table,
                                              name referent_table, std::vector<name> local_columns,
                                              std::vector<name> remote_columns,
                                              create_foreign_key_options options = {}) {
  return {
      .table = source_table.str(),
      .constraint = foreign_key(std::move(local_columns), referent_table, std::move(remote_columns),
                                {.name = constraint.str(),
                                 .referent_schema = std::move(options.referent_schema),
                                 .on_delete = options.on_delete,
                                 .on_update = options.on_update,
                                 .deferrable = options.deferrable,
                                 .initially_deferred = options.initially_deferred}),
      .schema = detail::checked_schema(std::move(options.source_schema))};
}

struct create_unique_options {
  std::string schema{};
  bool deferrable = false;
  bool initially_deferred = false;
};

inline ops::add_constraint create_unique_constraint(name constraint, name table,
                                                    std::vector<name> columns,
                                                    create_unique_options options = {}) {
  return {
      .table = table.str(),
      .constraint = unique(std::move(columns), {.name = constraint.str(),
                                                .deferrable = options.deferrable,
                                                .initially_deferred = options.initially_deferred}),
      .schema = detail::checked_schema(std::move(options.schema))};
}

inline ops::add_constraint create_check_constraint(name constraint, name table,
                                                   std::string condition,
                                                   schema_option options = {}) {
  return {.table = table.str(),
          .constraint = check(std::move(condition), {constraint.str()}),
          .schema = detail::checked_schema(std::move(options.schema))};
}

struct drop_constraint_options {
  std::string schema{};
  bool if_exists = false;
  std::optional<ops::constraint_definition> existing{};
};

inline ops::drop_constraint drop_constraint(name constraint, name table,
                                            drop_constraint_options options = {}) {
  return {.name = constraint.str(),
          .table = table.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .if_exists = options.if_exists,
          .existing = std::move(options.existing)};
}

// --- Extensions ---------------------------------------------------------------------------------

struct extension_options {
  std::string schema{};
  std::string version{};
  bool if_not_exists = true;
};

inline ops::create_extension create_extension(name extension, extension_options options = {}) {
  return {.name = extension.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .version = std::move(options.version),
          .if_not_exists = options.if_not_exists};
}

struct drop_extension_options {
  bool if_exists = true;
  bool cascade = false;
};

inline ops::drop_extension drop_extension(name extension, drop_extension_options options = {}) {
  return {.name = extension.str(), .if_exists = options.if_exists, .cascade = options.cascade};
}

// --- Raw SQL and data ---------------------------------------------------------------------------

struct execute_options {
  std::optional<std::string> reverse_sql{};  ///< what undoes `sql`; without it, irreversible
};

/// Raw SQL, run as written. Prefer `bulk_insert` for values: they travel as parameters.
inline ops::execute execute(std::string sql, execute_options options = {}) {
  return {.sql = std::move(sql), .reverse_sql = std::move(options.reverse_sql)};
}

/// Marks where replaced revision `revision` stands in a squash revision's operations; `retort
/// squash` writes these, see `ops::squash_point`.
inline ops::squash_point squash_point(std::string revision) {
  return {.revision = std::move(revision)};
}

/// Inserts rows; every value is sent as a query parameter, never spliced into the SQL text.
inline ops::bulk_insert bulk_insert(name table, std::vector<name> columns,
                                    std::vector<std::vector<ops::value>> rows,
                                    schema_option options = {}) {
  for (const auto& row : rows) {
    if (row.size() != columns.size()) {
      throw std::invalid_argument("bulk_insert into " + table.str() + ": a row has " +
                                  std::to_string(row.size()) + " values for " +
                                  std::to_string(columns.size()) + " columns");
    }
  }
  return {.table = table.str(),
          .columns = detail::to_strings(columns),
          .rows = std::move(rows),
          .schema = detail::checked_schema(std::move(options.schema))};
}

// --- Comments -----------------------------------------------------------------------------------

struct comment_options {
  std::string schema{};
  std::optional<std::optional<std::string>> existing{};  ///< the comment before, for reversal
};

/// Sets a table's comment; `std::nullopt` removes it.
inline ops::set_table_comment set_table_comment(name table, std::optional<std::string> comment,
                                                comment_options options = {}) {
  return {.table = table.str(),
          .comment = std::move(comment),
          .schema = detail::checked_schema(std::move(options.schema)),
          .existing = std::move(options.existing)};
}

/// Sets a column's comment; `std::nullopt` removes it.
inline ops::set_column_comment set_column_comment(name table, name column,
                                                  std::optional<std::string> comment,
                                                  comment_options options = {}) {
  return {.table = table.str(),
          .column = column.str(),
          .comment = std::move(comment),
          .schema = detail::checked_schema(std::move(options.schema)),
          .existing = std::move(options.existing)};
}

// --- Schemas, enum types and sequences ------------------------------------------------------

inline ops::create_schema create_schema(name schema, bool if_not_exists = false) {
  return {.name = schema.str(), .if_not_exists = if_not_exists};
}

struct drop_schema_options {
  bool if_exists = false;
  bool cascade = false;
};

inline ops::drop_schema drop_schema(name schema, drop_schema_options options = {}) {
  return {.name = schema.str(), .if_exists = options.if_exists, .cascade = options.cascade};
}

/// `CREATE TYPE name AS ENUM (values...)`.
inline ops::create_enum create_enum(name type, std::vector<std::string> values,
                                    schema_option options = {}) {
  return {.name = type.str(),
          .values = std::move(values),
          .schema = detail::checked_schema(std::move(options.schema))};
}

struct drop_enum_options {
  std::string schema{};
  bool if_exists = false;
  std::optional<std::vector<std::string>> existing{};  ///< its labels, to allow reversal
};

inline ops::drop_enum drop_enum(name type, drop_enum_options options = {}) {
  return {.name = type.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .if_exists = options.if_exists,
          .existing = std::move(options.existing)};
}

struct enum_value_options {
  std::string schema{};
  std::string before{};
  std::string after{};
  bool if_not_exists = false;
};

/// `ALTER TYPE type ADD VALUE 'value'`; irreversible (PostgreSQL cannot drop a label).
inline ops::add_enum_value add_enum_value(name type, std::string value,
                                          enum_value_options options = {}) {
  return {.type = type.str(),
          .value = std::move(value),
          .schema = detail::checked_schema(std::move(options.schema)),
          .before = std::move(options.before),
          .after = std::move(options.after),
          .if_not_exists = options.if_not_exists};
}

struct sequence_options {
  std::string schema{};
  std::optional<column_type> data_type{};
  std::optional<std::int64_t> start{};
  std::optional<std::int64_t> increment{};
  std::optional<std::int64_t> min_value{};
  std::optional<std::int64_t> max_value{};
  std::optional<std::int64_t> cache{};
  bool cycle = false;
  bool if_not_exists = false;
};

/// The definition part of a sequence, as `create_sequence` and `drop_sequence{.existing}` take.
inline ops::sequence_definition sequence(name sequence_name, sequence_options options = {}) {
  return {.name = sequence_name.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .data_type = std::move(options.data_type),
          .start = options.start,
          .increment = options.increment,
          .min_value = options.min_value,
          .max_value = options.max_value,
          .cache = options.cache,
          .cycle = options.cycle};
}

inline ops::create_sequence create_sequence(name sequence_name, sequence_options options = {}) {
  bool if_not_exists = options.if_not_exists;
  return {.sequence = sequence(sequence_name, std::move(options)), .if_not_exists = if_not_exists};
}

struct drop_sequence_options {
  std::string schema{};
  bool if_exists = false;
  std::optional<ops::sequence_definition> existing{};
};

inline ops::drop_sequence drop_sequence(name sequence_name, drop_sequence_options options = {}) {
  return {.name = sequence_name.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .if_exists = options.if_exists,
          .existing = std::move(options.existing)};
}

}  // namespace retort::op
