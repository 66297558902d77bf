#include "hedgesim/engine/simulation.hpp"

#include "hedgesim/core/random.hpp"
#include "hedgesim/model/threat.hpp"

#include <cmath>
#include <limits>

namespace hedgesim::engine {

namespace {
// A lever counts as "in use" above this intensity; crossing it is logged as a great-power move.
constexpr double kLeverInUse = 0.05;
} // namespace

Simulation::Simulation(const Scenario& scenario, std::uint64_t master_seed, std::uint64_t run)
    : scenario_(scenario), master_seed_(master_seed), run_(run),
      time_(scenario.meta.start, scenario.meta.end, scenario.meta.step), world_(scenario),
      hedgers_(scenario.agents_with_role(Role::hedger)), powers_(scenario.agents_with_role(Role::great_power)),
      next_levers_(world_.levers), next_decisions_(scenario.size())
{
  update_perceptions(); // so that step 0 decides on a consistent threat picture
}

void Simulation::step()
{
  apply_events();
  domestic_politics();
  update_perceptions();
  great_power_moves();
  hedger_decisions();
  resolve();
}

void Simulation::log(std::string type, int actor, int target, double magnitude)
{
  const auto id = [&](int i) { return i < 0 ? std::string() : scenario_.agents[static_cast<std::size_t>(i)].id; };
  events_.push_back(io::EventRecord{static_cast<std::int32_t>(run_), time_.date(world_.step).decimal_year(),
                                    std::move(type), id(actor), id(target), magnitude});
}

// Phase 1: exogenous change. Scheduled events fire at the first step on or after their date;
// stochastic ones arrive with probability 1 - exp(-hazard * dt) while their window and condition hold.
void Simulation::apply_events()
{
  const YearMonth now = time_.date(world_.step);
  for (std::size_t e = 0; e < scenario_.events.size(); ++e) {
    const Event& event = scenario_.events[e];
    int& count = world_.occurrences[e];
    bool fires = false;
    if (event.at) {
      // A scheduled event is due once; if its condition fails then, it lapses.
      if (count == 0 && now >= *event.at) {
        count = -1;
        fires = !event.when || model::condition_holds(world_.conditions, *event.when);
      }
    } else if (count >= 0 && count < event.max_occurrences && (!event.window_from || now >= *event.window_from) &&
               (!event.window_to || now <= *event.window_to) &&
               (!event.when || model::condition_holds(world_.conditions, *event.when))) {
      RandomStream random(master_seed_, run_, kNoAgent, static_cast<std::uint32_t>(world_.step), Stream::events,
                          static_cast<std::uint32_t>(e));
      fires = random.uniform() < 1.0 - std::exp(-event.hazard * years_per_step());
    }
    if (!fires) {
      continue;
    }
    if (event.at) {
      count = -1;
    } else {
      ++count;
    }
    double magnitude = 0;
    for (std::size_t f = 0; f < event.effects.size(); ++f) {
      const double change = model::apply_effect(world_.conditions, event.effects[f]);
      if (f == 0) {
        magnitude = change;
      }
    }
    log(event.id, event.actor, event.target, magnitude);
  }
}

// Phase 2: each hedger's legitimacy follows its economy and reforms; regime crises break out with a
// hazard that rises with lost oil income and falls with legitimacy, and a regime in crisis may call
// on a patron, who may or may not come (Snyder's abandonment).
void Simulation::domestic_politics()
{
  const auto& m = scenario_.model;
  const double dt = years_per_step();
  const auto& world = world_.conditions.world;
  for (int h : hedgers_) {
    const auto hedger = static_cast<std::size_t>(h);
    auto& self = world_.conditions.agents[hedger];
    double& legitimacy = world_.legitimacy[hedger];
    // Oil income relative to the reference year: negative in a slump.
    const double oil_income = self.commodity_export_share * std::log(world.oil_price / world.oil_reference_price);
    const double target = std::clamp(self.legitimacy + m.reform_legitimacy * self.reform + oil_income, 0.0, 1.0);
    legitimacy += std::clamp(m.legitimacy_rate * dt, 0.0, 1.0) * (target - legitimacy);
    const double hazard = self.unrest_hazard * std::exp(m.shock_sensitivity * std::max(0.0, -oil_income) -
                                                        m.legitimacy_sensitivity * (legitimacy - 0.5));
    world_.unrest_hazard[hedger] = hazard;

    RandomStream random(master_seed_, run_, static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(world_.step),
                        Stream::domestic);
    const bool forced = self.crisis > 0.5;
    self.crisis = 0.0; // an event's trigger is consumed by the crisis it starts
    if (!forced && random.uniform() >= 1.0 - std::exp(-hazard * dt)) {
      continue;
    }
    legitimacy = std::max(0.0, legitimacy - m.crisis_legitimacy_loss);
    log("regime_crisis", h, -1, hazard);
    const double need = self.regime_security * (1.0 - legitimacy);
    if (need < m.request_threshold) {
      continue; // the regime rides it out alone
    }
    // The patron most able and willing to protect the regime: reliable and close in security.
    int patron = -1;
    double best = -1.0;
    for (int g : powers_) {
      const double sec = world_.alignment[0](h, g);
      const double score = world_.conditions.agents[static_cast<std::size_t>(g)].reliability * (1.0 + sec) / 2.0;
      if (score > best) {
        best = score;
        patron = g;
      }
    }
    if (patron < 0) {
      continue;
    }
    log("help_requested", h, patron, need);
    if (random.uniform() < world_.conditions.agents[static_cast<std::size_t>(patron)].reliability) {
      legitimacy += m.help_legitimacy_gain * (1.0 - legitimacy);
      log("help_deployed", patron, h, m.help_legitimacy_gain);
    } else {
      log("help_refused", patron, h, 0.0);
    }
  }
}

// Phase 3: each agent updates the hostile intent it perceives in others (from last step's levers)
// and the Walt threat that follows.
void Simulation::update_perceptions()
{
  const auto& m = scenario_.model;
  const double k = std::clamp(m.perception_rate * years_per_step(), 0.0, 1.0);
  const std::size_t n = world_.size();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) {
        continue;
      }
      const auto& rel = world_.conditions.relation(i, j);
      const auto& partner = world_.conditions.agents[j];
      const model::Levers& applied = world_.lever(j, i);
      const double target = model::intent_target(rel.intent_baseline, partner.revisionism, applied.military,
                                                 applied.ethnic, rel.kin_minority_share, m);
      const auto row = static_cast<Eigen::Index>(i);
      const auto col = static_cast<Eigen::Index>(j);
      world_.intent(row, col) += k * (target - world_.intent(row, col));
      world_.threat(row, col) = model::walt_threat(
          model::threat_sources(world_.conditions.agents[i], partner, rel, world_.intent(row, col), m), m);
    }
  }
}

// Phase 4: each great power sets its levers on each hedger from last step's alignments.
void Simulation::great_power_moves()
{
  const double rivalry = world_.conditions.world.rivalry;
  for (int g : powers_) {
    const auto power = static_cast<std::size_t>(g);
    for (int h : hedgers_) {
      const auto hedger = static_cast<std::size_t>(h);
      double best_rival = -1.0;
      for (int k : powers_) {
        if (k != g) {
          best_rival = std::max(best_rival, world_.mean_alignment(hedger, static_cast<std::size_t>(k)));
        }
      }
      const double own = world_.mean_alignment(hedger, power);
      const auto& params = world_.conditions.agents[power];
      const double p = model::pressure(params, own, powers_.size() > 1 ? best_rival : own, rivalry);
      next_levers_[power * world_.size() + hedger] = model::adjust_levers(
          world_.lever(power, hedger), model::lever_targets(params, p), scenario_.model.lever_rate, years_per_step());
    }
  }
}

model::AlignmentRows Simulation::alignment_block(std::size_t hedger) const
{
  model::AlignmentRows a(static_cast<Eigen::Index>(powers_.size()), kDimensions);
  for (std::size_t r = 0; r < powers_.size(); ++r) {
    for (int d = 0; d < kDimensions; ++d) {
      a(static_cast<Eigen::Index>(r), d) =
          world_.alignment[static_cast<std::size_t>(d)](static_cast<Eigen::Index>(hedger), powers_[r]);
    }
  }
  return a;
}

model::HedgerView Simulation::hedger_view(std::size_t hedger) const
{
  const auto& self = world_.conditions.agents[hedger];
  model::HedgerView v;
  v.nationalism = self.nationalism;
  v.personalism = self.personalism;
  v.commodity_export_share = self.commodity_export_share;
  v.uncertainty = world_.conditions.world.uncertainty;
  v.oil_price = world_.conditions.world.oil_price;
  v.oil_reference_price = world_.conditions.world.oil_reference_price;
  v.legitimacy = world_.legitimacy[hedger];
  v.regime_security = self.regime_security;
  for (int g : powers_) {
    const auto power = static_cast<std::size_t>(g);
    const auto& p = world_.conditions.agents[power];
    const auto& rel = world_.conditions.relation(hedger, power);
    const model::Levers& lever = world_.lever(power, hedger);
    model::PartnerView pv;
    pv.threat = world_.threat(static_cast<Eigen::Index>(hedger), g);
    pv.capability = p.capability;
    pv.reliability = p.reliability;
    pv.trade_share = rel.trade_share;
    pv.investment = rel.investment;
    pv.arms_share = rel.arms_share;
    pv.export_route_share = rel.export_route_share;
    pv.sanctioned = p.sanctioned;
    pv.at_war = p.at_war;
    pv.orientation = rel.orientation;
    pv.inducement = lever.inducement;
    pv.coercion_economic = lever.economic;
    pv.membership_floor.fill(-std::numeric_limits<double>::infinity());
    for (int m : scenario_.relation(hedger, power).memberships) {
      const Institution& inst = scenario_.institutions[static_cast<std::size_t>(m)];
      double& floor = pv.membership_floor[static_cast<std::size_t>(inst.dimension)];
      floor = std::max(floor, inst.floor);
    }
    v.partners.push_back(pv);
  }
  return v;
}

// Phase 5: each hedger weighs its candidate moves from last step's alignment.
void Simulation::hedger_decisions()
{
  const double step = scenario_.model.adjustment_rate * years_per_step();
  for (int h : hedgers_) {
    const auto hedger = static_cast<std::size_t>(h);
    RandomStream random(master_seed_, run_, static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(world_.step),
                        Stream::hedger_choice);
    next_decisions_[hedger] =
        model::decide(hedger_view(hedger), alignment_block(hedger), scenario_.model, step, random);
  }
}

// Phase 6: commit every decision at once, label strategies, log lever changes, advance the clock.
void Simulation::resolve()
{
  for (int g : powers_) {
    for (int h : hedgers_) {
      const auto power = static_cast<std::size_t>(g);
      const auto hedger = static_cast<std::size_t>(h);
      const model::Levers& before = world_.lever(power, hedger);
      const model::Levers& after = next_levers_[power * world_.size() + hedger];
      const bool was = before.coercion() >= kLeverInUse;
      const bool is = after.coercion() >= kLeverInUse;
      if (was != is) {
        log(is ? "coercion_begins" : "coercion_ends", g, h, after.coercion());
      }
    }
  }
  world_.levers = next_levers_;
  for (int h : hedgers_) {
    const auto hedger = static_cast<std::size_t>(h);
    const model::Decision& d = next_decisions_[hedger];
    for (std::size_t r = 0; r < powers_.size(); ++r) {
      for (int dim = 0; dim < kDimensions; ++dim) {
        world_.alignment[static_cast<std::size_t>(dim)](h, powers_[r]) = d.alignment(static_cast<Eigen::Index>(r), dim);
      }
    }
    world_.decisions[hedger] = d;
    world_.strategy[hedger] = model::classify_strategy(d.alignment);
  }
  ++world_.step;
}

} // namespace hedgesim::engine
