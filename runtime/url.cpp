#include "url.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <vector>

namespace retort {

namespace {

constexpr std::string_view mask = "***";

// Where a password sits in a connection string, and what libpq makes of it.
struct secret {
  std::size_t offset = 0;  // of the text to mask (for a quoted value: the quotes too)
  std::size_t length = 0;
  std::string value;                  // as libpq reads it: percent-decoded or unquoted
  std::vector<std::string> pieces{};  // parts libpq may quote back as a host, port or database
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
        hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::size_t uri_prefix_length(std::string_view url) {
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (starts_with_nocase(url, scheme)) {
      return scheme.size();
    }
  }
  return 0;
}

// postgresql://[user[:password]@][host][:port][/dbname][?param=value&...]
// Mirrors libpq: the credentials end at the first '@' before any '/'.
void find_uri_secrets(std::string_view url, std::size_t start, std::vector<secret>& out) {
  std::size_t query_from = start;
  const auto stop = url.find_first_of("@/", start);
  if (stop != std::string_view::npos && url[stop] == '@') {
    const auto colon = url.find(':', start);
    if (colon < stop) {
      const std::string_view raw = url.substr(colon + 1, stop - colon - 1);
      out.push_back({colon + 1, raw.size(), percent_decode(raw)});
    }
    query_from = stop + 1;
  }
  // A password with an unencoded '@' or '/' ("user:p@ss@host", "user:pa/ss@host") is read by
  // libpq as partly a host, port or database, which its messages then quote. Mask what the user
  // meant too: everything up to the last '@' before the query, and each piece of it.
  const auto last_at = url.rfind('@', url.find('?', start));
  if (last_at != std::string_view::npos && last_at > start && last_at != stop) {
    const auto colon = url.find(':', start);
    if (colon < last_at) {
      const std::string_view raw = url.substr(colon + 1, last_at - colon - 1);
      secret meant{colon + 1, raw.size(), percent_decode(raw)};
      std::size_t begin = 0;
      while (begin < raw.size()) {
        const auto end = std::min(raw.find_first_of("@/:", begin), raw.size());
        // Short pieces would mask unrelated letters of a message, and give little away.
        if (end - begin >= 3) {
          meant.pieces.emplace_back(raw.substr(begin, end - begin));
        }
        begin = end + 1;
      }
      out.push_back(std::move(meant));
      query_from = last_at + 1;
    }
  }
  auto pos = url.find('?', query_from);
  while (pos != std::string_view::npos) {
    const std::size_t begin = pos + 1;
    const std::size_t end = std::min(url.find('&', begin), url.size());
    const std::string_view pair = url.substr(begin, end - begin);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && iequals(percent_decode(pair.substr(0, eq)), "password")) {
      const std::string_view raw = pair.substr(eq + 1);
      out.push_back({begin + eq + 1, raw.size(), percent_decode(raw)});
    }
    pos = end < url.size() ? end : std::string_view::npos;
  }
}

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// key = value ... where a value is a bare word or '...' with backslash escapes, as libpq reads.
void find_keyword_secrets(std::string_view text, std::vector<secret>& out) {
  std::size_t i = 0;
  const auto skip_spaces = [&] {
    while (i < text.size() && is_space(text[i])) {
      ++i;
    }
  };
  while (true) {
    skip_spaces();
    if (i >= text.size()) {
      return;
    }
    const std::size_t key_begin = i;
    while (i < text.size() && text[i] != '=' && !is_space(text[i])) {
      ++i;
    }
    const std::string_view key = text.substr(key_begin, i - key_begin);
    skip_spaces();
    if (i >= text.size() || text[i] != '=') {
      continue;  // not a key=value pair; libpq would refuse it, but read on for secrets
    }
    ++i;
    skip_spaces();
    const std::size_t value_begin = i;
    std::string value;
    if (i < text.size() && text[i] == '\'') {
      ++i;
      while (i < text.size() && text[i] != '\'') {
        if (text[i] == '\\' && i + 1 < text.size()) {
          ++i;
        }
        value += text[i++];
      }
      if (i < text.size()) {
        ++i;  // closing quote
      }
    } else {
      while (i < text.size() && !is_space(text[i])) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          ++i;
        }
        value += text[i++];
      }
    }
    if (iequals(key, "password")) {
      out.push_back({value_begin, i - value_begin, std::move(value)});
    }
  }
}

std::vector<secret> find_secrets(std::string_view url) {
  std::vector<secret> out;
  if (const auto prefix = uri_prefix_length(url); prefix > 0) {
    find_uri_secrets(url, prefix, out);
  } else {
    find_keyword_secrets(url, out);
  }
  return out;
}

// `text` with each run of marked characters replaced by one mask, and a mask inserted at each
// offset of `empty_at` that no run covers (an empty password still shows one was given).
std::string masked(std::string_view text, const std::vector<bool>& secret_at,
                   const std::vector<std::size_t>& empty_at = {}) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool after_run = i > 0 && secret_at[i - 1];
    const bool in_run = i < text.size() && secret_at[i];
    if (!after_run && !in_run && std::find(empty_at.begin(), empty_at.end(), i) != empty_at.end()) {
      out += mask;
    }
    if (i == text.size()) {
      break;
    }
    if (!in_run) {
      out += text[i];
    } else if (!after_run) {
      out += mask;
    }
  }
  return out;
}

}  // namespace

std::string redact_url(std::string_view url) {
  // Marked, then masked once: the secrets as libpq reads them and as the user meant them may
  // overlap.
  std::vector<bool> secret_at(url.size(), false);
  std::vector<std::size_t> empty_at;
  for (const auto& s : find_secrets(url)) {
    std::fill_n(secret_at.begin() + static_cast<std::ptrdiff_t>(s.offset), s.length, true);
    if (s.length == 0) {
      empty_at.push_back(s.offset);
    }
  }
  return masked(url, secret_at, empty_at);
}

std::string redact_secrets(std::string_view text, std::string_view url) {
  // Mark every occurrence of every form of the password in the original text, then mask each
  // marked run once: no form can match inside a mask, or survive in part.
  std::vector<bool> secret_at(text.size(), false);
  for (const auto& s : find_secrets(url)) {
    if (s.value.empty()) {
      continue;
    }
    std::vector<std::string_view> needles{url.substr(s.offset, s.length), s.value};
    needles.insert(needles.end(), s.pieces.begin(), s.pieces.end());
    for (const std::string_view needle : needles) {
      for (auto pos = text.find(needle); pos != std::string_view::npos;
           pos = text.find(needle, pos + 1)) {
        std::fill_n(secret_at.begin() + static_cast<std::ptrdiff_t>(pos), needle.size(), true);
      }
    }
  }
  return masked(text, secret_at);
}

}  // namespace retort
