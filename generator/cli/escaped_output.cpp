#include "cli/escaped_output.hpp"

#include <streambuf>
#include <string>

#include "printable.hpp"

namespace retort::cli {

// Passes text through at once, escaped, so the stream keeps its own buffering (a unit-buffered
// std::cerr still writes each message as it comes). Only a lone 0xC2 at the end of a write
// waits for the next byte, which says whether the pair is a C1 control.
class escaped_output::buffer final : public std::streambuf {
 public:
  explicit buffer(std::streambuf* target) : target_(target) {}

  ~buffer() override { forward(true); }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) {
      return traits_type::not_eof(c);
    }
    pending_ += traits_type::to_char_type(c);
    return forward(false) ? c : traits_type::eof();
  }

  std::streamsize xsputn(const char* text, std::streamsize count) override {
    if (!pending_.empty()) {
      pending_.append(text, static_cast<std::size_t>(count));
      return forward(false) ? count : 0;
    }
    // Nothing held back: the text is escaped where it is, without a copy of a whole output
    // (a history of thousands of lines comes in one write).
    const std::string_view whole(text, static_cast<std::size_t>(count));
    const auto now = ready(whole, false);
    pending_.append(whole.substr(now));
    return write(whole.substr(0, now)) ? count : 0;
  }

  // A flush (std::cerr flushes after every insertion) keeps a trailing 0xC2 back too: the byte
  // after it, in the next insertion, decides whether the pair is a C1 control.
  int sync() override { return forward(false) && target_->pubsync() == 0 ? 0 : -1; }

 private:
  // How much of `text` can go now: all of it, or (unless `all`) all but a trailing 0xC2.
  static std::size_t ready(std::string_view text, bool all) {
    const bool hold_last = !all && !text.empty() && static_cast<unsigned char>(text.back()) == 0xC2;
    return hold_last ? text.size() - 1 : text.size();
  }

  bool forward(bool all) {
    const auto now = ready(pending_, all);
    if (now == 0) {
      return true;
    }
    const bool written = write(std::string_view(pending_).substr(0, now));
    pending_.erase(0, now);
    return written;
  }

  bool write(std::string_view text) {
    const auto put = [this](std::string_view out) {
      const auto size = static_cast<std::streamsize>(out.size());
      return target_->sputn(out.data(), size) == size;
    };
    if (printable_prefix(text, line_breaks::kept) == text.size()) {
      return put(text);  // the usual case, with nothing to escape: no copy
    }
    return put(printable(text, line_breaks::kept));
  }

  std::streambuf* target_;
  std::string pending_;
};

escaped_output::escaped_output(std::ostream& stream)
    : stream_(stream), original_(stream.rdbuf()), buffer_(std::make_unique<buffer>(original_)) {
  stream_.rdbuf(buffer_.get());
}

escaped_output::~escaped_output() {
  stream_.flush();
  stream_.rdbuf(original_);
}

}  // namespace retort::cli
