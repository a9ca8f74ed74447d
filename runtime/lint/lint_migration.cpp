#include "lint/lint_migration.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "lint/not_null_proof.hpp"
#include "lint/type_change.hpp"
#include "render/describe.hpp"
#include "sql_parse/parse_tree.hpp"

namespace retort::lint {

namespace {

std::string text(const char* s) {
  return s != nullptr ? std::string(s) : std::string();
}

// A table as a statement names it: its schema only when written.
struct table_name {
  std::string schema;
  std::string name;

  static table_name of(const PgQuery__RangeVar* r) {
    return r == nullptr ? table_name{} : table_name{text(r->schemaname), text(r->relname)};
  }
  [[nodiscard]] std::string shown() const {
    return schema.empty() ? fmt::format("\"{}\"", name)
                          : fmt::format("\"{}\".\"{}\"", schema, name);
  }
  // Without a schema a name may be any schema's; with two schemas they must agree.
  [[nodiscard]] bool may_be(const table_name& other) const {
    return name == other.name && (schema.empty() || other.schema.empty() || schema == other.schema);
  }
  // The model's spelling of the schema: the default one is empty.
  [[nodiscard]] std::string model_schema() const { return schema == "public" ? "" : schema; }
  // The catalog's spelling: an unqualified name is taken to be in `public`.
  [[nodiscard]] std::pair<std::string, std::string> catalog_key() const {
    return {schema.empty() ? "public" : schema, name};
  }
};

// A table's column, as the rules track it through the migration.
struct column_key {
  std::string schema;  // the model's spelling
  std::string table;
  std::string column;
  auto operator<=>(const column_key&) const = default;
};

// The last part of a dotted name (`pg_catalog.int4` is int4), from a list of String nodes.
std::string last_name(PgQuery__Node* const* names, std::size_t count) {
  for (std::size_t i = count; i > 0; --i) {
    const PgQuery__Node* n = names[i - 1];
    if (n != nullptr && n->node_case == PG_QUERY__NODE__NODE_STRING) {
      return text(n->string->sval);
    }
  }
  return {};
}

std::string type_of(const PgQuery__TypeName* type) {
  return type == nullptr ? std::string() : last_name(type->names, type->n_names);
}

bool is_serial(std::string_view type) {
  return type == "serial" || type == "serial4" || type == "bigserial" || type == "serial8" ||
         type == "smallserial" || type == "serial2";
}

// Functions PostgreSQL marks volatile that defaults commonly call: a column default calling one
// is evaluated per row, so adding the column rewrites the table.
bool calls_volatile_function(const PgQuery__Node* node) {
  static constexpr std::array<std::string_view, 10> volatile_functions{
      "random",           "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc",
      "uuid_generate_v4", "clock_timestamp", "timeofday",        "nextval",
      "setseed",          "random_normal"};
  if (node == nullptr) {
    return false;
  }
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
      const auto name = last_name(node->func_call->funcname, node->func_call->n_funcname);
      if (std::find(volatile_functions.begin(), volatile_functions.end(), name) !=
          volatile_functions.end()) {
        return true;
      }
      for (std::size_t i = 0; i < node->func_call->n_args; ++i) {
        if (calls_volatile_function(node->func_call->args[i])) {
          return true;
        }
      }
      return false;
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST:
      return calls_volatile_function(node->type_cast->arg);
    case PG_QUERY__NODE__NODE_A_EXPR:
      return calls_volatile_function(node->a_expr->lexpr) ||
             calls_volatile_function(node->a_expr->rexpr);
    default:
      return false;
  }
}

std::vector<const PgQuery__Constraint*> constraints_of(const PgQuery__ColumnDef& column) {
  std::vector<const PgQuery__Constraint*> out;
  for (std::size_t i = 0; i < column.n_constraints; ++i) {
    if (column.constraints[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      out.push_back(column.constraints[i]->constraint);
    }
  }
  return out;
}

bool has_constraint(const PgQuery__ColumnDef& column, PgQuery__ConstrType type) {
  const auto all = constraints_of(column);
  return std::any_of(all.begin(), all.end(),
                     [&](const PgQuery__Constraint* c) { return c->contype == type; });
}

bool has_option(PgQuery__Node* const* options, std::size_t count, std::string_view name) {
  for (std::size_t i = 0; i < count; ++i) {
    const PgQuery__Node* n = options[i];
    if (n != nullptr && n->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
        text(n->def_elem->defname) == name) {
      return true;
    }
  }
  return false;
}

// The object a DROP names, dotted, from the List of String nodes the grammar gives.
table_name dropped_name(const PgQuery__Node* object) {
  table_name out;
  if (object == nullptr || object->node_case != PG_QUERY__NODE__NODE_LIST) {
    return out;
  }
  const auto& items = *object->list;
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < items.n_items; ++i) {
    if (items.items[i]->node_case == PG_QUERY__NODE__NODE_STRING) {
      parts.push_back(text(items.items[i]->string->sval));
    }
  }
  if (!parts.empty()) {
    out.name = parts.back();
    if (parts.size() > 1) {
      out.schema = parts[parts.size() - 2];
    }
  }
  return out;
}

// Walks one migration's statements in order, keeping what the migration itself created.
class checker {
 public:
  checker(const migration_input& migration, const render::postgres_dialect& dialect,
          const settings& project, const table_sizes* live)
      : migration_(migration), dialect_(dialect), project_(project), live_(live) {}

  // A waiver, in its place among the operations.
  void waiver(std::size_t number, const ops::lint_waiver& w) {
    waivers_.push_back({w.rule, number, w.whole_migration, false});
    if (!w.whole_migration) {
      pending_.push_back(waivers_.size() - 1);
    }
  }

  // The next operation: the waivers just before it are its own.
  void operation(std::size_t number, std::string described) {
    op_number_ = number;
    operation_ = std::move(described);
    op_waivers_ = std::move(pending_);
    pending_.clear();
  }

  void statement(std::string_view sql) {
    statement_ = std::string(sql);
    auto tree = sql_parse::parse_tree::of(sql, nullptr);
    if (!tree) {
      return;  // PostgreSQL refuses it before it can lock anything; verify reports it
    }
    for (std::size_t i = 0; i < tree->size(); ++i) {
      check(tree->statement(i));
    }
  }

  std::vector<finding> finish() {
    if (migration_.transactional && locked_.size() > 1) {
      const lock& first = locked_[0];
      const lock& second = locked_[1];
      report_at(second.op_number, second.operation, second.statement, second.waivers,
                "multiple-lock-taking-statements",
                fmt::format("{} existing tables are locked in one transaction: {} (operation "
                            "{}) and {}{}",
                            locked_.size(), first.table.shown(), first.op_number,
                            second.table.shown(), locked_.size() > 2 ? ", ..." : ""));
    }
    for (const auto& w : waivers_) {
      if (!w.used) {
        const bool known = find_rule(w.rule) != nullptr;
        report_at(w.op_number, fmt::format("{} {}", w.whole ? "waive_all" : "waive", w.rule), "",
                  {}, "unused-waiver",
                  !known ? fmt::format("it waives \"{}\", which is no rule of retort lint", w.rule)
                  : w.whole ? fmt::format("no operation of the migration breaks \"{}\"", w.rule)
                            : fmt::format("the operation after it does not break \"{}\"", w.rule));
      }
    }
    std::stable_sort(findings_.begin(), findings_.end(),
                     [](const finding& a, const finding& b) { return a.op_number < b.op_number; });
    return std::move(findings_);
  }

 private:
  struct lock {
    table_name table;
    std::size_t op_number;
    std::string operation, statement;
    std::vector<std::size_t> waivers;
  };

  struct waiver_state {
    std::string rule;
    std::size_t op_number;
    bool whole;
    bool used;
  };

  [[nodiscard]] bool is_new(const table_name& t) const {
    return std::any_of(created_.begin(), created_.end(),
                       [&](const table_name& c) { return c.may_be(t); });
  }

  void locks(const table_name& t) {
    if (is_new(t) || t.name.empty() || is_small(t)) {
      return;
    }
    for (const auto& l : locked_) {
      if (l.table.may_be(t)) {
        return;
      }
    }
    locked_.push_back({t, op_number_, operation_, statement_, op_waivers_});
  }

  void report(std::string_view rule_id, std::string detail) {
    report_at(op_number_, operation_, statement_, op_waivers_, rule_id, std::move(detail));
  }

  // A finding about `table`: rules about locks and rewrites say nothing of a small one.
  void report_on(const table_name& table, std::string_view rule_id, std::string detail) {
    const rule* r = find_rule(rule_id);
    if (r != nullptr && r->about_table_size && is_small(table)) {
      return;
    }
    report(rule_id, std::move(detail));
  }

  // Smaller than the project's `small_table`, by the live database's own count.
  [[nodiscard]] bool is_small(const table_name& t) const {
    if (live_ == nullptr || !project_.small_table_bytes) {
      return false;
    }
    auto it = live_->bytes.find(t.catalog_key());
    return it != live_->bytes.end() && it->second < *project_.small_table_bytes;
  }

  [[nodiscard]] const model::table* table_before(const table_name& t) const {
    if (migration_.before == nullptr) {
      return nullptr;
    }
    const auto schema = t.model_schema();
    for (const auto& table : migration_.before->tables) {
      if (table.name == t.name && table.schema == schema) {
        return &table;
      }
    }
    return nullptr;
  }

  // The column's type just before this statement: as this migration last set it, else as the
  // schema before the migration has it.
  [[nodiscard]] std::optional<spelled_type> type_now(const table_name& t,
                                                     const std::string& column) const {
    if (auto it = types_.find({t.model_schema(), t.name, column}); it != types_.end()) {
      return it->second;
    }
    if (const auto* table = table_before(t)) {
      for (const auto& c : table->columns) {
        if (c.name == column) {
          return spelled(dialect_.render_type(c.type));
        }
      }
    }
    return std::nullopt;
  }

  // Whether the column is NOT NULL already, or a valid CHECK constraint proves it.
  [[nodiscard]] bool proved_not_null(const table_name& t, const std::string& column) const {
    const column_key key{t.model_schema(), t.name, column};
    for (const auto& [name, check] : checks_) {
      if (check.valid && check.column == key) {
        return true;
      }
    }
    const auto* table = table_before(t);
    if (table == nullptr) {
      return false;
    }
    for (const auto& c : table->columns) {
      if (c.name == column && !c.nullable) {
        return true;
      }
    }
    // The model's checks come from operations, which always validate what they add.
    return std::any_of(table->checks.begin(), table->checks.end(), [&](const auto& check) {
      const auto proved = columns_proved_not_null(check.condition);
      return std::find(proved.begin(), proved.end(), column) != proved.end();
    });
  }

  // Whether a waiver of the operation, or of the whole migration, covers `rule_id`; marks it
  // used. A waived finding counts whatever the rule's level.
  bool waived(const std::vector<std::size_t>& own, std::string_view rule_id) {
    bool found = false;
    for (auto i : own) {
      if (waivers_[i].rule == rule_id) {
        waivers_[i].used = found = true;
      }
    }
    for (auto& w : waivers_) {
      if (w.whole && w.rule == rule_id) {
        w.used = found = true;
      }
    }
    return found;
  }

  void report_at(std::size_t op_number, const std::string& operation, const std::string& statement,
                 const std::vector<std::size_t>& own_waivers, std::string_view rule_id,
                 std::string detail) {
    if (waived(own_waivers, rule_id)) {
      return;
    }
    const rule* r = find_rule(rule_id);
    level l = r != nullptr ? r->level : level::error;
    if (auto it = project_.levels.find(rule_id); it != project_.levels.end()) {
      l = it->second;
    }
    if (l == level::off) {
      return;
    }
    findings_.push_back({std::string(rule_id), l, migration_.revision, migration_.source, op_number,
                         operation, statement, std::move(detail)});
  }

  void check(const PgQuery__Node& node) {
    switch (node.node_case) {
      case PG_QUERY__NODE__NODE_CREATE_STMT:
        create_table(*node.create_stmt);
        break;
      case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        alter_table(*node.alter_table_stmt);
        break;
      case PG_QUERY__NODE__NODE_INDEX_STMT:
        create_index(*node.index_stmt);
        break;
      case PG_QUERY__NODE__NODE_DROP_STMT:
        drop(*node.drop_stmt);
        break;
      case PG_QUERY__NODE__NODE_RENAME_STMT:
        rename(*node.rename_stmt);
        break;
      case PG_QUERY__NODE__NODE_VACUUM_STMT:
        if (has_option(node.vacuum_stmt->options, node.vacuum_stmt->n_options, "full")) {
          rewrite_of(vacuumed(*node.vacuum_stmt), "ban-vacuum-full", "VACUUM FULL");
        }
        break;
      case PG_QUERY__NODE__NODE_CLUSTER_STMT:
        rewrite_of(table_name::of(node.cluster_stmt->relation), "ban-cluster", "CLUSTER");
        break;
      case PG_QUERY__NODE__NODE_REINDEX_STMT:
        if (!has_option(node.reindex_stmt->params, node.reindex_stmt->n_params, "concurrently")) {
          rewrite_of(node.reindex_stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE
                         ? table_name::of(node.reindex_stmt->relation)
                         : table_name{},
                     "require-concurrent-reindex", "REINDEX without CONCURRENTLY");
        }
        break;
      case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
        if (migration_.transactional) {
          report("transaction-nesting", "transaction control in a transactional migration");
        }
        break;
      default:
        break;
    }
  }

  // A whole-table rewrite; a statement that names no one table is never small.
  void rewrite_of(const table_name& table, std::string_view rule_id, std::string_view what) {
    if (table.name.empty()) {
      report(rule_id, std::string(what));
    } else {
      report_on(table, rule_id, fmt::format("{} of {}", what, table.shown()));
    }
  }

  static table_name vacuumed(const PgQuery__VacuumStmt& stmt) {
    if (stmt.n_rels != 1 || stmt.rels[0]->node_case != PG_QUERY__NODE__NODE_VACUUM_RELATION) {
      return {};
    }
    return table_name::of(stmt.rels[0]->vacuum_relation->relation);
  }

  // The table an index is on, as the schema before the migration has it.
  [[nodiscard]] table_name table_of_index(const table_name& index) const {
    if (migration_.before == nullptr) {
      return {};
    }
    const auto schema = index.model_schema();
    for (const auto& table : migration_.before->tables) {
      for (const auto& i : table.indexes) {
        if (i.name == index.name && table.schema == schema) {
          return {table.schema, table.name};
        }
      }
    }
    return {};
  }

  // The rules on a column's type, wherever a column is defined or retyped.
  void column_type(const std::string& column, const PgQuery__TypeName* type, bool is_key) {
    const auto name = type_of(type);
    if (is_serial(name)) {
      report("prefer-identity", fmt::format("column \"{}\" is {}", column, name));
    }
    if (name == "varchar" && type->n_typmods > 0) {
      report("prefer-text-field", fmt::format("column \"{}\" is varchar(n)", column));
    }
    if (name == "bpchar") {
      report("ban-char-field", fmt::format("column \"{}\" is char(n)", column));
    }
    if (name == "timestamp") {
      report("prefer-timestamptz",
             fmt::format("column \"{}\" is timestamp without time zone", column));
    }
    const bool small = name == "int4" || name == "int2" || name == "integer" ||
                       name == "smallint" || name == "int" || name == "serial" ||
                       name == "serial4" || name == "smallserial" || name == "serial2";
    if (small && is_key) {
      report("prefer-bigint-over-int",
             fmt::format("key column \"{}\" is {}", column, name == "int4" ? "integer" : name));
    }
  }

  void create_table(const PgQuery__CreateStmt& stmt) {
    const auto table = table_name::of(stmt.relation);
    created_.push_back(table);
    std::set<std::string> key_columns;
    for (std::size_t i = 0; i < stmt.n_table_elts; ++i) {
      const PgQuery__Node* e = stmt.table_elts[i];
      if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
          e->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
        for (std::size_t k = 0; k < e->constraint->n_keys; ++k) {
          if (e->constraint->keys[k]->node_case == PG_QUERY__NODE__NODE_STRING) {
            key_columns.insert(text(e->constraint->keys[k]->string->sval));
          }
        }
      }
    }
    for (std::size_t i = 0; i < stmt.n_table_elts; ++i) {
      const PgQuery__Node* e = stmt.table_elts[i];
      if (e->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) {
        continue;
      }
      const auto& column = *e->column_def;
      const auto name = text(column.colname);
      const bool key = key_columns.contains(name) ||
                       has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) ||
                       has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY) ||
                       is_serial(type_of(column.type_name));
      column_type(name, column.type_name, key);
    }
  }

  void alter_table(const PgQuery__AlterTableStmt& stmt) {
    const auto table = table_name::of(stmt.relation);
    const bool existing = !is_new(table);
    for (std::size_t i = 0; i < stmt.n_cmds; ++i) {
      if (stmt.cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) {
        continue;
      }
      const auto& cmd = *stmt.cmds[i]->alter_table_cmd;
      if (existing && cmd.subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint) {
        locks(table);
      }
      switch (cmd.subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
          if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            add_column(table, existing, *cmd.def->column_def);
          }
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
          if (existing && !proved_not_null(table, text(cmd.name))) {
            report_on(table, "setting-not-null",
                      fmt::format("column \"{}\" of existing table {}, and no valid CHECK "
                                  "constraint proves it NOT NULL",
                                  text(cmd.name), table.shown()));
          }
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
          if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            alter_column_type(table, existing, text(cmd.name), *cmd.def->column_def);
          }
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
          if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            remember_check(table, *cmd.def->constraint);
            if (existing) {
              add_constraint(table, *cmd.def->constraint);
            }
          }
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
          if (auto it = checks_.find(text(cmd.name)); it != checks_.end()) {
            it->second.valid = true;
          }
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
          if (existing) {
            report("ban-drop-column", fmt::format("column \"{}\" of existing table {}",
                                                  text(cmd.name), table.shown()));
          }
          break;
        default:
          break;
      }
    }
  }

  void alter_column_type(const table_name& table, bool existing, const std::string& column,
                         const PgQuery__ColumnDef& def) {
    if (def.type_name == nullptr) {
      return;
    }
    const auto to = spelled(*def.type_name);
    const auto from = type_now(table, column);
    // USING computes every value anew; without the old type nothing says the change is free.
    const bool rewrites = def.raw_default != nullptr || !from || rewrites_table(*from, to);
    if (existing && rewrites) {
      report_on(table, "changing-column-type",
                from ? fmt::format("column \"{}\" of existing table {} from {} to {}", column,
                                   table.shown(), shown(*from), shown(to))
                     : fmt::format("column \"{}\" of existing table {}", column, table.shown()));
    }
    types_[{table.model_schema(), table.name, column}] = to;
    column_type(column, def.type_name, false);
  }

  static std::string shown(const spelled_type& t) {
    std::string out = t.name;
    if (!t.modifiers.empty()) {
      out += "(";
      for (std::size_t i = 0; i < t.modifiers.size(); ++i) {
        out += fmt::format("{}{}", i == 0 ? "" : ",", t.modifiers[i]);
      }
      out += ")";
    }
    for (std::size_t i = 0; i < t.array_dimensions; ++i) {
      out += "[]";
    }
    return out;
  }

  // A CHECK constraint of `col IS NOT NULL`, valid unless added NOT VALID (until validated).
  void remember_check(const table_name& table, const PgQuery__Constraint& c) {
    if (c.contype != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK || c.conname == nullptr) {
      return;
    }
    for (const auto& column : columns_proved_not_null(c.raw_expr)) {
      checks_[c.conname] = {{table.model_schema(), table.name, column}, !c.skip_validation};
    }
  }

  void add_column(const table_name& table, bool existing, const PgQuery__ColumnDef& column) {
    const auto name = text(column.colname);
    if (column.type_name != nullptr) {
      types_[{table.model_schema(), table.name, name}] = spelled(*column.type_name);
    }
    const auto type = type_of(column.type_name);
    const bool identity = has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY);
    column_type(name, column.type_name,
                identity || has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY));
    if (!existing) {
      return;
    }
    const PgQuery__Constraint* default_value = nullptr;
    for (const auto* c : constraints_of(column)) {
      if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT) {
        default_value = c;
      }
    }
    const bool not_null = column.is_not_null ||
                          has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) ||
                          has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY);
    const bool generated = has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED);
    if (not_null && default_value == nullptr && !identity && !generated && !is_serial(type)) {
      report("adding-not-nullable-field",
             fmt::format("column \"{}\" NOT NULL without a default on existing table {}", name,
                         table.shown()));
    }
    if (is_serial(type) || identity || generated ||
        (default_value != nullptr && calls_volatile_function(default_value->raw_expr))) {
      report_on(table, "adding-field-with-default",
                fmt::format("column \"{}\" on existing table {} gets a value computed per row",
                            name, table.shown()));
    }
    if (has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) ||
        has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE)) {
      report_on(table, "adding-primary-key-constraint",
                fmt::format("column \"{}\" is a key of existing table {}", name, table.shown()));
    }
  }

  void add_constraint(const table_name& table, const PgQuery__Constraint& c) {
    const auto name = c.conname != nullptr && *c.conname != '\0' ? fmt::format("\"{}\"", c.conname)
                                                                 : std::string("(unnamed)");
    switch (c.contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
      case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        if (!c.skip_validation) {
          report_on(table, "constraint-missing-not-valid",
                    fmt::format(
                        "{} constraint {} on existing table {} without NOT VALID",
                        c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ? "CHECK" : "FOREIGN KEY",
                        name, table.shown()));
        }
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        if (c.indexname == nullptr || *c.indexname == '\0') {
          report_on(table, "adding-primary-key-constraint",
                    fmt::format("{} constraint {} on existing table {} builds its index",
                                c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? "PRIMARY KEY"
                                                                                   : "UNIQUE",
                                name, table.shown()));
        }
        break;
      default:
        break;
    }
  }

  void create_index(const PgQuery__IndexStmt& stmt) {
    const auto table = table_name::of(stmt.relation);
    created_indexes_.insert(text(stmt.idxname));
    if (is_new(table)) {
      return;
    }
    if (!stmt.concurrent) {
      locks(table);
      report_on(table, "require-concurrent-index-creation",
                fmt::format("index {} on existing table {}",
                            stmt.idxname != nullptr && *stmt.idxname != '\0'
                                ? fmt::format("\"{}\"", stmt.idxname)
                                : std::string("(unnamed)"),
                            table.shown()));
    }
  }

  void drop(const PgQuery__DropStmt& stmt) {
    for (std::size_t i = 0; i < stmt.n_objects; ++i) {
      const auto object = dropped_name(stmt.objects[i]);
      switch (stmt.remove_type) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
          if (!is_new(object)) {
            locks(object);
            report("ban-drop-table", fmt::format("table {}", object.shown()));
          }
          break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
          if (!stmt.concurrent && !created_indexes_.contains(object.name)) {
            const auto table = table_of_index(object);
            if (table.name.empty()) {
              report("require-concurrent-index-deletion", fmt::format("index {}", object.shown()));
            } else {
              report_on(table, "require-concurrent-index-deletion",
                        fmt::format("index {} of {}", object.shown(), table.shown()));
            }
          }
          break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
          // A schema's name comes as a single String, not a List.
          std::string schema = object.name;
          if (schema.empty() && stmt.objects[i]->node_case == PG_QUERY__NODE__NODE_STRING) {
            schema = text(stmt.objects[i]->string->sval);
          }
          report("ban-drop-schema", fmt::format("schema \"{}\"", schema));
          break;
        }
        default:
          break;
      }
    }
  }

  void rename(const PgQuery__RenameStmt& stmt) {
    const auto table = table_name::of(stmt.relation);
    if (is_new(table)) {
      return;
    }
    if (stmt.rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
      locks(table);
      report("renaming-column", fmt::format("column \"{}\" of existing table {} to \"{}\"",
                                            text(stmt.subname), table.shown(), text(stmt.newname)));
    } else if (stmt.rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
      locks(table);
      report("renaming-table",
             fmt::format("existing table {} to \"{}\"", table.shown(), text(stmt.newname)));
    }
  }

  struct not_null_check {
    column_key column;
    bool valid;
  };

  const migration_input& migration_;
  const render::postgres_dialect& dialect_;
  const settings& project_;
  const table_sizes* live_;
  std::map<column_key, spelled_type> types_;      // columns this migration added or retyped
  std::map<std::string, not_null_check> checks_;  // by constraint name
  std::size_t op_number_ = 0;
  std::string operation_;
  std::string statement_;
  std::vector<table_name> created_;
  std::set<std::string> created_indexes_;
  std::vector<lock> locked_;
  std::vector<waiver_state> waivers_;
  std::vector<std::size_t> pending_;     // waivers waiting for the next operation
  std::vector<std::size_t> op_waivers_;  // the current operation's
  std::vector<finding> findings_;
};

}  // namespace

std::vector<finding> lint_migration(const migration_input& migration,
                                    const render::postgres_dialect& dialect,
                                    const settings& project, const table_sizes* live) {
  checker check(migration, dialect, project, live);
  for (std::size_t i = 0; i < migration.upgrade.size(); ++i) {
    const auto& op = migration.upgrade[i];
    if (const auto* w = std::get_if<ops::lint_waiver>(&op)) {
      check.waiver(i + 1, *w);
      continue;
    }
    check.operation(i + 1, render::describe(op));
    std::vector<sql_statement> statements;
    try {
      statements = dialect.render(op);
    } catch (const std::exception&) {
      continue;  // what cannot be rendered cannot run; verify and the run itself say why
    }
    for (const auto& statement : statements) {
      check.statement(statement.sql);
    }
  }
  return check.finish();
}

}  // namespace retort::lint
