#include "scaffold/naming.hpp"

#include <sys/random.h>

#include <retort/errors.hpp>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include <fmt/format.h>

namespace retort::scaffold {

namespace {

struct code_point {
  std::uint32_t value;
  std::string_view bytes;
};

// Decodes UTF-8; an invalid byte becomes U+FFFD so it separates words instead of joining them.
std::vector<code_point> decode_utf8(std::string_view text) {
  std::vector<code_point> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 0;
    std::uint32_t value = length == 1   ? lead
                          : length == 2 ? (lead & 0x1F)
                          : length == 3 ? (lead & 0x0F)
                                        : (lead & 0x07);
    bool valid = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xC0) == 0x80;
      value = (value << 6) | (next & 0x3F);
    }
    if (!valid) {
      out.push_back({0xFFFD, {}});
      ++i;
      continue;
    }
    out.push_back({value, text.substr(i, length)});
    i += length;
  }
  return out;
}

// Python's `\w`, near enough: ASCII letters, digits and `_`, and non-ASCII characters except
// the common punctuation, symbol and emoji blocks.
bool is_word(std::uint32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  const bool punctuation = c <= 0xBF || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x2BFF) ||
                           (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE10 && c <= 0xFE6F) ||
                           (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
                           (c >= 0x1F000 && c <= 0x1FAFF) || c == 0xFFFD;
  return !punctuation;
}

struct utc_time {
  long long epoch;
  long long year, month, day, hour, minute, second;
};

utc_time utc_of(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  const auto seconds = floor<std::chrono::seconds>(when);
  const auto day = floor<days>(seconds);
  const year_month_day date{day};
  const hh_mm_ss time{seconds - day};
  return {seconds.time_since_epoch().count(),
          static_cast<int>(date.year()),
          static_cast<unsigned>(date.month()),
          static_cast<unsigned>(date.day()),
          time.hours().count(),
          time.minutes().count(),
          time.seconds().count()};
}

struct field_value {
  std::optional<std::string> text;
  long long number = 0;
};

}  // namespace

std::string make_slug(std::string_view message, std::size_t truncate_length) {
  std::vector<std::string> words;
  bool in_word = false;
  for (const auto& cp : decode_utf8(message)) {
    if (!is_word(cp.value)) {
      in_word = false;
      continue;
    }
    if (!in_word) {
      words.emplace_back();
      in_word = true;
    }
    if (cp.value >= 'A' && cp.value <= 'Z') {
      words.back() += static_cast<char>(cp.value - 'A' + 'a');
    } else {
      words.back() += cp.bytes;
    }
  }
  std::string slug;
  for (const auto& word : words) {
    slug += slug.empty() ? word : "_" + word;
  }
  // Lengths count characters, as Python does, so a cut never splits a UTF-8 sequence.
  const auto points = decode_utf8(slug);
  if (points.size() <= truncate_length) {
    return slug;
  }
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < truncate_length; ++i) {
    bytes += points[i].bytes.size();
  }
  std::string cut = slug.substr(0, bytes);
  if (auto last = cut.rfind('_'); last != std::string::npos) {
    cut.resize(last);
  }
  return cut + "_";
}

std::string render_file_name(std::string_view file_template, const file_name_fields& fields) {
  const auto t = utc_of(fields.create_date);
  auto lookup = [&](std::string_view key) -> std::optional<field_value> {
    if (key == "rev") {
      return field_value{fields.rev};
    }
    if (key == "slug") {
      return field_value{fields.slug};
    }
    const std::pair<std::string_view, long long> numbers[] = {
        {"epoch", t.epoch}, {"year", t.year},     {"month", t.month},   {"day", t.day},
        {"hour", t.hour},   {"minute", t.minute}, {"second", t.second},
    };
    for (const auto& [name, value] : numbers) {
      if (name == key) {
        return field_value{std::nullopt, value};
      }
    }
    return std::nullopt;
  };
  auto bad = [&](std::size_t at, std::string_view why) {
    return config_error(
        fmt::format("file_template \"{}\": {} at position {}; use %(key)s or "
                    "%(key)d with keys rev, slug, epoch, year, month, day, hour, "
                    "minute, second (e.g. %(month).2d), and %% for a percent sign",
                    file_template, why, at + 1));
  };

  std::string name;
  std::size_t i = 0;
  while (i < file_template.size()) {
    const char c = file_template[i];
    if (c != '%') {
      name += c;
      ++i;
      continue;
    }
    const std::size_t start = i++;
    if (i < file_template.size() && file_template[i] == '%') {
      name += '%';
      ++i;
      continue;
    }
    if (i >= file_template.size() || file_template[i] != '(') {
      throw bad(start, "a `%` not followed by (key)");
    }
    const auto close = file_template.find(')', i);
    if (close == std::string_view::npos) {
      throw bad(start, "an unclosed %(");
    }
    const auto key = file_template.substr(i + 1, close - i - 1);
    const auto value = lookup(key);
    if (!value) {
      throw bad(start, fmt::format("unknown key `{}`", key));
    }
    i = close + 1;
    bool left = false;
    bool zero = false;
    for (; i < file_template.size() && (file_template[i] == '-' || file_template[i] == '0'); ++i) {
      (file_template[i] == '-' ? left : zero) = true;
    }
    std::size_t width = 0;
    for (; i < file_template.size() && file_template[i] >= '0' && file_template[i] <= '9'; ++i) {
      width = width * 10 + static_cast<std::size_t>(file_template[i] - '0');
    }
    std::optional<std::size_t> precision;
    if (i < file_template.size() && file_template[i] == '.') {
      precision = 0;
      for (++i; i < file_template.size() && file_template[i] >= '0' && file_template[i] <= '9';
           ++i) {
        *precision = *precision * 10 + static_cast<std::size_t>(file_template[i] - '0');
      }
    }
    if (i >= file_template.size()) {
      throw bad(start, "a conversion without its type (s or d)");
    }
    const char conversion = file_template[i++];
    std::string text;
    if (conversion == 's') {
      text = value->text ? *value->text : std::to_string(value->number);
      if (precision && text.size() > *precision) {
        text.resize(*precision);
      }
      // Python pads strings with spaces whatever the `0` flag says.
    } else if (conversion == 'd' || conversion == 'i') {
      if (value->text) {
        throw bad(start, fmt::format("`{}` is text: use %({})s", key, key));
      }
      const bool negative = value->number < 0;
      text = std::to_string(negative ? -value->number : value->number);
      if (precision && text.size() < *precision) {
        text.insert(0, *precision - text.size(), '0');
      }
      if (zero && !left && width > text.size() + (negative ? 1 : 0)) {
        text.insert(0, width - text.size() - (negative ? 1 : 0), '0');
      }
      if (negative) {
        text.insert(0, 1, '-');
      }
    } else {
      throw bad(start, fmt::format("unsupported conversion `{}`", conversion));
    }
    if (text.size() < width) {
      text.insert(left ? text.size() : 0, width - text.size(), ' ');
    }
    name += text;
  }

  // Subdirectories are allowed (the versions directory is read recursively); leaving it is not.
  std::size_t begin = 0;
  while (true) {
    const auto end = name.find('/', begin);
    const auto part = std::string_view(name).substr(begin, end - begin);
    if (part.empty() || part == "." || part == "..") {
      throw config_error(
          fmt::format("file_template \"{}\" gives the file name \"{}.cpp\", which "
                      "is not a relative path inside the versions directory",
                      file_template, name));
    }
    if (end == std::string::npos) {
      break;
    }
    begin = end + 1;
  }
  return name + ".cpp";
}

std::string random_revision_id() {
  std::array<unsigned char, 6> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const auto n = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw error(
          fmt::format("cannot draw a random revision id: getrandom: {}", std::strerror(errno)));
    }
    filled += static_cast<std::size_t>(n);
  }
  std::string id;
  for (auto b : bytes) {
    id += fmt::format("{:02x}", b);
  }
  return id;
}

std::string format_create_date(std::chrono::system_clock::time_point when) {
  const auto t = utc_of(when);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC", t.year, t.month, t.day, t.hour,
                     t.minute, t.second);
}

}  // namespace retort::scaffold
