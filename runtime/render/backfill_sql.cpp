#include "render/backfill_sql.hpp"

#include <retort/errors.hpp>

#include <fmt/format.h>

#include "render/postgres_dialect.hpp"

namespace retort::render {

namespace {

struct parts {
  std::string table;  // qualified and quoted
  std::string key;    // quoted
  std::string where;  // `AND (...)`, or empty
};

parts parts_of(const ops::backfill& o) {
  const postgres_dialect dialect;
  if (o.batch_size < 1) {
    throw error(fmt::format("backfill \"{}\" has a batch size of {}", o.name, o.batch_size));
  }
  return {dialect.qualified_name(o.schema, o.table), dialect.quote_identifier(o.key),
          o.where.empty() ? "" : " AND (" + o.where + ")"};
}

// The keys of one batch; `lower` is the bound on the key, or empty.
std::string batch(const parts& p, std::int64_t size, const std::string& lower) {
  return fmt::format("SELECT {0} AS retort_key FROM {1} WHERE {2}{3} ORDER BY {0} LIMIT {4}", p.key,
                     p.table, lower.empty() ? "true" : p.key + " > " + lower, p.where, size);
}

std::string update(const ops::backfill& o, const parts& p, const std::string& lower) {
  return fmt::format("UPDATE {0} SET {1} WHERE {2} <= $1{3}{4}", p.table, o.set, p.key,
                     lower.empty() ? "" : " AND " + p.key + " > " + lower, p.where);
}

std::string bounds(const ops::backfill& o, const parts& p, const std::string& lower) {
  return fmt::format("SELECT max(retort_key)::text, count(*) FROM ({}) batch",
                     batch(p, o.batch_size, lower));
}

std::string rows(const parts& p, const std::string& lower) {
  return fmt::format("SELECT * FROM {0} WHERE {1} <= $1{2}{3} ORDER BY {1}", p.table, p.key,
                     lower.empty() ? "" : " AND " + p.key + " > " + lower, p.where);
}

}  // namespace

backfill_sql render_backfill(const ops::backfill& o) {
  const auto p = parts_of(o);
  backfill_sql out;
  out.first_bounds = bounds(o, p, "");
  out.next_bounds = bounds(o, p, "$1");
  if (o.each == nullptr) {
    out.first_update = update(o, p, "");
    out.next_update = update(o, p, "$2");
  } else {
    out.first_rows = rows(p, "");
    out.next_rows = rows(p, "$2");
  }
  return out;
}

std::string backfill_script(const ops::backfill& o) {
  if (o.each != nullptr) {
    throw error(
        fmt::format("backfill \"{}\" runs C++ code for each row, which an SQL script "
                    "cannot hold",
                    o.name));
  }
  const auto p = parts_of(o);
  const std::string quote = "$retort_backfill$";
  if (o.set.find(quote) != std::string::npos || o.where.find(quote) != std::string::npos) {
    throw error(fmt::format("backfill \"{}\" holds {} in its SQL, which ends the script's DO block",
                            o.name, quote));
  }
  // The key's own type, so the bound compares as the key does; the loop ends with the first
  // batch shorter than a full one.
  auto update_into = [&](const std::string& lower) {
    return fmt::format(
        "SELECT max(retort_key), count(*) INTO batch_last, batch_rows FROM ({0}) batch;\n"
        "        UPDATE {1} SET {2} WHERE {3} <= batch_last{4}{5}",
        batch(p, o.batch_size, lower), p.table, o.set, p.key,
        lower.empty() ? "" : " AND " + p.key + " > " + lower, p.where);
  };
  // The name goes into a line comment: nothing in it may end the line.
  std::string name = o.name;
  for (auto& c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      c = ' ';
    }
  }
  return fmt::format(
      "DO {0}\n"
      "-- backfill \"{1}\": batches of {2} rows, each committed on its own\n"
      "DECLARE\n"
      "    last_key {3}.{4}%TYPE;\n"
      "    batch_last {3}.{4}%TYPE;\n"
      "    batch_rows bigint;\n"
      "BEGIN\n"
      "    PERFORM pg_catalog.set_config('lock_timeout', '{5}ms', true);\n"
      "    {6};\n"
      "    WHILE batch_rows = {2} LOOP\n"
      "        COMMIT;\n"
      "        last_key := batch_last;\n"
      "{7}"
      "        PERFORM pg_catalog.set_config('lock_timeout', '{5}ms', true);\n"
      "        {8};\n"
      "    END LOOP;\n"
      "END\n"
      "{0}",
      quote, name, o.batch_size, p.table, p.key, o.lock_timeout_ms, update_into(""),
      o.pause_ms > 0 ? fmt::format("        PERFORM pg_catalog.pg_sleep({});\n",
                                   static_cast<double>(o.pause_ms) / 1000.0)
                     : std::string(),
      update_into("last_key"));
}

}  // namespace retort::render
