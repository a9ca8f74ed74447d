#pragma once

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <retort/identifier.hpp>
#include <retort/op.hpp>
#include <retort/operations.hpp>
#include <retort/types.hpp>

/// The schema model: what a database should hold (declared by an application) or does hold
/// (read by introspection), as plain data in the vocabulary of `op::`. Columns, keys, indexes
/// and sequences are the very structs the operations carry, so a model part becomes an
/// operation without translation. An empty `schema` means the default schema (`public`).
namespace retort::model {

/// An extension the database needs; its version is not compared.
struct extension {
  std::string name;
  std::string schema{};
  friend bool operator==(const extension&, const extension&) = default;
};

/// An enum type and its labels, in order.
struct enum_type {
  std::string name;
  std::string schema{};
  std::vector<std::string> values{};
  friend bool operator==(const enum_type&, const enum_type&) = default;
};

/// An object `op::` cannot express (a view, a function, a trigger, a domain, ...), carried as
/// the SQL PostgreSQL prints for it, so it can be created and dropped by `op::execute`.
/// Compared by its definition: a changed one is dropped and created again.
struct raw_object {
  std::string kind;  ///< `view`, `function`, `trigger`, `domain`, ...: what the output names
  std::string name;  ///< unique within `kind` and `schema` (a function's includes its arguments)
  std::string schema{};
  std::string create_sql{};
  std::string drop_sql{};
  /// The `kind:schema.name` of the raw objects it needs (a view's views, a trigger's function).
  std::vector<std::string> depends_on{};
  /// Whether it reads tables (a view, a trigger): then it is created after them and dropped
  /// before them; else before and after (a domain or a function a column may use).
  bool after_tables = false;
  /// Whether `create_sql` replaces an older definition in place (`CREATE OR REPLACE`), so a
  /// changed one needs no drop, and what depends on it stays.
  bool replaceable = false;
  /// The table it belongs to (a trigger's, a constraint's), for the table filters of compare.
  std::string table{};
  friend bool operator==(const raw_object&, const raw_object&) = default;
};

/// `kind:schema.name`, the key `raw_object::depends_on` holds.
inline std::string raw_key(const raw_object& o) {
  return o.kind + ":" + (o.schema.empty() ? std::string() : o.schema + ".") + o.name;
}

struct raw_options {
  std::string schema{};
  std::vector<std::string> depends_on{};
  bool after_tables = false;
  bool replaceable = false;
  std::string table{};
};

struct table_options {
  std::string schema{};
  std::optional<std::string> comment{};
  std::string partition_by{};              ///< as `op::table_options::partition_by`
  std::vector<ops::table_ref> inherits{};  ///< as `op::table_options::inherits`
};

struct partition_options {
  std::string schema{};
  std::string parent_schema{};
  std::optional<std::string> comment{};
  std::string partition_by{};
};

/// A table with its columns, keys, constraints and indexes. The builder functions return the
/// table itself, so a declaration reads as one chain.
struct table {
  std::string name;
  std::string schema{};
  std::vector<ops::column_definition> columns{};  ///< never `primary_key`: see `key`
  std::optional<ops::primary_key_constraint> key{};
  std::vector<ops::foreign_key_constraint> foreign_keys{};
  std::vector<ops::unique_constraint> uniques{};
  std::vector<ops::check_constraint> checks{};
  std::vector<ops::index_definition> indexes{};
  std::optional<std::string> comment{};
  std::string partition_by{};                    ///< a partitioned table's key: `RANGE (at)`
  std::vector<ops::table_ref> inherits{};        ///< inheritance parents; `columns` are its own
  std::optional<ops::table_ref> partition_of{};  ///< a partition's parent; no `columns`
  std::string partition_bound{};                 ///< a partition's `FOR VALUES ...`/`DEFAULT`

  /// A column, as `op::column` takes it; `.primary_key = true` adds it to the table's key.
  model::table& column(retort::name column_name, column_type type,
                       op::column_options options = {}) {
    const bool in_key = options.primary_key;
    options.primary_key = false;
    columns.push_back(op::column(column_name, std::move(type), std::move(options)));
    if (in_key) {
      if (!key) {
        key = ops::primary_key_constraint{};
      }
      key->columns.push_back(column_name.str());
      columns.back().nullable = false;
    }
    return *this;
  }

  /// The primary key; unnamed, it gets PostgreSQL's name (`<table>_pkey`).
  model::table& primary_key(std::vector<retort::name> key_columns,
                            op::constraint_name options = {}) {
    key = std::get<ops::primary_key_constraint>(op::primary_key(std::move(key_columns), options));
    return *this;
  }

  model::table& foreign_key(std::vector<retort::name> local_columns, retort::name referent_table,
                            std::vector<retort::name> referent_columns,
                            op::foreign_key_options options = {}) {
    foreign_keys.push_back(std::get<ops::foreign_key_constraint>(op::foreign_key(
        std::move(local_columns), referent_table, std::move(referent_columns), options)));
    return *this;
  }

  model::table& unique(std::vector<retort::name> unique_columns, op::unique_options options = {}) {
    uniques.push_back(
        std::get<ops::unique_constraint>(op::unique(std::move(unique_columns), options)));
    return *this;
  }

  /// A check constraint. It needs a name: PostgreSQL's generated one depends on the expression.
  model::table& check(retort::name constraint, std::string condition) {
    checks.push_back({.name = constraint.str(), .condition = std::move(condition)});
    return *this;
  }

  /// An index on this table, as `op::create_index` takes it (`concurrently` is ignored here:
  /// it is a property of a migration, not of the schema).
  model::table& index(retort::name index_name, std::vector<op::index_key> keys,
                      op::index_options options = {}) {
    options.schema = schema;
    auto created = op::create_index(index_name, retort::name(this->name), std::move(keys), options);
    indexes.push_back(std::move(created.index));
    return *this;
  }

  friend bool operator==(const table&, const table&) = default;
};

/// The whole database: what `retort revision --autogenerate` compares with a live one.
struct schema {
  std::vector<std::string> schemas{};  ///< schemas to create, besides the default one
  std::vector<model::extension> extensions{};
  std::vector<model::enum_type> enums{};
  std::vector<ops::sequence_definition> sequences{};  ///< sequences not owned by a column
  std::deque<model::table> tables{};                  ///< a deque: `table()` references stay valid
  std::vector<model::raw_object> raw_objects{};       ///< what `op::` cannot express

  /// A schema (namespace) the model creates.
  model::schema& named_schema(retort::name schema_name) {
    schemas.push_back(schema_name.str());
    return *this;
  }

  model::schema& extension(retort::name extension_name, std::string in_schema = {}) {
    extensions.push_back({.name = extension_name.str(), .schema = std::move(in_schema)});
    return *this;
  }

  model::schema& enum_type(retort::name type_name, std::vector<std::string> values,
                           op::schema_option options = {}) {
    enums.push_back({.name = type_name.str(),
                     .schema = std::move(options.schema),
                     .values = std::move(values)});
    return *this;
  }

  model::schema& sequence(retort::name sequence_name, op::sequence_options options = {}) {
    sequences.push_back(op::sequence(sequence_name, std::move(options)));
    return *this;
  }

  /// A new table, returned for its columns and constraints: `s.table("t").column(...)...`.
  model::table& table(retort::name table_name, table_options options = {}) {
    tables.push_back({.name = table_name.str(),
                      .schema = std::move(options.schema),
                      .comment = std::move(options.comment),
                      .partition_by = std::move(options.partition_by),
                      .inherits = std::move(options.inherits)});
    return tables.back();
  }

  /// A partition of `parent`, as `op::create_partition` makes it; returned for its own
  /// constraints and indexes.
  model::table& partition(retort::name table_name, retort::name parent, std::string bound,
                          partition_options options = {}) {
    tables.push_back({.name = table_name.str(),
                      .schema = std::move(options.schema),
                      .comment = std::move(options.comment),
                      .partition_by = std::move(options.partition_by),
                      .partition_of = ops::table_ref{.name = parent.str(),
                                                     .schema = std::move(options.parent_schema)},
                      .partition_bound = std::move(bound)});
    return tables.back();
  }

  /// An object carried as SQL: `create_sql` makes it, `drop_sql` removes it.
  model::schema& raw(std::string kind, std::string object_name, std::string create_sql,
                     std::string drop_sql, raw_options options = {}) {
    raw_objects.push_back({.kind = std::move(kind),
                           .name = std::move(object_name),
                           .schema = std::move(options.schema),
                           .create_sql = std::move(create_sql),
                           .drop_sql = std::move(drop_sql),
                           .depends_on = std::move(options.depends_on),
                           .after_tables = options.after_tables,
                           .replaceable = options.replaceable,
                           .table = std::move(options.table)});
    return *this;
  }

  friend bool operator==(const schema&, const schema&) = default;
};

}  // namespace retort::model
