// Diplomatic acts the hedger decides when an event asks: votes on UN resolutions, recognition.
#pragma once

#include "hedgesim/model/hedger_utility.hpp"

#include <array>

namespace hedgesim::model {

//! A vote on a resolution critical of a great power: -1 against, 0 abstain, +1 for.
struct VoteChoice {
  int vote = 0;
  std::array<double, 3> utility{}; // of against, abstain, for
};

//! Utility of each vote on a resolution that partner row `sponsor` brings against partner row
//! `target`, with `severity` in [0, 1] (how plainly it concerns territorial integrity). Voting for
//! it costs what the target pays the hedger (trade, investment, side payments) times `model.silence`.
std::array<double, 3> vote_utilities(const HedgerView& view, const AlignmentRows& a, Eigen::Index sponsor,
                                     Eigen::Index target, double severity, const ModelParams& model);

//! Draws a vote with logit probabilities from uniform `u` in [0, 1).
VoteChoice choose_vote(const std::array<double, 3>& utility, double rationality, double u);

//! Utility of recognising (first) and of refusing (second) a breakaway entity that partner row
//! `requester` asks the hedger to recognise.
std::array<double, 2> recognition_utilities(const HedgerView& view, const AlignmentRows& a, Eigen::Index requester,
                                            double severity, const ModelParams& model);

//! Probability of the first of two options (recognising, enforcing), a logit on the difference of
//! their utilities.
double binary_logit(const std::array<double, 2>& utility, double rationality) noexcept;

//! Utility of enforcing (first) and of evading (second) the sanctions partner row `sponsor` imposes
//! on partner row `target`, with `severity` in [0, 1]. Each side of the choice puts at stake what the
//! power it goes against pays the hedger and provokes that power.
std::array<double, 2> sanctions_utilities(const HedgerView& view, Eigen::Index sponsor, Eigen::Index target,
                                          double severity, const ModelParams& model);

} // namespace hedgesim::model
