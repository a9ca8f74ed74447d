#include "introspect/introspect.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "introspect/catalog.hpp"
#include "introspect/column_types.hpp"
#include "introspect/raw_objects.hpp"
#include "introspect/unsupported.hpp"
#include "model/canonical.hpp"

namespace retort::introspect {

namespace {

using catalog::flag;
using catalog::get;
using catalog::not_from_extension;
using catalog::number;
using catalog::user_schema;

// Column names of a key, in order, joined by the unit separator (a name cannot hold it).
constexpr std::string_view separator = "\x1f";
std::string key_names(std::string_view relation, std::string_view keys) {
  return "array_to_string(ARRAY(SELECT a.attname FROM unnest(" + std::string(keys) +
         ") WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = " +
         std::string(relation) + " AND a.attnum = k.num ORDER BY k.ord), chr(31))";
}

std::vector<std::string> split_names(const std::optional<std::string>& text) {
  std::vector<std::string> out;
  if (!text || text->empty()) {
    return out;
  }
  std::size_t start = 0;
  while (true) {
    auto end = text->find(separator, start);
    out.push_back(text->substr(start, end - start));
    if (end == std::string::npos) {
      return out;
    }
    start = end + 1;
  }
}

ops::referential_action action(std::string_view code) {
  if (code == "r") {
    return ops::referential_action::restrict;
  }
  if (code == "c") {
    return ops::referential_action::cascade;
  }
  if (code == "n") {
    return ops::referential_action::set_null;
  }
  if (code == "d") {
    return ops::referential_action::set_default;
  }
  return ops::referential_action::no_action;
}

type_kind serial_of(type_kind kind) {
  switch (kind) {
    case type_kind::smallint:
      return type_kind::smallserial;
    case type_kind::integer:
      return type_kind::serial;
    default:
      return type_kind::bigserial;
  }
}

class reader {
 public:
  reader(pg::session& session, const options& options) : session_(session), options_(options) {}

  reading read() {
    read_schemas();
    read_extensions();
    read_enums();
    read_tables();
    read_columns();
    read_sequences();
    read_constraints();
    read_indexes();
    read_raw_objects(session_, options_, out_);
    for (auto& note : unsupported_objects(session_, options_)) {
      notes_.push_back(std::move(note));
    }
    for (auto& [oid, t] : tables_) {
      out_.tables.push_back(std::move(t));
    }
    std::sort(out_.tables.begin(), out_.tables.end(), [](const auto& a, const auto& b) {
      return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
    });
    model::canonicalise(out_, options_.default_schema);
    return {std::move(out_), std::move(notes_)};
  }

 private:
  bool wanted(const std::string& schema) const {
    return options_.schemas.empty() || std::find(options_.schemas.begin(), options_.schemas.end(),
                                                 schema) != options_.schemas.end();
  }

  pg::result query(const std::string& sql) { return session_.exec(sql); }

  void read_schemas() {
    for (const auto& r : query("SELECT n.nspname FROM pg_namespace n WHERE " +
                               std::string(user_schema) + " ORDER BY 1")
                             .rows) {
      if (wanted(get(r, 0)) && get(r, 0) != options_.default_schema) {
        out_.schemas.push_back(get(r, 0));
      }
    }
  }

  void read_extensions() {
    // plpgsql comes with every database; nobody declares it.
    for (const auto& r : query("SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace "
                               "n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' "
                               "ORDER BY 1")
                             .rows) {
      out_.extensions.push_back({.name = get(r, 0), .schema = get(r, 1)});
    }
  }

  void read_enums() {
    auto rows = query(
                    "SELECT n.nspname, t.typname, e.enumlabel FROM pg_type t "
                    "JOIN pg_namespace n ON n.oid = t.typnamespace "
                    "JOIN pg_enum e ON e.enumtypid = t.oid WHERE " +
                    std::string(user_schema) + " AND " + not_from_extension("pg_type", "t.oid") +
                    " ORDER BY n.nspname, t.typname, e.enumsortorder")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 0))) {
        continue;
      }
      if (out_.enums.empty() || out_.enums.back().schema != get(r, 0) ||
          out_.enums.back().name != get(r, 1)) {
        out_.enums.push_back({.name = get(r, 1), .schema = get(r, 0)});
      }
      out_.enums.back().values.push_back(get(r, 2));
    }
  }

  void read_tables() {
    auto rows = query(
                    "SELECT c.oid, n.nspname, c.relname, obj_description(c.oid, 'pg_class'), "
                    "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, "
                    "c.relispartition, pg_get_expr(c.relpartbound, c.oid) "
                    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE c.relkind IN ('r', 'p') AND " +
                    std::string(user_schema) + " AND " + not_from_extension("pg_class", "c.oid"))
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      model::table t{
          .name = get(r, 2), .schema = get(r, 1), .comment = r.at(3), .partition_by = get(r, 4)};
      if (flag(r, 5)) {
        t.partition_bound = get(r, 6);
      }
      tables_[get(r, 0)] = std::move(t);
    }
    // Parents in declaration order: a partition's one, or an inheritance child's.
    for (const auto& r : query("SELECT i.inhrelid, pn.nspname, pc.relname FROM pg_inherits i "
                               "JOIN pg_class pc ON pc.oid = i.inhparent "
                               "JOIN pg_namespace pn ON pn.oid = pc.relnamespace "
                               "WHERE pc.relkind IN ('r', 'p') ORDER BY i.inhrelid, i.inhseqno")
                             .rows) {
      auto* t = table_of(get(r, 0));
      if (t == nullptr) {
        continue;
      }
      ops::table_ref parent{.name = get(r, 2), .schema = get(r, 1)};
      if (!t->partition_bound.empty()) {
        t->partition_of = std::move(parent);
      } else {
        t->inherits.push_back(std::move(parent));
      }
    }
  }

  model::table* table_of(const std::string& oid) {
    auto it = tables_.find(oid);
    return it == tables_.end() ? nullptr : &it->second;
  }

  void read_columns() {
    auto rows = query(std::string(R"sql(
      SELECT a.attrelid, a.attname, a.attnotnull, a.attidentity, a.attndims, a.atttypmod,
             coalesce(et.typname, t.typname), coalesce(etn.nspname, tn.nspname),
             et.oid IS NOT NULL, pg_get_expr(d.adbin, d.adrelid),
             col_description(a.attrelid, a.attnum), a.attnum, a.attgenerated,
             coalesce(a.attstattarget, -1),
             substr(format_type(coalesce(et.oid, t.oid), a.atttypmod),
                    length(format_type(coalesce(et.oid, t.oid), NULL)) + 1)
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_type t ON t.oid = a.atttypid
      JOIN pg_namespace tn ON tn.oid = t.typnamespace
      LEFT JOIN pg_type et ON t.typcategory = 'A' AND et.oid = t.typelem
      LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND a.attislocal
        AND )sql") + std::string(user_schema) +
                      " ORDER BY a.attrelid, a.attnum")
                    .rows;
    for (const auto& r : rows) {
      auto* t = table_of(get(r, 0));
      if (t == nullptr) {
        continue;
      }
      ops::column_definition c{
          .name = get(r, 1),
          .type = from_catalog(get(r, 7), get(r, 6), static_cast<int>(number(r, 5)), get(r, 14)),
          .nullable = !flag(r, 2),
          .server_default = r.at(9),
          .comment = r.at(10)};
      if (!get(r, 12).empty()) {
        c.generated = std::move(c.server_default);
        c.server_default.reset();
      }
      if (flag(r, 8)) {
        c.type.array_dimensions = std::max<int>(1, static_cast<int>(number(r, 4)));
      }
      if (const auto target = number(r, 13); target >= 0) {
        c.statistics = static_cast<int>(target);
      }
      if (get(r, 3) == "a") {
        c.identity = ops::identity_kind::always;
      } else if (get(r, 3) == "d") {
        c.identity = ops::identity_kind::by_default;
      }
      column_oids_[get(r, 0) + "." + get(r, 11)] = {t, t->columns.size()};
      t->columns.push_back(std::move(c));
    }
  }

  // A sequence owned by a column whose default is its nextval() is that column's serial; one
  // owned by an identity column is the identity's. Only the others are sequences of the model.
  void read_sequences() {
    auto rows =
        query(
            "SELECT s.seqrelid, n.nspname, c.relname, format_type(s.seqtypid, NULL), "
            "s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, "
            "dep.deptype, dep.refobjid, dep.refobjsubid, "
            "quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(c.relname) "
            "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass "
            "AND dep.objid = c.oid AND dep.refclassid = 'pg_class'::regclass "
            "AND dep.deptype IN ('a', 'i') WHERE " +
            std::string(user_schema) + " AND " + not_from_extension("pg_class", "c.oid") +
            " ORDER BY 2, 3")
            .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      auto q = sequence_of(r);
      if (get(r, 10) == "i" || (get(r, 10) == "a" && owns_as_serial(r))) {
        // The model holds an identity or a serial column, not its sequence's settings.
        auto settings = q;
        settings.data_type.reset();
        settings.min_value.reset();
        settings.max_value.reset();
        model::canonicalise(settings);
        if (settings.start || settings.increment || settings.cache || settings.cycle) {
          notes_.push_back(fmt::format(
              "sequence {}.{} of an {} column has settings other than PostgreSQL's defaults: "
              "not carried",
              get(r, 1), get(r, 2), get(r, 10) == "i" ? "identity" : "serial"));
        }
        continue;
      }
      out_.sequences.push_back(std::move(q));
    }
  }

  static ops::sequence_definition sequence_of(const pg::row& r) {
    ops::sequence_definition q{.name = get(r, 2),
                               .schema = get(r, 1),
                               .start = number(r, 4),
                               .increment = number(r, 5),
                               .min_value = number(r, 6),
                               .max_value = number(r, 7),
                               .cache = number(r, 8),
                               .cycle = flag(r, 9)};
    const auto& type = get(r, 3);
    q.data_type = from_catalog("pg_catalog",
                               type == "smallint"  ? "int2"
                               : type == "integer" ? "int4"
                                                   : "int8",
                               -1);
    return q;
  }

  bool owns_as_serial(const pg::row& r) {
    auto it = column_oids_.find(get(r, 11) + "." + get(r, 12));
    if (it == column_oids_.end()) {
      return false;
    }
    auto& column = it->second.first->columns.at(it->second.second);
    if (!column.server_default) {
      return false;
    }
    // pg_get_expr qualifies the name only when the schema is not on the search path.
    const auto& d = *column.server_default;
    bool is_nextval = d == "nextval('" + get(r, 13) + "'::regclass)" ||
                      d == "nextval('" + get(r, 14) + "'::regclass)";
    auto kind = column.type.kind;
    if (!is_nextval || column.type.array_dimensions != 0 ||
        !(kind == type_kind::smallint || kind == type_kind::integer || kind == type_kind::bigint)) {
      return false;
    }
    column.type.kind = serial_of(kind);
    column.server_default.reset();
    return true;
  }

  void read_constraints() {
    auto rows = query(
                    "SELECT con.conrelid, con.conname, con.contype, con.condeferrable, "
                    "con.condeferred, " +
                    key_names("con.conrelid", "con.conkey") + ", fn.nspname, fc.relname, " +
                    key_names("con.confrelid", "con.confkey") +
                    ", con.confupdtype, con.confdeltype, pg_get_expr(con.conbin, con.conrelid), "
                    "con.confmatchtype "
                    "FROM pg_constraint con "
                    "JOIN pg_class c ON c.oid = con.conrelid "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "LEFT JOIN pg_class fc ON fc.oid = con.confrelid "
                    "LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace "
                    // A partition's keys and a child's inherited checks are its parent's.
                    "WHERE con.contype IN ('p', 'f', 'u', 'c') AND con.conparentid = 0 "
                    "AND con.conislocal AND " +
                    std::string(user_schema) + " ORDER BY con.conrelid, con.conname")
                    .rows;
    for (const auto& r : rows) {
      auto* t = table_of(get(r, 0));
      if (t == nullptr) {
        continue;
      }
      const auto& kind = get(r, 2);
      auto columns = split_names(r.at(5));
      if (kind == "p") {
        t->key = ops::primary_key_constraint{.name = get(r, 1), .columns = std::move(columns)};
      } else if (kind == "u") {
        t->uniques.push_back({.name = get(r, 1),
                              .columns = std::move(columns),
                              .deferrable = flag(r, 3),
                              .initially_deferred = flag(r, 4)});
      } else if (kind == "c") {
        t->checks.push_back({.name = get(r, 1), .condition = get(r, 11)});
      } else {
        t->foreign_keys.push_back({.name = get(r, 1),
                                   .columns = std::move(columns),
                                   .referent_schema = get(r, 6),
                                   .referent_table = get(r, 7),
                                   .referent_columns = split_names(r.at(8)),
                                   .on_delete = action(get(r, 10)),
                                   .on_update = action(get(r, 9)),
                                   .deferrable = flag(r, 3),
                                   .initially_deferred = flag(r, 4),
                                   .match_full = get(r, 12) == "f"});
      }
    }
  }

  // One row per index key (and INCLUDE column); the indexes that back a primary key or a
  // unique constraint are the constraint's, not the model's. An anti-join (not NOT EXISTS, which
  // scans pg_constraint once per index) and pg_get_indexdef only for expression keys keep this
  // query fast on thousands of indexes.
  void read_indexes() {
    auto rows = query(std::string(R"sql(
      SELECT i.indrelid, ic.relname, i.indisunique, am.amname, i.indnkeyatts,
             pg_get_expr(i.indpred, i.indrelid), k.n, i.indkey[k.n - 1],
             CASE WHEN i.indkey[k.n - 1] = 0
                  THEN pg_get_indexdef(i.indexrelid, k.n::int, true) END, ia.attname,
             opc.opcname, opc.opcdefault, i.indoption[k.n - 1]
      FROM pg_index i
      JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_class c ON c.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_am am ON am.oid = ic.relam
      CROSS JOIN LATERAL generate_series(1, i.indnatts) k(n)
      LEFT JOIN pg_attribute ia ON ia.attrelid = i.indrelid AND ia.attnum = i.indkey[k.n - 1]
      LEFT JOIN pg_opclass opc ON k.n <= i.indnkeyatts AND opc.oid = i.indclass[k.n - 1]
      LEFT JOIN pg_constraint x ON x.conindid = i.indexrelid AND x.conrelid = i.indrelid
                               AND x.contype IN ('p', 'u', 'x')
      WHERE x.oid IS NULL
        AND NOT EXISTS (SELECT 1 FROM pg_inherits pi WHERE pi.inhrelid = i.indexrelid)
        AND )sql") + std::string(user_schema) +
                      " ORDER BY i.indrelid, ic.relname, k.n")
                    .rows;
    constexpr int descending_bit = 1;
    constexpr int nulls_first_bit = 2;
    ops::index_definition* current = nullptr;
    std::string current_key;
    for (const auto& r : rows) {
      auto* t = table_of(get(r, 0));
      if (t == nullptr) {
        continue;
      }
      if (current == nullptr || current_key != get(r, 0) + "." + get(r, 1)) {
        t->indexes.push_back({.name = get(r, 1),
                              .table = t->name,
                              .schema = t->schema,
                              .unique = flag(r, 2),
                              .method = get(r, 3),
                              .where = r.at(5)});
        current = &t->indexes.back();
        current_key = get(r, 0) + "." + get(r, 1);
      }
      if (number(r, 6) > number(r, 4)) {
        current->include.push_back(get(r, 9));
        continue;
      }
      bool is_expression = get(r, 7) == "0";
      auto option = static_cast<int>(r.at(12) ? number(r, 12) : 0);
      bool descending = (option & descending_bit) != 0;
      bool nulls_first = (option & nulls_first_bit) != 0;
      ops::nulls_order nulls = ops::nulls_order::unspecified;
      if (descending != nulls_first) {  // each direction has its own default
        nulls = nulls_first ? ops::nulls_order::first : ops::nulls_order::last;
      }
      current->elements.push_back(
          {.column_or_expression = is_expression ? expression_of(get(r, 8)) : get(r, 9),
           .is_expression = is_expression,
           .opclass = flag(r, 11) ? std::string() : get(r, 10),
           .descending = descending,
           .nulls = nulls});
    }
  }

  // pg_get_indexdef prints one key with its parentheses when it needs them.
  static std::string expression_of(const std::string& key) {
    if (key.size() >= 2 && key.front() == '(' && key.back() == ')') {
      return key.substr(1, key.size() - 2);
    }
    return key;
  }

  pg::session& session_;
  const options& options_;
  model::schema out_;
  std::map<std::string, model::table> tables_;
  std::map<std::string, std::pair<model::table*, std::size_t>> column_oids_;
  std::vector<std::string> notes_;
};

}  // namespace

model::schema read_schema(pg::session& session, const options& options) {
  return reader(session, options).read().schema;
}

reading read_database(pg::session& session, const options& options) {
  return reader(session, options).read();
}

}  // namespace retort::introspect
