#include "hedgesim/core/calendar.hpp"

#include <charconv>
#include <fmt/format.h>

namespace hedgesim {

std::string YearMonth::iso() const
{
  return fmt::format("{:04d}-{:02d}", year, month);
}

YearMonth YearMonth::from_serial(int serial) noexcept
{
  return YearMonth{serial / 12, serial % 12 + 1};
}

bool parse_year_month(std::string_view text, YearMonth& out)
{
  const auto dash = text.find('-');
  if (dash != 4 || text.size() < 6 || text.size() > 7) {
    return false;
  }
  int year = 0;
  int month = 0;
  const auto y = std::from_chars(text.data(), text.data() + dash, year);
  const auto m = std::from_chars(text.data() + dash + 1, text.data() + text.size(), month);
  if (y.ec != std::errc{} || y.ptr != text.data() + dash || m.ec != std::errc{} || m.ptr != text.data() + text.size() ||
      month < 1 || month > 12) {
    return false;
  }
  out = YearMonth{year, month};
  return true;
}

int months_per_step(StepUnit unit) noexcept
{
  switch (unit) {
  case StepUnit::month:
    return 1;
  case StepUnit::quarter:
    return 3;
  case StepUnit::year:
    return 12;
  }
  return 1;
}

double years_per_step(StepUnit unit) noexcept
{
  return months_per_step(unit) / 12.0;
}

std::string_view to_string(StepUnit unit) noexcept
{
  switch (unit) {
  case StepUnit::month:
    return "month";
  case StepUnit::quarter:
    return "quarter";
  case StepUnit::year:
    return "year";
  }
  return "month";
}

bool parse_step_unit(std::string_view text, StepUnit& out)
{
  for (StepUnit u : {StepUnit::month, StepUnit::quarter, StepUnit::year}) {
    if (text == to_string(u)) {
      out = u;
      return true;
    }
  }
  return false;
}

TimeAxis::TimeAxis(YearMonth start, YearMonth end, StepUnit unit) : unit_(unit)
{
  const int stride = months_per_step(unit);
  for (int s = start.serial(); s <= end.serial(); s += stride) {
    dates_.push_back(YearMonth::from_serial(s));
  }
}

std::size_t TimeAxis::step_at_or_after(YearMonth when) const noexcept
{
  for (std::size_t i = 0; i < dates_.size(); ++i) {
    if (dates_[i] >= when) {
      return i;
    }
  }
  return dates_.size();
}

} // namespace hedgesim
