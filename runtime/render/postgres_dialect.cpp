#include "render/postgres_dialect.hpp"

#include "render/backfill_sql.hpp"

#include <retort/errors.hpp>
#include <retort/identifier.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "render/describe.hpp"

namespace retort::render {

namespace {

// The Bind message counts parameters in 16 bits.
constexpr std::size_t max_parameters_per_statement = 65535;
// Keeps each statement's text and parse time modest, whatever the column count.
constexpr std::size_t max_rows_per_insert = 1000;

template <typename... F>
struct overloaded : F... {
  using F::operator()...;
};

void refuse_nul(std::string_view text, std::string_view what) {
  if (text.find('\0') != std::string_view::npos) {
    // libpq sends statements and parameters as C strings: the rest would be cut off silently.
    throw error(fmt::format("{} contains a NUL byte, which PostgreSQL cannot store", what));
  }
}

std::string_view spelling(ops::referential_action action) {
  switch (action) {
    case ops::referential_action::no_action:
      return "NO ACTION";
    case ops::referential_action::restrict:
      return "RESTRICT";
    case ops::referential_action::cascade:
      return "CASCADE";
    case ops::referential_action::set_null:
      return "SET NULL";
    case ops::referential_action::set_default:
      return "SET DEFAULT";
  }
  throw error("unknown referential action");
}

// `DEFERRABLE` alone, or with `INITIALLY DEFERRED` (which implies it, as in PostgreSQL).
std::string deferral(bool deferrable, bool initially_deferred) {
  if (initially_deferred) {
    return " DEFERRABLE INITIALLY DEFERRED";
  }
  return deferrable ? " DEFERRABLE" : "";
}

std::string modifier(const std::optional<int>& value) {
  return value ? fmt::format("({})", *value) : std::string();
}

// The names PostgreSQL's format_type() uses, except `varchar` and `char` for brevity.
std::string_view keyword(type_kind kind) {
  switch (kind) {
    case type_kind::smallint:
      return "smallint";
    case type_kind::integer:
      return "integer";
    case type_kind::bigint:
      return "bigint";
    case type_kind::smallserial:
      return "smallserial";
    case type_kind::serial:
      return "serial";
    case type_kind::bigserial:
      return "bigserial";
    case type_kind::numeric:
      return "numeric";
    case type_kind::real:
      return "real";
    case type_kind::double_precision:
      return "double precision";
    case type_kind::boolean:
      return "boolean";
    case type_kind::text:
      return "text";
    case type_kind::varchar:
      return "varchar";
    case type_kind::character:
      return "char";
    case type_kind::date:
      return "date";
    case type_kind::time:
    case type_kind::time_tz:
      return "time";
    case type_kind::timestamp:
    case type_kind::timestamp_tz:
      return "timestamp";
    case type_kind::interval:
      return "interval";
    case type_kind::uuid:
      return "uuid";
    case type_kind::json:
      return "json";
    case type_kind::jsonb:
      return "jsonb";
    case type_kind::bytea:
      return "bytea";
    case type_kind::custom:
      return "custom";
  }
  throw error("unknown column type");
}

// A modifier the kind does not take would be dropped silently; refuse it instead.
void check_modifiers(const column_type& type) {
  auto kind = type.kind;
  bool takes_length = kind == type_kind::varchar || kind == type_kind::character;
  bool takes_precision = kind == type_kind::numeric || kind == type_kind::time ||
                         kind == type_kind::time_tz || kind == type_kind::timestamp ||
                         kind == type_kind::timestamp_tz || kind == type_kind::interval;
  auto refuse = [&](std::string_view what) {
    throw error(fmt::format("column type {} does not take {}", keyword(kind), what));
  };
  if (type.length && !takes_length) {
    refuse("a length");
  }
  if (type.precision && !takes_precision) {
    refuse("a precision");
  }
  if (type.scale && !(kind == type_kind::numeric && type.precision)) {
    refuse("a scale without a precision");
  }
  if (kind != type_kind::custom &&
      !(type.custom_name.empty() && type.custom_schema.empty() && type.custom_modifiers.empty())) {
    refuse("a custom name");
  }
  if (kind != type_kind::interval && type.fields != interval_fields::all) {
    refuse("interval fields");
  }
  // Rendered as written: only what a type modifier list can hold, nothing that ends it.
  const bool plain_modifiers =
      std::all_of(type.custom_modifiers.begin(), type.custom_modifiers.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ',' ||
               c == ' ' || c == '.' || c == '+' || c == '-';
      });
  if (!plain_modifiers || type.custom_modifiers.find("--") != std::string::npos) {
    throw error(
        fmt::format("the modifiers of type {} may hold letters, digits, spaces and _ , . "
                    "+ - only, not \"{}\"",
                    type.custom_name, type.custom_modifiers));
  }
  if (type.array_dimensions < 0) {
    throw error(fmt::format("column type {} has {} array dimensions", keyword(kind),
                            type.array_dimensions));
  }
}

std::optional<std::string> parameter(const ops::value& value) {
  return std::visit(
      overloaded{
          [](std::nullptr_t) -> std::optional<std::string> { return std::nullopt; },
          [](bool b) -> std::optional<std::string> { return b ? "true" : "false"; },
          [](std::int64_t i) -> std::optional<std::string> { return fmt::format("{}", i); },
          [](double d) -> std::optional<std::string> {
            // float8in reads these spellings; fmt's `inf` and `nan` would do too, but these
            // are what PostgreSQL itself prints.
            if (std::isnan(d)) {
              return "NaN";
            }
            if (std::isinf(d)) {
              return d > 0 ? "Infinity" : "-Infinity";
            }
            return fmt::format("{}", d);  // shortest text that reads back as the same double
          },
          [](const std::string& s) -> std::optional<std::string> {
            refuse_nul(s, "a value");
            return s;
          },
      },
      value);
}

class renderer {
 public:
  explicit renderer(const postgres_dialect& dialect) : dialect_(dialect) {}

  std::vector<sql_statement> operator()(const ops::create_table& o) const {
    std::vector<std::string> lines;
    for (const auto& c : o.columns) {
      lines.push_back(column_definition(c));
    }
    for (const auto& c : o.constraints) {
      lines.push_back(constraint(c));
    }
    auto table = name(o.schema, o.name);
    std::string sql;
    if (o.partition_of) {
      if (!o.columns.empty()) {
        throw error("a partition takes its columns from its parent; give it none");
      }
      if (o.partition_bound.empty()) {
        throw error("a partition needs its bound: FOR VALUES ... or DEFAULT");
      }
      sql = fmt::format(
          "CREATE TABLE {}{} PARTITION OF {}{} {}", o.if_not_exists ? "IF NOT EXISTS " : "", table,
          name(o.partition_of->schema, o.partition_of->name),
          lines.empty() ? "" : fmt::format(" (\n    {}\n)", fmt::join(lines, ",\n    ")),
          o.partition_bound);
    } else {
      sql =
          fmt::format("CREATE TABLE {}{} ({})", o.if_not_exists ? "IF NOT EXISTS " : "", table,
                      lines.empty() ? "" : fmt::format("\n    {}\n", fmt::join(lines, ",\n    ")));
      if (!o.inherits.empty()) {
        std::vector<std::string> parents;
        for (const auto& p : o.inherits) {
          parents.push_back(name(p.schema, p.name));
        }
        sql += fmt::format(" INHERITS ({})", fmt::join(parents, ", "));
      }
    }
    if (!o.partition_by.empty()) {
      sql += " PARTITION BY " + o.partition_by;
    }
    std::vector<sql_statement> out{{sql}};
    if (o.comment) {
      out.push_back(comment_on("TABLE", table, o.comment));
    }
    for (const auto& c : o.columns) {
      if (c.comment) {
        out.push_back(comment_on("COLUMN", column_name(table, c.name), c.comment));
      }
    }
    for (const auto& c : o.columns) {
      if (c.statistics) {
        out.push_back(set_statistics(table, c.name, *c.statistics));
      }
    }
    return out;
  }

  // No CREATE TABLE or ADD COLUMN clause sets it: a statement of its own.
  sql_statement set_statistics(const std::string& table, const std::string& column,
                               int target) const {
    return {fmt::format("ALTER TABLE {} ALTER COLUMN {} SET STATISTICS {}", table, quote(column),
                        target)};
  }

  std::vector<sql_statement> operator()(const ops::drop_table& o) const {
    return {{fmt::format("DROP TABLE {}{}{}", o.if_exists ? "IF EXISTS " : "",
                         name(o.schema, o.name), o.cascade ? " CASCADE" : "")}};
  }

  std::vector<sql_statement> operator()(const ops::rename_table& o) const {
    return {{fmt::format("ALTER TABLE {} RENAME TO {}", name(o.schema, o.old_name),
                         quote(o.new_name))}};
  }

  std::vector<sql_statement> operator()(const ops::add_column& o) const {
    auto table = name(o.schema, o.table);
    std::vector<sql_statement> out{
        {fmt::format("ALTER TABLE {} ADD COLUMN {}", table, column_definition(o.column))}};
    if (o.column.comment) {
      out.push_back(comment_on("COLUMN", column_name(table, o.column.name), o.column.comment));
    }
    if (o.column.statistics) {
      out.push_back(set_statistics(table, o.column.name, *o.column.statistics));
    }
    return out;
  }

  std::vector<sql_statement> operator()(const ops::drop_column& o) const {
    return {
        {fmt::format("ALTER TABLE {} DROP COLUMN {}", name(o.schema, o.table), quote(o.column))}};
  }

  std::vector<sql_statement> operator()(const ops::alter_column& o) const {
    if (o.using_expression && !o.type) {
      throw error("`using_expression` applies only to a type change; set `type` too");
    }
    auto table = name(o.schema, o.table);
    auto column = quote(o.column);
    std::vector<std::string> actions;
    // The old default goes first, so a type change cannot fail on a default it would replace
    // anyway: DROP DEFAULT, TYPE, SET DEFAULT in one statement, as PostgreSQL's manual advises.
    if (o.server_default && (!*o.server_default || o.type)) {
      actions.push_back(fmt::format("ALTER COLUMN {} DROP DEFAULT", column));
    }
    if (o.type) {
      actions.push_back(fmt::format("ALTER COLUMN {} TYPE {}", column, type(*o.type)));
      if (o.using_expression) {
        actions.back() += fmt::format(" USING {}", *o.using_expression);
      }
    }
    if (o.nullable) {
      actions.push_back(
          fmt::format("ALTER COLUMN {} {} NOT NULL", column, *o.nullable ? "DROP" : "SET"));
    }
    if (o.server_default && *o.server_default) {
      actions.push_back(fmt::format("ALTER COLUMN {} SET DEFAULT {}", column, **o.server_default));
    }
    if (o.identity) {
      actions.push_back(identity_change(column, *o.identity, o.existing_identity));
    }
    if (o.statistics) {
      actions.push_back(fmt::format("ALTER COLUMN {} SET STATISTICS {}", column, *o.statistics));
    }
    std::vector<sql_statement> out;
    if (!actions.empty()) {
      out.push_back({fmt::format("ALTER TABLE {} {}", table, fmt::join(actions, ", "))});
    }
    // PostgreSQL allows RENAME only alone; last, so the changes above name the column as is.
    if (o.new_name) {
      out.push_back({fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", table, column,
                                 quote(*o.new_name))});
    }
    if (out.empty()) {
      throw error(
          "nothing to change; set at least one of `type`, `nullable`, `server_default`, "
          "`identity`, `statistics` or `new_name`");
    }
    return out;
  }

  std::vector<sql_statement> operator()(const ops::create_index& o) const {
    const auto& index = o.index;
    if (index.elements.empty()) {
      throw error("an index needs at least one column or expression");
    }
    std::vector<std::string> elements;
    for (const auto& e : index.elements) {
      elements.push_back(index_element(e));
    }
    auto sql =
        fmt::format("CREATE {}INDEX {}{}{} ON {} {}({})", index.unique ? "UNIQUE " : "",
                    o.concurrently ? "CONCURRENTLY " : "", o.if_not_exists ? "IF NOT EXISTS " : "",
                    quote(index.name), name(index.schema, index.table), using_method(index.method),
                    fmt::join(elements, ", "));
    if (!index.include.empty()) {
      sql += fmt::format(" INCLUDE ({})", column_list(index.include));
    }
    if (index.where) {
      sql += fmt::format(" WHERE {}", *index.where);
    }
    return {{std::move(sql), {}, !o.concurrently}};
  }

  std::vector<sql_statement> operator()(const ops::drop_index& o) const {
    return {{fmt::format("DROP INDEX {}{}{}", o.concurrently ? "CONCURRENTLY " : "",
                         o.if_exists ? "IF EXISTS " : "", name(o.schema, o.name)),
             {},
             !o.concurrently}};
  }

  std::vector<sql_statement> operator()(const ops::add_constraint& o) const {
    const bool checked_later = std::holds_alternative<ops::foreign_key_constraint>(o.constraint) ||
                               std::holds_alternative<ops::check_constraint>(o.constraint);
    if (o.not_valid && !checked_later) {
      throw error("only a foreign key or a check can be added NOT VALID");
    }
    return {{fmt::format("ALTER TABLE {} ADD {}{}", name(o.schema, o.table),
                         constraint(o.constraint), o.not_valid ? " NOT VALID" : "")}};
  }

  std::vector<sql_statement> operator()(const ops::validate_constraint& o) const {
    return {{fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", name(o.schema, o.table),
                         quote(o.name))}};
  }

  std::vector<sql_statement> operator()(const ops::set_not_null& o) const {
    const auto table = name(o.schema, o.table);
    const auto check = quote(not_null_check_name(o));
    std::vector<sql_statement> out{
        // A failed attempt may have left it, valid or not.
        {fmt::format("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}", table, check)},
        {fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID", table,
                     check, quote(o.column))},
        {fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", table, check)},
        {fmt::format("ALTER TABLE {} ALTER COLUMN {} SET NOT NULL", table, quote(o.column))},
        {fmt::format("ALTER TABLE {} DROP CONSTRAINT {}", table, check)}};
    for (auto& statement : out) {
      statement.transactional = false;  // each commits: no lock is held through the scan
    }
    return out;
  }

  std::vector<sql_statement> operator()(const ops::drop_constraint& o) const {
    return {{fmt::format("ALTER TABLE {} DROP CONSTRAINT {}{}", name(o.schema, o.table),
                         o.if_exists ? "IF EXISTS " : "", quote(o.name))}};
  }

  std::vector<sql_statement> operator()(const ops::create_extension& o) const {
    auto sql = fmt::format("CREATE EXTENSION {}{}", o.if_not_exists ? "IF NOT EXISTS " : "",
                           quote(o.name));
    if (!o.schema.empty()) {
      sql += fmt::format(" SCHEMA {}", quote(o.schema));
    }
    if (!o.version.empty()) {
      sql += fmt::format(" VERSION {}", dialect_.quote_literal(o.version));
    }
    return {{std::move(sql)}};
  }

  std::vector<sql_statement> operator()(const ops::drop_extension& o) const {
    return {{fmt::format("DROP EXTENSION {}{}{}", o.if_exists ? "IF EXISTS " : "", quote(o.name),
                         o.cascade ? " CASCADE" : "")}};
  }

  std::vector<sql_statement> operator()(const ops::execute& o) const {
    refuse_nul(o.sql, "the SQL");
    return {{.sql = o.sql, .authored = true}};
  }

  std::vector<sql_statement> operator()(const ops::bulk_insert& o) const;

  // Only the executor reads squash points (to resume a squash); they change nothing.
  std::vector<sql_statement> operator()(const ops::squash_point&) const { return {}; }

  std::vector<sql_statement> operator()(const ops::attach_partition& o) const {
    if (o.bound.empty()) {
      throw error("attaching a partition needs its bound: FOR VALUES ... or DEFAULT");
    }
    return {{fmt::format("ALTER TABLE {} ATTACH PARTITION {} {}", name(o.schema, o.table),
                         name(o.partition_schema, o.partition), o.bound)}};
  }

  // CONCURRENTLY cannot run inside a transaction block.
  std::vector<sql_statement> operator()(const ops::detach_partition& o) const {
    return {
        {fmt::format("ALTER TABLE {} DETACH PARTITION {}{}", name(o.schema, o.table),
                     name(o.partition_schema, o.partition), o.concurrently ? " CONCURRENTLY" : ""),
         {},
         !o.concurrently}};
  }
  // Only `retort lint` reads waivers; they change nothing.
  std::vector<sql_statement> operator()(const ops::lint_waiver&) const { return {}; }
  std::vector<sql_statement> operator()(const ops::backfill& o) const {
    (void)render_backfill(o);  // refuses what cannot be rendered now, not half-way through
    sql_statement batches;
    batches.transactional = false;
    batches.backfill = o;
    return {std::move(batches)};
  }
  std::vector<sql_statement> operator()(const ops::data_step& o) const {
    sql_statement code;
    code.code = o;
    return {std::move(code)};
  }

  std::vector<sql_statement> operator()(const ops::create_schema& o) const {
    return {{fmt::format("CREATE SCHEMA {}{}", o.if_not_exists ? "IF NOT EXISTS " : "",
                         quote(o.name))}};
  }

  std::vector<sql_statement> operator()(const ops::drop_schema& o) const {
    return {{fmt::format("DROP SCHEMA {}{}{}", o.if_exists ? "IF EXISTS " : "", quote(o.name),
                         o.cascade ? " CASCADE" : "")}};
  }

  std::vector<sql_statement> operator()(const ops::create_enum& o) const {
    std::vector<std::string> labels;
    for (const auto& v : o.values) {
      labels.push_back(dialect_.quote_literal(v));
    }
    return {{fmt::format("CREATE TYPE {} AS ENUM ({})", name(o.schema, o.name),
                         fmt::join(labels, ", "))}};
  }

  std::vector<sql_statement> operator()(const ops::drop_enum& o) const {
    return {
        {fmt::format("DROP TYPE {}{}", o.if_exists ? "IF EXISTS " : "", name(o.schema, o.name))}};
  }

  std::vector<sql_statement> operator()(const ops::add_enum_value& o) const {
    if (!o.before.empty() && !o.after.empty()) {
      throw error("set `before` or `after`, not both");
    }
    auto sql =
        fmt::format("ALTER TYPE {} ADD VALUE {}{}", name(o.schema, o.type),
                    o.if_not_exists ? "IF NOT EXISTS " : "", dialect_.quote_literal(o.value));
    if (!o.before.empty()) {
      sql += fmt::format(" BEFORE {}", dialect_.quote_literal(o.before));
    } else if (!o.after.empty()) {
      sql += fmt::format(" AFTER {}", dialect_.quote_literal(o.after));
    }
    return {{std::move(sql)}};
  }

  std::vector<sql_statement> operator()(const ops::create_sequence& o) const {
    const auto& q = o.sequence;
    auto sql = fmt::format("CREATE SEQUENCE {}{}", o.if_not_exists ? "IF NOT EXISTS " : "",
                           name(q.schema, q.name));
    if (q.data_type) {
      sql += fmt::format(" AS {}", type(*q.data_type));
    }
    auto number = [&](std::string_view keyword, const std::optional<std::int64_t>& value) {
      if (value) {
        sql += fmt::format(" {} {}", keyword, *value);
      }
    };
    number("INCREMENT BY", q.increment);
    number("MINVALUE", q.min_value);
    number("MAXVALUE", q.max_value);
    number("START WITH", q.start);
    number("CACHE", q.cache);
    if (q.cycle) {
      sql += " CYCLE";
    }
    return {{std::move(sql)}};
  }

  std::vector<sql_statement> operator()(const ops::drop_sequence& o) const {
    return {{fmt::format("DROP SEQUENCE {}{}", o.if_exists ? "IF EXISTS " : "",
                         name(o.schema, o.name))}};
  }

  std::vector<sql_statement> operator()(const ops::set_table_comment& o) const {
    return {comment_on("TABLE", name(o.schema, o.table), o.comment)};
  }

  std::vector<sql_statement> operator()(const ops::set_column_comment& o) const {
    return {comment_on("COLUMN", column_name(name(o.schema, o.table), o.column), o.comment)};
  }

 private:
  [[nodiscard]] std::string quote(std::string_view identifier) const {
    return dialect_.quote_identifier(identifier);
  }
  [[nodiscard]] std::string name(std::string_view schema, std::string_view object) const {
    return dialect_.qualified_name(schema, object);
  }
  [[nodiscard]] std::string type(const column_type& t) const { return dialect_.render_type(t); }

  [[nodiscard]] std::string column_name(std::string_view table, std::string_view column) const {
    return fmt::format("{}.{}", table, quote(column));
  }

  // ADD when the column has no identity (or what it had is unknown), SET when it changes kind.
  [[nodiscard]] static std::string identity_change(
      const std::string& column, const std::optional<ops::identity_kind>& wanted,
      const std::optional<std::optional<ops::identity_kind>>& existing) {
    if (!wanted) {
      return fmt::format("ALTER COLUMN {} DROP IDENTITY", column);
    }
    auto kind = *wanted == ops::identity_kind::always ? "ALWAYS" : "BY DEFAULT";
    if (existing && *existing) {
      return fmt::format("ALTER COLUMN {} SET GENERATED {}", column, kind);
    }
    return fmt::format("ALTER COLUMN {} ADD GENERATED {} AS IDENTITY", column, kind);
  }

  [[nodiscard]] std::string column_list(const std::vector<std::string>& columns) const {
    std::vector<std::string> quoted;
    quoted.reserve(columns.size());
    for (const auto& c : columns) {
      quoted.push_back(quote(c));
    }
    return fmt::format("{}", fmt::join(quoted, ", "));
  }

  // Parenthesised column list; an empty one is a PostgreSQL syntax error, refused here instead.
  [[nodiscard]] std::string key_columns(const std::vector<std::string>& columns,
                                        std::string_view what) const {
    if (columns.empty()) {
      throw error(fmt::format("{} needs at least one column", what));
    }
    return fmt::format("({})", column_list(columns));
  }

  [[nodiscard]] std::string column_definition(const ops::column_definition& c) const {
    auto sql = fmt::format("{} {}", quote(c.name), type(c.type));
    if (c.generated) {
      if (c.identity || c.server_default) {
        throw error(fmt::format("column {} is generated, so it can have no {}", c.name,
                                c.identity ? "identity" : "server_default"));
      }
      sql += fmt::format(" GENERATED ALWAYS AS ({}) STORED", *c.generated);
    }
    if (c.identity) {
      sql += c.identity == ops::identity_kind::always ? " GENERATED ALWAYS AS IDENTITY"
                                                      : " GENERATED BY DEFAULT AS IDENTITY";
    }
    if (c.server_default) {
      sql += fmt::format(" DEFAULT {}", *c.server_default);
    }
    if (!c.nullable) {
      sql += " NOT NULL";
    }
    if (c.primary_key) {
      sql += " PRIMARY KEY";
    }
    return sql;
  }

  [[nodiscard]] std::string constraint(const ops::constraint_definition& definition) const {
    auto body = std::visit(
        overloaded{
            [&](const ops::primary_key_constraint& c) {
              return fmt::format("PRIMARY KEY {}", key_columns(c.columns, "a primary key"));
            },
            [&](const ops::foreign_key_constraint& c) {
              auto sql = fmt::format("FOREIGN KEY {} REFERENCES {}",
                                     key_columns(c.columns, "a foreign key"),
                                     name(c.referent_schema, c.referent_table));
              if (!c.referent_columns.empty()) {  // empty: the referent's primary key
                sql += fmt::format(" ({})", column_list(c.referent_columns));
              }
              if (c.match_full) {
                sql += " MATCH FULL";
              }
              if (c.on_delete != ops::referential_action::no_action) {
                sql += fmt::format(" ON DELETE {}", spelling(c.on_delete));
              }
              if (c.on_update != ops::referential_action::no_action) {
                sql += fmt::format(" ON UPDATE {}", spelling(c.on_update));
              }
              return sql + deferral(c.deferrable, c.initially_deferred);
            },
            [&](const ops::unique_constraint& c) {
              return fmt::format("UNIQUE {}{}", key_columns(c.columns, "a unique constraint"),
                                 deferral(c.deferrable, c.initially_deferred));
            },
            [&](const ops::check_constraint& c) { return fmt::format("CHECK ({})", c.condition); },
        },
        definition);
    auto constraint_name =
        std::visit([](const auto& c) -> const std::string& { return c.name; }, definition);
    if (constraint_name.empty()) {
      return body;
    }
    return fmt::format("CONSTRAINT {} {}", quote(constraint_name), body);
  }

  [[nodiscard]] std::string index_element(const ops::index_element& e) const {
    auto sql = e.is_expression ? fmt::format("({})", e.column_or_expression)
                               : quote(e.column_or_expression);
    if (!e.opclass.empty()) {
      sql += fmt::format(" {}", quote(e.opclass));
    }
    if (e.descending) {
      sql += " DESC";
    }
    if (e.nulls != ops::nulls_order::unspecified) {
      sql += e.nulls == ops::nulls_order::first ? " NULLS FIRST" : " NULLS LAST";
    }
    return sql;
  }

  // btree is PostgreSQL's default: saying so adds nothing.
  [[nodiscard]] std::string using_method(std::string_view method) const {
    if (method.empty() || method == "btree") {
      return {};
    }
    return fmt::format("USING {} ", quote(method));
  }

  [[nodiscard]] sql_statement comment_on(std::string_view kind, std::string_view object,
                                         const std::optional<std::string>& comment) const {
    return {fmt::format("COMMENT ON {} {} IS {}", kind, object,
                        comment ? dialect_.quote_literal(*comment) : "NULL")};
  }

  const postgres_dialect& dialect_;
};

std::vector<sql_statement> renderer::operator()(const ops::bulk_insert& o) const {
  auto columns = o.columns.size();
  if (columns == 0) {
    throw error("no columns to insert into");
  }
  if (columns > max_parameters_per_statement) {
    throw error(fmt::format("{} columns exceed PostgreSQL's {} parameters per statement", columns,
                            max_parameters_per_statement));
  }
  auto prefix =
      fmt::format("INSERT INTO {} ({}) VALUES ", name(o.schema, o.table), column_list(o.columns));
  auto rows_per_statement = std::min(max_rows_per_insert, max_parameters_per_statement / columns);
  std::vector<sql_statement> out;
  for (std::size_t first = 0; first < o.rows.size(); first += rows_per_statement) {
    auto last = std::min(o.rows.size(), first + rows_per_statement);
    sql_statement statement{prefix};
    for (auto r = first; r < last; ++r) {
      const auto& row = o.rows[r];
      if (row.size() != columns) {
        throw error(fmt::format("row {} has {} values for {} columns", r + 1, row.size(), columns));
      }
      statement.sql += r == first ? "(" : ", (";
      for (std::size_t c = 0; c < columns; ++c) {
        statement.params.push_back(parameter(row[c]));
        statement.sql += fmt::format("{}${}", c == 0 ? "" : ", ", statement.params.size());
      }
      statement.sql += ")";
    }
    out.push_back(std::move(statement));
  }
  return out;
}

}  // namespace

std::vector<sql_statement> postgres_dialect::render(const operation& op) const {
  // Every message opens with the operation and its object, so the author can find it.
  try {
    return std::visit(renderer(*this), op);
  } catch (const invalid_identifier& e) {
    throw invalid_identifier(fmt::format("{}: {}", describe(op), e.what()));
  } catch (const error& e) {
    throw error(fmt::format("{}: {}", describe(op), e.what()));
  }
}

std::string not_null_check_name(const ops::set_not_null& o) {
  if (!o.check_name.empty()) {
    return o.check_name;
  }
  constexpr std::string_view suffix = "_not_null";
  auto base = o.table + "_" + o.column;
  if (base.size() + suffix.size() > 63) {
    base.resize(63 - suffix.size());
    while (!base.empty() && static_cast<unsigned char>(base.back()) >= 0x80) {
      base.pop_back();  // never half a UTF-8 character
    }
  }
  return base + std::string(suffix);
}

std::optional<std::string> parameter_text(const ops::value& value) {
  return parameter(value);
}

std::string postgres_dialect::quote_identifier(std::string_view name) const {
  // Refuses what PostgreSQL would reject (empty) or silently truncate (over 63 bytes, NUL).
  check_identifier(name);
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + '"';
}

std::string postgres_dialect::qualified_name(std::string_view schema, std::string_view name) const {
  if (schema.empty()) {
    return quote_identifier(name);
  }
  return fmt::format("{}.{}", quote_identifier(schema), quote_identifier(name));
}

std::string postgres_dialect::quote_literal(std::string_view text) const {
  refuse_nul(text, "a string literal");
  // Like PostgreSQL's quote_literal(): with a backslash, an E'' string with backslashes doubled
  // means the same whatever standard_conforming_strings is set to.
  bool escape = text.find('\\') != std::string_view::npos;
  std::string out = escape ? "E'" : "'";
  for (char c : text) {
    out += c;
    if (c == '\'' || c == '\\') {
      out += c;
    }
  }
  return out + '\'';
}

std::string postgres_dialect::render_type(const column_type& type) const {
  check_modifiers(type);
  std::string sql;
  switch (type.kind) {
    case type_kind::numeric:
      sql = type.precision && type.scale
                ? fmt::format("numeric({},{})", *type.precision, *type.scale)
                : fmt::format("numeric{}", modifier(type.precision));
      break;
    case type_kind::varchar:
    case type_kind::character:
      sql = fmt::format("{}{}", keyword(type.kind), modifier(type.length));
      break;
    case type_kind::time:
    case type_kind::timestamp:
      sql = fmt::format("{}{} without time zone", keyword(type.kind), modifier(type.precision));
      break;
    case type_kind::time_tz:
    case type_kind::timestamp_tz:
      sql = fmt::format("{}{} with time zone", keyword(type.kind), modifier(type.precision));
      break;
    case type_kind::interval:
      sql = type.fields == interval_fields::all
                ? fmt::format("interval{}", modifier(type.precision))
                : fmt::format("interval {}{}", interval_fields_sql(type.fields),
                              modifier(type.precision));
      break;
    case type_kind::custom:
      sql = qualified_name(type.custom_schema, type.custom_name);
      if (!type.custom_modifiers.empty()) {
        sql += fmt::format("({})", type.custom_modifiers);
      }
      break;
    default:
      sql = std::string(keyword(type.kind));
  }
  for (int i = 0; i < type.array_dimensions; ++i) {
    sql += "[]";
  }
  return sql;
}

}  // namespace retort::render
