#pragma once

#include <string>
#include <string_view>

namespace retort::pg {

/// `url`, a libpq URI (`postgresql://...`, `postgres://...`) or key=value string, with
/// `application_name` set to `name` after everything it gives, so that libpq sends the name in
/// the startup packet (setting it afterwards costs a round trip) and it overrides a name the URL
/// or PGAPPNAME gives. The name is taken literally, whatever characters it holds.
[[nodiscard]] std::string with_application_name(const std::string& url, std::string_view name);

}  // namespace retort::pg
