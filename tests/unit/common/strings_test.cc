#include "common/strings.h"

#include <gtest/gtest.h>

namespace kindred {
namespace {

TEST(Strings, AppendUtf8EncodesEveryLength) {
  std::string s;
  for (uint32_t cp : {0x41u, 0xE9u, 0x6F22u, 0x1F4A5u}) AppendUtf8(cp, &s);
  EXPECT_EQ(s, "A\xC3\xA9\xE6\xBC\xA2\xF0\x9F\x92\xA5");
}

}  // namespace
}  // namespace kindred
