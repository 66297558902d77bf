// Bueno de Mesquita's expected-utility bargaining model, as specified by Scholz, Calbert & Smith (2011).
//
// Actors hold positions on one issue; each round every actor weighs challenging every other,
// offers follow from the signs of the two expected utilities, and each actor accepts the offer
// that moves it least. docs/model.md lists the equations and the choices made where the
// published specification is ambiguous.
#pragma once

#include <vector>

namespace hedgesim::model {

struct BargainingActor {
  double capability = 0; // share of the group's power, >= 0
  double position = 0;   // on the scale
  double salience = 0;   // in [0, 1]
};

struct BargainingOptions {
  double status_quo_probability = 1.0; // Q: probability the status quo holds if nobody challenges
  int rounds = 1;
};

//! The state after one round.
struct BargainingRound {
  std::vector<double> positions;
  std::vector<double> risk; // risk exponents r_i used in the round, in [0.5, 2]
  double median = 0;        // median-voter (Condorcet) position of the new positions
  double mean = 0;          // capability x salience weighted mean of the new positions
};

//! The median-voter position: the actor position that beats or ties every other in
//! pairwise votes weighted by capability x salience (ties: the lowest such position).
double median_voter_position(const std::vector<BargainingActor>& actors);

//! Capability x salience weighted mean position.
double weighted_mean_position(const std::vector<BargainingActor>& actors);

//! E^i(U_ij): i's expected utility of challenging j, given risk exponents and the median.
double challenge_utility(const std::vector<BargainingActor>& actors, std::size_t i, std::size_t j,
                         const std::vector<double>& risk, double median, double q);

//! Risk exponents r_i from each actor's security (what the others expect from challenging it).
std::vector<double> risk_exponents(const std::vector<BargainingActor>& actors, double median, double q);

//! Runs `options.rounds` rounds from `actors`; returns the state after each.
std::vector<BargainingRound> bargain(std::vector<BargainingActor> actors, const BargainingOptions& options);

} // namespace hedgesim::model
