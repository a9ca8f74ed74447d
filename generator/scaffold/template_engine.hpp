#pragma once

#include <map>
#include <string>
#include <string_view>

/// The small substitution engine behind script templates and post-write hook commands.
namespace retort::scaffold {

using template_variables = std::map<std::string, std::string, std::less<>>;

/// Replaces each `${name}` in `text` by its value; `$$` stands for a single `$`, and any other
/// `$` is kept as written. Trailing spaces and tabs are removed from every line of the result
/// (an empty value at the end of a line leaves none). Throws `config_error` naming `source` and
/// the line for an unknown variable or an unclosed `${`; the message lists the known names.
[[nodiscard]] std::string render_template(std::string_view text,
                                          const template_variables& variables,
                                          std::string_view source);

}  // namespace retort::scaffold
