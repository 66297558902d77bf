// The mutable state of one run, apart from the frozen Scenario it started from.
#pragma once

#include "hedgesim/model/conditions.hpp"
#include "hedgesim/model/great_power.hpp"
#include "hedgesim/model/hedger_decision.hpp"
#include "hedgesim/model/internal_balancing.hpp"
#include "hedgesim/model/strategy.hpp"

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <vector>

namespace hedgesim::engine {

//! Run state. Dyadic quantities are agent x partner matrices; entries that no rule defines
//! (a great power's alignment, an agent toward itself) hold NaN.
struct World {
  explicit World(const Scenario& scenario);

  model::Conditions conditions;
  std::array<Eigen::MatrixXd, kDimensions> alignment; // hedger -> great power, per dimension
  Eigen::MatrixXd intent;                             // perceived hostile intent, agent -> partner
  Eigen::MatrixXd threat;                             // Walt threat, agent -> partner
  std::vector<model::Levers> levers;                  // great power -> hedger, row-major agents x agents
  std::vector<model::Strategy> strategy;              // per agent
  std::vector<model::Decision> decisions;             // per agent; meaningful for hedgers
  std::vector<int> occurrences;                       // per scenario event
  std::vector<double> legitimacy;                     // per agent; NaN for great powers
  std::vector<double> unrest_hazard;                  // per agent [1 / year]; NaN for great powers
  std::vector<std::uint8_t> member;                   // agents x institutions, row-major: 1 = member
  std::vector<long> succession_step;                  // per agent: step of the last succession, -1 none
  std::vector<long> first_succession_step;            // per agent: step of the first succession, -1 none
  std::vector<model::Efforts> effort;                 // per agent: internal balancing; NaN for great powers
  std::vector<double> grievance;                      // great power -> hedger, row-major agents x agents
  std::vector<std::uint8_t> enforcing; // hedger -> great power, row-major: 1 = enforces the sanctions on it
  //! What the exposure rule saw of each dyad last step, to turn levels into changes.
  struct ExposureSeen {
    double security = 0;
    double economic = 0;
    double threat = 0;
    double coercion = 0;
    double enforced = 0; // sanctions the hedger enforces on the partner: enforcing x sanctioned
  };
  std::vector<ExposureSeen> exposure_seen; // agents x agents, row-major
  std::size_t step = 0;                    // index of the step being simulated

  [[nodiscard]] std::size_t size() const noexcept { return strategy.size(); }
  [[nodiscard]] std::size_t institutions() const noexcept { return conditions.institutions.size(); }
  [[nodiscard]] bool is_member(std::size_t agent, std::size_t institution) const
  {
    return member[agent * institutions() + institution] != 0;
  }
  [[nodiscard]] model::Levers& lever(std::size_t power, std::size_t hedger) { return levers[power * size() + hedger]; }
  [[nodiscard]] const model::Levers& lever(std::size_t power, std::size_t hedger) const
  {
    return levers[power * size() + hedger];
  }
  [[nodiscard]] double& grievance_of(std::size_t power, std::size_t hedger)
  {
    return grievance[power * size() + hedger];
  }
  [[nodiscard]] double grievance_of(std::size_t power, std::size_t hedger) const
  {
    return grievance[power * size() + hedger];
  }
  //! Mean alignment of `hedger` toward `power` over the dimensions.
  [[nodiscard]] double mean_alignment(std::size_t hedger, std::size_t power) const;
};

} // namespace hedgesim::engine
