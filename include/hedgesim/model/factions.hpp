// Elite factions of a hedging state bargain over the successor's foreign-policy course.
//
// Each faction prefers an orientation toward one great power on [-1, 1] (-1: away from it,
// +1: aligned with it); the expected-utility bargaining core (bargaining.hpp) forecasts the
// course as the median-voter position after the bargaining rounds. A personalist predecessor
// is one more faction whose informal veto fades after resignation. Pure and deterministic.
#pragma once

#include "hedgesim/model/bargaining.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hedgesim::model {

//! One elite faction.
struct Faction {
  std::string id;
  double capability = 0; // share of elite power, >= 0
  double salience = 0;   // how much the course matters to it, in [0, 1]
  double position = 0;   // preferred orientation toward the great power, in [-1, 1]
};

//! The bargained course.
struct FactionOutcome {
  double forecast = 0;           // median-voter position after the rounds, in [-1, 1]
  double mean = 0;               // capability x salience weighted mean after the rounds
  std::vector<double> positions; // each faction's final position, in input order
};

//! Bargains `rounds` rounds (0: the opening median) and returns the forecast course.
//! Throws ModelError on no factions, a negative capability, a salience outside [0, 1],
//! a position outside [-1, 1] or negative rounds.
FactionOutcome bargain_course(const std::vector<Faction>& factions, int rounds = kForecastRounds);

//! bargain_course(factions).forecast, remembered by its exact inputs (capabilities, saliences and
//! positions, bit for bit) for the last kCapacity bargains. The bargaining is pure and costly, and
//! every run of an ensemble bargains over the same factions at the same dates; a hit returns the
//! very number a fresh bargain would.
class CourseMemo {
public:
  static constexpr std::size_t kCapacity = 64;

  [[nodiscard]] double forecast(const std::vector<Faction>& factions);

private:
  struct Entry {
    std::vector<std::uint64_t> key; // capability, salience, position of each faction, as bits
    double forecast = 0;
  };
  std::vector<Entry> entries_;
  std::size_t next_ = 0; // the entry to replace once full (oldest first)
  std::vector<std::uint64_t> key_;
};

//! Share of a personalist predecessor's capability left `years_since_resignation` after stepping
//! down: exp(-ln 2 * years / half_life), 1 at resignation and 1/2 after one half-life.
//! Throws ModelError on negative years or a non-positive half-life.
double predecessor_weight(double years_since_resignation, double half_life_years);

} // namespace hedgesim::model
