// The example model after an edit nobody wrote a migration for: a new column and a new index,
// and an index taken out.
#include <retort/model.hpp>

#include <algorithm>

#include "wine_catalogue.hpp"

namespace {

retort::model::schema edited() {
  auto s = retort::examples::wine_catalogue();
  auto& products = *std::ranges::find(s.tables, "products", &retort::model::table::name);
  products.column("vintage", retort::op::type::smallint())
      .index("ix_products_created_at", {"created_at"});
  std::erase_if(products.indexes, [](const auto& i) { return i.name == "ix_products_price"; });
  return s;
}

}  // namespace

RETORT_MODEL(edited);
