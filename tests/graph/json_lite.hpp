#pragma once

// Just enough JSON to talk to the Alembic oracle: null, booleans, integers, strings, arrays,
// objects. Not a general-purpose library.

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace retort::testing::json {

struct value;
using array = std::vector<value>;
using object = std::map<std::string, value>;

struct value {
  std::variant<std::nullptr_t, bool, std::int64_t, std::string, std::shared_ptr<array>,
               std::shared_ptr<object>>
      v{nullptr};

  value() = default;
  value(std::nullptr_t) {}                                        // NOLINT: implicit on purpose
  value(bool b) : v(b) {}                                         // NOLINT
  value(int i) : v(static_cast<std::int64_t>(i)) {}               // NOLINT
  value(std::int64_t i) : v(i) {}                                 // NOLINT
  value(std::string s) : v(std::move(s)) {}                       // NOLINT
  value(const char* s) : v(std::string(s)) {}                     // NOLINT
  value(array a) : v(std::make_shared<array>(std::move(a))) {}    // NOLINT
  value(object o) : v(std::make_shared<object>(std::move(o))) {}  // NOLINT
  value(const std::vector<std::string>& strings) {                // NOLINT
    array a(strings.begin(), strings.end());
    v = std::make_shared<array>(std::move(a));
  }

  [[nodiscard]] bool is_null() const { return std::holds_alternative<std::nullptr_t>(v); }
  [[nodiscard]] bool is_string() const { return std::holds_alternative<std::string>(v); }
  [[nodiscard]] bool is_array() const { return std::holds_alternative<std::shared_ptr<array>>(v); }
  [[nodiscard]] bool is_object() const {
    return std::holds_alternative<std::shared_ptr<object>>(v);
  }
  [[nodiscard]] const std::string& str() const { return std::get<std::string>(v); }
  [[nodiscard]] bool boolean() const { return std::get<bool>(v); }
  [[nodiscard]] const array& arr() const { return *std::get<std::shared_ptr<array>>(v); }
  [[nodiscard]] const object& obj() const { return *std::get<std::shared_ptr<object>>(v); }
  [[nodiscard]] bool has(const std::string& key) const {
    return is_object() && obj().contains(key);
  }
  [[nodiscard]] const value& operator[](const std::string& key) const { return obj().at(key); }
  [[nodiscard]] std::vector<std::string> strings() const {
    std::vector<std::string> out;
    for (const auto& e : arr()) {
      out.push_back(e.is_null() ? std::string("<None>") : e.str());
    }
    return out;
  }

  friend bool operator==(const value& a, const value& b) { return a.dump() == b.dump(); }

  [[nodiscard]] std::string dump() const {
    std::string out;
    write(out);
    return out;
  }

  void write(std::string& out) const {
    if (is_null()) {
      out += "null";
    } else if (auto b = std::get_if<bool>(&v)) {
      out += *b ? "true" : "false";
    } else if (auto i = std::get_if<std::int64_t>(&v)) {
      out += std::to_string(*i);
    } else if (is_string()) {
      quote(str(), out);
    } else if (is_array()) {
      out += '[';
      bool first = true;
      for (const auto& e : arr()) {
        if (!first) {
          out += ',';
        }
        first = false;
        e.write(out);
      }
      out += ']';
    } else {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : obj()) {
        if (!first) {
          out += ',';
        }
        first = false;
        quote(k, out);
        out += ':';
        e.write(out);
      }
      out += '}';
    }
  }

  static void quote(std::string_view s, std::string& out) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        out += "\\u00";
        out += hex[(c >> 4) & 0xf];
        out += hex[c & 0xf];
      } else {
        out += c;
      }
    }
    out += '"';
  }
};

class parser {
 public:
  explicit parser(std::string_view text) : s_(text) {}

  value parse() {
    auto v = parse_value();
    skip_space();
    if (i_ != s_.size()) {
      fail("trailing text");
    }
    return v;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("json: " + what + " at offset " + std::to_string(i_));
  }
  void skip_space() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) {
      ++i_;
    }
  }
  bool consume(std::string_view word) {
    if (s_.substr(i_, word.size()) == word) {
      i_ += word.size();
      return true;
    }
    return false;
  }
  value parse_value() {
    skip_space();
    if (i_ >= s_.size()) {
      fail("unexpected end");
    }
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      object o;
      skip_space();
      if (consume("}")) {
        return o;
      }
      for (;;) {
        skip_space();
        auto key = parse_string();
        skip_space();
        if (!consume(":")) {
          fail("expected ':'");
        }
        o.emplace(std::move(key), parse_value());
        skip_space();
        if (consume("}")) {
          return o;
        }
        if (!consume(",")) {
          fail("expected ',' or '}'");
        }
      }
    }
    if (c == '[') {
      ++i_;
      array a;
      skip_space();
      if (consume("]")) {
        return a;
      }
      for (;;) {
        a.push_back(parse_value());
        skip_space();
        if (consume("]")) {
          return a;
        }
        if (!consume(",")) {
          fail("expected ',' or ']'");
        }
      }
    }
    if (c == '"') {
      return parse_string();
    }
    if (consume("null")) {
      return nullptr;
    }
    if (consume("true")) {
      return true;
    }
    if (consume("false")) {
      return false;
    }
    std::size_t start = i_;
    if (s_[i_] == '-') {
      ++i_;
    }
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') {
      ++i_;
    }
    if (start == i_) {
      fail("unexpected character");
    }
    return static_cast<std::int64_t>(std::stoll(std::string(s_.substr(start, i_ - start))));
  }
  std::string parse_string() {
    if (!consume("\"")) {
      fail("expected a string");
    }
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) {
        fail("bad escape");
      }
      char e = s_[i_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          unsigned code = std::stoul(std::string(s_.substr(i_, 4)), nullptr, 16);
          i_ += 4;
          if (code < 0x80) {
            out += static_cast<char>(code);
          } else if (code < 0x800) {
            out += static_cast<char>(0xc0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3f));
          } else {
            out += static_cast<char>(0xe0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
            out += static_cast<char>(0x80 | (code & 0x3f));
          }
          break;
        }
        default:
          out += e;
      }
    }
    if (!consume("\"")) {
      fail("unterminated string");
    }
    return out;
  }
};

inline value parse(std::string_view text) {
  return parser(text).parse();
}

}  // namespace retort::testing::json
