// One run of a scenario: the step loop as named phases over a World.
#pragma once

#include "hedgesim/core/calendar.hpp"
#include "hedgesim/engine/world.hpp"
#include "hedgesim/io/history_format.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hedgesim::engine {

//! Simulates one run. Each step runs, in order:
//!   apply_events -> structural_change -> domestic_politics -> update_perceptions -> great_power_moves
//!   -> hedger_decisions -> resolve
//! and the caller records after it. Updates are synchronous: great powers and hedgers decide
//! from the previous step's alignment and levers, and `resolve` commits all decisions at once.
class Simulation {
public:
  Simulation(const Scenario& scenario, std::uint64_t master_seed, std::uint64_t run);

  //! Runs the phases for the current step and advances to the next one.
  void step();
  [[nodiscard]] bool done() const noexcept { return world_.step >= time_.size(); }

  // The phases, public so that each can be tested alone.
  void apply_events();
  void structural_change();
  void domestic_politics();
  void update_perceptions();
  void great_power_moves();
  void hedger_decisions();
  void resolve();

  [[nodiscard]] const World& world() const noexcept { return world_; }
  [[nodiscard]] World& world() noexcept { return world_; }
  [[nodiscard]] const TimeAxis& time() const noexcept { return time_; }
  [[nodiscard]] const Scenario& scenario() const noexcept { return scenario_; }
  //! Events that fired so far (and great-power lever changes), in order.
  [[nodiscard]] const std::vector<io::EventRecord>& events() const noexcept { return events_; }

  //! The hedger's view of the world, as its decision rule sees it this step.
  [[nodiscard]] model::HedgerView hedger_view(std::size_t hedger) const;
  //! The hedger's alignment block, great powers in agent order.
  [[nodiscard]] model::AlignmentRows alignment_block(std::size_t hedger) const;

private:
  const Scenario& scenario_;
  std::uint64_t master_seed_;
  std::uint64_t run_;
  TimeAxis time_;
  World world_;
  std::vector<int> hedgers_;
  std::vector<int> powers_;
  std::vector<model::Levers> next_levers_;
  std::vector<model::Decision> next_decisions_;
  std::vector<std::uint8_t> next_member_;
  std::vector<io::EventRecord> events_;
  //! shift_exposure's working space, kept across steps: per family of shares (trade, exports,
  //! arms, routes), each great power's share, the change of its log attraction and its new share.
  struct ExposureFamilies {
    std::array<std::vector<double>, 4> shares;
    std::array<std::vector<double>, 4> change;
    std::array<std::vector<double>, 4> shifted;
  };
  ExposureFamilies exposure_;
  //! Chances and factors per step that follow from the scenario's constants and the step length
  //! alone, worked out once per run rather than at every step.
  double grievance_fade_ = 1;    // the share of a grievance left after a step
  double membership_review_ = 0; // the chance that a membership comes up for review in a step
  std::vector<double> arrival_;  // per scenario event: the chance a stochastic one arrives in a step
  //! exp(rate * dt) for the rate it was last worked out for: growth rates change only by events.
  class Growth {
  public:
    //! exp(rate * dt), worked out again only when `rate` is not bit for bit the last one.
    double factor(double rate, double dt);

  private:
    bool known_ = false;
    double rate_ = 0;
    double factor_ = 1;
  };
  std::vector<Growth> capability_growth_; // per agent
  std::vector<Growth> kin_trend_;         // per dyad, row-major agents x agents

  [[nodiscard]] double years_per_step() const noexcept { return hedgesim::years_per_step(time_.unit()); }
  void log(std::string type, int actor, int target, double magnitude);
  void compute_threat();
  [[nodiscard]] int power_row(int agent) const noexcept;
  void ask_for_act(const Event& event, std::size_t index);
  //! A great power takes offence at a hedger's act (Phase 1 acts, Phase 7 exits).
  void aggrieve(int power, std::size_t hedger, double amount);
  void shift_exposure(std::size_t hedger);
  void elite_bargaining(std::size_t hedger);
};

//! Every event type a run of `scenario` can log: its scheduled events' ids, the kinds the
//! engine logs itself, and joining or leaving each institution. Sizes the events table's
//! fixed-width `type` column.
std::vector<std::string> event_types(const Scenario& scenario);
//! The length of the longest of event_types(scenario), in bytes.
std::size_t longest_event_type(const Scenario& scenario);

} // namespace hedgesim::engine
