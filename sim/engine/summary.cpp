#include "hedgesim/engine/summary.hpp"

#include "hedgesim/core/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace hedgesim::engine {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

//! Per column of a [time, rest...] buffer: the statistics over the steps where it is not NaN.
struct Column {
  double last = kNaN;
  double sum = 0;
  double min = kNaN;
  double max = kNaN;
  double squares = 0; // sum of squared deviations from the mean (second pass)
  std::size_t count = 0;

  [[nodiscard]] double mean() const { return count == 0 ? kNaN : sum / static_cast<double>(count); }
  [[nodiscard]] double value(Statistic s) const
  {
    switch (s) {
    case Statistic::final:
      return last;
    case Statistic::mean:
      return mean();
    case Statistic::min:
      return min;
    case Statistic::max:
      return max;
    case Statistic::sd:
      return count == 0 ? kNaN : std::sqrt(squares / static_cast<double>(count));
    }
    return kNaN;
  }
};

template <class Out, class In>
std::vector<Out> reduce(const std::vector<In>& series, std::size_t steps, std::span<const Statistic> statistics)
{
  const std::size_t width = series.size() / steps;
  std::vector<Column> columns(width);
  // Step order is fixed, so the sums are too: the same run gives the same bytes anywhere.
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t c = 0; c < width; ++c) {
      const auto x = static_cast<double>(series[t * width + c]);
      Column& col = columns[c];
      if (t + 1 == steps) {
        col.last = x;
      }
      if (std::isnan(x)) {
        continue;
      }
      col.sum += x;
      col.min = col.count == 0 ? x : std::min(col.min, x);
      col.max = col.count == 0 ? x : std::max(col.max, x);
      ++col.count;
    }
  }
  if (std::find(statistics.begin(), statistics.end(), Statistic::sd) != statistics.end()) {
    for (std::size_t t = 0; t < steps; ++t) {
      for (std::size_t c = 0; c < width; ++c) {
        const auto x = static_cast<double>(series[t * width + c]);
        if (!std::isnan(x)) {
          const double d = x - columns[c].mean();
          columns[c].squares += d * d;
        }
      }
    }
  }
  std::vector<Out> out;
  out.reserve(statistics.size() * width);
  for (const Statistic s : statistics) {
    for (const Column& col : columns) {
      out.push_back(static_cast<Out>(col.value(s)));
    }
  }
  return out;
}

} // namespace

io::VariableSpec summary_variable(const io::VariableSpec& series)
{
  io::VariableSpec spec = series;
  spec.name = "summary/" + series.name;
  std::replace(spec.dims.begin(), spec.dims.end(), std::string("time"), std::string("stat"));
  spec.dtype =
      series.dtype == io::DType::float64 || series.dtype == io::DType::int32 ? io::DType::float64 : io::DType::float32;
  spec.long_name = "statistic over the recorded steps of: " + series.long_name;
  return spec;
}

io::VariableData summarise(const io::VariableData& series, std::size_t steps, std::span<const Statistic> statistics)
{
  return std::visit(
      [&](const auto& values) -> io::VariableData {
        if (steps == 0 || values.size() % steps != 0) {
          throw ModelError(fmt::format("summary: {} values are not {} steps of equal size", values.size(), steps));
        }
        using Value = typename std::decay_t<decltype(values)>::value_type;
        if constexpr (std::is_same_v<Value, double> || std::is_same_v<Value, std::int32_t>) {
          return reduce<double>(values, steps, statistics);
        } else {
          return reduce<float>(values, steps, statistics);
        }
      },
      series);
}

} // namespace hedgesim::engine
