#include "emit/cpp_source.hpp"

#include <retort/errors.hpp>
#include <retort/reverse.hpp>

#include <algorithm>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "emit/source_doc.hpp"
#include "scaffold/script.hpp"

namespace retort::emit {

namespace {

using namespace detail;

// An engaged-but-empty optional of an optional: "none" (`op::drop_default` spells the same).
doc none_string() {
  return leaf("std::optional<std::string>()");
}

doc optional_text(const std::optional<std::string>& text) {
  return text ? str(*text) : none_string();
}

class emitter {
 public:
  doc type(const column_type& t) const {
    auto simple = [](std::string_view name, std::vector<doc> args = {}) {
      return call(fmt::format("op::type::{}", name), std::move(args));
    };
    auto precision = [&](std::string_view name) {
      return t.precision ? simple(name, {number(*t.precision)}) : simple(name);
    };
    doc scalar;
    switch (t.kind) {
      case type_kind::smallint:
        scalar = simple("smallint");
        break;
      case type_kind::integer:
        scalar = simple("integer");
        break;
      case type_kind::bigint:
        scalar = simple("bigint");
        break;
      case type_kind::smallserial:
        scalar = simple("smallserial");
        break;
      case type_kind::serial:
        scalar = simple("serial");
        break;
      case type_kind::bigserial:
        scalar = simple("bigserial");
        break;
      case type_kind::real:
        scalar = simple("real");
        break;
      case type_kind::double_precision:
        scalar = simple("double_precision");
        break;
      case type_kind::boolean:
        scalar = simple("boolean");
        break;
      case type_kind::text:
        scalar = simple("text");
        break;
      case type_kind::date:
        scalar = simple("date");
        break;
      case type_kind::uuid:
        scalar = simple("uuid");
        break;
      case type_kind::json:
        scalar = simple("json");
        break;
      case type_kind::jsonb:
        scalar = simple("jsonb");
        break;
      case type_kind::bytea:
        scalar = simple("bytea");
        break;
      case type_kind::numeric:
        scalar = t.precision
                     ? simple("numeric", {number(*t.precision), number(t.scale.value_or(0))})
                     : simple("numeric");
        break;
      case type_kind::varchar:
        scalar = t.length ? simple("varchar", {number(*t.length)}) : simple("varchar");
        break;
      case type_kind::character:
        scalar = simple("character", {number(t.length.value_or(1))});
        break;
      case type_kind::time:
        scalar = precision("time");
        break;
      case type_kind::time_tz:
        scalar = precision("time_tz");
        break;
      case type_kind::timestamp:
        scalar = precision("timestamp");
        break;
      case type_kind::timestamp_tz:
        scalar = precision("timestamp_tz");
        break;
      case type_kind::interval:
        if (t.fields == interval_fields::all) {
          scalar = precision("interval");
        } else {
          std::string fields(interval_fields_sql(t.fields));
          std::replace(fields.begin(), fields.end(), ' ', '_');
          std::vector<doc> args{leaf("op::type::interval_fields::" + fields)};
          if (t.precision) {
            args.push_back(number(*t.precision));
          }
          scalar = simple("interval", std::move(args));
        }
        break;
      case type_kind::custom:
        if (!t.custom_modifiers.empty()) {
          std::vector<doc> options;
          if (!t.custom_schema.empty()) {
            options.push_back(field("schema", str(t.custom_schema)));
          }
          options.push_back(field("modifiers", str(t.custom_modifiers)));
          scalar = simple("custom", {str(t.custom_name), braces(std::move(options))});
        } else {
          scalar = t.custom_schema.empty()
                       ? simple("custom", {str(t.custom_name)})
                       : simple("custom", {str(t.custom_schema), str(t.custom_name)});
        }
        break;
    }
    if (t.array_dimensions == 0) {
      return scalar;
    }
    std::vector<doc> args{scalar};
    if (t.array_dimensions > 1) {
      args.push_back(number(t.array_dimensions));
    }
    return simple("array", std::move(args));
  }

  static doc identity(const std::optional<ops::identity_kind>& kind) {
    if (!kind) {
      return leaf("op::drop_identity");
    }
    return leaf(*kind == ops::identity_kind::always ? "op::identity_kind::always"
                                                    : "op::identity_kind::by_default");
  }

  doc column(const ops::column_definition& c) const {
    std::vector<doc> options;
    if (!c.nullable && !c.primary_key) {
      options.push_back(field("nullable", leaf("false")));
    }
    if (c.server_default) {
      options.push_back(field("server_default", str(*c.server_default)));
    }
    if (c.identity) {
      options.push_back(field("identity", identity(c.identity)));
    }
    if (c.primary_key) {
      options.push_back(field("primary_key", leaf("true")));
    }
    if (c.comment) {
      options.push_back(field("comment", str(*c.comment)));
    }
    if (c.generated) {
      options.push_back(field("generated", str(*c.generated)));
    }
    if (c.statistics) {
      options.push_back(field("statistics", number(*c.statistics)));
    }
    std::vector<doc> args{str(c.name), type(c.type)};
    if (!options.empty()) {
      args.push_back(braces(std::move(options)));
    }
    return call("op::column", std::move(args));
  }

  static doc action(ops::referential_action a) {
    switch (a) {
      case ops::referential_action::no_action:
        return leaf("op::referential_action::no_action");
      case ops::referential_action::restrict:
        return leaf("op::referential_action::restrict");
      case ops::referential_action::cascade:
        return leaf("op::referential_action::cascade");
      case ops::referential_action::set_null:
        return leaf("op::referential_action::set_null");
      case ops::referential_action::set_default:
        return leaf("op::referential_action::set_default");
    }
    throw error("unknown referential action");
  }

  static void deferral(std::vector<doc>& options, bool deferrable, bool initially_deferred) {
    if (deferrable) {
      options.push_back(field("deferrable", leaf("true")));
    }
    if (initially_deferred) {
      options.push_back(field("initially_deferred", leaf("true")));
    }
  }

  static void schema_field(std::vector<doc>& options, const std::string& schema,
                           std::string_view name = "schema") {
    if (!schema.empty()) {
      options.push_back(field(name, str(schema)));
    }
  }

  static doc with_options(std::string function, std::vector<doc> args, std::vector<doc> options) {
    if (!options.empty()) {
      args.push_back(braces(std::move(options)));
    }
    return call(std::move(function), std::move(args));
  }

  doc constraint(const ops::constraint_definition& definition) const {
    return std::visit(
        [&](const auto& c) -> doc {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, ops::primary_key_constraint>) {
            std::vector<doc> options;
            if (!c.name.empty()) {
              options.push_back(field("name", str(c.name)));
            }
            return with_options("op::primary_key", {strings(c.columns)}, std::move(options));
          } else if constexpr (std::is_same_v<T, ops::foreign_key_constraint>) {
            std::vector<doc> options;
            if (!c.name.empty()) {
              options.push_back(field("name", str(c.name)));
            }
            schema_field(options, c.referent_schema, "referent_schema");
            foreign_key_actions(options, c);
            return with_options(
                "op::foreign_key",
                {strings(c.columns), str(c.referent_table), strings(c.referent_columns)},
                std::move(options));
          } else if constexpr (std::is_same_v<T, ops::unique_constraint>) {
            std::vector<doc> options;
            if (!c.name.empty()) {
              options.push_back(field("name", str(c.name)));
            }
            deferral(options, c.deferrable, c.initially_deferred);
            return with_options("op::unique", {strings(c.columns)}, std::move(options));
          } else {
            std::vector<doc> options;
            if (!c.name.empty()) {
              options.push_back(field("name", str(c.name)));
            }
            return with_options("op::check", {str(c.condition)}, std::move(options));
          }
        },
        definition);
  }

  static void foreign_key_actions(std::vector<doc>& options, const ops::foreign_key_constraint& c) {
    if (c.on_delete != ops::referential_action::no_action) {
      options.push_back(field("on_delete", action(c.on_delete)));
    }
    if (c.on_update != ops::referential_action::no_action) {
      options.push_back(field("on_update", action(c.on_update)));
    }
    deferral(options, c.deferrable, c.initially_deferred);
    if (c.match_full) {
      options.push_back(field("match_full", leaf("true")));
    }
  }

  static doc table_refs(const std::vector<ops::table_ref>& refs) {
    std::vector<doc> items;
    for (const auto& r : refs) {
      std::vector<doc> fields{field("name", str(r.name))};
      if (!r.schema.empty()) {
        fields.push_back(field("schema", str(r.schema)));
      }
      items.push_back(braces(std::move(fields)));
    }
    return braces(std::move(items));
  }

  doc create_partition(const ops::create_table& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    schema_field(options, o.partition_of->schema, "parent_schema");
    if (o.comment) {
      options.push_back(field("comment", str(*o.comment)));
    }
    if (!o.partition_by.empty()) {
      options.push_back(field("partition_by", str(o.partition_by)));
    }
    if (!o.constraints.empty()) {
      std::vector<doc> constraints;
      for (const auto& c : o.constraints) {
        constraints.push_back(constraint(c));
      }
      options.push_back(field("constraints", braces(std::move(constraints))));
    }
    return with_options("op::create_partition",
                        {str(o.name), str(o.partition_of->name), str(o.partition_bound)},
                        std::move(options));
  }

  doc create_table(const ops::create_table& o) const {
    if (o.partition_of) {
      return create_partition(o);
    }
    std::vector<doc> columns;
    for (const auto& c : o.columns) {
      columns.push_back(column(c));
    }
    std::vector<doc> constraints;
    for (const auto& c : o.constraints) {
      constraints.push_back(constraint(c));
    }
    std::vector<doc> options;
    schema_field(options, o.schema);
    if (o.comment) {
      options.push_back(field("comment", str(*o.comment)));
    }
    if (o.if_not_exists) {
      options.push_back(field("if_not_exists", leaf("true")));
    }
    if (!o.partition_by.empty()) {
      options.push_back(field("partition_by", str(o.partition_by)));
    }
    if (!o.inherits.empty()) {
      options.push_back(field("inherits", table_refs(o.inherits)));
    }
    std::vector<doc> args{str(o.name), braces(std::move(columns))};
    if (!constraints.empty() || !options.empty()) {
      args.push_back(braces(std::move(constraints)));
    }
    return with_options("op::create_table", std::move(args), std::move(options));
  }

  static doc method(const std::string& name) {
    for (std::string_view known : {"btree", "hash", "gin", "gist", "spgist", "brin"}) {
      if (name == known) {
        return leaf(fmt::format("op::{}", known));
      }
    }
    return leaf(fmt::format("op::index_method{{{}}}", scaffold::cpp_string_literal(name)));
  }

  static doc key(const ops::index_element& e) {
    std::vector<doc> options;
    if (!e.opclass.empty()) {
      options.push_back(field("opclass", str(e.opclass)));
    }
    if (e.descending) {
      options.push_back(field("descending", leaf("true")));
    }
    if (e.nulls != ops::nulls_order::unspecified) {
      options.push_back(
          field("nulls", leaf(e.nulls == ops::nulls_order::first ? "op::nulls_order::first"
                                                                 : "op::nulls_order::last")));
    }
    if (!e.is_expression && options.empty()) {
      return str(e.column_or_expression);
    }
    return with_options(e.is_expression ? "op::expression" : "op::key",
                        {str(e.column_or_expression)}, std::move(options));
  }

  static doc create_index(const ops::index_definition& i, bool concurrently, bool if_not_exists) {
    std::vector<doc> keys;
    for (const auto& e : i.elements) {
      keys.push_back(key(e));
    }
    std::vector<doc> options;
    if (i.unique) {
      options.push_back(field("unique", leaf("true")));
    }
    if (!i.method.empty() && i.method != "btree") {
      options.push_back(field("method", method(i.method)));
    }
    if (!i.include.empty()) {
      options.push_back(field("include", strings(i.include)));
    }
    if (i.where) {
      options.push_back(field("where", str(*i.where)));
    }
    if (concurrently) {
      options.push_back(field("concurrently", leaf("true")));
    }
    if (if_not_exists) {
      options.push_back(field("if_not_exists", leaf("true")));
    }
    schema_field(options, i.schema);
    return with_options("op::create_index", {str(i.name), str(i.table), braces(std::move(keys))},
                        std::move(options));
  }

  static doc sequence_options(const ops::sequence_definition& q, std::vector<doc> options,
                              const emitter& self) {
    if (q.data_type) {
      options.push_back(field("data_type", self.type(*q.data_type)));
    }
    auto value = [&](std::string_view name, const std::optional<std::int64_t>& v) {
      if (v) {
        options.push_back(field(name, number(*v)));
      }
    };
    value("start", q.start);
    value("increment", q.increment);
    value("min_value", q.min_value);
    value("max_value", q.max_value);
    value("cache", q.cache);
    if (q.cycle) {
      options.push_back(field("cycle", leaf("true")));
    }
    return braces(std::move(options));
  }

  doc sequence(const ops::sequence_definition& q) const {
    std::vector<doc> options;
    schema_field(options, q.schema);
    auto built = sequence_options(q, std::move(options), *this);
    std::vector<doc> args{str(q.name)};
    if (!built.items.empty()) {
      args.push_back(std::move(built));
    }
    return call("op::sequence", std::move(args));
  }

  // --- The operations ---

  doc operator()(const ops::create_table& o) const { return create_table(o); }

  doc operator()(const ops::drop_table& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    if (o.if_exists) {
      options.push_back(field("if_exists", leaf("true")));
    }
    if (o.cascade) {
      options.push_back(field("cascade", leaf("true")));
    }
    if (o.existing) {
      options.push_back(field("existing", create_table(*o.existing)));
    }
    return with_options("op::drop_table", {str(o.name)}, std::move(options));
  }

  doc operator()(const ops::rename_table& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    return with_options("op::rename_table", {str(o.old_name), str(o.new_name)}, std::move(options));
  }

  doc operator()(const ops::add_column& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    return with_options("op::add_column", {str(o.table), column(o.column)}, std::move(options));
  }

  doc operator()(const ops::drop_column& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    if (o.existing) {
      options.push_back(field("existing", column(*o.existing)));
    }
    return with_options("op::drop_column", {str(o.table), str(o.column)}, std::move(options));
  }

  doc operator()(const ops::alter_column& o) const {
    std::vector<doc> options;
    if (o.type) {
      options.push_back(field("type", type(*o.type)));
    }
    if (o.using_expression) {
      options.push_back(field("using_expression", str(*o.using_expression)));
    }
    if (o.nullable) {
      options.push_back(field("nullable", leaf(*o.nullable ? "true" : "false")));
    }
    if (o.server_default) {
      options.push_back(field("server_default", *o.server_default ? str(**o.server_default)
                                                                  : leaf("op::drop_default")));
    }
    if (o.new_name) {
      options.push_back(field("new_name", str(*o.new_name)));
    }
    if (o.identity) {
      options.push_back(field("identity", identity(*o.identity)));
    }
    schema_field(options, o.schema);
    if (o.existing_type) {
      options.push_back(field("existing_type", type(*o.existing_type)));
    }
    if (o.existing_nullable) {
      options.push_back(field("existing_nullable", leaf(*o.existing_nullable ? "true" : "false")));
    }
    if (o.existing_server_default) {
      options.push_back(
          field("existing_server_default", optional_text(*o.existing_server_default)));
    }
    if (o.existing_identity) {
      options.push_back(field("existing_identity", identity(*o.existing_identity)));
    }
    if (o.statistics) {
      options.push_back(field("statistics", number(*o.statistics)));
    }
    if (o.existing_statistics) {
      options.push_back(field("existing_statistics", number(*o.existing_statistics)));
    }
    return call("op::alter_column", {str(o.table), str(o.column), braces(std::move(options))});
  }

  doc operator()(const ops::create_index& o) const {
    return create_index(o.index, o.concurrently, o.if_not_exists);
  }

  doc operator()(const ops::drop_index& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    if (o.concurrently) {
      options.push_back(field("concurrently", leaf("true")));
    }
    if (o.if_exists) {
      options.push_back(field("if_exists", leaf("true")));
    }
    if (o.existing) {
      // `op::create_index(...).index`: the definition part of the operation.
      auto created = create_index(*o.existing, false, false);
      created.suffix = ".index";
      options.push_back(field("existing", std::move(created)));
    }
    return with_options("op::drop_index", {str(o.name)}, std::move(options));
  }

  doc operator()(const ops::add_constraint& o) const {
    return std::visit(
        [&](const auto& c) -> doc {
          using T = std::decay_t<decltype(c)>;
          std::vector<doc> options;
          if constexpr (std::is_same_v<T, ops::primary_key_constraint>) {
            schema_field(options, o.schema);
            return with_options("op::create_primary_key",
                                {str(c.name), str(o.table), strings(c.columns)},
                                std::move(options));
          } else if constexpr (std::is_same_v<T, ops::foreign_key_constraint>) {
            schema_field(options, o.schema, "source_schema");
            schema_field(options, c.referent_schema, "referent_schema");
            foreign_key_actions(options, c);
            if (o.not_valid) {
              options.push_back(field("not_valid", leaf("true")));
            }
            return with_options("op::create_foreign_key",
                                {str(c.name), str(o.table), str(c.referent_table),
                                 strings(c.columns), strings(c.referent_columns)},
                                std::move(options));
          } else if constexpr (std::is_same_v<T, ops::unique_constraint>) {
            schema_field(options, o.schema);
            deferral(options, c.deferrable, c.initially_deferred);
            return with_options("op::create_unique_constraint",
                                {str(c.name), str(o.table), strings(c.columns)},
                                std::move(options));
          } else {
            schema_field(options, o.schema);
            if (o.not_valid) {
              options.push_back(field("not_valid", leaf("true")));
            }
            return with_options("op::create_check_constraint",
                                {str(c.name), str(o.table), str(c.condition)}, std::move(options));
          }
        },
        o.constraint);
  }

  doc operator()(const ops::drop_constraint& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    if (o.if_exists) {
      options.push_back(field("if_exists", leaf("true")));
    }
    if (o.existing) {
      options.push_back(field("existing", constraint(*o.existing)));
    }
    return with_options("op::drop_constraint", {str(o.name), str(o.table)}, std::move(options));
  }

  doc operator()(const ops::create_extension& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    if (!o.version.empty()) {
      options.push_back(field("version", str(o.version)));
    }
    if (!o.if_not_exists) {
      options.push_back(field("if_not_exists", leaf("false")));
    }
    return with_options("op::create_extension", {str(o.name)}, std::move(options));
  }

  doc operator()(const ops::drop_extension& o) const {
    std::vector<doc> options;
    if (!o.if_exists) {
      options.push_back(field("if_exists", leaf("false")));
    }
    if (o.cascade) {
      options.push_back(field("cascade", leaf("true")));
    }
    return with_options("op::drop_extension", {str(o.name)}, std::move(options));
  }

  doc operator()(const ops::execute& o) const {
    std::vector<doc> options;
    if (o.reverse_sql) {
      options.push_back(field("reverse_sql", str(*o.reverse_sql)));
    }
    return with_options("op::execute", {str(o.sql)}, std::move(options));
  }

  doc operator()(const ops::attach_partition& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    schema_field(options, o.partition_schema, "partition_schema");
    return with_options("op::attach_partition", {str(o.table), str(o.partition), str(o.bound)},
                        std::move(options));
  }

  doc operator()(const ops::detach_partition& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    schema_field(options, o.partition_schema, "partition_schema");
    if (o.concurrently) {
      options.push_back(field("concurrently", leaf("true")));
    }
    if (o.existing_bound) {
      options.push_back(field("existing_bound", str(*o.existing_bound)));
    }
    return with_options("op::detach_partition", {str(o.table), str(o.partition)},
                        std::move(options));
  }

  doc operator()(const ops::squash_point& o) const {
    return call("op::squash_point", {str(o.revision)});
  }

  doc operator()(const ops::validate_constraint& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    return with_options("op::validate_constraint", {str(o.name), str(o.table)}, std::move(options));
  }

  doc operator()(const ops::set_not_null& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    if (!o.check_name.empty()) {
      options.push_back(field("check_name", str(o.check_name)));
    }
    return with_options("op::set_not_null", {str(o.table), str(o.column)}, std::move(options));
  }

  doc operator()(const ops::backfill& o) const {
    if (o.each != nullptr) {
      throw error(
          fmt::format("backfill \"{}\" runs C++ code, which cannot be written out again "
                      "from the operations it built; copy it by hand",
                      o.name));
    }
    const ops::backfill defaults{};
    std::vector<doc> options{field("key", str(o.key)), field("set", str(o.set))};
    if (!o.where.empty()) {
      options.push_back(field("where", str(o.where)));
    }
    schema_field(options, o.schema);
    auto number = [&](const char* name, std::int64_t value, std::int64_t otherwise) {
      if (value != otherwise) {
        options.push_back(field(name, leaf(std::to_string(value))));
      }
    };
    number("batch_size", o.batch_size, defaults.batch_size);
    number("pause_ms", o.pause_ms, defaults.pause_ms);
    number("lock_timeout_ms", o.lock_timeout_ms, defaults.lock_timeout_ms);
    number("retries", o.retries, defaults.retries);
    number("time_limit_s", o.time_limit_s, defaults.time_limit_s);
    return with_options("op::backfill", {str(o.name), str(o.table)}, std::move(options));
  }

  doc operator()(const ops::data_step& o) const {
    throw error(
        fmt::format("data step \"{}\" is C++ code, which cannot be written out again "
                    "from the operations it built; copy it by hand",
                    o.name));
  }

  doc operator()(const ops::lint_waiver& o) const {
    return call(o.whole_migration ? "op::waive_all" : "op::waive", {str(o.rule), str(o.reason)});
  }

  doc operator()(const ops::bulk_insert& o) const {
    std::vector<doc> rows;
    for (const auto& row : o.rows) {
      std::vector<doc> values;
      for (const auto& v : row) {
        values.push_back(std::visit(
            [](const auto& x) -> doc {
              using T = std::decay_t<decltype(x)>;
              if constexpr (std::is_same_v<T, std::nullptr_t>) {
                return leaf("nullptr");
              } else if constexpr (std::is_same_v<T, bool>) {
                return leaf(x ? "true" : "false");
              } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return leaf(fmt::format("std::int64_t{{{}}}", x));
              } else if constexpr (std::is_same_v<T, double>) {
                return leaf(fmt::format("double{{{}}}", x));
              } else {
                return leaf(fmt::format("std::string({})", scaffold::cpp_string_literal(x)));
              }
            },
            v));
      }
      rows.push_back(braces(std::move(values)));
    }
    std::vector<doc> options;
    schema_field(options, o.schema);
    return with_options("op::bulk_insert",
                        {str(o.table), strings(o.columns), braces(std::move(rows))},
                        std::move(options));
  }

  static doc comment_options(const std::string& schema,
                             const std::optional<std::optional<std::string>>& existing,
                             std::vector<doc> args, std::string function) {
    std::vector<doc> options;
    schema_field(options, schema);
    if (existing) {
      options.push_back(field("existing", optional_text(*existing)));
    }
    return with_options(std::move(function), std::move(args), std::move(options));
  }

  doc operator()(const ops::set_table_comment& o) const {
    return comment_options(o.schema, o.existing,
                           {str(o.table), o.comment ? str(*o.comment) : leaf("std::nullopt")},
                           "op::set_table_comment");
  }

  doc operator()(const ops::set_column_comment& o) const {
    return comment_options(
        o.schema, o.existing,
        {str(o.table), str(o.column), o.comment ? str(*o.comment) : leaf("std::nullopt")},
        "op::set_column_comment");
  }

  doc operator()(const ops::create_schema& o) const {
    std::vector<doc> args{str(o.name)};
    if (o.if_not_exists) {
      args.push_back(leaf("true"));
    }
    return call("op::create_schema", std::move(args));
  }

  doc operator()(const ops::drop_schema& o) const {
    std::vector<doc> options;
    if (o.if_exists) {
      options.push_back(field("if_exists", leaf("true")));
    }
    if (o.cascade) {
      options.push_back(field("cascade", leaf("true")));
    }
    return with_options("op::drop_schema", {str(o.name)}, std::move(options));
  }

  doc operator()(const ops::create_enum& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    return with_options("op::create_enum", {str(o.name), strings(o.values)}, std::move(options));
  }

  doc operator()(const ops::drop_enum& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    if (o.if_exists) {
      options.push_back(field("if_exists", leaf("true")));
    }
    if (o.existing) {
      auto values = strings(*o.existing);
      values.text = "std::vector<std::string>";
      options.push_back(field("existing", std::move(values)));
    }
    return with_options("op::drop_enum", {str(o.name)}, std::move(options));
  }

  doc operator()(const ops::add_enum_value& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    if (!o.before.empty()) {
      options.push_back(field("before", str(o.before)));
    }
    if (!o.after.empty()) {
      options.push_back(field("after", str(o.after)));
    }
    if (o.if_not_exists) {
      options.push_back(field("if_not_exists", leaf("true")));
    }
    return with_options("op::add_enum_value", {str(o.type), str(o.value)}, std::move(options));
  }

  doc operator()(const ops::create_sequence& o) const {
    std::vector<doc> options;
    schema_field(options, o.sequence.schema);
    auto built = sequence_options(o.sequence, std::move(options), *this);
    if (o.if_not_exists) {
      built.items.push_back(field("if_not_exists", leaf("true")));
    }
    std::vector<doc> args{str(o.sequence.name)};
    if (!built.items.empty()) {
      args.push_back(std::move(built));
    }
    return call("op::create_sequence", std::move(args));
  }

  doc operator()(const ops::drop_sequence& o) const {
    std::vector<doc> options;
    schema_field(options, o.schema);
    if (o.if_exists) {
      options.push_back(field("if_exists", leaf("true")));
    }
    if (o.existing) {
      options.push_back(field("existing", sequence(*o.existing)));
    }
    return with_options("op::drop_sequence", {str(o.name)}, std::move(options));
  }
};

std::string indent_of(int columns) {
  return std::string(static_cast<std::size_t>(columns), ' ');
}

// `// text`, wrapped at the column limit.
std::string comment(const std::string& text, int indent) {
  std::string out;
  std::string line;
  std::istringstream words(text);
  std::string word;
  const auto width = static_cast<std::size_t>(column_limit - indent - 3);
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += indent_of(indent) + "// " + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + indent_of(indent) + "// " + line + "\n";
}

constexpr int body_indent = 2;
constexpr int item_indent = body_indent + continuation;

}  // namespace

namespace detail {

doc type_call(const column_type& type) {
  return emitter{}.type(type);
}
doc column_call(const ops::column_definition& column) {
  return emitter{}.column(column);
}
doc constraint_call(const ops::constraint_definition& constraint) {
  return emitter{}.constraint(constraint);
}
doc index_key(const ops::index_element& element) {
  return emitter::key(element);
}
doc index_method(const std::string& name) {
  return emitter::method(name);
}
doc sequence_call(const ops::sequence_definition& sequence) {
  return emitter{}.sequence(sequence);
}

}  // namespace detail

std::string expression(const operation& op, int indent) {
  return layout(std::visit(emitter{}, op), indent, 1);
}

namespace {

// A long list is built in groups, each in a function of its own (a lambda called in place): a
// baseline of thousands of operations in one initializer took minutes to compile. A list of one
// group or less stays one `return {...};`.
constexpr std::size_t group_size = statements_per_function;
constexpr int group_indent = body_indent + 2;
constexpr int grouped_item_indent = group_indent + continuation;

// One operation of a list: its C++ expression, or a comment standing where it would be.
struct list_item {
  const operation* op = nullptr;
  std::string comment{};
};

// Appends `items` to a list named `ops`, a group at a time.
std::string appended_groups(const std::vector<list_item>& items) {
  const std::string open_group =
      indent_of(body_indent) + "[&ops] {\n" + indent_of(group_indent) + "ops.append({\n";
  const std::string close_group =
      indent_of(group_indent) + "});\n" + indent_of(body_indent) + "}();\n";
  std::string out;
  bool open = false;
  std::size_t in_group = 0;
  for (const auto& item : items) {
    if (!open) {
      out += open_group;
      open = true;
    }
    if (item.op == nullptr) {
      out += comment(item.comment, grouped_item_indent);
      continue;
    }
    out += indent_of(grouped_item_indent) + expression(*item.op, grouped_item_indent) + ",\n";
    if (++in_group == group_size) {
      out += close_group;
      open = false;
      in_group = 0;
    }
  }
  if (open) {
    out += close_group;
  }
  return out;
}

std::string list_body(const std::vector<list_item>& items) {
  const auto count = static_cast<std::size_t>(std::count_if(
      items.begin(), items.end(), [](const auto& item) { return item.op != nullptr; }));
  if (items.empty()) {
    return indent_of(body_indent) + "return {};";
  }
  if (count <= group_size) {
    std::string out = indent_of(body_indent) + "return {\n";
    for (const auto& item : items) {
      out += item.op != nullptr ? indent_of(item_indent) + expression(*item.op, item_indent) + ",\n"
                                : comment(item.comment, item_indent);
    }
    return out + indent_of(body_indent) + "};";
  }
  std::string out = comment(fmt::format("{} operations in groups of {}, each group a function of "
                                        "its own: the compiler's time grows linearly with them.",
                                        count, group_size),
                            body_indent);
  out += indent_of(body_indent) + "retort::operations ops;\n";
  return out + appended_groups(items) + indent_of(body_indent) + "return ops;";
}

std::vector<list_item> items_of(const operations& list) {
  std::vector<list_item> items;
  items.reserve(list.size());
  for (const auto& op : list) {
    items.push_back({.op = &op});
  }
  return items;
}

}  // namespace

std::string upgrade_body(const operations& upgrade) {
  return list_body(items_of(upgrade));
}

std::string sequence_body(const std::vector<body_part>& parts) {
  const bool calls =
      std::any_of(parts.begin(), parts.end(), [](const auto& part) { return !part.call.empty(); });
  if (!calls) {
    operations all;
    for (const auto& part : parts) {
      all.insert(all.end(), part.ops.begin(), part.ops.end());
    }
    return upgrade_body(all);
  }
  std::string out = indent_of(body_indent) + "retort::operations ops;\n";
  for (const auto& part : parts) {
    out += part.call.empty() ? appended_groups(items_of(part.ops))
                             : indent_of(body_indent) + "ops.extend(" + part.call + ");\n";
  }
  return out + indent_of(body_indent) + "return ops;";
}

std::string downgrade_body(const operations& upgrade) {
  std::vector<operation> reversed;
  reversed.reserve(upgrade.size());  // never reallocates: the items point into it
  std::vector<list_item> items;
  items.reserve(upgrade.size());
  for (auto op = upgrade.rbegin(); op != upgrade.rend(); ++op) {
    try {
      reversed.push_back(reverse(*op));
      items.push_back({.op = &reversed.back()});
    } catch (const irreversible_operation& e) {
      // A comment, not code: the downgrade still builds, and the reader sees what it skips.
      items.push_back({.comment = std::string("IRREVERSIBLE: ") + e.what()});
    }
  }
  return list_body(items);
}

}  // namespace retort::emit
