#include "executor/data_session.hpp"

#include <fmt/format.h>

#include "printable.hpp"
#include "render/postgres_dialect.hpp"

namespace retort::executor {

namespace {

// Rows come a page at a time: a stream over a table of any size holds one page.
constexpr int rows_per_page = 1000;

class cursor_rows final : public row_source {
 public:
  cursor_rows(data_session& session, pg::session& connection, std::string name)
      : session_(session), connection_(connection), name_(std::move(name)) {
    fetch();
  }
  ~cursor_rows() override {
    try {
      // Ends with the transaction anyway; closing frees it for code that reads many queries.
      connection_.exec("CLOSE " + name_);
    } catch (...) {
      // A failed transaction has closed it already.
    }
  }
  cursor_rows(const cursor_rows&) = delete;
  cursor_rows& operator=(const cursor_rows&) = delete;

  bool next() override {
    if (at_ + 1 < page_.rows.size()) {
      ++at_;
      ++number_;
      return true;
    }
    if (page_.rows.size() < static_cast<std::size_t>(rows_per_page)) {
      at_ = page_.rows.size();
      return false;
    }
    fetch();
    at_ = 0;
    if (page_.rows.empty()) {
      return false;
    }
    ++number_;
    return true;
  }
  std::size_t size() const override { return page_.columns.size(); }
  std::string_view column_name(std::size_t column) const override {
    return page_.columns.at(column);
  }
  std::string_view column_type(std::size_t column) const override { return types_.at(column); }
  std::optional<std::string_view> text(std::size_t column) const override {
    const auto& field = page_.rows.at(at_).at(column);
    return field ? std::optional<std::string_view>(*field) : std::nullopt;
  }
  std::size_t row_number() const override { return number_; }

 private:
  void fetch() {
    page_ = connection_.exec(fmt::format("FETCH FORWARD {} FROM {}", rows_per_page, name_));
    if (types_.empty()) {
      for (auto oid : page_.column_types) {
        types_.push_back(session_.type_name(oid));
      }
    }
    at_ = static_cast<std::size_t>(-1);  // before the first row of the page
  }

  data_session& session_;
  pg::session& connection_;
  std::string name_;
  pg::result page_;
  std::vector<std::string> types_;
  std::size_t at_ = 0;
  std::size_t number_ = 0;
};

}  // namespace

sql_statement data_session::statement(std::string_view sql, std::span<const param> params) {
  if (auto control = sql_parse::find_transaction_control(sql, savepoints_)) {
    throw data_error(fmt::format(
        "`{}` controls the transaction: {}; a data step's statements run in its migration's "
        "transaction, which retort commits or rolls back",
        printable(control->statement), control->why));
  }
  sql_statement out{std::string(sql)};
  out.authored = true;
  for (const auto& p : params) {
    out.params.push_back(render::parameter_text(p));
  }
  return out;
}

std::int64_t data_session::execute_with(std::string_view sql, std::span<const param> params) {
  return static_cast<std::int64_t>(connection_.exec_single(statement(sql, params)).affected_rows);
}

std::unique_ptr<row_source> data_session::query_with(std::string_view sql,
                                                     std::span<const param> params) {
  auto query = statement(sql, params);
  auto name = fmt::format("retort_rows_{}", ++cursors_);
  query.sql = fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", name, query.sql);
  connection_.exec_single(query);
  return std::make_unique<cursor_rows>(*this, connection_, std::move(name));
}

const std::string& data_session::type_name(unsigned oid) {
  auto [it, added] = type_names_.try_emplace(oid);
  if (added) {
    auto result = connection_.exec(
        sql_statement{"SELECT pg_catalog.format_type($1::oid, NULL)", {std::to_string(oid)}});
    it->second = result.rows.at(0).at(0).value_or("");
  }
  return it->second;
}

}  // namespace retort::executor
