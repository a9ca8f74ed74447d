#include "model/canonical.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>

namespace retort::model {

namespace {

constexpr std::size_t max_name_bytes = 63;

struct bounds {
  std::int64_t min;
  std::int64_t max;
};

bounds bounds_of(const std::optional<column_type>& type) {
  auto kind = type ? type->kind : type_kind::bigint;
  if (kind == type_kind::smallint) {
    return {std::numeric_limits<std::int16_t>::min(), std::numeric_limits<std::int16_t>::max()};
  }
  if (kind == type_kind::integer) {
    return {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
  }
  return {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
}

void unset_if(std::optional<std::int64_t>& value, std::int64_t default_value) {
  if (value && *value == default_value) {
    value.reset();
  }
}

void local(std::string& schema, std::string_view default_schema) {
  if (schema == default_schema) {
    schema.clear();
  }
}

void canonicalise(column_type& type, std::string_view default_schema) {
  if (type.kind == type_kind::custom &&
      (type.custom_schema == default_schema || type.custom_schema == "pg_catalog")) {
    type.custom_schema.clear();
  }
}

bool is_serial(const column_type& type) {
  return type.kind == type_kind::smallserial || type.kind == type_kind::serial ||
         type.kind == type_kind::bigserial;
}

const table* find(const schema& s, std::string_view schema_name, std::string_view name) {
  for (const auto& t : s.tables) {
    if (t.schema == schema_name && t.name == name) {
      return &t;
    }
  }
  return nullptr;
}

}  // namespace

std::string default_constraint_name(std::string_view table, const std::vector<std::string>& columns,
                                    std::string_view label) {
  // PostgreSQL joins the column names with `_`, stopping once the text is a full name long.
  std::string joined;
  for (const auto& column : columns) {
    if (joined.size() >= max_name_bytes) {
      break;
    }
    joined += (joined.empty() ? "" : "_") + column;
  }
  std::size_t overhead = label.size() + 1 + (joined.empty() ? 0 : 1);
  std::size_t available = max_name_bytes - overhead;
  std::size_t table_bytes = table.size();
  std::size_t columns_bytes = joined.size();
  while (table_bytes + columns_bytes > available) {
    if (table_bytes > columns_bytes) {
      --table_bytes;
    } else {
      --columns_bytes;
    }
  }
  std::string out(table.substr(0, table_bytes));
  if (!joined.empty()) {
    out += "_" + joined.substr(0, columns_bytes);
  }
  return out + "_" + std::string(label);
}

void canonicalise(ops::sequence_definition& q) {
  if (q.data_type && q.data_type->kind == type_kind::bigint && q.data_type->array_dimensions == 0) {
    q.data_type.reset();
  }
  auto limits = bounds_of(q.data_type);
  const std::int64_t increment = q.increment.value_or(1);
  const bool ascending = increment > 0;
  unset_if(q.increment, 1);
  unset_if(q.min_value, ascending ? 1 : limits.min);
  unset_if(q.max_value, ascending ? limits.max : -1);
  const std::int64_t first = ascending ? q.min_value.value_or(1) : q.max_value.value_or(-1);
  unset_if(q.start, first);
  unset_if(q.cache, 1);
}

void canonicalise(schema& s, std::string_view default_schema) {
  std::erase(s.schemas, std::string(default_schema));
  for (auto& e : s.extensions) {
    local(e.schema, default_schema);
  }
  for (auto& e : s.enums) {
    local(e.schema, default_schema);
  }
  for (auto& q : s.sequences) {
    local(q.schema, default_schema);
    canonicalise(q);
  }
  for (auto& t : s.tables) {
    local(t.schema, default_schema);
  }
  // `kind:public.name` names the same object as `kind:name`.
  const auto qualified = std::string(default_schema) + ".";
  for (auto& o : s.raw_objects) {
    local(o.schema, default_schema);
    for (auto& key : o.depends_on) {
      auto colon = key.find(':');
      if (colon != std::string::npos && key.compare(colon + 1, qualified.size(), qualified) == 0) {
        key.erase(colon + 1, qualified.size());
      }
    }
  }
  for (auto& t : s.tables) {
    for (auto& c : t.columns) {
      canonicalise(c.type, default_schema);
      c.primary_key = false;
      if (c.identity || is_serial(c.type)) {
        c.nullable = false;
      }
    }
    if (t.key) {
      if (t.key->name.empty()) {
        t.key->name = default_constraint_name(t.name, {}, "pkey");
      }
      for (auto& c : t.columns) {
        if (std::find(t.key->columns.begin(), t.key->columns.end(), c.name) !=
            t.key->columns.end()) {
          c.nullable = false;
        }
      }
    }
    for (auto& parent : t.inherits) {
      local(parent.schema, default_schema);
    }
    if (t.partition_of) {
      local(t.partition_of->schema, default_schema);
    }
    for (auto& fk : t.foreign_keys) {
      local(fk.referent_schema, default_schema);
      if (fk.name.empty()) {
        fk.name = default_constraint_name(t.name, fk.columns, "fkey");
      }
      if (fk.initially_deferred) {
        fk.deferrable = true;
      }
      if (fk.referent_columns.empty()) {
        if (const auto* referent = find(s, fk.referent_schema, fk.referent_table);
            referent != nullptr && referent->key) {
          fk.referent_columns = referent->key->columns;
        }
      }
    }
    for (auto& u : t.uniques) {
      if (u.name.empty()) {
        u.name = default_constraint_name(t.name, u.columns, "key");
      }
      if (u.initially_deferred) {
        u.deferrable = true;
      }
    }
    for (auto& i : t.indexes) {
      i.schema = t.schema;
      i.table = t.name;
      if (i.method.empty()) {
        i.method = "btree";
      }
    }
  }
}

}  // namespace retort::model
