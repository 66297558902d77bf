// The stream journal's checksum is zlib's CRC-32, so that other tools can check its records.
#include "hedgesim/io/crc32.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace hedgesim::io {
namespace {

std::uint32_t crc_of_text(std::string_view text)
{
  return crc32_of({reinterpret_cast<const unsigned char*>(text.data()), text.size()});
}

TEST(Crc32, MatchesTheStandardCheckValue)
{
  EXPECT_EQ(crc_of_text("123456789"), 0xCBF43926U); // the CRC-32 check value of the ISO-HDLC polynomial
  EXPECT_EQ(crc_of_text(""), 0U);
  EXPECT_NE(crc_of_text("123456788"), crc_of_text("123456789"));
}

} // namespace
} // namespace hedgesim::io
