// Why a hedger moved: which utility terms set its chosen option apart from the best alternative.
#pragma once

#include "hedgesim/model/hedger_utility.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim::engine {

//! One term's share in a decision: chosen minus best alternative, weighted as in the utility.
struct TermDriver {
  int term = 0;          // index into model::kTermNames
  double difference = 0; // > 0: the chosen option scores better on this term
};

//! The terms that drove a decision, largest |chosen - alternative| first (ties: lower term index first).
//! Keeps at most `max_count`, and only terms within `relative_floor` of the largest difference, so
//! that rounding noise is never named as a reason. Terms that do not differ are never drivers.
std::vector<TermDriver> rank_drivers(std::span<const double> chosen, std::span<const double> alternative,
                                     std::size_t max_count = 3, double relative_floor = 0.1);

//! The term in plain words ("security", "entrapment risk", "the hedging premium", ...).
std::string_view term_words(int term) noexcept;

//! A signed number for prose, two significant digits and a true minus sign ("+0.012", "−0.0008").
std::string signed_amount(double value);

//! "driven by security (+0.012 vs the best alternative: X) and autonomy (+0.008)"; terms that
//! counted against the choice follow as "; against it: hedging premium (−0.004)". `alternative`
//! describes the best alternative in words; it is attached to the first term named.
std::string drivers_phrase(const std::vector<TermDriver>& drivers, std::string_view alternative);

//! "a", "a and b", "a, b and c".
std::string join_words(const std::vector<std::string>& items);

} // namespace hedgesim::engine
