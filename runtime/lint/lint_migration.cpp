#include "lint/lint_migration.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string_view>

#include <fmt/format.h>

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
  checker(const migration_input& migration, const settings& project)
      : migration_(migration), project_(project) {}

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
    if (is_new(t) || t.name.empty()) {
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
          report("ban-vacuum-full", "VACUUM FULL");
        }
        break;
      case PG_QUERY__NODE__NODE_CLUSTER_STMT:
        report("ban-cluster", "CLUSTER");
        break;
      case PG_QUERY__NODE__NODE_REINDEX_STMT:
        if (!has_option(node.reindex_stmt->params, node.reindex_stmt->n_params, "concurrently")) {
          report("require-concurrent-reindex", "REINDEX without CONCURRENTLY");
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
          if (existing) {
            report("setting-not-null", fmt::format("column \"{}\" of existing table {}",
                                                   text(cmd.name), table.shown()));
          }
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
          if (existing) {
            report("changing-column-type", fmt::format("column \"{}\" of existing table {}",
                                                       text(cmd.name), table.shown()));
          }
          if (cmd.def != nullptr && cmd.def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            column_type(text(cmd.name), cmd.def->column_def->type_name, false);
          }
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
          if (existing && cmd.def != nullptr &&
              cmd.def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            add_constraint(table, *cmd.def->constraint);
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

  void add_column(const table_name& table, bool existing, const PgQuery__ColumnDef& column) {
    const auto name = text(column.colname);
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
      report("adding-field-with-default",
             fmt::format("column \"{}\" on existing table {} gets a value computed per row", name,
                         table.shown()));
    }
    if (has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) ||
        has_constraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE)) {
      report("adding-primary-key-constraint",
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
          report("constraint-missing-not-valid",
                 fmt::format(
                     "{} constraint {} on existing table {} without NOT VALID",
                     c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ? "CHECK" : "FOREIGN KEY",
                     name, table.shown()));
        }
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
      case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        if (c.indexname == nullptr || *c.indexname == '\0') {
          report("adding-primary-key-constraint",
                 fmt::format(
                     "{} constraint {} on existing table {} builds its index",
                     c.contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? "PRIMARY KEY" : "UNIQUE",
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
      report("require-concurrent-index-creation",
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
            report("require-concurrent-index-deletion", fmt::format("index {}", object.shown()));
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

  const migration_input& migration_;
  const settings& project_;
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
                                    const render::dialect& dialect, const settings& project) {
  checker check(migration, project);
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
