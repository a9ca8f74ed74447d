#pragma once

#include <string>
#include <string_view>

namespace retort {

/// `url` with any password replaced by `***`, in both libpq forms: URI
/// (`postgresql://user:secret@host/db`, `?password=secret`) and key=value (`password=secret`).
[[nodiscard]] std::string redact_url(std::string_view url);

/// `text` with every occurrence of the password found in `url` replaced by `***`: for messages
/// from libpq or the server that might echo it.
[[nodiscard]] std::string redact_secrets(std::string_view text, std::string_view url);

}  // namespace retort
