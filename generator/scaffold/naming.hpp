#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

/// How a new revision is named: its id, its slug, its file name.
namespace retort::scaffold {

/// The file name template used when `retort.toml` sets none: `YYYYMMDD_HHMM_<rev>_<slug>`.
inline constexpr std::string_view default_file_template =
    "%(year)d%(month).2d%(day).2d_%(hour).2d%(minute).2d_%(rev)s_%(slug)s";

/// Alembic's `truncate_slug_length` default.
inline constexpr std::size_t default_truncate_slug_length = 40;

/// The words of `message` (letters, digits, `_`; non-ASCII letters kept), lower-cased and
/// joined by `_`. Longer than `truncate_length` characters: cut to that length, then back to
/// the last `_`, and a `_` appended to show the cut, as Alembic's `_rev_path` does.
[[nodiscard]] std::string make_slug(std::string_view message, std::size_t truncate_length);

/// What a file name template may name.
struct file_name_fields {
  std::string rev;
  std::string slug;
  std::chrono::system_clock::time_point create_date;  ///< rendered in UTC
};

/// Renders `file_template` with Python's %-format, as Alembic's `file_template`:
/// `%(key)s`, `%(key)d`, with flags `0`/`-`, a width and a precision (`%(month).2d`,
/// `%(minute)02d`), and `%%`. Keys: rev, slug, epoch, year, month, day, hour, minute, second.
/// Appends `.cpp`. Throws `config_error` for an unknown key or conversion, or a name that would
/// leave the versions directory.
[[nodiscard]] std::string render_file_name(std::string_view file_template,
                                           const file_name_fields& fields);

/// A fresh revision id: 12 lower-case hexadecimal digits (48 bits) from the kernel's random
/// source (`getrandom`), as Alembic's `uuid4().hex[-12:]`.
[[nodiscard]] std::string random_revision_id();

/// `YYYY-MM-DD HH:MM:SS UTC`, the `Create Date` of a revision.
[[nodiscard]] std::string format_create_date(std::chrono::system_clock::time_point when);

}  // namespace retort::scaffold
