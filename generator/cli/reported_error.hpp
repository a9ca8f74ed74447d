#pragma once

#include <string>
#include <string_view>

namespace retort::cli {

/// An error's message as the command prints it after "error: ": whatever it carries, a password
/// from the URL given on the command line or in RETORT_URL or DATABASE_URL never reaches the
/// terminal.
[[nodiscard]] std::string reported_error(std::string_view message, std::string_view given_url);

}  // namespace retort::cli
