#include "model/replay.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <type_traits>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "model/canonical.hpp"
#include "model/table_shape.hpp"
// Type names in findings, as the executor's refusal words them.
#include "render/postgres_dialect.hpp"

namespace retort::model {

namespace {

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Operations may spell the default schema `public` or leave it empty; the model keeps it empty.
std::string schema_of(std::string_view schema) {
  return schema == "public" ? std::string() : std::string(schema);
}

std::string qualified(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool same_set(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

void rename_in(std::vector<std::string>& list, const std::string& from, const std::string& to) {
  std::replace(list.begin(), list.end(), from, to);
}

// Whether an index would be dropped with `column`: PostgreSQL drops every index that uses it,
// in a key, an included column, an expression or the predicate. Expressions are not parsed, so
// a mention of the name counts.
bool index_uses(const ops::index_definition& index, const std::string& column) {
  const auto lowered = lower(column);
  for (const auto& e : index.elements) {
    if (e.is_expression ? mentions(lower(e.column_or_expression), lowered)
                        : e.column_or_expression == column) {
      return true;
    }
  }
  return contains(index.include, column) || (index.where && mentions(lower(*index.where), lowered));
}

bool references(const ops::foreign_key_constraint& fk, const std::string& schema,
                const std::string& table) {
  return schema_of(fk.referent_schema) == schema && fk.referent_table == table;
}

// Applies one operation; a visitor over the `operation` variant.
class replayer {
 public:
  replayer(replay_state& state, std::string_view revision)
      : state_(state), s_(state.schema), revision_(revision) {}

  std::vector<replay_finding> take_findings() { return std::move(findings_); }

  /// The revision of the raw SQL that explained a finding; empty when none did.
  [[nodiscard]] const std::string& explained_by() const noexcept { return explained_by_; }

  // --- Tables ---------------------------------------------------------------------------------

  void operator()(const ops::create_table& o) {
    const auto schema = schema_of(o.schema);
    require_schema(schema);
    if (find_table(schema, o.name) != nullptr) {
      if (!o.if_not_exists) {
        report(o.name, fmt::format("table {} already exists", qualified(schema, o.name)));
      }
      return;
    }
    refuse_taken_relation(schema, o.name);
    model::table t{.name = o.name,
                   .schema = schema,
                   .comment = o.comment,
                   .partition_by = o.partition_by,
                   .inherits = o.inherits,
                   .partition_of = o.partition_of,
                   .partition_bound = o.partition_bound};
    for (const auto& parent : parents_of(t)) {
      const auto* p = find_table(schema_of(parent.schema), parent.name);
      if (p == nullptr) {
        report(parent.name, fmt::format("table {} does not exist",
                                        qualified(schema_of(parent.schema), parent.name)));
      } else if (t.partition_of && p->partition_by.empty()) {
        report(parent.name, fmt::format("table {} is not partitioned",
                                        qualified(schema_of(parent.schema), parent.name)));
      }
    }
    for (const auto& c : o.columns) {
      if (has_column(t, c.name)) {
        report(c.name, fmt::format("column {} is declared twice in table {}", c.name,
                                   qualified(schema, o.name)));
        continue;
      }
      add_column_to(t, c);
    }
    for (const auto& constraint : o.constraints) {
      add_constraint_to(t, constraint);
    }
    s_.tables.push_back(std::move(t));
  }

  void operator()(const ops::drop_table& o) {
    const auto schema = schema_of(o.schema);
    auto* t = find_table(schema, o.name);
    if (t == nullptr) {
      if (!o.if_exists) {
        report(o.name, fmt::format("table {} does not exist", qualified(schema, o.name)));
      }
      return;
    }
    for (auto& other : s_.tables) {
      if (&other == t) {
        continue;
      }
      for (const auto& fk : other.foreign_keys) {
        if (references(fk, schema, o.name) && !o.cascade) {
          report(o.name, fmt::format("cannot drop table {}: foreign key {} of table {} "
                                     "references it (drop that first, or use cascade)",
                                     qualified(schema, o.name), fk.name,
                                     qualified(other.schema, other.name)));
        }
      }
    }
    // Dropped in any case (what `cascade` would do), so later operations see it gone.
    drop_foreign_keys_to(schema, o.name);
    erase_table(t);
  }

  void operator()(const ops::rename_table& o) {
    const auto schema = schema_of(o.schema);
    auto* t = require_table(schema, o.old_name);
    if (t == nullptr) {
      return;
    }
    if (refuse_taken_relation(schema, o.new_name)) {
      return;
    }
    // PostgreSQL keeps constraint names (`old_pkey` stays) and moves indexes and foreign keys.
    for (auto& other : s_.tables) {
      for (auto& fk : other.foreign_keys) {
        if (references(fk, schema, o.old_name)) {
          fk.referent_table = o.new_name;
        }
      }
    }
    t->name = o.new_name;
    for (auto& index : t->indexes) {
      index.table = o.new_name;
    }
  }

  void operator()(const ops::set_table_comment& o) {
    if (auto* t = require_table(schema_of(o.schema), o.table)) {
      t->comment = o.comment;
    }
  }

  // --- Columns --------------------------------------------------------------------------------

  void operator()(const ops::add_column& o) {
    auto* t = require_table(schema_of(o.schema), o.table);
    if (t == nullptr) {
      return;
    }
    if (has_column(*t, o.column.name)) {
      report(o.column.name, fmt::format("column {}.{} already exists", t->name, o.column.name));
      return;
    }
    add_column_to(*t, o.column);
  }

  void operator()(const ops::drop_column& o) {
    const auto schema = schema_of(o.schema);
    auto* t = require_table(schema, o.table);
    if (t == nullptr || !require_column(*t, o.column)) {
      return;
    }
    for (const auto& other : s_.tables) {
      for (const auto& fk : other.foreign_keys) {
        if (&other != t && references(fk, schema, t->name) &&
            contains(fk.referent_columns, o.column)) {
          report(o.column,
                 fmt::format("cannot drop column {}.{}: foreign key {} of table {} "
                             "references it",
                             t->name, o.column, fk.name, qualified(other.schema, other.name)));
        }
      }
    }
    refuse_generated_use(*t, o.column, "drop");
    // PostgreSQL drops the table's indexes and constraints that involve the column.
    std::erase_if(t->columns, [&](const auto& c) { return c.name == o.column; });
    if (t->key && contains(t->key->columns, o.column)) {
      t->key.reset();
    }
    std::erase_if(t->uniques, [&](const auto& u) { return contains(u.columns, o.column); });
    std::erase_if(t->foreign_keys, [&](const auto& fk) {
      return contains(fk.columns, o.column) ||
             (references(fk, schema, t->name) && contains(fk.referent_columns, o.column));
    });
    std::erase_if(t->checks,
                  [&](const auto& c) { return mentions(lower(c.condition), lower(o.column)); });
    std::erase_if(t->indexes, [&](const auto& i) { return index_uses(i, o.column); });
  }

  void operator()(const ops::alter_column& o) {
    const auto schema = schema_of(o.schema);
    auto* t = require_table(schema, o.table);
    if (t == nullptr || !require_column(*t, o.column)) {
      return;
    }
    auto* c = column_of(*t, o.column);
    if (c->generated && ((o.server_default && *o.server_default) || (o.identity && *o.identity))) {
      report(o.column, fmt::format("column {}.{} is generated, so it can have no {}", t->name,
                                   o.column, o.identity ? "identity" : "default"));
    }
    if (o.type) {
      refuse_generated_use(*t, o.column, "change the type of");
      c->type = *o.type;
    }
    if (o.nullable) {
      c->nullable = *o.nullable;
    }
    if (o.server_default) {
      c->server_default = *o.server_default;
    }
    if (o.identity) {
      c->identity = *o.identity;
    }
    if (o.statistics) {
      c->statistics = *o.statistics < 0 ? std::nullopt : std::optional<int>(*o.statistics);
    }
    if (o.new_name && *o.new_name != o.column) {
      if (has_column(*t, *o.new_name)) {
        report(*o.new_name, fmt::format("cannot rename column {}.{}: column {}.{} already exists",
                                        t->name, o.column, t->name, *o.new_name));
        return;
      }
      rename_column(*t, schema, o.column, *o.new_name);
    }
  }

  void operator()(const ops::set_column_comment& o) {
    auto* t = require_table(schema_of(o.schema), o.table);
    if (t != nullptr && require_column(*t, o.column)) {
      column_of(*t, o.column)->comment = o.comment;
    }
  }

  // --- Indexes and constraints ----------------------------------------------------------------

  void operator()(const ops::create_index& o) {
    const auto schema = schema_of(o.index.schema);
    auto* t = require_table(schema, o.index.table);
    if (t == nullptr) {
      return;
    }
    // IF NOT EXISTS skips whatever relation holds the name, as PostgreSQL does (with a notice).
    if (o.if_not_exists && relation_named(schema, o.index.name)) {
      return;
    }
    if (refuse_taken_relation(schema, o.index.name)) {
      return;
    }
    for (const auto& e : o.index.elements) {
      if (!e.is_expression) {
        require_readable_column(*t, e.column_or_expression);
      }
    }
    for (const auto& c : o.index.include) {
      require_readable_column(*t, c);
    }
    auto index = o.index;
    index.schema = schema;
    t->indexes.push_back(std::move(index));
  }

  void operator()(const ops::drop_index& o) {
    const auto schema = schema_of(o.schema);
    for (auto& t : s_.tables) {
      if (t.schema == schema &&
          std::erase_if(t.indexes, [&](const auto& i) { return i.name == o.name; }) > 0) {
        return;
      }
    }
    if (!o.if_exists) {
      report(o.name, fmt::format("index {} does not exist", qualified(schema, o.name)));
    }
  }

  void operator()(const ops::add_constraint& o) {
    if (auto* t = require_table(schema_of(o.schema), o.table)) {
      add_constraint_to(*t, o.constraint);
    }
  }

  void operator()(const ops::validate_constraint& o) {
    const auto schema = schema_of(o.schema);
    auto* t = require_table(schema, o.table);
    if (t != nullptr &&
        std::none_of(t->foreign_keys.begin(), t->foreign_keys.end(),
                     [&](const auto& fk) { return fk.name == o.name; }) &&
        std::none_of(t->checks.begin(), t->checks.end(),
                     [&](const auto& c) { return c.name == o.name; })) {
      report(o.name, fmt::format("table {} has no foreign key or check named {} to validate",
                                 t->name, o.name));
    }
  }

  void operator()(const ops::set_not_null& o) {
    auto* t = require_table(schema_of(o.schema), o.table);
    if (t != nullptr && require_column(*t, o.column)) {
      column_of(*t, o.column)->nullable = false;
    }
  }

  void operator()(const ops::drop_constraint& o) {
    const auto schema = schema_of(o.schema);
    auto* t = require_table(schema, o.table);
    if (t == nullptr) {
      return;
    }
    // A key that another table's foreign key references cannot go (no cascade here).
    auto refuse_if_referenced = [&](const std::vector<std::string>& columns) {
      for (const auto& other : s_.tables) {
        for (const auto& fk : other.foreign_keys) {
          if (&other != t && references(fk, schema, t->name) &&
              same_set(fk.referent_columns, columns)) {
            report(o.name,
                   fmt::format("cannot drop constraint {} on table {}: foreign key {} "
                               "of table {} depends on it",
                               o.name, t->name, fk.name, qualified(other.schema, other.name)));
          }
        }
      }
    };
    if (t->key && t->key->name == o.name) {
      refuse_if_referenced(t->key->columns);
      t->key.reset();
      return;
    }
    for (auto u = t->uniques.begin(); u != t->uniques.end(); ++u) {
      if (u->name == o.name) {
        refuse_if_referenced(u->columns);
        t->uniques.erase(u);
        return;
      }
    }
    if (std::erase_if(t->foreign_keys, [&](const auto& fk) { return fk.name == o.name; }) > 0 ||
        std::erase_if(t->checks, [&](const auto& c) { return c.name == o.name; }) > 0) {
      return;
    }
    if (!o.if_exists) {
      report(o.name, fmt::format("constraint {} of table {} does not exist", o.name,
                                 qualified(schema, o.table)));
    }
  }

  // --- Schemas, types, sequences, extensions ---------------------------------------------------

  void operator()(const ops::create_schema& o) {
    const auto schema = schema_of(o.name);
    if (schema.empty() || contains(s_.schemas, schema)) {
      if (!o.if_not_exists) {
        report(o.name, fmt::format("schema {} already exists", o.name));
      }
      return;
    }
    s_.schemas.push_back(schema);
  }

  void operator()(const ops::drop_schema& o) {
    const auto schema = schema_of(o.name);
    if (schema.empty()) {
      // Dropping `public` is legal but almost never meant; the model cannot hold its absence.
      report(o.name, "dropping the default schema public cannot be replayed");
      return;
    }
    if (!contains(s_.schemas, schema)) {
      if (!o.if_exists) {
        report(o.name, fmt::format("schema {} does not exist", o.name));
      }
      return;
    }
    auto in_schema = [&](const auto& object) { return object.schema == schema; };
    const bool empty = std::none_of(s_.tables.begin(), s_.tables.end(), in_schema) &&
                       std::none_of(s_.enums.begin(), s_.enums.end(), in_schema) &&
                       std::none_of(s_.sequences.begin(), s_.sequences.end(), in_schema) &&
                       std::none_of(s_.extensions.begin(), s_.extensions.end(), in_schema);
    if (!empty && !o.cascade) {
      report(o.name, fmt::format("cannot drop schema {}: it is not empty (drop its objects "
                                 "first, or use cascade)",
                                 o.name));
    }
    for (const auto& t : s_.tables) {
      if (t.schema == schema) {
        drop_foreign_keys_to(schema, t.name);
      }
    }
    std::erase_if(s_.tables, in_schema);
    std::erase_if(s_.enums, in_schema);
    std::erase_if(s_.sequences, in_schema);
    std::erase_if(s_.extensions, in_schema);
    std::erase(s_.schemas, schema);
  }

  void operator()(const ops::create_enum& o) {
    const auto schema = schema_of(o.schema);
    require_schema(schema);
    if (find_enum(schema, o.name) != nullptr) {
      report(o.name, fmt::format("type {} already exists", qualified(schema, o.name)));
      return;
    }
    s_.enums.push_back({.name = o.name, .schema = schema, .values = o.values});
  }

  void operator()(const ops::drop_enum& o) {
    const auto schema = schema_of(o.schema);
    if (find_enum(schema, o.name) == nullptr) {
      if (!o.if_exists) {
        report(o.name, fmt::format("type {} does not exist", qualified(schema, o.name)));
      }
      return;
    }
    for (const auto& t : s_.tables) {
      for (const auto& c : t.columns) {
        if (c.type.kind == type_kind::custom && c.type.custom_name == o.name &&
            schema_of(c.type.custom_schema) == schema) {
          report(o.name, fmt::format("cannot drop type {}: column {}.{} uses it",
                                     qualified(schema, o.name), t.name, c.name));
        }
      }
    }
    std::erase_if(s_.enums, [&](const auto& e) { return e.schema == schema && e.name == o.name; });
  }

  void operator()(const ops::add_enum_value& o) {
    const auto schema = schema_of(o.schema);
    auto* e = find_enum(schema, o.type);
    if (e == nullptr) {
      report(o.type, fmt::format("type {} does not exist", qualified(schema, o.type)));
      return;
    }
    if (contains(e->values, o.value)) {
      if (!o.if_not_exists) {
        report(o.value, fmt::format("enum label {} of type {} already exists", o.value,
                                    qualified(schema, o.type)));
      }
      return;
    }
    auto position = e->values.end();
    if (const auto& neighbour = o.before.empty() ? o.after : o.before; !neighbour.empty()) {
      position = std::find(e->values.begin(), e->values.end(), neighbour);
      if (position == e->values.end()) {
        report(neighbour, fmt::format("enum label {} of type {} does not exist", neighbour,
                                      qualified(schema, o.type)));
      } else if (o.before.empty()) {
        ++position;
      }
    }
    e->values.insert(position, o.value);
  }

  void operator()(const ops::create_sequence& o) {
    const auto schema = schema_of(o.sequence.schema);
    require_schema(schema);
    if (o.if_not_exists && relation_named(schema, o.sequence.name)) {
      return;
    }
    if (refuse_taken_relation(schema, o.sequence.name)) {
      return;
    }
    auto sequence = o.sequence;
    sequence.schema = schema;
    s_.sequences.push_back(std::move(sequence));
  }

  void operator()(const ops::drop_sequence& o) {
    const auto schema = schema_of(o.schema);
    if (std::erase_if(s_.sequences,
                      [&](const auto& q) { return q.schema == schema && q.name == o.name; }) == 0 &&
        !o.if_exists) {
      report(o.name, fmt::format("sequence {} does not exist", qualified(schema, o.name)));
    }
  }

  // A boundary inside a squash revision: no change to the schema.
  void operator()(const ops::squash_point&) {}

  void operator()(const ops::attach_partition& o) {
    auto* parent = require_table(schema_of(o.schema), o.table);
    auto* partition = require_table(schema_of(o.partition_schema), o.partition);
    if (parent == nullptr || partition == nullptr) {
      return;
    }
    if (parent->partition_by.empty()) {
      report(o.table,
             fmt::format("table {} is not partitioned", qualified(parent->schema, parent->name)));
      return;
    }
    // The columns it had are now the parent's: what the model keeps of a partition.
    partition->columns.clear();
    partition->partition_of = ops::table_ref{.name = parent->name, .schema = parent->schema};
    partition->partition_bound = o.bound;
  }

  void operator()(const ops::detach_partition& o) {
    auto* partition = require_table(schema_of(o.partition_schema), o.partition);
    if (partition == nullptr) {
      return;
    }
    if (!partition->partition_of || partition->partition_of->name != o.table) {
      report(o.partition, fmt::format("table {} is not a partition of {}",
                                      qualified(partition->schema, partition->name), o.table));
      return;
    }
    // It keeps the parent's columns as its own.
    if (const auto* parent = find_table(schema_of(partition->partition_of->schema), o.table)) {
      partition->columns = parent->columns;
    }
    partition->partition_of.reset();
    partition->partition_bound.clear();
  }
  // Advice to `retort lint`: no change to the schema.
  void operator()(const ops::lint_waiver&) {}
  // Moves rows, not schema; its typed rows must fit the tables as they stand here.
  void operator()(const ops::data_step& o) {
    static const render::postgres_dialect dialect;
    for (const auto& shape : o.expects) {
      const auto* t = find_table(schema_of(shape.schema), shape.table);
      std::optional<std::vector<ops::column_definition>> columns;
      if (t != nullptr) {
        columns = t->columns;
        for (auto& c : *columns) {  // a key's columns are NOT NULL, whatever they were declared
          if (t->key && std::find(t->key->columns.begin(), t->key->columns.end(), c.name) !=
                            t->key->columns.end()) {
            c.nullable = false;
          }
        }
      }
      for (auto& line :
           describe(shape, shape_differences(shape, columns ? &*columns : nullptr),
                    [](const column_type& type) { return dialect.render_type(type); })) {
        report(shape.table, fmt::format("data step \"{}\" expects what the table does not hold: {}",
                                        o.name, line));
      }
    }
  }
  void operator()(const ops::backfill& o) {
    if (auto* t = require_table(schema_of(o.schema), o.table)) {
      require_column(*t, o.key);
    }
  }

  void operator()(const ops::create_extension& o) {
    if (std::any_of(s_.extensions.begin(), s_.extensions.end(),
                    [&](const auto& e) { return e.name == o.name; })) {
      if (!o.if_not_exists) {
        report(o.name, fmt::format("extension {} already exists", o.name));
      }
      return;
    }
    s_.extensions.push_back({.name = o.name, .schema = schema_of(o.schema)});
  }

  void operator()(const ops::drop_extension& o) {
    if (std::erase_if(s_.extensions, [&](const auto& e) { return e.name == o.name; }) == 0 &&
        !o.if_exists) {
      report(o.name, fmt::format("extension {} does not exist", o.name));
    }
  }

  // --- Data and raw SQL ----------------------------------------------------------------------

  void operator()(const ops::execute& o) {
    state_.raw_sql.push_back({.revision = std::string(revision_), .text = lower(o.sql)});
  }

  void operator()(const ops::bulk_insert& o) {
    if (auto* t = require_table(schema_of(o.schema), o.table)) {
      for (const auto& c : o.columns) {
        if (require_column(*t, c) && column_of(*t, c)->generated) {
          report(c, fmt::format("cannot insert into column {}.{}: it is generated", t->name, c));
        }
      }
    }
  }

 private:
  // Records a finding about `object`. When raw SQL run earlier mentions it, that SQL may have
  // created, dropped or changed it: the finding becomes a warning naming the revision.
  void report(std::string_view object, std::string message) {
    const auto name = lower(object);
    for (auto sql = state_.raw_sql.rbegin(); sql != state_.raw_sql.rend(); ++sql) {
      if (mentions(sql->text, name)) {
        explained_by_ = sql->revision;
        findings_.push_back(
            {.warning = true,
             .message = fmt::format("{} (it may come from raw SQL of revision {}, which replay "
                                    "cannot follow)",
                                    message, sql->revision)});
        return;
      }
    }
    findings_.push_back({.warning = false, .message = std::move(message)});
  }

  model::table* find_table(const std::string& schema, const std::string& name) {
    for (auto& t : s_.tables) {
      if (t.schema == schema && t.name == name) {
        return &t;
      }
    }
    return nullptr;
  }

  model::table* require_table(const std::string& schema, const std::string& name) {
    auto* t = find_table(schema, name);
    if (t == nullptr) {
      report(name, fmt::format("table {} does not exist", qualified(schema, name)));
    }
    return t;
  }

  void require_schema(const std::string& schema) {
    if (!schema.empty() && !contains(s_.schemas, schema)) {
      report(schema, fmt::format("schema {} does not exist", schema));
    }
  }

  static ops::column_definition* column_of(model::table& t, const std::string& name) {
    for (auto& c : t.columns) {
      if (c.name == name) {
        return &c;
      }
    }
    return nullptr;
  }

  static bool has_column(const model::table& t, const std::string& name) {
    return std::any_of(t.columns.begin(), t.columns.end(),
                       [&](const auto& c) { return c.name == name; });
  }

  static std::vector<ops::table_ref> parents_of(const model::table& t) {
    auto out = t.inherits;
    if (t.partition_of) {
      out.push_back(*t.partition_of);
    }
    return out;
  }

  // Its own column, or one it has from a parent (a partition has only those).
  bool has_column_in_line(const model::table& t, const std::string& name, int depth = 0) {
    if (has_column(t, name)) {
      return true;
    }
    for (const auto& parent : parents_of(t)) {
      const auto* p = find_table(schema_of(parent.schema), parent.name);
      if (p != nullptr && depth < 32 && has_column_in_line(*p, name, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  bool require_column(const model::table& t, const std::string& name) {
    if (has_column(t, name)) {
      return true;
    }
    report(name, fmt::format("column {}.{} does not exist", qualified(t.schema, t.name), name));
    return false;
  }

  // For what only reads a column (index keys, constraints): a parent's column will do.
  bool require_readable_column(const model::table& t, const std::string& name) {
    if (has_column_in_line(t, name)) {
      return true;
    }
    report(name, fmt::format("column {}.{} does not exist", qualified(t.schema, t.name), name));
    return false;
  }

  model::enum_type* find_enum(const std::string& schema, const std::string& name) {
    for (auto& e : s_.enums) {
      if (e.schema == schema && e.name == name) {
        return &e;
      }
    }
    return nullptr;
  }

  ops::sequence_definition* find_sequence(const std::string& schema, const std::string& name) {
    for (auto& q : s_.sequences) {
      if (q.schema == schema && q.name == name) {
        return &q;
      }
    }
    return nullptr;
  }

  // Tables, indexes (also those behind primary keys and unique constraints) and sequences share
  // one namespace per schema in PostgreSQL (`pg_class`): what kind of relation holds `name`.
  std::optional<std::string_view> relation_named(const std::string& schema,
                                                 const std::string& name) {
    if (find_table(schema, name) != nullptr) {
      return "table";
    }
    if (find_sequence(schema, name) != nullptr) {
      return "sequence";
    }
    for (const auto& t : s_.tables) {
      if (t.schema != schema) {
        continue;
      }
      if ((t.key && t.key->name == name) ||
          std::any_of(t.uniques.begin(), t.uniques.end(),
                      [&](const auto& u) { return u.name == name; }) ||
          std::any_of(t.indexes.begin(), t.indexes.end(),
                      [&](const auto& i) { return i.name == name; })) {
        return "index";
      }
    }
    return std::nullopt;
  }

  bool refuse_taken_relation(const std::string& schema, const std::string& name) {
    if (auto kind = relation_named(schema, name)) {
      report(name, fmt::format("{} {} already exists", *kind, qualified(schema, name)));
      return true;
    }
    return false;
  }

  void erase_table(const model::table* t) {
    std::erase_if(s_.tables, [&](const model::table& x) { return &x == t; });
  }

  void drop_foreign_keys_to(const std::string& schema, const std::string& table) {
    for (auto& other : s_.tables) {
      if (other.schema != schema || other.name != table) {
        std::erase_if(other.foreign_keys,
                      [&](const auto& fk) { return references(fk, schema, table); });
      }
    }
  }

  // An inline `PRIMARY KEY`; a second one in a table is refused, as PostgreSQL does.
  void add_column_to(model::table& t, ops::column_definition c) {
    if (c.primary_key) {
      c.primary_key = false;
      c.nullable = false;
      if (t.key) {
        report(t.name,
               fmt::format("table {} already has a primary key", qualified(t.schema, t.name)));
      } else {
        t.key = ops::primary_key_constraint{.name = default_constraint_name(t.name, {}, "pkey"),
                                            .columns = {c.name}};
      }
    }
    t.columns.push_back(std::move(c));
  }

  bool refuse_taken_constraint(const model::table& t, const std::string& name) {
    const bool taken = (t.key && t.key->name == name) ||
                       std::any_of(t.foreign_keys.begin(), t.foreign_keys.end(),
                                   [&](const auto& fk) { return fk.name == name; }) ||
                       std::any_of(t.uniques.begin(), t.uniques.end(),
                                   [&](const auto& u) { return u.name == name; }) ||
                       std::any_of(t.checks.begin(), t.checks.end(), [&](const auto& c) {
                         return !c.name.empty() && c.name == name;
                       });
    if (taken) {
      report(name, fmt::format("constraint {} of table {} already exists", name,
                               qualified(t.schema, t.name)));
    }
    return taken;
  }

  void add_constraint_to(model::table& t, const ops::constraint_definition& constraint) {
    std::visit([&](const auto& c) { add(t, c); }, constraint);
  }

  void add(model::table& t, ops::primary_key_constraint key) {
    if (t.key) {
      report(t.name,
             fmt::format("table {} already has a primary key", qualified(t.schema, t.name)));
      return;
    }
    if (key.name.empty()) {
      key.name = default_constraint_name(t.name, {}, "pkey");
    }
    if (refuse_taken_constraint(t, key.name) || refuse_taken_relation(t.schema, key.name)) {
      return;
    }
    for (const auto& c : key.columns) {
      if (require_column(t, c)) {
        column_of(t, c)->nullable = false;
      }
    }
    t.key = std::move(key);
  }

  void add(model::table& t, ops::unique_constraint unique) {
    if (unique.name.empty()) {
      unique.name = default_constraint_name(t.name, unique.columns, "key");
    }
    if (refuse_taken_constraint(t, unique.name) || refuse_taken_relation(t.schema, unique.name)) {
      return;
    }
    for (const auto& c : unique.columns) {
      require_readable_column(t, c);
    }
    t.uniques.push_back(std::move(unique));
  }

  void add(model::table& t, ops::check_constraint check) {
    if (!check.name.empty() && refuse_taken_constraint(t, check.name)) {
      return;
    }
    t.checks.push_back(std::move(check));
  }

  void add(model::table& t, ops::foreign_key_constraint fk) {
    if (fk.name.empty()) {
      fk.name = default_constraint_name(t.name, fk.columns, "fkey");
    }
    if (refuse_taken_constraint(t, fk.name)) {
      return;
    }
    fk.referent_schema = schema_of(fk.referent_schema);
    for (const auto& c : fk.columns) {
      require_readable_column(t, c);
    }
    const bool self = fk.referent_schema == t.schema && fk.referent_table == t.name;
    const model::table* referent = self ? &t : find_table(fk.referent_schema, fk.referent_table);
    if (referent == nullptr) {
      report(fk.referent_table,
             fmt::format("foreign key {} references table {}, which does not exist", fk.name,
                         qualified(fk.referent_schema, fk.referent_table)));
    } else if (fk.referent_columns.empty() && !referent->key) {
      report(referent->name, fmt::format("foreign key {} names no columns, and table {} has "
                                         "no primary key",
                                         fk.name, qualified(referent->schema, referent->name)));
    } else {
      // PostgreSQL resolves omitted referent columns to the key once, at creation.
      if (fk.referent_columns.empty()) {
        fk.referent_columns = referent->key->columns;
      }
      bool columns_exist = true;
      for (const auto& c : fk.referent_columns) {
        columns_exist = require_readable_column(*referent, c) && columns_exist;
      }
      if (columns_exist && !is_unique_key(*referent, fk.referent_columns)) {
        report(referent->name,
               fmt::format("foreign key {}: no primary key, unique constraint or unique index "
                           "of table {} covers exactly ({})",
                           fk.name, qualified(referent->schema, referent->name),
                           fmt::join(fk.referent_columns, ", ")));
      }
      if (fk.columns.size() != fk.referent_columns.size()) {
        report(fk.name, fmt::format("foreign key {} has {} columns but references {}", fk.name,
                                    fk.columns.size(), fk.referent_columns.size()));
      }
    }
    t.foreign_keys.push_back(std::move(fk));
  }

  static bool is_unique_key(const model::table& t, const std::vector<std::string>& columns) {
    if (t.key && same_set(t.key->columns, columns)) {
      return true;
    }
    if (std::any_of(t.uniques.begin(), t.uniques.end(),
                    [&](const auto& u) { return same_set(u.columns, columns); })) {
      return true;
    }
    return std::any_of(t.indexes.begin(), t.indexes.end(), [&](const auto& i) {
      if (!i.unique || i.where) {
        return false;
      }
      std::vector<std::string> keys;
      for (const auto& e : i.elements) {
        if (e.is_expression) {
          return false;
        }
        keys.push_back(e.column_or_expression);
      }
      return same_set(keys, columns);
    });
  }

  // PostgreSQL refuses to drop, or change the type of, a column a generated column is computed
  // from.
  void refuse_generated_use(const model::table& t, const std::string& column,
                            std::string_view what) {
    for (const auto& c : t.columns) {
      if (c.name != column && c.generated && mentions(lower(*c.generated), lower(column))) {
        report(column,
               fmt::format("cannot {} column {}.{}: generated column {} is computed from it", what,
                           t.name, column, c.name));
      }
    }
  }

  void rename_column(model::table& t, const std::string& schema, const std::string& from,
                     const std::string& to) {
    column_of(t, from)->name = to;
    if (t.key) {
      rename_in(t.key->columns, from, to);
    }
    for (auto& u : t.uniques) {
      rename_in(u.columns, from, to);
    }
    for (auto& fk : t.foreign_keys) {
      rename_in(fk.columns, from, to);
    }
    for (auto& i : t.indexes) {
      for (auto& e : i.elements) {
        if (!e.is_expression && e.column_or_expression == from) {
          e.column_or_expression = to;
        }
      }
      rename_in(i.include, from, to);
    }
    for (auto& other : s_.tables) {
      for (auto& fk : other.foreign_keys) {
        if (references(fk, schema, t.name)) {
          rename_in(fk.referent_columns, from, to);
        }
      }
    }
  }

  replay_state& state_;
  model::schema& s_;
  std::string_view revision_;
  std::vector<replay_finding> findings_;
  std::string explained_by_;
};

// The names an operation gives to new objects.
std::vector<std::string> names_created(const operation& op) {
  std::vector<std::string> out;
  std::visit(
      [&](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ops::create_table>) {
          out.push_back(o.name);
        } else if constexpr (std::is_same_v<T, ops::rename_table>) {
          out.push_back(o.new_name);
        } else if constexpr (std::is_same_v<T, ops::add_column>) {
          out.push_back(o.column.name);
        } else if constexpr (std::is_same_v<T, ops::alter_column>) {
          out.push_back(o.new_name.value_or(o.column));
        } else if constexpr (std::is_same_v<T, ops::create_index>) {
          out.push_back(o.index.name);
        } else if constexpr (std::is_same_v<T, ops::add_constraint>) {
          out.push_back(std::visit([](const auto& c) { return c.name; }, o.constraint));
        }
      },
      op);
  return out;
}

}  // namespace

bool mentions(std::string_view lowercase_sql, std::string_view name) {
  const auto needle = lower(name);
  if (needle.empty()) {
    return false;
  }
  for (auto at = lowercase_sql.find(needle); at != std::string_view::npos;
       at = lowercase_sql.find(needle, at + 1)) {
    const auto end = at + needle.size();
    const bool starts = at == 0 || !is_word_char(lowercase_sql[at - 1]);
    const bool ends = end == lowercase_sql.size() || !is_word_char(lowercase_sql[end]);
    if (starts && ends) {
      return true;
    }
  }
  return false;
}

std::vector<replay_finding> apply(replay_state& state, const operation& op,
                                  std::string_view revision) {
  replayer r(state, revision);
  std::visit(r, op);
  // An object made on top of one that only raw SQL made is as unknown to the model as that one:
  // findings about it later are explained by the same SQL.
  if (!r.explained_by().empty()) {
    std::string names;
    for (const auto& name : names_created(op)) {
      names += lower(name) + " ";
    }
    state.raw_sql.push_back({.revision = r.explained_by(), .text = std::move(names)});
  }
  return r.take_findings();
}

}  // namespace retort::model
