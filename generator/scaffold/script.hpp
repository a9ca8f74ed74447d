#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "scaffold/template_engine.hpp"

/// The text of a new revision file: the template and what fills it.
namespace retort::scaffold {

/// What a script template renders.
struct script_fields {
  std::string revision;
  std::vector<std::string> down_revision{};
  std::string message{};
  std::vector<std::string> branch_labels{};
  std::vector<std::string> depends_on{};
  std::chrono::system_clock::time_point create_date{};
};

/// The template compiled into retort, used when `retort.toml` names none; `retort init` writes
/// it to `migrations/script.cpp.tmpl`. It renders a file that compiles as written.
[[nodiscard]] std::string_view default_script_template();

/// The variables of a script template:
///
///     ${revision}             1f3e5a7c9b01
///     ${down_revision_list}   {"a1b2c3d4e5f6"}, {} for a base, {"a", "b"} for a merge
///     ${revises}              a1b2c3d4e5f6, a, b for a merge, empty for a base
///     ${message}              the message on one line (line breaks become spaces), for comments
///     ${message_literal}      the message as a C++ string literal, quotes included
///     ${branch_labels}        {"catalogue"} or {}
///     ${depends_on}           {"1f3e5a7c9b01"} or {}
///     ${create_date}          2026-11-05 10:00:00 UTC
[[nodiscard]] template_variables variables_of(const script_fields& fields);

/// `template_text` rendered with `variables_of(fields)`; `template_name` is for errors.
[[nodiscard]] std::string render_script(std::string_view template_text,
                                        std::string_view template_name,
                                        const script_fields& fields);

/// `text` as a C++ string literal: quotes, backslashes and control characters escaped (octal
/// escapes, so a following digit never joins them), other bytes as written.
[[nodiscard]] std::string cpp_string_literal(std::string_view text);

}  // namespace retort::scaffold
