// Everything the CLI prints to people passes through escaped_output: whole outputs in one write
// (a history of thousands of lines) and messages a piece at a time.
#include "cli/escaped_output.hpp"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace retort::cli {
namespace {

std::string through_escaped_output(const std::vector<std::string>& writes) {
  std::ostringstream out;
  {
    escaped_output escaped(out);
    for (const auto& text : writes) {
      out << text;
    }
  }
  return out.str();
}

TEST(escaped_output, a_large_plain_write_passes_unchanged) {
  std::string lines;
  for (int i = 0; i < 5000; ++i) {
    lines += "a0000000" + std::to_string(i) + " -> b, prénom Zoë\tcolumn\n";
  }
  EXPECT_EQ(through_escaped_output({lines}), lines);
}

TEST(escaped_output, control_characters_are_escaped_in_any_write) {
  const std::string plain(10000, 'a');
  EXPECT_EQ(through_escaped_output({plain + "\r" + plain + "\x1b[2J\n"}),
            plain + "\\r" + plain + "\\x1b[2J\n");
  EXPECT_EQ(through_escaped_output({"one ", "\x1b", " two\n"}), "one \\x1b two\n");
}

TEST(escaped_output, a_c1_control_split_between_writes_is_escaped) {
  EXPECT_EQ(through_escaped_output({"csi \xc2",
                                    "\x9b"
                                    "31m\n"}),
            "csi \\u009b31m\n");
  // Not a C1 control: the two bytes are U+00A9, printed as they are.
  EXPECT_EQ(through_escaped_output({"(c) \xc2", "\xa9 2026\n"}), "(c) \xc2\xa9 2026\n");
  // A 0xC2 that ends everything is printed when the output ends.
  EXPECT_EQ(through_escaped_output({"last \xc2"}), "last \xc2");
}

}  // namespace
}  // namespace retort::cli
