#include "cli/reported_error.hpp"

#include <cstdlib>

#include "url.hpp"

namespace retort::cli {

std::string reported_error(std::string_view message, std::string_view given_url) {
  std::string text(message);
  for (const char* variable : {"RETORT_URL", "DATABASE_URL"}) {
    if (const char* value = std::getenv(variable)) {
      text = redact_secrets(text, value);
    }
  }
  return redact_secrets(text, given_url);
}

}  // namespace retort::cli
