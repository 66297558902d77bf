#include "hedgesim/core/text.hpp"

#include "hedgesim/core/random.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

namespace hedgesim {
namespace {

TEST(EditDistance, KnownCases)
{
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("", "abcd"), 4u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);
  EXPECT_EQ(edit_distance("rivalry", "rivalry"), 0u);
  EXPECT_EQ(edit_distance("step", "stpe"), 2u);      // a transposition is two edits
  EXPECT_EQ(edit_distance("hedger", "hedgers"), 1u); // insertion
  EXPECT_EQ(edit_distance("quarter", "quater"), 1u); // deletion
  EXPECT_EQ(edit_distance("oil_price", "oil_prize"), 1u);
  EXPECT_EQ(edit_distance("intercontinental", "international"), 6u);
}

TEST(EditDistance, IsSymmetricAndObeysTheTriangleInequality)
{
  const std::vector<std::string> words{"",          "a",           "ab",          "ba",       "abc", "rationality",
                                       "rationale", "nationality", "uncertainty", "certainty"};
  for (const auto& x : words) {
    for (const auto& y : words) {
      ASSERT_EQ(edit_distance(x, y), edit_distance(y, x)) << x << " / " << y;
      ASSERT_GE(edit_distance(x, y), x.size() > y.size() ? x.size() - y.size() : y.size() - x.size());
      for (const auto& z : words) {
        ASSERT_LE(edit_distance(x, z), edit_distance(x, y) + edit_distance(y, z));
      }
    }
  }
}

const std::vector<std::string> kKeys{
    "rationality", "adjustment_rate", "uncertainty", "rivalry", "oil_price", "oil_reference_price",
    "step",        "quarter",         "month",       "year"};

TEST(NearestMatch, AcceptsTypos)
{
  EXPECT_EQ(nearest_match("rationalty", kKeys), "rationality");
  EXPECT_EQ(nearest_match("uncertanity", kKeys), "uncertainty");
  EXPECT_EQ(nearest_match("rivarly", kKeys), "rivalry");
  EXPECT_EQ(nearest_match("oil_prce", kKeys), "oil_price");
  EXPECT_EQ(nearest_match("oil_refrence_price", kKeys), "oil_reference_price");
  EXPECT_EQ(nearest_match("quater", kKeys), "quarter");
  EXPECT_EQ(nearest_match("stpe", kKeys), "step");
  EXPECT_EQ(nearest_match("yaer", kKeys), "year");
  EXPECT_EQ(did_you_mean("montth", kKeys), " (did you mean 'month'?)");
}

TEST(NearestMatch, RejectsUnrelatedWords)
{
  EXPECT_FALSE(nearest_match("population", kKeys).has_value());
  EXPECT_FALSE(nearest_match("xyz", kKeys).has_value());
  EXPECT_FALSE(nearest_match("ab", {"xy"}).has_value()); // every letter replaced
  EXPECT_FALSE(nearest_match("", kKeys).has_value());
  EXPECT_FALSE(nearest_match("rationality", {}).has_value());
  EXPECT_EQ(did_you_mean("sanctions_regime", kKeys), "");
  // Four edits in nine letters is more than a typo ("rationality" is four edits away).
  EXPECT_FALSE(nearest_match("rationing", kKeys).has_value());
  EXPECT_FALSE(nearest_match("oil_reserves", kKeys).has_value());
}

TEST(NearestMatch, PrefersTheClosestCandidate)
{
  EXPECT_EQ(nearest_match("oil_prices", kKeys), "oil_price");
  EXPECT_EQ(nearest_match("yeat", {"beat", "year"}), "beat"); // a tie goes to the first candidate
  EXPECT_EQ(nearest_match("yeas", {"peat", "years", "yeast"}), "years");
}

TEST(SingleLine, EscapesControlCharacters)
{
  EXPECT_EQ(single_line("plain text, ünïcode"), "plain text, ünïcode");
  EXPECT_EQ(single_line("two\nlines\tand a tab"), "two\\nlines\\tand a tab");
  EXPECT_EQ(single_line(std::string("nul\0bell\a", 9)), "nul\\x00bell\\x07");
}

TEST(Excerpt, ShowsShortTextWhole)
{
  EXPECT_EQ(excerpt("0.5"), "0.5");
  EXPECT_EQ(quoted_excerpt("high"), "\"high\"");
  EXPECT_EQ(quoted_excerpt(std::string(40, 'x')), "\"" + std::string(40, 'x') + "\"");
  EXPECT_EQ(quoted_excerpt("a\nb"), "\"a\\nb\"");
}

TEST(Excerpt, CutsLongTextAndGivesItsLength)
{
  const std::string digits(10000, '9');
  EXPECT_EQ(excerpt(digits), std::string(30, '9') + "... (10000 characters)");
  EXPECT_EQ(quoted_excerpt(digits), "\"" + std::string(30, '9') + "...\" (10000 characters)");
  // Characters, not bytes: a two-byte letter is never cut in half.
  std::string letters;
  for (int i = 0; i < 50; ++i) {
    letters += "é";
  }
  std::string first;
  for (int i = 0; i < 30; ++i) {
    first += "é";
  }
  EXPECT_EQ(excerpt(letters), first + "... (50 characters)");
}

TEST(FormatNumber, ShortestTextForSimpleValues)
{
  EXPECT_EQ(format_number(0.5), "0.5");
  EXPECT_EQ(format_number(64.0), "64");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(-2.25), "-2.25");
}

void expect_round_trip(double x)
{
  const std::string text = format_number(x);
  char* end = nullptr;
  const double back = std::strtod(text.c_str(), &end);
  ASSERT_EQ(*end, '\0') << text;
  ASSERT_EQ(std::bit_cast<std::uint64_t>(back), std::bit_cast<std::uint64_t>(x)) << text;
}

TEST(FormatNumber, RoundTripsDoublesExactly)
{
  using L = std::numeric_limits<double>;
  for (double x :
       {0.0, -0.0, 1.0, 1.0 / 3.0, 2.0 / 7.0, 5.0 / 7.0, 0.1 + 0.2, 1e-300, 1e300, L::max(), L::lowest(), L::min(),
        L::denorm_min(), L::epsilon(), 1 + L::epsilon(), 123456789012345678.0, L::infinity(), -L::infinity()}) {
    expect_round_trip(x);
  }
  // Arbitrary bit patterns cover every exponent, subnormals included; uniforms cover the common scale.
  RandomStream r(99, 0, 0, 0, Stream::events);
  for (int i = 0; i < 20000; ++i) {
    const auto hi = static_cast<std::uint64_t>(r.uniform() * 4294967296.0);
    const auto lo = static_cast<std::uint64_t>(r.uniform() * 4294967296.0);
    const double bits = std::bit_cast<double>((hi << 32) | lo);
    if (!std::isnan(bits)) {
      expect_round_trip(bits);
    }
    expect_round_trip(r.uniform());
    expect_round_trip(r.normal() * 1000.0);
  }
}

} // namespace
} // namespace hedgesim
