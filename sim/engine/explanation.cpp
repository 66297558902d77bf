#include "hedgesim/engine/explanation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

namespace hedgesim::engine {

namespace {
constexpr std::string_view kMinus = "\u2212";

const std::array<std::string_view, model::kTermCount> kTermWords{"security",
                                                                 "prosperity",
                                                                 "autonomy",
                                                                 "the hedging premium",
                                                                 "the leader's preference",
                                                                 "institutional obligations",
                                                                 "entrapment risk",
                                                                 "regime security",
                                                                 "abandonment risk"};
} // namespace

std::vector<TermDriver> rank_drivers(std::span<const double> chosen, std::span<const double> alternative,
                                     std::size_t max_count, double relative_floor)
{
  std::vector<TermDriver> all;
  const std::size_t n = std::min(chosen.size(), alternative.size());
  for (std::size_t t = 0; t < n; ++t) {
    const double difference = chosen[t] - alternative[t];
    if (std::isfinite(difference) && difference != 0.0) {
      all.push_back({static_cast<int>(t), difference});
    }
  }
  // Stable, so equal magnitudes keep the term order and the output never depends on the sort.
  std::stable_sort(all.begin(), all.end(), [](const TermDriver& a, const TermDriver& b) {
    return std::abs(a.difference) > std::abs(b.difference);
  });
  std::vector<TermDriver> out;
  for (const TermDriver& d : all) {
    if (out.size() >= max_count || std::abs(d.difference) < relative_floor * std::abs(all.front().difference)) {
      break;
    }
    out.push_back(d);
  }
  return out;
}

std::string_view term_words(int term) noexcept
{
  return term >= 0 && term < model::kTermCount ? kTermWords[static_cast<std::size_t>(term)] : "an unknown term";
}

std::string signed_amount(double value)
{
  if (!std::isfinite(value)) {
    return "n/a";
  }
  const double magnitude = std::abs(value);
  // Two significant digits in fixed notation while that stays short; tiny values go scientific.
  std::string digits;
  if (magnitude == 0.0) {
    digits = "0";
  } else if (magnitude >= 1e-4) {
    const int decimals = std::max(0, 1 - static_cast<int>(std::floor(std::log10(magnitude))));
    digits = fmt::format("{:.{}f}", magnitude, decimals);
    // "0.0080" reads as "0.008".
    if (digits.find('.') != std::string::npos) {
      digits.erase(digits.find_last_not_of('0') + 1);
      if (digits.back() == '.') {
        digits.pop_back();
      }
    }
  } else {
    digits = fmt::format("{:.1e}", magnitude);
  }
  return fmt::format("{}{}", value < 0 ? std::string(kMinus) : std::string("+"), digits);
}

std::string join_words(const std::vector<std::string>& items)
{
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += i + 1 == items.size() ? " and " : ", ";
    }
    out += items[i];
  }
  return out;
}

std::string drivers_phrase(const std::vector<TermDriver>& drivers, std::string_view alternative)
{
  if (drivers.empty()) {
    return fmt::format("no term set it apart from the best alternative ({})", alternative);
  }
  std::vector<std::string> favour;
  std::vector<std::string> against;
  bool named_alternative = false;
  const auto item = [&](const TermDriver& d) {
    std::string text = fmt::format("{} ({}", term_words(d.term), signed_amount(d.difference));
    if (!named_alternative) {
      text += fmt::format(" vs the best alternative: {}", alternative);
      named_alternative = true;
    }
    return text + ")";
  };
  // Favouring terms first, so the alternative is named with the first reason for the choice.
  for (const TermDriver& d : drivers) {
    if (d.difference > 0) {
      favour.push_back(item(d));
    }
  }
  for (const TermDriver& d : drivers) {
    if (d.difference < 0) {
      against.push_back(item(d));
    }
  }
  if (favour.empty()) {
    return "chosen by the logit rule although it does worse on " + join_words(against);
  }
  std::string out = "driven by " + join_words(favour);
  if (!against.empty()) {
    out += "; against it: " + join_words(against);
  }
  return out;
}

} // namespace hedgesim::engine
