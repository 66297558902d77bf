#include "hedgesim/core/calendar.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hedgesim {
namespace {

TEST(YearMonth, ParsesAndFormatsIso)
{
  YearMonth ym;
  ASSERT_TRUE(parse_year_month("2019-03", ym));
  EXPECT_EQ(ym.year, 2019);
  EXPECT_EQ(ym.month, 3);
  EXPECT_EQ(ym.iso(), "2019-03");

  ASSERT_TRUE(parse_year_month("2022-12", ym));
  EXPECT_EQ(ym, (YearMonth{2022, 12}));
  ASSERT_TRUE(parse_year_month("1991-1", ym)); // single-digit month is accepted
  EXPECT_EQ(ym, (YearMonth{1991, 1}));
  EXPECT_EQ(ym.iso(), "1991-01");
}

TEST(YearMonth, IsoRoundTripsEveryMonthOfACentury)
{
  for (int serial = YearMonth{1950, 1}.serial(); serial <= YearMonth{2050, 12}.serial(); ++serial) {
    const YearMonth ym = YearMonth::from_serial(serial);
    ASSERT_EQ(ym.serial(), serial);
    YearMonth back;
    ASSERT_TRUE(parse_year_month(ym.iso(), back)) << ym.iso();
    ASSERT_EQ(back, ym) << ym.iso();
  }
}

TEST(YearMonth, RejectsMalformedText)
{
  for (const char* bad :
       {"2019-13", "2019-00", "2019-3x", "19-03", "2019-", "2019", "2019/03", "201a-03", "2019-003", " 2019-03",
        "2019-03 ", "2019--3", "2019-+3", "+019-03", "", "-2019-03", "2019-1-", "2019-0x"}) {
    YearMonth ym{1, 1};
    EXPECT_FALSE(parse_year_month(bad, ym)) << '"' << bad << '"';
    EXPECT_EQ(ym, (YearMonth{1, 1})) << "output touched on failure for " << bad;
  }
}

TEST(YearMonth, OrdersBySerialAndGivesDecimalYears)
{
  EXPECT_LT((YearMonth{2019, 12}), (YearMonth{2020, 1}));
  EXPECT_GT((YearMonth{2020, 2}), (YearMonth{2020, 1}));
  EXPECT_DOUBLE_EQ((YearMonth{2019, 1}).decimal_year(), 2019.0);
  EXPECT_DOUBLE_EQ((YearMonth{2019, 3}).decimal_year(), 2019.0 + 2.0 / 12.0);
  EXPECT_DOUBLE_EQ((YearMonth{2019, 7}).decimal_year(), 2019.5);
  EXPECT_DOUBLE_EQ((YearMonth{2019, 12}).decimal_year(), 2019.0 + 11.0 / 12.0);
  EXPECT_EQ(YearMonth::from_serial((YearMonth{2019, 12}).serial() + 1), (YearMonth{2020, 1}));
}

TEST(StepUnit, ParsesNamesAndLengths)
{
  StepUnit unit = StepUnit::month;
  ASSERT_TRUE(parse_step_unit("quarter", unit));
  EXPECT_EQ(unit, StepUnit::quarter);
  ASSERT_TRUE(parse_step_unit("year", unit));
  EXPECT_EQ(unit, StepUnit::year);
  ASSERT_TRUE(parse_step_unit("month", unit));
  EXPECT_EQ(unit, StepUnit::month);
  EXPECT_FALSE(parse_step_unit("months", unit));
  EXPECT_FALSE(parse_step_unit("Year", unit));
  EXPECT_EQ(months_per_step(StepUnit::month), 1);
  EXPECT_EQ(months_per_step(StepUnit::quarter), 3);
  EXPECT_EQ(months_per_step(StepUnit::year), 12);
  EXPECT_DOUBLE_EQ(years_per_step(StepUnit::quarter), 0.25);
  EXPECT_DOUBLE_EQ(years_per_step(StepUnit::month), 1.0 / 12.0);
  for (StepUnit u : {StepUnit::month, StepUnit::quarter, StepUnit::year}) {
    StepUnit back = StepUnit::month;
    ASSERT_TRUE(parse_step_unit(to_string(u), back));
    EXPECT_EQ(back, u);
  }
}

TEST(TimeAxis, SizesForMonthQuarterAndYearSpans)
{
  const YearMonth start{2019, 1};
  const YearMonth end{2023, 12};
  EXPECT_EQ(TimeAxis(start, end, StepUnit::month).size(), 60u);
  EXPECT_EQ(TimeAxis(start, end, StepUnit::quarter).size(), 20u);
  EXPECT_EQ(TimeAxis(start, end, StepUnit::year).size(), 5u);

  // The last step not after the end is included; a partial step is not.
  EXPECT_EQ(TimeAxis({2019, 6}, {2021, 5}, StepUnit::year).size(), 2u);
  EXPECT_EQ(TimeAxis({2019, 6}, {2021, 6}, StepUnit::year).size(), 3u);
  EXPECT_EQ(TimeAxis({2019, 2}, {2019, 4}, StepUnit::quarter).size(), 1u);
  EXPECT_EQ(TimeAxis({2019, 2}, {2019, 5}, StepUnit::quarter).size(), 2u);
  EXPECT_EQ(TimeAxis({2019, 3}, {2019, 3}, StepUnit::month).size(), 1u);
  EXPECT_EQ(TimeAxis({2019, 4}, {2019, 3}, StepUnit::month).size(), 0u);
}

TEST(TimeAxis, DatesStepAcrossYearEnds)
{
  const TimeAxis axis({2019, 11}, {2020, 8}, StepUnit::quarter);
  ASSERT_EQ(axis.size(), 4u);
  EXPECT_EQ(axis.date(0), (YearMonth{2019, 11}));
  EXPECT_EQ(axis.date(1), (YearMonth{2020, 2}));
  EXPECT_EQ(axis.date(2), (YearMonth{2020, 5}));
  EXPECT_EQ(axis.date(3), (YearMonth{2020, 8}));
  EXPECT_EQ(axis.unit(), StepUnit::quarter);
}

TEST(TimeAxis, StepAtOrAfter)
{
  const TimeAxis axis({2019, 1}, {2020, 12}, StepUnit::quarter); // 2019-01, -04, -07, -10, 2020-01, ...
  EXPECT_EQ(axis.step_at_or_after({2018, 6}), 0u);
  EXPECT_EQ(axis.step_at_or_after({2019, 1}), 0u);
  EXPECT_EQ(axis.step_at_or_after({2019, 2}), 1u);
  EXPECT_EQ(axis.step_at_or_after({2019, 4}), 1u);
  EXPECT_EQ(axis.step_at_or_after({2019, 12}), 4u);
  EXPECT_EQ(axis.step_at_or_after({2020, 10}), 7u);
  EXPECT_EQ(axis.step_at_or_after({2020, 11}), axis.size());
  EXPECT_EQ(axis.step_at_or_after({2030, 1}), axis.size());
}

} // namespace
} // namespace hedgesim
