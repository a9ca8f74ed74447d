// Text printed for people: control characters become visible, everything else stays.
#include "printable.hpp"

#include <gtest/gtest.h>

namespace retort {
namespace {

TEST(printable, control_characters_become_visible_escapes) {
  EXPECT_EQ(printable("a\nb\rc\td\x1b[2Je\x7f"), "a\\nb\\rc\\td\\x1b[2Je\\x7f");
  EXPECT_EQ(printable(std::string_view("nul\0end", 7)), "nul\\x00end");
  // C1 controls in UTF-8 (U+009B is a one-byte CSI to some terminals).
  EXPECT_EQ(printable("csi\xc2\x9b"
                      "31m"),
            "csi\\u009b31m");
}

TEST(printable, other_text_is_unchanged) {
  EXPECT_EQ(printable("prénom Zoë — ünïcode \xc2\xa0 nbsp"), "prénom Zoë — ünïcode \xc2\xa0 nbsp");
  EXPECT_EQ(printable("back\\slash 'quotes' \"double\""), "back\\slash 'quotes' \"double\"");
  EXPECT_EQ(printable("trailing \xc2"), "trailing \xc2");
}

TEST(printable, escapes_between_long_runs_of_plain_text) {
  const std::string plain(300, 'a');
  EXPECT_EQ(printable(plain + "\r" + plain + "\x1b" + plain),
            plain + "\\r" + plain + "\\x1b" + plain);
  // A 0xC2 that is not followed by a C1 byte is plain UTF-8 (or a lone byte), even when another
  // 0xC2 follows it.
  EXPECT_EQ(printable("a\xc2\xc2\x9b"
                      "b"),
            "a\xc2\\u009bb");
  EXPECT_EQ(printable("\xc2\xa0" + plain + "\xc2"), "\xc2\xa0" + plain + "\xc2");
  EXPECT_EQ(printable(""), "");
  EXPECT_EQ(printable(plain + "\x7f" + plain), plain + "\\x7f" + plain);
  EXPECT_EQ(printable(plain + "\xc2\x85"), plain + "\\u0085");
}

TEST(printable, its_prefix_is_what_passes_unchanged) {
  const std::string plain(300, 'a');
  EXPECT_EQ(printable_prefix(plain), plain.size());
  EXPECT_EQ(printable_prefix(plain + "\r" + plain), plain.size());
  EXPECT_EQ(printable_prefix("one\ntwo"), 3U);
  EXPECT_EQ(printable_prefix("one\ntwo", line_breaks::kept), 7U);
  // Where a 0xC2 is, the byte after it decides: the prefix stops before it.
  EXPECT_EQ(printable_prefix("ab\xc2\xa0"), 2U);
  EXPECT_EQ(printable_prefix(""), 0U);
  std::string appended = "kept: ";
  append_printable(appended, "x\ty", line_breaks::escaped);
  EXPECT_EQ(appended, "kept: x\\ty");
}

TEST(printable, laid_out_text_keeps_its_line_feeds_and_tabs) {
  EXPECT_EQ(printable("one\n\ttwo\r\n", line_breaks::kept), "one\n\ttwo\\r\n");
  EXPECT_EQ(printable("one\n\xc2\x9b\x1b", line_breaks::kept), "one\n\\u009b\\x1b");
}

}  // namespace
}  // namespace retort
