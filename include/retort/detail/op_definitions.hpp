#pragma once

/// The bodies of the `op::` functions; see <retort/detail/dsl_linkage.hpp>.

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <retort/op.hpp>

namespace retort::op {

namespace detail {
inline std::vector<std::string> to_strings(list_of<name> names) {
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

RETORT_DSL_INLINE std::string literal(std::string_view text) {
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

RETORT_DSL_INLINE ops::column_definition column(name column_name, column_type type,
                                                column_options options) {
  return {.name = column_name.str(),
          .type = std::move(type),
          .nullable = options.nullable && !options.primary_key,
          .server_default = std::move(options.server_default),
          .identity = options.identity,
          .primary_key = options.primary_key,
          .comment = std::move(options.comment),
          .generated = std::move(options.generated),
          .statistics = options.statistics};
}

RETORT_DSL_INLINE ops::constraint_definition primary_key(list_of<name> columns,
                                                         constraint_name options) {
  return ops::primary_key_constraint{.name = std::move(options.name),
                                     .columns = detail::to_strings(columns)};
}

RETORT_DSL_INLINE ops::constraint_definition foreign_key(list_of<name> columns, name referent_table,
                                                         list_of<name> referent_columns,
                                                         foreign_key_options options) {
  return ops::foreign_key_constraint{
      .name = std::move(options.name),
      .columns = detail::to_strings(columns),
      .referent_schema = detail::checked_schema(std::move(options.referent_schema)),
      .referent_table = referent_table.str(),
      .referent_columns = detail::to_strings(referent_columns),
      .on_delete = options.on_delete,
      .on_update = options.on_update,
      .deferrable = options.deferrable,
      .initially_deferred = options.initially_deferred,
      .match_full = options.match_full};
}

RETORT_DSL_INLINE ops::constraint_definition unique(list_of<name> columns, unique_options options) {
  return ops::unique_constraint{.name = std::move(options.name),
                                .columns = detail::to_strings(columns),
                                .deferrable = options.deferrable,
                                .initially_deferred = options.initially_deferred};
}

RETORT_DSL_INLINE ops::constraint_definition check(std::string condition, constraint_name options) {
  return ops::check_constraint{.name = std::move(options.name), .condition = std::move(condition)};
}

RETORT_DSL_INLINE ops::create_table create_table(name table,
                                                 list_of<ops::column_definition> columns,
                                                 list_of<ops::constraint_definition> constraints,
                                                 table_options options) {
  return {.name = table.str(),
          .columns = {columns.begin(), columns.end()},
          .constraints = {constraints.begin(), constraints.end()},
          .schema = detail::checked_schema(std::move(options.schema)),
          .comment = std::move(options.comment),
          .if_not_exists = options.if_not_exists,
          .partition_by = std::move(options.partition_by),
          .inherits = std::move(options.inherits)};
}

RETORT_DSL_INLINE ops::create_table create_partition(name table, name parent, std::string bound,
                                                     partition_options options) {
  return {.name = table.str(),
          .columns = {},
          .constraints = std::move(options.constraints),
          .schema = detail::checked_schema(std::move(options.schema)),
          .comment = std::move(options.comment),
          .partition_by = std::move(options.partition_by),
          .partition_of =
              ops::table_ref{.name = parent.str(),
                             .schema = detail::checked_schema(std::move(options.parent_schema))},
          .partition_bound = std::move(bound)};
}

RETORT_DSL_INLINE ops::drop_table drop_table(name table, drop_table_options options) {
  return {.name = table.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .if_exists = options.if_exists,
          .cascade = options.cascade,
          .existing = std::move(options.existing)};
}

RETORT_DSL_INLINE ops::rename_table rename_table(name old_name, name new_name,
                                                 schema_option options) {
  return {.old_name = old_name.str(),
          .new_name = new_name.str(),
          .schema = detail::checked_schema(std::move(options.schema))};
}

RETORT_DSL_INLINE ops::add_column add_column(name table, ops::column_definition column,
                                             schema_option options) {
  return {.table = table.str(),
          .column = std::move(column),
          .schema = detail::checked_schema(std::move(options.schema))};
}

RETORT_DSL_INLINE ops::drop_column drop_column(name table, name column,
                                               drop_column_options options) {
  return {.table = table.str(),
          .column = column.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .existing = std::move(options.existing)};
}

RETORT_DSL_INLINE ops::alter_column alter_column(name table, name column,
                                                 alter_column_options options) {
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
          .existing_identity = options.existing_identity,
          .statistics = options.statistics,
          .existing_statistics = options.existing_statistics};
}

RETORT_DSL_INLINE ops::index_element key(name column, key_options options) {
  return {.column_or_expression = column.str(),
          .is_expression = false,
          .opclass = std::move(options.opclass),
          .descending = options.descending,
          .nulls = options.nulls};
}

RETORT_DSL_INLINE ops::index_element expression(std::string sql, key_options options) {
  return {.column_or_expression = std::move(sql),
          .is_expression = true,
          .opclass = std::move(options.opclass),
          .descending = options.descending,
          .nulls = options.nulls};
}

RETORT_DSL_INLINE ops::create_index create_index(name index, name table, list_of<index_key> keys,
                                                 index_options options) {
  ops::index_definition definition{.name = index.str(),
                                   .table = table.str(),
                                   .schema = detail::checked_schema(std::move(options.schema)),
                                   .unique = options.unique,
                                   .method = std::string(options.method.name),
                                   .include = std::move(options.include),
                                   .where = std::move(options.where)};
  for (const auto& k : keys) {
    definition.elements.push_back(k.element());
  }
  for (const auto& column : definition.include) {
    check_identifier(column);
  }
  return {.index = std::move(definition),
          .concurrently = options.concurrently,
          .if_not_exists = options.if_not_exists};
}

RETORT_DSL_INLINE ops::drop_index drop_index(name index, drop_index_options options) {
  return {.name = index.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .concurrently = options.concurrently,
          .if_exists = options.if_exists,
          .existing = std::move(options.existing)};
}

RETORT_DSL_INLINE ops::add_constraint create_primary_key(name constraint, name table,
                                                         list_of<name> columns,
                                                         schema_option options) {
  return {.table = table.str(),
          .constraint = primary_key(columns, {constraint.str()}),
          .schema = detail::checked_schema(std::move(options.schema))};
}

RETORT_DSL_INLINE ops::add_constraint create_foreign_key(name constraint, name source_table,
                                                         name referent_table,
                                                         list_of<name> local_columns,
                                                         list_of<name> remote_columns,
                                                         create_foreign_key_options options) {
  return {.table = source_table.str(),
          .constraint = foreign_key(local_columns, referent_table, remote_columns,
                                    {.name = constraint.str(),
                                     .referent_schema = std::move(options.referent_schema),
                                     .on_delete = options.on_delete,
                                     .on_update = options.on_update,
                                     .deferrable = options.deferrable,
                                     .initially_deferred = options.initially_deferred,
                                     .match_full = options.match_full}),
          .schema = detail::checked_schema(std::move(options.source_schema)),
          .not_valid = options.not_valid};
}

RETORT_DSL_INLINE ops::add_constraint create_unique_constraint(name constraint, name table,
                                                               list_of<name> columns,
                                                               create_unique_options options) {
  return {.table = table.str(),
          .constraint = unique(columns, {.name = constraint.str(),
                                         .deferrable = options.deferrable,
                                         .initially_deferred = options.initially_deferred}),
          .schema = detail::checked_schema(std::move(options.schema))};
}

RETORT_DSL_INLINE ops::add_constraint create_check_constraint(name constraint, name table,
                                                              std::string condition,
                                                              create_check_options options) {
  return {.table = table.str(),
          .constraint = check(std::move(condition), {constraint.str()}),
          .schema = detail::checked_schema(std::move(options.schema)),
          .not_valid = options.not_valid};
}

RETORT_DSL_INLINE ops::validate_constraint validate_constraint(name constraint, name table,
                                                               schema_option options) {
  return {.name = constraint.str(),
          .table = table.str(),
          .schema = detail::checked_schema(std::move(options.schema))};
}

RETORT_DSL_INLINE ops::set_not_null set_not_null(name table, name column,
                                                 set_not_null_options options) {
  if (!options.check_name.empty()) {
    check_identifier(options.check_name);
  }
  return {.table = table.str(),
          .column = column.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .check_name = std::move(options.check_name)};
}

RETORT_DSL_INLINE ops::drop_constraint drop_constraint(name constraint, name table,
                                                       drop_constraint_options options) {
  return {.name = constraint.str(),
          .table = table.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .if_exists = options.if_exists,
          .existing = std::move(options.existing)};
}

RETORT_DSL_INLINE ops::create_extension create_extension(name extension,
                                                         extension_options options) {
  return {.name = extension.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .version = std::move(options.version),
          .if_not_exists = options.if_not_exists};
}

RETORT_DSL_INLINE ops::drop_extension drop_extension(name extension,
                                                     drop_extension_options options) {
  return {.name = extension.str(), .if_exists = options.if_exists, .cascade = options.cascade};
}

RETORT_DSL_INLINE ops::execute execute(std::string sql, execute_options options) {
  return {.sql = std::move(sql), .reverse_sql = std::move(options.reverse_sql)};
}

RETORT_DSL_INLINE ops::attach_partition attach_partition(name table, name partition,
                                                         std::string bound,
                                                         attach_options options) {
  return {.table = table.str(),
          .partition = partition.str(),
          .bound = std::move(bound),
          .schema = detail::checked_schema(std::move(options.schema)),
          .partition_schema = detail::checked_schema(std::move(options.partition_schema))};
}

RETORT_DSL_INLINE ops::detach_partition detach_partition(name table, name partition,
                                                         detach_options options) {
  return {.table = table.str(),
          .partition = partition.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .partition_schema = detail::checked_schema(std::move(options.partition_schema)),
          .concurrently = options.concurrently,
          .existing_bound = std::move(options.existing_bound)};
}

RETORT_DSL_INLINE ops::data_step run(std::string name, void (*code)(session&),
                                     run_options options) {
  if (name.empty()) {
    throw std::invalid_argument("a data step needs a name that says what it does");
  }
  if (code == nullptr) {
    throw std::invalid_argument("data step \"" + name + "\" has no code");
  }
  return {.name = std::move(name), .code = code, .expects = std::move(options.expects)};
}

RETORT_DSL_INLINE ops::backfill backfill(std::string name, retort::name table,
                                         backfill_options options) {
  if (name.empty()) {
    throw std::invalid_argument("a backfill needs a name that says what it does");
  }
  check_identifier(options.key);
  if (options.set.empty() == (options.each == nullptr)) {
    throw std::invalid_argument("backfill \"" + name +
                                "\" takes either `.set` (SQL) or `.each` (C++ code), one of them");
  }
  if (options.batch_size < 1 || options.pause_ms < 0 || options.lock_timeout_ms < 0 ||
      options.retries < 0 || options.time_limit_s < 0) {
    throw std::invalid_argument("backfill \"" + name +
                                "\": batch_size is at least 1, and pause, lock timeout, retries "
                                "and time limit are not negative");
  }
  return {.name = std::move(name),
          .table = table.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .key = std::move(options.key),
          .set = std::move(options.set),
          .each = options.each,
          .where = std::move(options.where),
          .batch_size = options.batch_size,
          .pause_ms = options.pause_ms,
          .lock_timeout_ms = options.lock_timeout_ms,
          .retries = options.retries,
          .time_limit_s = options.time_limit_s};
}

RETORT_DSL_INLINE ops::squash_point squash_point(std::string revision) {
  return {.revision = std::move(revision)};
}

RETORT_DSL_INLINE ops::lint_waiver waive(lint_rule rule, waiver_reason reason) {
  return {.rule = rule.str(), .reason = reason.str()};
}

RETORT_DSL_INLINE ops::lint_waiver waive_all(lint_rule rule, waiver_reason reason) {
  return {.rule = rule.str(), .reason = reason.str(), .whole_migration = true};
}

RETORT_DSL_INLINE ops::bulk_insert bulk_insert(name table, list_of<name> columns,
                                               std::vector<std::vector<ops::value>> rows,
                                               schema_option options) {
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

RETORT_DSL_INLINE ops::bulk_insert bulk_insert(name table, list_of<name> columns,
                                               std::initializer_list<list_of<cell>> rows,
                                               schema_option options) {
  std::vector<std::vector<ops::value>> values;
  values.reserve(rows.size());
  for (const auto& row : rows) {
    auto& out = values.emplace_back();
    out.reserve(row.size());
    for (const auto& c : row) {
      out.push_back(c.value());
    }
  }
  return bulk_insert(table, columns, std::move(values), std::move(options));
}

RETORT_DSL_INLINE ops::value cell::value() const {
  switch (kind_) {
    case kind::null:
      return nullptr;
    case kind::boolean:
      return integer_ != 0;
    case kind::integer:
      return integer_;
    case kind::floating:
      return floating_;
    case kind::text:
      return std::string(text_);
    case kind::whole:
      return *whole_;
  }
  return nullptr;
}

RETORT_DSL_INLINE ops::set_table_comment set_table_comment(name table,
                                                           std::optional<std::string> comment,
                                                           comment_options options) {
  return {.table = table.str(),
          .comment = std::move(comment),
          .schema = detail::checked_schema(std::move(options.schema)),
          .existing = std::move(options.existing)};
}

RETORT_DSL_INLINE ops::set_column_comment set_column_comment(name table, name column,
                                                             std::optional<std::string> comment,
                                                             comment_options options) {
  return {.table = table.str(),
          .column = column.str(),
          .comment = std::move(comment),
          .schema = detail::checked_schema(std::move(options.schema)),
          .existing = std::move(options.existing)};
}

RETORT_DSL_INLINE ops::create_schema create_schema(name schema, bool if_not_exists) {
  return {.name = schema.str(), .if_not_exists = if_not_exists};
}

RETORT_DSL_INLINE ops::drop_schema drop_schema(name schema, drop_schema_options options) {
  return {.name = schema.str(), .if_exists = options.if_exists, .cascade = options.cascade};
}

RETORT_DSL_INLINE ops::create_enum create_enum(name type, std::vector<std::string> values,
                                               schema_option options) {
  return {.name = type.str(),
          .values = std::move(values),
          .schema = detail::checked_schema(std::move(options.schema))};
}

RETORT_DSL_INLINE ops::drop_enum drop_enum(name type, drop_enum_options options) {
  return {.name = type.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .if_exists = options.if_exists,
          .existing = std::move(options.existing)};
}

RETORT_DSL_INLINE ops::add_enum_value add_enum_value(name type, std::string value,
                                                     enum_value_options options) {
  return {.type = type.str(),
          .value = std::move(value),
          .schema = detail::checked_schema(std::move(options.schema)),
          .before = std::move(options.before),
          .after = std::move(options.after),
          .if_not_exists = options.if_not_exists};
}

RETORT_DSL_INLINE ops::sequence_definition sequence(name sequence_name, sequence_options options) {
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

RETORT_DSL_INLINE ops::create_sequence create_sequence(name sequence_name,
                                                       sequence_options options) {
  bool if_not_exists = options.if_not_exists;
  return {.sequence = sequence(sequence_name, std::move(options)), .if_not_exists = if_not_exists};
}

RETORT_DSL_INLINE ops::drop_sequence drop_sequence(name sequence_name,
                                                   drop_sequence_options options) {
  return {.name = sequence_name.str(),
          .schema = detail::checked_schema(std::move(options.schema)),
          .if_exists = options.if_exists,
          .existing = std::move(options.existing)};
}

}  // namespace retort::op
