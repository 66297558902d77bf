// Calendar dates at month resolution and the time axis of a run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hedgesim {

//! A calendar month, the finest resolution the engine knows.
struct YearMonth {
  int year = 0;
  int month = 1; // 1..12

  //! Months since year 0, January; a total order on dates.
  [[nodiscard]] int serial() const noexcept { return year * 12 + (month - 1); }
  //! Decimal year at the start of the month, e.g. 2019-03 -> 2019.1666...
  [[nodiscard]] double decimal_year() const noexcept { return year + (month - 1) / 12.0; }
  //! ISO 8601 year-month, e.g. "2019-03".
  [[nodiscard]] std::string iso() const;

  static YearMonth from_serial(int serial) noexcept;
  friend bool operator==(const YearMonth&, const YearMonth&) = default;
  friend auto operator<=>(const YearMonth& a, const YearMonth& b) noexcept { return a.serial() <=> b.serial(); }
};

//! Parse "YYYY-MM" (also "YYYY-M"); returns false on anything else.
bool parse_year_month(std::string_view text, YearMonth& out);

enum class StepUnit { month, quarter, year };

//! Months in one step of the given unit.
int months_per_step(StepUnit unit) noexcept;
//! Length of one step in years (used to turn yearly hazards into per-step probabilities).
double years_per_step(StepUnit unit) noexcept;
std::string_view to_string(StepUnit unit) noexcept;
bool parse_step_unit(std::string_view text, StepUnit& out);

//! The dated steps of a run: start, start + step, ... up to and including the last step not after `end`.
class TimeAxis {
public:
  TimeAxis(YearMonth start, YearMonth end, StepUnit unit);

  [[nodiscard]] std::size_t size() const noexcept { return dates_.size(); }
  [[nodiscard]] const YearMonth& date(std::size_t step) const { return dates_.at(step); }
  [[nodiscard]] const std::vector<YearMonth>& dates() const noexcept { return dates_; }
  [[nodiscard]] StepUnit unit() const noexcept { return unit_; }
  //! The first step whose date is on or after `when`; size() if none.
  [[nodiscard]] std::size_t step_at_or_after(YearMonth when) const noexcept;

private:
  std::vector<YearMonth> dates_;
  StepUnit unit_;
};

} // namespace hedgesim
