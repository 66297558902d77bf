#include "hedgesim/model/factions.hpp"

#include "hedgesim/core/error.hpp"

#include <bit>
#include <cmath>

namespace hedgesim::model {

FactionOutcome bargain_course(const std::vector<Faction>& factions, int rounds)
{
  if (factions.empty()) {
    throw ModelError("faction bargaining: no factions");
  }
  if (rounds < 0) {
    throw ModelError("faction bargaining: rounds must be >= 0, got " + std::to_string(rounds));
  }
  std::vector<BargainingActor> actors;
  for (const auto& f : factions) {
    if (!(f.capability >= 0)) {
      throw ModelError("faction " + f.id + ": capability must be >= 0");
    }
    if (!(f.salience >= 0 && f.salience <= 1)) {
      throw ModelError("faction " + f.id + ": salience must be in [0, 1]");
    }
    if (!(f.position >= -1 && f.position <= 1)) {
      throw ModelError("faction " + f.id + ": position must be in [-1, 1]");
    }
    actors.push_back(BargainingActor{f.capability, f.position, f.salience});
  }
  FactionOutcome out;
  BargainingOptions options;
  options.rounds = rounds;
  const auto history = bargain(actors, options);
  if (history.empty()) {
    out.forecast = median_voter_position(actors);
    out.mean = weighted_mean_position(actors);
    for (const auto& a : actors) {
      out.positions.push_back(a.position);
    }
    return out;
  }
  out.forecast = history.back().median;
  out.mean = history.back().mean;
  out.positions = history.back().positions;
  return out;
}

double CourseMemo::forecast(const std::vector<Faction>& factions)
{
  key_.clear();
  for (const Faction& f : factions) {
    key_.push_back(std::bit_cast<std::uint64_t>(f.capability));
    key_.push_back(std::bit_cast<std::uint64_t>(f.salience));
    key_.push_back(std::bit_cast<std::uint64_t>(f.position));
  }
  for (const Entry& e : entries_) {
    if (e.key == key_) {
      return e.forecast;
    }
  }
  const double forecast = bargain_course(factions).forecast; // throws before anything is kept
  if (entries_.size() < kCapacity) {
    entries_.push_back({key_, forecast});
  } else {
    entries_[next_] = {key_, forecast};
    next_ = (next_ + 1) % kCapacity;
  }
  return forecast;
}

double predecessor_weight(double years_since_resignation, double half_life_years)
{
  if (!(half_life_years > 0)) {
    throw ModelError("predecessor weight: half-life must be > 0 years");
  }
  if (!(years_since_resignation >= 0)) {
    throw ModelError("predecessor weight: years since resignation must be >= 0");
  }
  // The informal veto decays like a reputation with a fixed half-life.
  return std::exp(-std::log(2.0) * years_since_resignation / half_life_years);
}

} // namespace hedgesim::model
