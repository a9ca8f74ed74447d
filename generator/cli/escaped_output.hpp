#pragma once

#include <memory>
#include <ostream>

namespace retort::cli {

/// While it lives, `stream` prints control characters as visible escapes (`printable`, line
/// feeds and tabs kept): whatever a message, an id or a server error holds, it cannot overwrite
/// a line or send the terminal an escape sequence. Line feeds inside values are escaped where
/// the values are formatted; this is the net under everything else.
class escaped_output {
 public:
  explicit escaped_output(std::ostream& stream);
  ~escaped_output();
  escaped_output(const escaped_output&) = delete;
  escaped_output& operator=(const escaped_output&) = delete;

 private:
  class buffer;
  std::ostream& stream_;
  std::streambuf* original_;
  std::unique_ptr<buffer> buffer_;
};

}  // namespace retort::cli
