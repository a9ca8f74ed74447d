#include "introspect/raw_objects.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "introspect/catalog.hpp"

namespace retort::introspect {

namespace {

using catalog::flag;
using catalog::get;
using catalog::not_from_extension;
using catalog::user_schema;

// pg_get_viewdef ends its query with a semicolon; a CREATE VIEW around it must not.
std::string without_semicolon(std::string sql) {
  while (!sql.empty() && (sql.back() == ';' || sql.back() == '\n' || sql.back() == ' ')) {
    sql.pop_back();
  }
  return sql;
}

// Statements that set properties of an existing object, each with the one that undoes it: the
// undoing runs in the opposite order.
class settings_sql {
 public:
  explicit settings_sql(std::string alter) : alter_(std::move(alter)) {}
  void add(const std::string& set, const std::string& reset) {
    create_ += (create_.empty() ? "" : ";\n") + alter_ + " " + set;
    drop_ = alter_ + " " + reset + (drop_.empty() ? "" : ";\n") + drop_;
  }
  [[nodiscard]] const std::string& create() const { return create_; }
  [[nodiscard]] const std::string& drop() const { return drop_; }

 private:
  std::string alter_;
  std::string create_;
  std::string drop_;
};

// A `COMMENT ON` target for an object pg_identify_object names `type` with `identity`.
std::string comment_target(const std::string& type, const std::string& identity) {
  if (type == "table constraint") {
    return "CONSTRAINT " + identity;
  }
  if (type == "domain constraint") {
    // "name on schema.domain" → "name ON DOMAIN schema.domain"
    auto on = identity.rfind(" on ");
    return "CONSTRAINT " + identity.substr(0, on) + " ON DOMAIN " + identity.substr(on + 4);
  }
  if (type.size() > 7 && type.compare(type.size() - 7, 7, " column") == 0) {
    return "COLUMN " + identity;
  }
  std::string keyword = type;
  std::transform(keyword.begin(), keyword.end(), keyword.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return keyword + " " + identity;
}

class raw_reader {
 public:
  raw_reader(pg::session& session, const options& options, model::schema& out)
      : session_(session), options_(options), out_(out) {}

  void read() {
    // Every name PostgreSQL prints is then qualified, so the SQL means the same whatever the
    // search path of the database it runs on.
    auto saved = get(session_.exec("SELECT current_setting('search_path')").rows.at(0), 0);
    session_.exec("SELECT set_config('search_path', 'pg_catalog', false)");
    try {
      read_table_oids();
      read_domains();
      read_composite_types();
      read_functions();
      read_views();
      read_view_indexes();
      read_triggers();
      read_rules();
      read_row_security();
      read_policies();
      read_storage();
      read_aggregates();
      read_statistics_objects();
      read_exclusion_constraints();
      read_comments();
      read_dependencies();
    } catch (...) {
      restore(saved);
      throw;
    }
    restore(saved);
    std::vector<model::raw_object> read;
    for (auto& [oid, o] : objects_) {
      read.push_back(std::move(o));
    }
    // Oids differ between databases; names do not.
    std::sort(read.begin(), read.end(), [](const auto& a, const auto& b) {
      return std::tie(a.kind, a.schema, a.name) < std::tie(b.kind, b.schema, b.name);
    });
    out_.raw_objects.insert(out_.raw_objects.end(), read.begin(), read.end());
  }

 private:
  void restore(const std::string& search_path) {
    session_.exec(sql_statement{"SELECT set_config('search_path', $1, false)", {search_path}});
  }

  bool wanted(const std::string& schema) const {
    return options_.schemas.empty() || std::find(options_.schemas.begin(), options_.schemas.end(),
                                                 schema) != options_.schemas.end();
  }

  pg::result query(const std::string& sql) { return session_.exec(sql); }

  // `catalog:oid` names a catalog row; raw objects are found by it when dependencies are read.
  static std::string at(std::string_view catalog, const std::string& oid) {
    return std::string(catalog) + ":" + oid;
  }

  void add(const std::string& key, model::raw_object o) { objects_.emplace(key, std::move(o)); }

  // An object that belongs to a relation (a trigger, rule, policy or statistics object): made
  // after the tables, and after its relation when that is carried as SQL too (a view).
  void add_on_relation(const std::string& key, model::raw_object o,
                       const std::string& relation_oid) {
    o.after_tables = true;
    add(key, std::move(o));
    explicit_dependencies_.emplace_back(key, at("pg_class", relation_oid));
  }

  void read_table_oids() {
    // A table's row type and the array of it stand for the table.
    for (const auto& r : query("SELECT c.oid, c.reltype, t.typarray FROM pg_class c "
                               "JOIN pg_type t ON t.oid = c.reltype WHERE c.relkind IN "
                               "('r', 'p') AND c.oid >= 16384")
                             .rows) {
      tables_.insert(at("pg_class", get(r, 0)));
      tables_.insert(at("pg_type", get(r, 1)));
      tables_.insert(at("pg_type", get(r, 2)));
    }
  }

  void read_domains() {
    auto rows = query(R"sql(
      SELECT t.oid, n.nspname, t.typname, format('%I.%I', n.nspname, t.typname),
             format_type(t.typbasetype, t.typtypmod),
             CASE WHEN t.typcollation <> bt.typcollation
                  THEN format('%I.%I', cn.nspname, co.collname) END,
             t.typdefault, t.typnotnull,
             (SELECT string_agg(format('CONSTRAINT %I %s', c.conname, pg_get_constraintdef(c.oid)),
                                ' ' ORDER BY c.conname)
              FROM pg_constraint c WHERE c.contypid = t.oid),
             t.typarray
      FROM pg_type t
      JOIN pg_namespace n ON n.oid = t.typnamespace
      JOIN pg_type bt ON bt.oid = t.typbasetype
      LEFT JOIN pg_collation co ON co.oid = t.typcollation
      LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
      WHERE t.typtype = 'd' AND )sql" +
                      std::string(user_schema) + " AND " + not_from_extension("pg_type", "t.oid") +
                      " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      std::string create = "CREATE DOMAIN " + get(r, 3) + " AS " + get(r, 4);
      if (r.at(5)) {
        create += " COLLATE " + get(r, 5);
      }
      if (r.at(6)) {
        create += " DEFAULT " + get(r, 6);
      }
      if (flag(r, 7)) {
        create += " NOT NULL";
      }
      if (r.at(8)) {
        create += " " + get(r, 8);
      }
      // A signature naming an array of the domain depends on the array type.
      aliases_[at("pg_type", get(r, 9))] = at("pg_type", get(r, 0));
      add(at("pg_type", get(r, 0)), {.kind = "domain",
                                     .name = get(r, 2),
                                     .schema = get(r, 1),
                                     .create_sql = create,
                                     .drop_sql = "DROP DOMAIN " + get(r, 3)});
    }
  }

  void read_composite_types() {
    auto rows = query(R"sql(
      SELECT t.oid, n.nspname, t.typname, format('%I.%I', n.nspname, t.typname), t.typrelid,
             (SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)),
                                ', ' ORDER BY a.attnum)
              FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0
                                    AND NOT a.attisdropped),
             t.typarray
      FROM pg_type t
      JOIN pg_namespace n ON n.oid = t.typnamespace
      JOIN pg_class c ON c.oid = t.typrelid
      WHERE t.typtype = 'c' AND c.relkind = 'c' AND )sql" +
                      std::string(user_schema) + " AND " + not_from_extension("pg_type", "t.oid") +
                      " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      auto key = at("pg_type", get(r, 0));
      add(key, {.kind = "type",
                .name = get(r, 2),
                .schema = get(r, 1),
                .create_sql = "CREATE TYPE " + get(r, 3) + " AS (" + get(r, 5) + ")",
                .drop_sql = "DROP TYPE " + get(r, 3)});
      // Its attributes' dependencies are recorded against the type's relation; a signature
      // naming an array of it, against the array type.
      aliases_[at("pg_class", get(r, 4))] = key;
      aliases_[at("pg_type", get(r, 6))] = key;
    }
  }

  void read_functions() {
    auto rows = query(R"sql(
      SELECT p.oid, n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
             p.prokind, pg_get_functiondef(p.oid),
             format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)),
             l.lanname
      FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      JOIN pg_language l ON l.oid = p.prolang
      WHERE p.prokind IN ('f', 'p', 'w') AND )sql" +
                      std::string(user_schema) + " AND " + not_from_extension("pg_proc", "p.oid") +
                      " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      bool procedure = get(r, 3) == "p";
      // Created before the tables and types its body may name (`x orders.total%TYPE`, a row
      // variable of a table's type), as pg_dump does it: whatever the language, the body is
      // checked when it runs, not now.
      auto create = "SET LOCAL check_function_bodies = off;\n" + without_semicolon(get(r, 4));
      add(at("pg_proc", get(r, 0)),
          {.kind = procedure ? "procedure" : "function",
           .name = get(r, 2),
           .schema = get(r, 1),
           .create_sql = create,
           .drop_sql = (procedure ? "DROP PROCEDURE " : "DROP FUNCTION ") + get(r, 5),
           .replaceable = true});
    }
  }

  void read_views() {
    auto rows = query(R"sql(
      SELECT c.oid, n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid),
             format('%I.%I', n.nspname, c.relname), array_to_string(c.reloptions, ', '),
             c.reltype, c.relispopulated
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('v', 'm') AND )sql" +
                      std::string(user_schema) + " AND " + not_from_extension("pg_class", "c.oid") +
                      " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      bool materialized = get(r, 3) == "m";
      std::string kind = materialized ? "materialized view" : "view";
      std::string keyword = materialized ? "MATERIALIZED VIEW " : "VIEW ";
      std::string create = "CREATE " + keyword + get(r, 5);
      if (!get(r, 6).empty()) {
        create += " WITH (" + get(r, 6) + ")";
      }
      create += " AS\n" + without_semicolon(get(r, 4));
      if (materialized && !flag(r, 8)) {
        create += "\nWITH NO DATA";
      }
      auto key = at("pg_class", get(r, 0));
      add(key, {.kind = kind,
                .name = get(r, 2),
                .schema = get(r, 1),
                .create_sql = create,
                .drop_sql = "DROP " + keyword + get(r, 5),
                .after_tables = true});
      aliases_[at("pg_type", get(r, 7))] = key;
    }
  }

  void read_view_indexes() {
    auto rows = query(R"sql(
      SELECT i.indexrelid, n.nspname, ic.relname, pg_get_indexdef(i.indexrelid),
             format('%I.%I', n.nspname, ic.relname), i.indrelid
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indrelid AND c.relkind = 'm'
      JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = ic.relnamespace
      WHERE )sql" + std::string(user_schema) +
                      " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      auto view = objects_.find(at("pg_class", get(r, 5)));
      if (view == objects_.end()) {
        continue;
      }
      add(at("pg_class", get(r, 0)), {.kind = "index",
                                      .name = get(r, 2),
                                      .schema = get(r, 1),
                                      .create_sql = get(r, 3),
                                      .drop_sql = "DROP INDEX " + get(r, 4),
                                      .after_tables = true});
      explicit_dependencies_.emplace_back(at("pg_class", get(r, 0)), view->first);
    }
  }

  void read_triggers() {
    auto rows = query(R"sql(
      SELECT t.oid, n.nspname, c.relname || '.' || t.tgname, pg_get_triggerdef(t.oid),
             format('%I ON %I.%I', t.tgname, n.nspname, c.relname), t.tgenabled,
             format('ALTER TABLE %I.%I', n.nspname, c.relname), format('%I', t.tgname), c.oid, c.relname
      FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND )sql" +
                      std::string(user_schema) + " AND " +
                      not_from_extension("pg_trigger", "t.oid") + " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      std::string create = get(r, 3);
      const auto& enabled = get(r, 5);
      if (enabled != "O") {
        const char* how = enabled == "D"   ? " DISABLE TRIGGER "
                          : enabled == "A" ? " ENABLE ALWAYS TRIGGER "
                                           : " ENABLE REPLICA TRIGGER ";
        create += ";\n" + get(r, 6) + how + get(r, 7);
      }
      // Its relation is an automatic dependency, which pg_depend records as such: a view's
      // INSTEAD OF trigger needs the view.
      add_on_relation(at("pg_trigger", get(r, 0)),
                      {.kind = "trigger",
                       .name = get(r, 2),
                       .schema = get(r, 1),
                       .create_sql = create,
                       .drop_sql = "DROP TRIGGER " + get(r, 4),
                       .table = get(r, 9)},
                      get(r, 8));
    }
  }

  void read_rules() {
    auto rows = query(R"sql(
      SELECT r.oid, n.nspname, c.relname || '.' || r.rulename, pg_get_ruledef(r.oid),
             format('%I ON %I.%I', r.rulename, n.nspname, c.relname), c.oid, c.relname
      FROM pg_rewrite r
      JOIN pg_class c ON c.oid = r.ev_class
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE r.rulename <> '_RETURN' AND )sql" +
                      std::string(user_schema) + " AND " +
                      not_from_extension("pg_rewrite", "r.oid") + " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      add_on_relation(at("pg_rewrite", get(r, 0)),
                      {.kind = "rule",
                       .name = get(r, 2),
                       .schema = get(r, 1),
                       .create_sql = without_semicolon(get(r, 3)),
                       .drop_sql = "DROP RULE " + get(r, 4),
                       .table = get(r, 6)},
                      get(r, 5));
    }
  }

  // `ENABLE ROW LEVEL SECURITY` (and `FORCE`) is a property of the table the model does not
  // hold: carried as a statement of its own, after the table.
  void read_row_security() {
    auto rows = query(R"sql(
      SELECT c.oid, n.nspname, c.relname, format('ALTER TABLE %I.%I', n.nspname, c.relname),
             c.relforcerowsecurity, c.relrowsecurity
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND (c.relrowsecurity OR c.relforcerowsecurity) AND )sql" +
                      std::string(user_schema) + " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      settings_sql sql(get(r, 3));
      if (flag(r, 5)) {
        sql.add("ENABLE ROW LEVEL SECURITY", "DISABLE ROW LEVEL SECURITY");
      }
      if (flag(r, 4)) {
        sql.add("FORCE ROW LEVEL SECURITY", "NO FORCE ROW LEVEL SECURITY");
      }
      add(at("row_security", get(r, 0)), {.kind = "row level security",
                                          .name = get(r, 2),
                                          .schema = get(r, 1),
                                          .create_sql = sql.create(),
                                          .drop_sql = sql.drop(),
                                          .after_tables = true,
                                          .table = get(r, 2)});
    }
  }

  void read_policies() {
    auto rows = query(R"sql(
      SELECT p.oid, n.nspname, c.relname || '.' || p.polname,
             format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s', p.polname, n.nspname,
                    c.relname, CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                    CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
                                  WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                    (SELECT string_agg(CASE WHEN rid = 0 THEN 'PUBLIC'
                                            ELSE quote_ident(pg_get_userbyid(rid)) END,
                                       ', ' ORDER BY rid)
                     FROM unnest(p.polroles) rid)),
             pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
             format('DROP POLICY %I ON %I.%I', p.polname, n.nspname, c.relname), c.oid, c.relname
      FROM pg_policy p
      JOIN pg_class c ON c.oid = p.polrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE )sql" + std::string(user_schema) +
                      " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      std::string create = get(r, 3);
      if (r.at(4)) {
        create += " USING (" + get(r, 4) + ")";
      }
      if (r.at(5)) {
        create += " WITH CHECK (" + get(r, 5) + ")";
      }
      add_on_relation(at("pg_policy", get(r, 0)),
                      {.kind = "policy",
                       .name = get(r, 2),
                       .schema = get(r, 1),
                       .create_sql = create,
                       .drop_sql = get(r, 6),
                       .table = get(r, 8)},
                      get(r, 7));
    }
  }

  // How a table and its indexes are stored, beyond what the model holds: storage parameters
  // (`WITH (fillfactor = 70)`), `UNLOGGED`, `REPLICA IDENTITY`, the index it is `CLUSTER`ed on,
  // and each column's `STORAGE` and `COMPRESSION` where not the type's default. Set after the
  // tables and indexes exist, as pg_dump would have created them; removed by the reverse.
  void read_storage() {
    // The columns and indexes that matter are few: they are found first, in one pass each,
    // and joined to the tables, rather than looked up per table.
    auto rows = query(R"sql(
      WITH storage_name(code, word) AS (
        VALUES ('p', 'PLAIN'), ('e', 'EXTERNAL'), ('m', 'MAIN'), ('x', 'EXTENDED')),
      columns AS (
        SELECT a.attrelid,
               string_agg(format('ALTER COLUMN %I SET STORAGE %s', a.attname, s.word), ', '
                          ORDER BY a.attnum) FILTER (WHERE a.attstorage <> t.typstorage)
                 AS column_storage,
               string_agg(format('ALTER COLUMN %I SET STORAGE %s', a.attname, ts.word), ', '
                          ORDER BY a.attnum) FILTER (WHERE a.attstorage <> t.typstorage)
                 AS default_storage,
               string_agg(format('ALTER COLUMN %I SET COMPRESSION %s', a.attname,
                                 CASE a.attcompression WHEN 'l' THEN 'lz4' ELSE 'pglz' END),
                          ', ' ORDER BY a.attnum) FILTER (WHERE a.attcompression <> '')
                 AS compression,
               string_agg(format('ALTER COLUMN %I SET COMPRESSION DEFAULT', a.attname), ', '
                          ORDER BY a.attnum) FILTER (WHERE a.attcompression <> '')
                 AS default_compression
        FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
        JOIN storage_name s ON s.code = a.attstorage
        JOIN storage_name ts ON ts.code = t.typstorage
        WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid >= 16384
          AND (a.attstorage <> t.typstorage OR a.attcompression <> '')
        GROUP BY a.attrelid),
      marked_indexes AS (
        SELECT x.indrelid,
               max(format('USING INDEX %I', ic.relname)) FILTER (WHERE x.indisreplident)
                 AS replica_index,
               max(format('%I', ic.relname)) FILTER (WHERE x.indisclustered) AS clustered_on
        FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
        WHERE (x.indisreplident OR x.indisclustered) AND x.indrelid >= 16384
        GROUP BY x.indrelid)
      SELECT c.oid, n.nspname, c.relname, c.relkind IN ('i', 'I'),
             c.relpersistence = 'u', array_to_string(c.reloptions, ', '),
             (SELECT string_agg(split_part(o, '=', 1), ', ') FROM unnest(c.reloptions) o),
             format('%I.%I', n.nspname, c.relname), coalesce(tc.relname, c.relname),
             CASE WHEN c.relkind IN ('i', 'I') THEN NULL
                  WHEN c.relreplident = 'f' THEN 'FULL'
                  WHEN c.relreplident = 'n' THEN 'NOTHING'
                  WHEN c.relreplident = 'i' THEN m.replica_index END,
             m.clustered_on, col.column_storage, col.default_storage, col.compression,
             col.default_compression
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_index i ON i.indexrelid = c.oid
      LEFT JOIN pg_class tc ON tc.oid = i.indrelid
      LEFT JOIN columns col ON col.attrelid = c.oid AND c.relkind IN ('r', 'p')
      LEFT JOIN marked_indexes m ON m.indrelid = c.oid
      WHERE (c.relkind IN ('r', 'p')
             AND (c.relpersistence = 'u' OR c.reloptions IS NOT NULL OR c.relreplident <> 'd'
                  OR m.indrelid IS NOT NULL OR col.attrelid IS NOT NULL)
             OR c.relkind IN ('i', 'I') AND c.reloptions IS NOT NULL AND tc.relkind IN ('r', 'p'))
        AND NOT c.relispartition AND )sql" +
                      std::string(user_schema) + " AND " + not_from_extension("pg_class", "c.oid") +
                      " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      const bool index = flag(r, 3);
      settings_sql sql((index ? "ALTER INDEX " : "ALTER TABLE ") + get(r, 7));
      if (!index && flag(r, 4)) {  // its indexes follow the table
        sql.add("SET UNLOGGED", "SET LOGGED");
      }
      if (r.at(5)) {
        sql.add("SET (" + get(r, 5) + ")", "RESET (" + get(r, 6) + ")");
      }
      if (r.at(9)) {
        sql.add("REPLICA IDENTITY " + get(r, 9), "REPLICA IDENTITY DEFAULT");
      }
      if (r.at(10)) {
        sql.add("CLUSTER ON " + get(r, 10), "SET WITHOUT CLUSTER");
      }
      if (r.at(11)) {
        sql.add(get(r, 11), get(r, 12));
      }
      if (r.at(13)) {
        sql.add(get(r, 13), get(r, 14));
      }
      add(at("storage", get(r, 0)), {.kind = index ? "index storage" : "table storage",
                                     .name = get(r, 2),
                                     .schema = get(r, 1),
                                     .create_sql = sql.create(),
                                     .drop_sql = sql.drop(),
                                     .after_tables = true,
                                     .table = get(r, 8)});
    }
  }

  // Plain aggregates, written back from pg_aggregate (PostgreSQL has no pg_get_aggregatedef).
  // Ordered-set and moving aggregates and sort operators stay a note (unsupported.cpp).
  void read_aggregates() {
    auto rows = query(R"sql(
      SELECT p.oid, n.nspname,
             p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
             format('%I.%I(%s)', n.nspname, p.proname,
                    coalesce(nullif(pg_get_function_identity_arguments(p.oid), ''), '*')),
             a.aggtransfn::regproc, format_type(a.aggtranstype, NULL),
             nullif(a.aggfinalfn, 0)::regproc, a.aggfinalextra, a.agginitval,
             nullif(a.aggcombinefn, 0)::regproc, nullif(a.aggserialfn, 0)::regproc,
             nullif(a.aggdeserialfn, 0)::regproc, a.aggtransspace, a.aggfinalmodify,
             p.proparallel
      FROM pg_aggregate a
      JOIN pg_proc p ON p.oid = a.aggfnoid
      JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE a.aggkind = 'n' AND a.aggmtransfn = 0 AND a.aggsortop = 0 AND )sql" +
                      std::string(user_schema) + " AND " + not_from_extension("pg_proc", "p.oid") +
                      " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      std::vector<std::string> parts{"SFUNC = " + get(r, 4), "STYPE = " + get(r, 5)};
      if (get(r, 12) != "0") {
        parts.push_back("SSPACE = " + get(r, 12));
      }
      if (r.at(6)) {
        parts.push_back("FINALFUNC = " + get(r, 6));
        if (flag(r, 7)) {
          parts.push_back("FINALFUNC_EXTRA");
        }
        if (get(r, 13) == "s") {
          parts.push_back("FINALFUNC_MODIFY = SHAREABLE");
        } else if (get(r, 13) == "w") {
          parts.push_back("FINALFUNC_MODIFY = READ_WRITE");
        }
      }
      if (r.at(9)) {
        parts.push_back("COMBINEFUNC = " + get(r, 9));
      }
      if (r.at(10)) {
        parts.push_back("SERIALFUNC = " + get(r, 10));
      }
      if (r.at(11)) {
        parts.push_back("DESERIALFUNC = " + get(r, 11));
      }
      if (r.at(8)) {
        // A literal: doubled quotes, as quote_literal would write it.
        std::string literal;
        for (char ch : get(r, 8)) {
          literal += ch == '\'' ? std::string("''") : std::string(1, ch);
        }
        parts.push_back("INITCOND = '" + literal + "'");
      }
      if (get(r, 14) == "s") {
        parts.push_back("PARALLEL = SAFE");
      } else if (get(r, 14) == "r") {
        parts.push_back("PARALLEL = RESTRICTED");
      }
      std::string body;
      for (const auto& part : parts) {
        body += (body.empty() ? "" : ", ") + part;
      }
      add(at("pg_proc", get(r, 0)),
          {.kind = "aggregate",
           .name = get(r, 2),
           .schema = get(r, 1),
           .create_sql = "CREATE AGGREGATE " + get(r, 3) + " (" + body + ")",
           .drop_sql = "DROP AGGREGATE " + get(r, 3)});
    }
  }

  void read_statistics_objects() {
    auto rows = query(R"sql(
      SELECT s.oid, n.nspname, s.stxname, pg_get_statisticsobjdef(s.oid),
             format('DROP STATISTICS %I.%I', n.nspname, s.stxname), c.oid, c.relname
      FROM pg_statistic_ext s
      JOIN pg_namespace n ON n.oid = s.stxnamespace
      JOIN pg_class c ON c.oid = s.stxrelid
      WHERE )sql" + std::string(user_schema) +
                      " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      add_on_relation(at("pg_statistic_ext", get(r, 0)),
                      {.kind = "statistics",
                       .name = get(r, 2),
                       .schema = get(r, 1),
                       .create_sql = get(r, 3),
                       .drop_sql = get(r, 4),
                       .table = get(r, 6)},
                      get(r, 5));
    }
  }

  void read_exclusion_constraints() {
    auto rows = query(R"sql(
      SELECT con.oid, n.nspname, c.relname || '.' || con.conname, c.relname,
             format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, c.relname, con.conname,
                    pg_get_constraintdef(con.oid)),
             format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, c.relname, con.conname)
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE con.contype = 'x' AND c.relkind IN ('r', 'p') AND )sql" +
                      std::string(user_schema) + " ORDER BY 2, 3")
                    .rows;
    for (const auto& r : rows) {
      if (!wanted(get(r, 1))) {
        continue;
      }
      add(at("pg_constraint", get(r, 0)), {.kind = "exclusion constraint",
                                           .name = get(r, 2),
                                           .schema = get(r, 1),
                                           .create_sql = get(r, 4),
                                           .drop_sql = get(r, 5),
                                           .after_tables = true,
                                           .table = get(r, 3)});
    }
  }

  // Comments on tables and their columns are the model's; the default schema's comment comes
  // with every database; an extension's comments come with the extension.
  void read_comments() {
    auto rows = session_
                    .exec(sql_statement{R"sql(
      SELECT d.classoid::regclass::text, d.objoid, d.objsubid, o.type, o.identity,
             quote_literal(d.description), coalesce(o.schema, '')
      FROM pg_description d
      CROSS JOIN LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o
      WHERE d.objoid >= 16384
        AND d.classoid <> 'pg_extension'::regclass
        AND NOT (d.classoid = 'pg_class'::regclass AND EXISTS (
              SELECT 1 FROM pg_class c WHERE c.oid = d.objoid AND c.relkind IN ('r', 'p')))
        AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = d.classoid
                        AND x.objid = d.objoid AND x.deptype = 'e')
        AND (o.schema IS NULL OR (o.schema NOT LIKE 'pg\_%' AND o.schema <> 'information_schema'))
        AND NOT (d.classoid = 'pg_namespace'::regclass AND o.identity = quote_ident($1))
      ORDER BY 4, 5)sql",
                                        {options_.default_schema}})
                    .rows;
    for (const auto& r : rows) {
      const auto& schema = get(r, 6);
      if (!schema.empty() && !wanted(schema)) {
        continue;
      }
      auto target = comment_target(get(r, 3), get(r, 4));
      auto key = "pg_description:" + get(r, 0) + ":" + get(r, 1) + ":" + get(r, 2);
      add(key, {.kind = "comment",
                .name = get(r, 3) + " " + get(r, 4),
                .schema = schema,
                .create_sql = "COMMENT ON " + target + " IS " + get(r, 5),
                .drop_sql = "COMMENT ON " + target + " IS NULL",
                .after_tables = true,
                .replaceable = true});
      explicit_dependencies_.emplace_back(key, at(get(r, 0), get(r, 1)));
    }
  }

  void read_dependencies() {
    auto rows = query(R"sql(
      SELECT CASE WHEN r.rulename = '_RETURN' THEN 'pg_class' ELSE d.classid::regclass::text END,
             CASE WHEN r.rulename = '_RETURN' THEN r.ev_class ELSE d.objid END,
             d.refclassid::regclass::text, d.refobjid
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      WHERE d.deptype = 'n' AND d.refobjid >= 16384
        AND d.classid IN ('pg_rewrite'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass,
                          'pg_trigger'::regclass, 'pg_class'::regclass)
        AND d.refclassid IN ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass))sql")
                    .rows;
    for (const auto& r : rows) {
      explicit_dependencies_.emplace_back(at(get(r, 0), get(r, 1)), at(get(r, 2), get(r, 3)));
    }
    for (const auto& [from, to] : explicit_dependencies_) {
      auto* object = find(from);
      if (object == nullptr) {
        continue;
      }
      if (tables_.count(to) != 0) {
        object->after_tables = true;
        continue;
      }
      auto* needed = find(to);
      if (needed == nullptr || needed == object) {
        continue;
      }
      auto key = local_key(*needed);
      if (std::find(object->depends_on.begin(), object->depends_on.end(), key) ==
          object->depends_on.end()) {
        object->depends_on.push_back(key);
      }
    }
    for (auto& [oid, o] : objects_) {
      std::sort(o.depends_on.begin(), o.depends_on.end());
    }
  }

  model::raw_object* find(const std::string& key) {
    auto alias = aliases_.find(key);
    auto it = objects_.find(alias == aliases_.end() ? key : alias->second);
    return it == objects_.end() ? nullptr : &it->second;
  }

  // The key as it will read once the model is canonical (the default schema empty).
  std::string local_key(const model::raw_object& o) const {
    auto copy = o;
    if (copy.schema == options_.default_schema) {
      copy.schema.clear();
    }
    return model::raw_key(copy);
  }

  pg::session& session_;
  const options& options_;
  model::schema& out_;
  std::map<std::string, model::raw_object> objects_;
  std::map<std::string, std::string> aliases_;
  std::set<std::string> tables_;
  std::vector<std::pair<std::string, std::string>> explicit_dependencies_;
};

}  // namespace

void read_raw_objects(pg::session& session, const options& options, model::schema& out) {
  raw_reader(session, options, out).read();
}

}  // namespace retort::introspect
