#include "autogen/compare.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "autogen/raw_order.hpp"
#include "model/canonical.hpp"
#include "model/expression.hpp"

namespace retort::autogen {

namespace {

std::string dotted(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

bool matches_any(const std::vector<std::string>& patterns, const model::table& t) {
  return std::any_of(patterns.begin(), patterns.end(), [&](const std::string& p) {
    return glob_match(p, t.name) || glob_match(p, dotted(t.schema, t.name));
  });
}

bool schema_included(const filters& f, const std::string& schema) {
  auto name = schema.empty() ? std::string("public") : schema;
  auto in = [&](const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), name) != list.end() ||
           std::find(list.begin(), list.end(), schema) != list.end();
  };
  return (f.include_schemas.empty() || in(f.include_schemas)) && !in(f.exclude_schemas);
}

std::string expr(const std::string& sql) {
  return model::normalise_expression(sql);
}
std::optional<std::string> expr(const std::optional<std::string>& sql) {
  return sql ? std::optional(expr(*sql)) : std::nullopt;
}

// --- What counts as the same --------------------------------------------------------------

bool same(const ops::index_element& a, const ops::index_element& b) {
  auto text = [](const ops::index_element& e) {
    return e.is_expression ? expr(e.column_or_expression) : e.column_or_expression;
  };
  return a.is_expression == b.is_expression && text(a) == text(b) && a.opclass == b.opclass &&
         a.descending == b.descending && a.nulls == b.nulls;
}

bool same(const ops::index_definition& a, const ops::index_definition& b) {
  return a.name == b.name && a.unique == b.unique && a.method == b.method &&
         a.include == b.include && expr(a.where) == expr(b.where) &&
         std::equal(a.elements.begin(), a.elements.end(), b.elements.begin(), b.elements.end(),
                    [](const auto& x, const auto& y) { return same(x, y); });
}

// Constraints match on what they do; a name that differs alone is no change (PostgreSQL keeps
// `old_pkey` when a table is renamed).
bool same(const ops::primary_key_constraint& a, const ops::primary_key_constraint& b) {
  return a.columns == b.columns;
}
bool same(const ops::unique_constraint& a, const ops::unique_constraint& b) {
  return a.columns == b.columns && a.deferrable == b.deferrable &&
         a.initially_deferred == b.initially_deferred;
}
bool same(const ops::check_constraint& a, const ops::check_constraint& b) {
  return expr(a.condition) == expr(b.condition);
}
bool same(const ops::foreign_key_constraint& a, const ops::foreign_key_constraint& b) {
  auto left = a;
  left.name = b.name;
  return left == b;
}

bool same_column(const ops::column_definition& a, const ops::column_definition& b) {
  return a.type == b.type && a.nullable == b.nullable &&
         expr(a.server_default) == expr(b.server_default) && a.identity == b.identity &&
         a.comment == b.comment && expr(a.generated) == expr(b.generated) &&
         a.statistics == b.statistics;
}

// Pairs up equal items; what is left over on each side was added or removed.
template <typename T>
struct matching {
  std::vector<const T*> added;
  std::vector<const T*> removed;
};

template <typename T>
matching<T> match(const std::vector<T>& desired, const std::vector<T>& actual) {
  matching<T> out;
  std::vector<bool> used(actual.size(), false);
  for (const auto& d : desired) {
    bool found = false;
    for (std::size_t i = 0; i < actual.size() && !found; ++i) {
      if (!used[i] && same(d, actual[i])) {
        used[i] = found = true;
      }
    }
    if (!found) {
      out.added.push_back(&d);
    }
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (!used[i]) {
      out.removed.push_back(&actual[i]);
    }
  }
  return out;
}

// --- Renames, applied to the actual model before comparing ----------------------------------

void rename_table(model::schema& s, const table_rename& r) {
  for (auto& t : s.tables) {
    for (auto& fk : t.foreign_keys) {
      if (fk.referent_schema == r.schema && fk.referent_table == r.from) {
        fk.referent_table = r.to;
      }
    }
    if (t.schema == r.schema && t.name == r.from) {
      t.name = r.to;
      for (auto& i : t.indexes) {
        i.table = r.to;
      }
    }
  }
}

void rename_in(std::vector<std::string>& names, const column_rename& r) {
  std::replace(names.begin(), names.end(), r.from, r.to);
}

void rename_column(model::schema& s, const column_rename& r) {
  for (auto& t : s.tables) {
    for (auto& fk : t.foreign_keys) {
      if (fk.referent_schema == r.schema && fk.referent_table == r.table) {
        rename_in(fk.referent_columns, r);
      }
    }
    if (t.schema != r.schema || t.name != r.table) {
      continue;
    }
    for (auto& c : t.columns) {
      if (c.name == r.from) {
        c.name = r.to;
      }
    }
    if (t.key) {
      rename_in(t.key->columns, r);
    }
    for (auto& u : t.uniques) {
      rename_in(u.columns, r);
    }
    for (auto& fk : t.foreign_keys) {
      rename_in(fk.columns, r);
    }
    for (auto& i : t.indexes) {
      rename_in(i.include, r);
      for (auto& e : i.elements) {
        if (!e.is_expression && e.column_or_expression == r.from) {
          e.column_or_expression = r.to;
        }
      }
    }
  }
}

// --- The comparison -------------------------------------------------------------------------

using table_key = std::pair<std::string, std::string>;

table_key key_of(const model::table& t) {
  return {t.schema, t.name};
}

std::vector<ops::constraint_definition> constraints_of(const model::table& t, bool with_fks) {
  std::vector<ops::constraint_definition> out;
  if (t.key) {
    out.emplace_back(*t.key);
  }
  for (const auto& u : t.uniques) {
    out.emplace_back(u);
  }
  for (const auto& c : t.checks) {
    out.emplace_back(c);
  }
  if (with_fks) {
    for (const auto& fk : t.foreign_keys) {
      out.emplace_back(fk);
    }
  }
  return out;
}

ops::create_table create_table_of(const model::table& t,
                                  std::vector<ops::constraint_definition> c) {
  return {.name = t.name,
          .columns = t.columns,
          .constraints = std::move(c),
          .schema = t.schema,
          .comment = t.comment,
          .partition_by = t.partition_by,
          .inherits = t.inherits,
          .partition_of = t.partition_of,
          .partition_bound = t.partition_bound};
}

// The tables a table's definition needs first: its partition parent, its inheritance parents.
std::vector<ops::table_ref> parents_of(const model::table& t) {
  auto out = t.inherits;
  if (t.partition_of) {
    out.push_back(*t.partition_of);
  }
  return out;
}

class comparer {
 public:
  comparer(const model::schema& desired, const model::schema& actual)
      : desired_(desired), actual_(actual) {
    for (const auto& t : desired_.tables) {
      desired_tables_[key_of(t)] = &t;
    }
    for (const auto& t : actual_.tables) {
      actual_tables_[key_of(t)] = &t;
    }
  }

  comparison run(const compare_options& options) {
    for (const auto& r : options.table_renames) {
      emit(ops::rename_table{.old_name = r.from, .new_name = r.to, .schema = r.schema});
    }
    for (const auto& r : options.column_renames) {
      emit(ops::alter_column{
          .table = r.table, .column = r.from, .schema = r.schema, .new_name = r.to});
    }
    plan_raw_objects();
    drop_raw_objects(true);
    create_schemas();
    create_extensions();
    enums();
    create_sequences();
    create_raw_objects(desired_raw_order_.before_tables);
    for (const auto& t : actual_.tables) {
      if (const auto* d = desired_of(t)) {
        drop_changed_foreign_keys(*d, t);
      }
    }
    for (const auto& t : actual_.tables) {
      const auto* d = desired_of(t);
      drop_changed_indexes_and_constraints(d, t);
    }
    create_tables();
    for (const auto& t : desired_.tables) {
      if (const auto* a = actual_of(t)) {
        partitions_and_parents(t, *a);
        // A partition's columns are its parent's, on either side.
        if (!t.partition_of && !a->partition_of) {
          columns(t, *a);
        }
      }
    }
    for (const auto& t : desired_.tables) {
      add_constraints_and_indexes(t);
    }
    for (const auto& [table, fk] : deferred_foreign_keys_) {
      emit(ops::add_constraint{.table = table->name, .constraint = *fk, .schema = table->schema});
    }
    create_raw_objects(desired_raw_order_.after_tables);
    drop_tables();
    drop_raw_objects(false);
    drop_sequences();
    drop_enums();
    drop_extensions();
    drop_schemas();
    rename_hints();
    return std::move(out_);
  }

 private:
  void emit(operation op) { out_.upgrade.push_back(std::move(op)); }
  void note(std::string text) { out_.notes.push_back(std::move(text)); }

  const model::table* desired_of(const model::table& actual) const {
    auto it = desired_tables_.find(key_of(actual));
    return it == desired_tables_.end() ? nullptr : it->second;
  }
  const model::table* actual_of(const model::table& desired) const {
    auto it = actual_tables_.find(key_of(desired));
    return it == actual_tables_.end() ? nullptr : it->second;
  }

  // --- Raw objects: created, dropped or replaced as their SQL says -------------------------

  static std::map<std::string, const model::raw_object*> raw_by_key(const model::schema& s) {
    std::map<std::string, const model::raw_object*> out;
    for (const auto& o : s.raw_objects) {
      out.emplace(model::raw_key(o), &o);
    }
    return out;
  }

  // A changed object is replaced in place when it can be; else dropped and created again,
  // and so is everything that depends on it (PostgreSQL refuses to drop a view another reads).
  void plan_raw_objects() {
    desired_raw_order_ = creation_order(desired_.raw_objects);
    actual_raw_order_ = creation_order(actual_.raw_objects);
    auto desired = raw_by_key(desired_);
    auto actual = raw_by_key(actual_);
    for (const auto& [key, a] : actual) {
      auto d = desired.find(key);
      if (d == desired.end()) {
        raw_dropped_.insert(key);
      } else if (d->second->create_sql != a->create_sql || d->second->drop_sql != a->drop_sql) {
        if (a->kind == "domain" && column_uses_type(actual_, a->schema, a->name)) {
          // Dropping it would take the columns with it; ALTER DOMAIN is for a person to write.
          note(
              fmt::format("domain {} differs ({} in the database, {} wanted), and columns use "
                          "it: write the ALTER DOMAIN statements with op::execute",
                          dotted(a->schema, a->name), a->create_sql, d->second->create_sql));
          continue;
        }
        if (a->replaceable && d->second->replaceable) {
          raw_replaced_.insert(key);
        } else {
          raw_dropped_.insert(key);
          raw_created_.insert(key);
        }
      }
    }
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& [key, a] : actual) {
        if (raw_dropped_.count(key) != 0) {
          continue;
        }
        for (const auto& needed : a->depends_on) {
          if (raw_dropped_.count(needed) != 0) {
            raw_dropped_.insert(key);
            if (desired.count(key) != 0) {
              raw_created_.insert(key);
            }
            grew = true;
            break;
          }
        }
      }
    }
    for (const auto& [key, d] : desired) {
      if (actual.count(key) == 0) {
        raw_created_.insert(key);
      }
    }
  }

  static bool column_uses_type(const model::schema& s, const std::string& schema,
                               const std::string& name) {
    for (const auto& t : s.tables) {
      for (const auto& c : t.columns) {
        if (c.type.kind == type_kind::custom && c.type.custom_name == name &&
            (c.type.custom_schema == schema || c.type.custom_schema.empty() || schema.empty())) {
          return true;
        }
      }
    }
    return false;
  }

  // A comment's name already says what it is on, qualified.
  static std::string raw_label(const model::raw_object& o) {
    return o.kind == "comment" ? "comment on " + o.name : o.kind + " " + dotted(o.schema, o.name);
  }

  void create_raw_objects(const std::vector<const model::raw_object*>& order) {
    auto actual = raw_by_key(actual_);
    for (const auto* o : order) {
      auto key = model::raw_key(*o);
      if (raw_created_.count(key) != 0) {
        emit(ops::execute{.sql = o->create_sql, .reverse_sql = o->drop_sql});
        out_.carried_as_sql.push_back("create " + raw_label(*o));
      } else if (raw_replaced_.count(key) != 0) {
        emit(ops::execute{.sql = o->create_sql, .reverse_sql = actual.at(key)->create_sql});
        out_.carried_as_sql.push_back("replace " + raw_label(*o));
      }
    }
  }

  // Early: what reads tables, and what is recreated; late, once no table uses it any more: a
  // removed domain or function.
  void drop_raw_objects(bool early) {
    std::vector<const model::raw_object*> order = actual_raw_order_.before_tables;
    if (early) {
      order.insert(order.end(), actual_raw_order_.after_tables.begin(),
                   actual_raw_order_.after_tables.end());
    }
    std::set<const model::raw_object*> late_ones(actual_raw_order_.after_tables.begin(),
                                                 actual_raw_order_.after_tables.end());
    for (auto o = order.rbegin(); o != order.rend(); ++o) {
      auto key = model::raw_key(**o);
      if (raw_dropped_.count(key) == 0) {
        continue;
      }
      bool recreated = raw_created_.count(key) != 0;
      if (early != (late_ones.count(*o) != 0 || recreated)) {
        continue;
      }
      emit(ops::execute{.sql = (*o)->drop_sql, .reverse_sql = (*o)->create_sql});
      out_.carried_as_sql.push_back("drop " + raw_label(**o));
    }
  }

  void create_schemas() {
    for (const auto& s : desired_.schemas) {
      if (std::find(actual_.schemas.begin(), actual_.schemas.end(), s) == actual_.schemas.end()) {
        emit(ops::create_schema{.name = s});
      }
    }
  }
  void drop_schemas() {
    for (auto s = actual_.schemas.rbegin(); s != actual_.schemas.rend(); ++s) {
      if (std::find(desired_.schemas.begin(), desired_.schemas.end(), *s) ==
          desired_.schemas.end()) {
        emit(ops::drop_schema{.name = *s});
      }
    }
  }

  static const model::extension* find_extension(const model::schema& s, const std::string& name) {
    for (const auto& e : s.extensions) {
      if (e.name == name) {
        return &e;
      }
    }
    return nullptr;
  }
  void create_extensions() {
    for (const auto& e : desired_.extensions) {
      if (find_extension(actual_, e.name) == nullptr) {
        emit(ops::create_extension{.name = e.name, .schema = e.schema});
      }
    }
  }
  void drop_extensions() {
    for (auto e = actual_.extensions.rbegin(); e != actual_.extensions.rend(); ++e) {
      if (find_extension(desired_, e->name) == nullptr) {
        emit(ops::drop_extension{.name = e->name});
      }
    }
  }

  template <typename T>
  static const T* find_named(const std::vector<T>& items, const std::string& schema,
                             const std::string& name) {
    for (const auto& item : items) {
      if (item.schema == schema && item.name == name) {
        return &item;
      }
    }
    return nullptr;
  }

  void enums() {
    for (const auto& e : desired_.enums) {
      const auto* a = find_named(actual_.enums, e.schema, e.name);
      if (a == nullptr) {
        emit(ops::create_enum{.name = e.name, .values = e.values, .schema = e.schema});
        continue;
      }
      add_enum_values(e, *a);
    }
  }

  // New labels can be added in place, each after its predecessor in the desired order; a
  // removed or reordered label cannot.
  void add_enum_values(const model::enum_type& d, const model::enum_type& a) {
    std::vector<std::string> kept;
    for (const auto& v : d.values) {
      if (std::find(a.values.begin(), a.values.end(), v) != a.values.end()) {
        kept.push_back(v);
      }
    }
    if (kept != a.values) {
      note(fmt::format(
          "enum type {}: labels were removed or reordered ({} in the database, {} in the model); "
          "PostgreSQL cannot do that in place, so no operation was generated: write it by hand "
          "(a new type, then ALTER COLUMN ... TYPE ... USING)",
          dotted(d.schema, d.name), fmt::join(a.values, ", "), fmt::join(d.values, ", ")));
      return;
    }
    for (std::size_t i = 0; i < d.values.size(); ++i) {
      if (std::find(a.values.begin(), a.values.end(), d.values[i]) != a.values.end()) {
        continue;
      }
      ops::add_enum_value add{.type = d.name, .value = d.values[i], .schema = d.schema};
      if (i > 0) {
        add.after = d.values[i - 1];
      } else if (d.values.size() > 1) {
        add.before = d.values[1];
      }
      emit(std::move(add));
    }
  }

  void drop_enums() {
    for (auto e = actual_.enums.rbegin(); e != actual_.enums.rend(); ++e) {
      if (find_named(desired_.enums, e->schema, e->name) == nullptr) {
        emit(ops::drop_enum{.name = e->name, .schema = e->schema, .existing = e->values});
      }
    }
  }

  void create_sequences() {
    for (const auto& q : desired_.sequences) {
      const auto* a = find_named(actual_.sequences, q.schema, q.name);
      if (a == nullptr) {
        emit(ops::create_sequence{.sequence = q});
      } else if (!(*a == q)) {
        note(fmt::format(
            "sequence {}: its settings differ from the model; retort has no ALTER SEQUENCE "
            "operation yet, so none was generated (use op::execute)",
            dotted(q.schema, q.name)));
      }
    }
  }
  void drop_sequences() {
    for (auto q = actual_.sequences.rbegin(); q != actual_.sequences.rend(); ++q) {
      if (find_named(desired_.sequences, q->schema, q->name) == nullptr) {
        emit(ops::drop_sequence{.name = q->name, .schema = q->schema, .existing = *q});
      }
    }
  }

  void drop_changed_foreign_keys(const model::table& d, const model::table& a) {
    for (const auto* fk : match(d.foreign_keys, a.foreign_keys).removed) {
      emit(ops::drop_constraint{
          .name = fk->name, .table = a.name, .schema = a.schema, .existing = *fk});
    }
  }

  void drop_constraint(const model::table& a, const ops::constraint_definition& c) {
    auto name = std::visit([](const auto& x) { return x.name; }, c);
    emit(ops::drop_constraint{.name = name, .table = a.name, .schema = a.schema, .existing = c});
  }

  // A dropped table's indexes are dropped first, explicitly, so the downgrade recreates them.
  void drop_changed_indexes_and_constraints(const model::table* d, const model::table& a) {
    static const model::table none;
    const auto& desired = d != nullptr ? *d : none;
    for (const auto* i : match(desired.indexes, a.indexes).removed) {
      emit(ops::drop_index{.name = i->name, .schema = i->schema, .existing = *i});
    }
    if (d == nullptr) {
      return;
    }
    for (const auto* c : match(d->checks, a.checks).removed) {
      drop_constraint(a, *c);
    }
    for (const auto* u : match(d->uniques, a.uniques).removed) {
      drop_constraint(a, *u);
    }
    if (a.key && !(d->key && same(*d->key, *a.key))) {
      drop_constraint(a, *a.key);
    }
  }

  // New tables in foreign-key order: a referenced table first. A foreign key to a table not
  // yet created (a cycle) is added after all tables.
  void create_tables() {
    std::vector<const model::table*> fresh;
    for (const auto& t : desired_.tables) {
      if (actual_of(t) == nullptr) {
        fresh.push_back(&t);
      }
    }
    std::set<table_key> created;
    std::set<table_key> visiting;
    std::function<void(const model::table*)> visit = [&](const model::table* t) {
      auto key = key_of(*t);
      if (created.count(key) != 0 || visiting.count(key) != 0) {
        return;
      }
      visiting.insert(key);
      for (const auto& parent : parents_of(*t)) {
        auto it = desired_tables_.find({parent.schema, parent.name});
        if (it != desired_tables_.end() && actual_of(*it->second) == nullptr) {
          visit(it->second);
        }
      }
      for (const auto& fk : t->foreign_keys) {
        auto it = desired_tables_.find({fk.referent_schema, fk.referent_table});
        if (it != desired_tables_.end() && actual_of(*it->second) == nullptr) {
          visit(it->second);
        }
      }
      visiting.erase(key);
      auto constraints = constraints_of(*t, false);
      for (const auto& fk : t->foreign_keys) {
        table_key referent{fk.referent_schema, fk.referent_table};
        bool referent_ready =
            referent == key || created.count(referent) != 0 || actual_tables_.count(referent) != 0;
        if (referent_ready) {
          constraints.emplace_back(fk);
        } else {
          deferred_foreign_keys_.emplace_back(t, &fk);
        }
      }
      emit(create_table_of(*t, std::move(constraints)));
      created.insert(key);
    };
    for (const auto* t : fresh) {
      visit(t);
    }
  }

  void drop_tables() {
    std::vector<const model::table*> gone;
    for (const auto& t : actual_.tables) {
      if (desired_of(t) == nullptr) {
        gone.push_back(&t);
      }
    }
    // Referencing tables before the tables they reference: the reverse of creation order.
    std::set<table_key> done;
    std::set<table_key> visiting;
    std::vector<const model::table*> order;
    std::function<void(const model::table*)> visit = [&](const model::table* t) {
      auto key = key_of(*t);
      if (done.count(key) != 0 || visiting.count(key) != 0) {
        return;
      }
      visiting.insert(key);
      for (const auto& parent : parents_of(*t)) {
        auto it = actual_tables_.find({parent.schema, parent.name});
        if (it != actual_tables_.end() && desired_of(*it->second) == nullptr) {
          visit(it->second);
        }
      }
      for (const auto& fk : t->foreign_keys) {
        auto it = actual_tables_.find({fk.referent_schema, fk.referent_table});
        if (it != actual_tables_.end() && desired_of(*it->second) == nullptr) {
          visit(it->second);
        }
      }
      visiting.erase(key);
      done.insert(key);
      order.push_back(t);
    };
    for (const auto* t : gone) {
      visit(t);
    }
    for (auto t = order.rbegin(); t != order.rend(); ++t) {
      emit(ops::drop_table{.name = (*t)->name,
                           .schema = (*t)->schema,
                           .existing = create_table_of(**t, constraints_of(**t, true))});
    }
  }

  static const ops::column_definition* find_column(const model::table& t, const std::string& n) {
    for (const auto& c : t.columns) {
      if (c.name == n) {
        return &c;
      }
    }
    return nullptr;
  }

  static std::string shown(const std::vector<ops::table_ref>& parents) {
    std::vector<std::string> names;
    for (const auto& p : parents) {
      names.push_back(dotted(p.schema, p.name));
    }
    return names.empty() ? "nothing" : fmt::format("{}", fmt::join(names, ", "));
  }

  // A partition key is fixed when the table is created: a change is a note. A partition is
  // detached from the parent it had and attached to the one it should have, with its bound;
  // a change of inheritance parents is a note (INHERIT takes no bound but checks every row).
  void partitions_and_parents(const model::table& d, const model::table& a) {
    const auto table = dotted(d.schema, d.name);
    if (d.partition_by != a.partition_by) {
      note(
          fmt::format("table {} is partitioned by {} in the database, by {} in the model: "
                      "PostgreSQL cannot change a partition key; create a new table and move "
                      "the rows",
                      table, a.partition_by.empty() ? "nothing" : a.partition_by,
                      d.partition_by.empty() ? "nothing" : d.partition_by));
    }
    if (d.partition_of != a.partition_of || d.partition_bound != a.partition_bound) {
      if (a.partition_of) {
        emit(ops::detach_partition{.table = a.partition_of->name,
                                   .partition = a.name,
                                   .schema = a.partition_of->schema,
                                   .partition_schema = a.schema,
                                   .existing_bound = a.partition_bound});
      }
      if (d.partition_of) {
        emit(ops::attach_partition{.table = d.partition_of->name,
                                   .partition = d.name,
                                   .bound = d.partition_bound,
                                   .schema = d.partition_of->schema,
                                   .partition_schema = d.schema});
      }
    }
    if (d.inherits != a.inherits) {
      note(
          fmt::format("table {} inherits from {} in the database, from {} in the model: change "
                      "it with op::execute(\"ALTER TABLE ... INHERIT / NO INHERIT ...\")",
                      table, shown(a.inherits), shown(d.inherits)));
    }
  }

  void columns(const model::table& d, const model::table& a) {
    for (const auto& c : d.columns) {
      const auto* old = find_column(a, c.name);
      if (old == nullptr) {
        emit(ops::add_column{.table = d.name, .column = c, .schema = d.schema});
      } else if (!same_column(c, *old)) {
        alter(d, c, *old);
      }
    }
    for (const auto& c : a.columns) {
      if (find_column(d, c.name) == nullptr) {
        emit(
            ops::drop_column{.table = a.name, .column = c.name, .schema = a.schema, .existing = c});
      }
    }
    if (d.comment != a.comment) {
      emit(ops::set_table_comment{
          .table = d.name, .comment = d.comment, .schema = d.schema, .existing = a.comment});
    }
  }

  // PostgreSQL before 17 has no ALTER COLUMN ... SET EXPRESSION, and none has a way to make a
  // column generated.
  void note_generation_change(const model::table& t, const ops::column_definition& d,
                              const ops::column_definition& a) {
    const auto column = dotted(t.schema, t.name) + "." + d.name;
    if (d.generated && a.generated) {
      note(fmt::format(
          "column {}: its generation expression differs ({} in the database, {} in the model); "
          "PostgreSQL before 17 cannot change it in place, so no operation was generated: drop "
          "the column and add it again (its values are computed, so none are lost; indexes on "
          "it go too)",
          column, *a.generated, *d.generated));
    } else if (a.generated) {
      note(fmt::format(
          "column {} is generated in the database ({}) and not in the model; no operation was "
          "generated: op::execute(\"ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION\") keeps "
          "its values as plain data",
          column, *a.generated));
    } else {
      note(fmt::format(
          "column {} is generated in the model ({}) and not in the database; PostgreSQL cannot "
          "make a column generated, so no operation was generated: drop the column and add it "
          "again, after saving what it holds if that matters",
          column, *d.generated));
    }
  }

  void alter(const model::table& t, const ops::column_definition& d,
             const ops::column_definition& a) {
    if (expr(d.generated) != expr(a.generated)) {
      note_generation_change(t, d, a);
    }
    ops::alter_column op{.table = t.name, .column = d.name, .schema = t.schema};
    bool changed = false;
    if (d.type != a.type) {
      op.type = d.type;
      op.existing_type = a.type;
      changed = true;
    }
    if (d.nullable != a.nullable) {
      op.nullable = d.nullable;
      op.existing_nullable = a.nullable;
      changed = true;
    }
    // A generated column has no default; a change of generation is only noted, above.
    if (expr(d.server_default) != expr(a.server_default) && !d.generated && !a.generated) {
      op.server_default = d.server_default;
      op.existing_server_default = a.server_default;
      changed = true;
    }
    if (d.identity != a.identity) {
      op.identity = d.identity;
      op.existing_identity = a.identity;
      changed = true;
    }
    if (d.statistics != a.statistics) {
      op.statistics = d.statistics.value_or(-1);
      op.existing_statistics = a.statistics.value_or(-1);
      changed = true;
    }
    if (changed) {
      // Alembic's habit: the unchanged facts come along, so the downgrade is complete.
      if (!op.existing_type) {
        op.existing_type = a.type;
      }
      if (!op.existing_nullable) {
        op.existing_nullable = a.nullable;
      }
      emit(std::move(op));
    }
    if (d.comment != a.comment) {
      emit(ops::set_column_comment{.table = t.name,
                                   .column = d.name,
                                   .comment = d.comment,
                                   .schema = t.schema,
                                   .existing = a.comment});
    }
  }

  void add_constraints_and_indexes(const model::table& d) {
    const auto* a = actual_of(d);
    auto add = [&](ops::constraint_definition c) {
      emit(ops::add_constraint{.table = d.name, .constraint = std::move(c), .schema = d.schema});
    };
    if (a != nullptr) {
      if (d.key && !(a->key && same(*d.key, *a->key))) {
        add(*d.key);
      }
      for (const auto* u : match(d.uniques, a->uniques).added) {
        add(*u);
      }
      for (const auto* c : match(d.checks, a->checks).added) {
        add(*c);
      }
      note_renamed_constraints(d, d.checks, a->checks);
      note_renamed_constraints(d, d.uniques, a->uniques);
      note_renamed_constraints(d, d.foreign_keys, a->foreign_keys);
    }
    static const model::table none;
    for (const auto* i : match(d.indexes, a != nullptr ? a->indexes : none.indexes).added) {
      emit(ops::create_index{.index = *i});
    }
    if (a != nullptr) {
      for (const auto* fk : match(d.foreign_keys, a->foreign_keys).added) {
        deferred_foreign_keys_.emplace_back(&d, fk);
      }
    }
  }

  // Constraints match on what they do, so a name alone makes no operation; a name a person
  // chose that differs is still a difference pg_dump shows, so it is a note. Names PostgreSQL
  // made up (`..._check`, `..._key`, `..._fkey`) follow the table's name and are not compared.
  template <typename Constraint>
  void note_renamed_constraints(const model::table& t, const std::vector<Constraint>& desired,
                                const std::vector<Constraint>& actual) {
    auto generated = [](const std::string& name) {
      for (std::string_view suffix : {"_check", "_key", "_fkey", "_pkey", "_excl"}) {
        if (name.size() > suffix.size() &&
            name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
          return true;
        }
      }
      return false;
    };
    for (const auto& d : desired) {
      for (const auto& a : actual) {
        if (same(d, a) && d.name != a.name && !(generated(d.name) && generated(a.name))) {
          note(
              fmt::format("constraint {} on {} is named {} in the database: autogenerate does not "
                          "rename constraints; rename it with op::execute(\"ALTER TABLE ... "
                          "RENAME CONSTRAINT ...\") if the name matters",
                          d.name, dotted(t.schema, t.name), a.name));
          break;
        }
      }
    }
  }

  // A removed and an added object that look alike are likely one renamed object.
  void rename_hints() {
    for (const auto& gone : actual_.tables) {
      if (desired_of(gone) != nullptr) {
        continue;
      }
      for (const auto& fresh : desired_.tables) {
        if (actual_of(fresh) == nullptr && fresh.schema == gone.schema && same_shape(fresh, gone)) {
          note(fmt::format(
              "table {} is dropped and {} created with the same columns; if it was renamed, "
              "run again with --rename {}:{}",
              dotted(gone.schema, gone.name), dotted(fresh.schema, fresh.name),
              dotted(gone.schema, gone.name), dotted(fresh.schema, fresh.name)));
        }
      }
    }
    for (const auto& d : desired_.tables) {
      const auto* a = actual_of(d);
      if (a == nullptr) {
        continue;
      }
      for (const auto& gone : a->columns) {
        if (find_column(d, gone.name) != nullptr) {
          continue;
        }
        for (const auto& fresh : d.columns) {
          if (find_column(*a, fresh.name) == nullptr && fresh.type == gone.type) {
            note(fmt::format(
                "column {}.{} is dropped and {} added with the same type; if it was renamed, run "
                "again with --rename {}.{}:{}.{}",
                dotted(d.schema, d.name), gone.name, fresh.name, d.name, gone.name, d.name,
                fresh.name));
          }
        }
      }
    }
  }

  static bool same_shape(const model::table& a, const model::table& b) {
    if (a.columns.size() != b.columns.size()) {
      return false;
    }
    for (std::size_t i = 0; i < a.columns.size(); ++i) {
      if (a.columns[i].name != b.columns[i].name || a.columns[i].type != b.columns[i].type) {
        return false;
      }
    }
    return true;
  }

  const model::schema& desired_;
  const model::schema& actual_;
  std::map<table_key, const model::table*> desired_tables_;
  std::map<table_key, const model::table*> actual_tables_;
  std::vector<std::pair<const model::table*, const ops::foreign_key_constraint*>>
      deferred_foreign_keys_;
  raw_order desired_raw_order_;
  raw_order actual_raw_order_;
  std::set<std::string> raw_dropped_;
  std::set<std::string> raw_created_;
  std::set<std::string> raw_replaced_;
  comparison out_;
};

}  // namespace

bool table_included(const filters& f, const model::table& t) {
  return schema_included(f, t.schema) &&
         (f.include_tables.empty() || matches_any(f.include_tables, t)) &&
         !matches_any(f.exclude_tables, t);
}

void apply_filters(model::schema& s, const filters& f) {
  std::erase_if(s.schemas, [&](const std::string& n) { return !schema_included(f, n); });
  std::erase_if(s.enums, [&](const auto& e) { return !schema_included(f, e.schema); });
  std::erase_if(s.sequences, [&](const auto& q) { return !schema_included(f, q.schema); });
  auto excluded = [&](const model::table& t) { return !table_included(f, t); };
  std::erase_if(s.tables, excluded);
  std::erase_if(s.raw_objects, [&](const model::raw_object& o) {
    auto name = o.table.empty() ? o.name.substr(0, o.name.find('(')) : o.table;
    return excluded(model::table{.name = name, .schema = o.schema});
  });
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matching with one backtrack point for the last `*`.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

void parse_rename(const std::string& text, const model::schema& desired, compare_options& into) {
  auto colon = text.find(':');
  if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos) {
    throw std::invalid_argument(fmt::format(
        "--rename {}: expected old:new (a table) or table.old:table.new (a column)", text));
  }
  auto from = text.substr(0, colon);
  auto to = text.substr(colon + 1);
  auto split = [](const std::string& s) -> std::pair<std::string, std::string> {
    auto dot = s.rfind('.');
    return dot == std::string::npos ? std::pair{std::string(), s}
                                    : std::pair{s.substr(0, dot), s.substr(dot + 1)};
  };
  auto [from_prefix, from_name] = split(from);
  auto [to_prefix, to_name] = split(to);
  if (from_name.empty() || to_name.empty() || from_prefix != to_prefix) {
    throw std::invalid_argument(fmt::format(
        "--rename {}: both sides need the same table (or schema) before the last dot", text));
  }
  if (!from_prefix.empty()) {
    auto [schema, table] = split(from_prefix);
    for (const auto& t : desired.tables) {
      if (t.name == table && (t.schema == schema || (schema == "public" && t.schema.empty()))) {
        into.column_renames.push_back(
            {.schema = t.schema, .table = t.name, .from = from_name, .to = to_name});
        return;
      }
    }
  }
  into.table_renames.push_back({.schema = from_prefix == "public" ? std::string() : from_prefix,
                                .from = from_name,
                                .to = to_name});
}

comparison compare(model::schema desired, model::schema actual, const compare_options& options) {
  model::canonicalise(desired);
  model::canonicalise(actual);
  apply_filters(desired, options.filters);
  apply_filters(actual, options.filters);
  for (const auto& r : options.table_renames) {
    rename_table(actual, r);
  }
  for (const auto& r : options.column_renames) {
    rename_column(actual, r);
  }
  return comparer(desired, actual).run(options);
}

}  // namespace retort::autogen
