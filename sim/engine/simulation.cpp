#include "hedgesim/engine/simulation.hpp"

#include "hedgesim/core/random.hpp"
#include "hedgesim/model/diplomatic_acts.hpp"
#include "hedgesim/model/exposure.hpp"
#include "hedgesim/model/factions.hpp"
#include "hedgesim/model/internal_balancing.hpp"
#include "hedgesim/model/membership.hpp"
#include "hedgesim/model/threat.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <fmt/format.h>
#include <limits>
#include <string_view>

namespace hedgesim::engine {

namespace {

//! The kinds of event the engine logs itself, besides scheduled events and joining or leaving
//! an institution. One list, so that event_types() names every kind a run can log.
enum class Kind {
  succession,
  un_vote,
  enforces_sanctions,
  evades_sanctions,
  recognises,
  refuses_recognition,
  regime_crisis,
  help_requested,
  help_deployed,
  help_refused,
  course_set,
  coercion_begins,
  coercion_ends, // the last: kKindNames has one name per kind
};
constexpr std::array<const char*, static_cast<std::size_t>(Kind::coercion_ends) + 1> kKindNames{
    "succession",          "un_vote",         "enforces_sanctions", "evades_sanctions", "recognises",
    "refuses_recognition", "regime_crisis",   "help_requested",     "help_deployed",    "help_refused",
    "course_set",          "coercion_begins", "coercion_ends"};
static_assert(std::string_view(kKindNames.back()) == "coercion_ends", "a name for every kind, in the enum's order");

const char* name(Kind kind) noexcept
{
  return kKindNames[static_cast<std::size_t>(kind)];
}

// A lever counts as "in use" above this intensity; crossing it is logged as a great-power move.
constexpr double kLeverInUse = 0.05;
// A predecessor with less than this share of its former weight no longer counts.
constexpr double kPredecessorGone = 0.05;
} // namespace

double Simulation::Growth::factor(double rate, double dt)
{
  if (!known_ || std::bit_cast<std::uint64_t>(rate) != std::bit_cast<std::uint64_t>(rate_)) {
    known_ = true;
    rate_ = rate;
    factor_ = std::exp(rate * dt);
  }
  return factor_;
}

Simulation::Simulation(const Scenario& scenario, std::uint64_t master_seed, std::uint64_t run)
    : scenario_(scenario), master_seed_(master_seed), run_(run),
      time_(scenario.meta.start, scenario.meta.end, scenario.meta.step), world_(scenario),
      hedgers_(scenario.agents_with_role(Role::hedger)), powers_(scenario.agents_with_role(Role::great_power)),
      next_levers_(world_.levers), next_decisions_(scenario.size()), next_member_(world_.member)
{
  compute_threat(); // acts and exposure at step 0 see the threat of the initial intentions
  const double dt = years_per_step();
  grievance_fade_ = std::exp(-std::log(2.0) * dt / scenario.model.grievance_half_life);
  membership_review_ = 1.0 - std::exp(-scenario.model.membership_review * dt);
  arrival_.assign(scenario.events.size(), 0.0);
  for (std::size_t e = 0; e < scenario.events.size(); ++e) {
    if (!scenario.events[e].at) {
      arrival_[e] = 1.0 - std::exp(-scenario.events[e].hazard * dt);
    }
  }
  capability_growth_.resize(world_.conditions.agents.size());
  kin_trend_.resize(world_.size() * world_.size());
  for (auto* family : {&exposure_.shares, &exposure_.change, &exposure_.shifted}) {
    for (auto& v : *family) {
      v.resize(powers_.size());
    }
  }
}

void Simulation::step()
{
  apply_events();
  structural_change();
  domestic_politics();
  update_perceptions();
  great_power_moves();
  hedger_decisions();
  resolve();
}

std::vector<std::string> event_types(const Scenario& scenario)
{
  std::vector<std::string> types(kKindNames.begin(), kKindNames.end());
  for (const auto& event : scenario.events) {
    types.push_back(event.id);
  }
  for (const auto& inst : scenario.institutions) {
    types.push_back("joins_" + inst.id);
    types.push_back("leaves_" + inst.id);
  }
  return types;
}

std::size_t longest_event_type(const Scenario& scenario)
{
  std::size_t longest = 0;
  for (const std::string& type : event_types(scenario)) {
    longest = std::max(longest, type.size());
  }
  return longest;
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
      fires = random.uniform() < arrival_[e];
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
    if (event.act.kind != Act::Kind::none) {
      ask_for_act(event, e);
    }
  }
}

int Simulation::power_row(int agent) const noexcept
{
  const auto it = std::find(powers_.begin(), powers_.end(), agent);
  return it == powers_.end() ? -1 : static_cast<int>(it - powers_.begin());
}

// An event asks every hedger for a diplomatic act; each decides by its own alignment and fears.
// Events never decide for a hedger.
void Simulation::ask_for_act(const Event& event, std::size_t index)
{
  const auto& m = scenario_.model;
  if (event.act.kind == Act::Kind::succession) {
    // The factions bargain over the new leader's course in the domestic phase of this step.
    const auto actor = static_cast<std::size_t>(event.actor);
    world_.succession_step[actor] = static_cast<long>(world_.step);
    if (world_.first_succession_step[actor] < 0) {
      world_.first_succession_step[actor] = static_cast<long>(world_.step);
    }
    log(name(Kind::succession), event.actor, -1, 0.0);
    return;
  }
  const Eigen::Index actor = power_row(event.actor);
  const Eigen::Index target = power_row(event.target);
  for (int h : hedgers_) {
    const auto hedger = static_cast<std::size_t>(h);
    const model::HedgerView view = hedger_view(hedger);
    const model::AlignmentRows a = alignment_block(hedger);
    RandomStream random(master_seed_, run_, static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(world_.step),
                        Stream::acts, static_cast<std::uint32_t>(index));
    if (event.act.kind == Act::Kind::un_vote) {
      const auto vote = model::choose_vote(model::vote_utilities(view, a, actor, target, event.act.severity, m),
                                           m.act_rationality, random.uniform());
      log(name(Kind::un_vote), h, event.target, vote.vote);
      // A vote for the resolution goes against its target, a vote against it against its sponsor.
      if (vote.vote != 0) {
        aggrieve(vote.vote > 0 ? event.target : event.actor, hedger, m.grievance_act * event.act.severity);
      }
    } else if (event.act.kind == Act::Kind::sanctions) {
      const double p = model::binary_logit(model::sanctions_utilities(view, actor, target, event.act.severity, m),
                                           m.act_rationality);
      const bool enforces = random.uniform() < p;
      world_.enforcing[hedger * world_.size() + static_cast<std::size_t>(event.target)] = enforces ? 1 : 0;
      log(name(enforces ? Kind::enforces_sanctions : Kind::evades_sanctions), h, event.target, p);
      aggrieve(enforces ? event.target : event.actor, hedger, m.grievance_act * event.act.severity);
    } else {
      const double p =
          model::binary_logit(model::recognition_utilities(view, a, actor, event.act.severity, m), m.act_rationality);
      const bool recognises = random.uniform() < p;
      log(name(recognises ? Kind::recognises : Kind::refuses_recognition), h, event.actor, p);
      if (!recognises) {
        aggrieve(event.actor, hedger, m.grievance_act * event.act.severity);
      }
    }
  }
}

void Simulation::aggrieve(int power, std::size_t hedger, double amount)
{
  if (power >= 0 && power_row(power) >= 0) {
    double& g = world_.grievance_of(static_cast<std::size_t>(power), hedger);
    g = std::min(1.0, g + amount);
  }
}

// Phase 2: slow structural change. Capabilities and kin minorities follow their trends; trade,
// export markets, arms suppliers and export routes shift with alignment, threat and coercion.
void Simulation::structural_change()
{
  const double dt = years_per_step();
  auto& c = world_.conditions;
  // Adaptive expectations: a lasting price level becomes the new normal.
  c.world.oil_reference_price +=
      std::clamp(c.world.oil_expectation_rate * dt, 0.0, 1.0) * (c.world.oil_price - c.world.oil_reference_price);
  for (std::size_t i = 0; i < c.agents.size(); ++i) {
    auto& agent = c.agents[i];
    agent.capability =
        std::clamp(agent.capability * capability_growth_[i].factor(agent.capability_growth, dt), 0.0, 1.0);
  }
  // Kin minorities matter in every dyad (perceptions use them), not only a hedger's.
  for (std::size_t i = 0; i < world_.size(); ++i) {
    for (std::size_t j = 0; j < world_.size(); ++j) {
      if (j != i) {
        auto& rel = c.relations[i * world_.size() + j];
        rel.kin_minority_share = std::clamp(
            rel.kin_minority_share * kin_trend_[i * world_.size() + j].factor(rel.kin_minority_trend, dt), 0.0, 1.0);
      }
    }
  }
  for (int h : hedgers_) {
    shift_exposure(static_cast<std::size_t>(h));
  }
}

void Simulation::shift_exposure(std::size_t hedger)
{
  const auto& m = scenario_.model;
  const double dt = years_per_step();
  const std::size_t n = world_.size();
  const std::size_t k = powers_.size();
  const model::ExposureElasticity trade{m.trade_alignment, 0.0, m.trade_coercion};
  const model::ExposureElasticity arms{m.arms_alignment, m.arms_threat, 0.0};
  const model::ExposureElasticity route{0.0, m.route_threat, m.route_coercion};
  const double diversification = model::effort(world_.effort[hedger], model::Effort::diversification);
  auto& shares = exposure_.shares;
  auto& change = exposure_.change;
  for (std::size_t r = 0; r < k; ++r) {
    const auto g = static_cast<std::size_t>(powers_[r]);
    const auto& rel = world_.conditions.relation(hedger, g);
    World::ExposureSeen now{world_.alignment[0](static_cast<Eigen::Index>(hedger), static_cast<Eigen::Index>(g)),
                            world_.alignment[1](static_cast<Eigen::Index>(hedger), static_cast<Eigen::Index>(g)),
                            world_.threat(static_cast<Eigen::Index>(hedger), static_cast<Eigen::Index>(g)),
                            world_.lever(g, hedger).economic,
                            world_.enforcing[hedger * n + g] * world_.conditions.agents[g].sanctioned};
    World::ExposureSeen& seen = world_.exposure_seen[hedger * n + g];
    if (world_.step == 0) {
      seen = now; // levels at the start are the calibration's; only changes move shares
    }
    const double d_sec = now.security - seen.security;
    const double d_econ = now.economic - seen.economic;
    const double d_threat = now.threat - seen.threat;
    const double d_coercion = now.coercion - seen.coercion;
    // Enforcing sanctions on a partner is a control on trade with it, as its own customs barriers are.
    const double d_controls = d_coercion + now.enforced - seen.enforced;
    seen = now;
    shares[0][r] = rel.trade_share;
    shares[1][r] = rel.export_share;
    shares[2][r] = rel.arms_share;
    shares[3][r] = rel.export_route_share;
    change[0][r] = model::attraction_change({rel.trade_trend, d_econ, d_threat, d_controls}, trade, dt);
    change[1][r] = model::attraction_change({rel.export_trend, d_econ, d_threat, d_controls}, trade, dt);
    // Diversification effort pulls most on the main suppliers (internal balancing).
    change[2][r] = model::attraction_change({rel.arms_trend, d_sec, d_threat, d_coercion}, arms, dt) -
                   m.diversification_rate * diversification * rel.arms_share * dt;
    change[3][r] = model::attraction_change({rel.route_trend, 0.0, d_threat, d_coercion}, route, dt);
  }
  auto& shifted = exposure_.shifted;
  for (std::size_t f = 0; f < shares.size(); ++f) {
    model::shift_shares(shares[f], change[f], shifted[f]);
  }
  for (std::size_t r = 0; r < k; ++r) {
    auto& rel = world_.conditions.relations[hedger * n + static_cast<std::size_t>(powers_[r])];
    rel.trade_share = shifted[0][r];
    rel.export_share = shifted[1][r];
    rel.arms_share = shifted[2][r];
    rel.export_route_share = shifted[3][r];
  }
}

// Phase 3: each hedger's legitimacy follows its economy and reforms; regime crises break out with a
// hazard that rises with lost oil income and falls with legitimacy, and a regime in crisis may call
// on a patron, who may or may not come (Snyder's abandonment).
void Simulation::domestic_politics()
{
  const auto& m = scenario_.model;
  const double dt = years_per_step();
  const auto& world = world_.conditions.world;
  for (int h : hedgers_) {
    const auto hedger = static_cast<std::size_t>(h);
    elite_bargaining(hedger);
    auto& self = world_.conditions.agents[hedger];
    double& legitimacy = world_.legitimacy[hedger];
    // Oil income relative to the reference year: negative in a slump.
    const double oil_income = self.commodity_export_share * std::log(world.oil_price / world.oil_reference_price);
    const double reform = model::effort(world_.effort[hedger], model::Effort::reform);
    const double target = std::clamp(self.legitimacy + m.reform_legitimacy * reform + oil_income, 0.0, 1.0);
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
    log(name(Kind::regime_crisis), h, -1, hazard);
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
    log(name(Kind::help_requested), h, patron, need);
    if (random.uniform() < world_.conditions.agents[static_cast<std::size_t>(patron)].reliability) {
      legitimacy += m.help_legitimacy_gain * (1.0 - legitimacy);
      log(name(Kind::help_deployed), patron, h, m.help_days);
    } else {
      log(name(Kind::help_refused), patron, h, 0.0);
    }
  }
}

// After a succession the elite factions bargain over the new leader's course toward each great
// power (Bueno de Mesquita, as specified by Scholz et al. 2011), at once and then at every review;
// a personalist predecessor takes part with a weight that fades with its half-life.
void Simulation::elite_bargaining(std::size_t hedger)
{
  const Agent& agent = scenario_.agents[hedger];
  const long since = world_.succession_step[hedger];
  if (agent.factions.empty() || since < 0) {
    return;
  }
  const double dt = years_per_step();
  const auto review = std::max<long>(1, std::lround(scenario_.model.factions_review / dt));
  const long elapsed = static_cast<long>(world_.step) - since;
  if (elapsed % review != 0) {
    return;
  }
  // The predecessor's sway fades from the first succession on; a later succession re-opens the
  // bargaining but does not restore it.
  const long since_first = static_cast<long>(world_.step) - world_.first_succession_step[hedger];
  const double weight = model::predecessor_weight(static_cast<double>(since_first) * dt,
                                                  world_.conditions.agents[hedger].predecessor_half_life);
  // The course is re-bargained while a predecessor's weight fades; once it has faded (or with no
  // predecessor, after the first round) the course stands until the next succession.
  const bool has_predecessor =
      std::any_of(agent.factions.begin(), agent.factions.end(), [](const EliteFaction& f) { return f.predecessor; });
  if (elapsed > 0 && (!has_predecessor || weight < kPredecessorGone)) {
    return;
  }
  for (int g : powers_) {
    std::vector<model::Faction> factions;
    for (const EliteFaction& f : agent.factions) {
      const double position = f.orientation[static_cast<std::size_t>(g)];
      if (!std::isnan(position)) {
        factions.push_back({f.id, f.capability * (f.predecessor ? weight : 1.0), f.salience, position});
      }
    }
    if (factions.empty()) {
      continue;
    }
    // One memo per thread outlives the runs, which bargain alike (see CourseMemo).
    thread_local model::CourseMemo memo;
    const double course = memo.forecast(factions);
    double& orientation = world_.conditions.relations[hedger * world_.size() + static_cast<std::size_t>(g)].orientation;
    if (course != orientation) {
      log(name(Kind::course_set), static_cast<int>(hedger), g, course);
      orientation = course;
    }
  }
}

// Phase 4: each agent updates the hostile intent it perceives in others (from last step's levers)
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
      const model::Levers& applied = world_.lever(j, i);
      const double target =
          model::intent_target(rel.intent_baseline, world_.conditions.agents[j].revisionism, applied.military,
                               applied.economic, applied.ethnic, rel.kin_minority_share, m);
      world_.intent(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) +=
          k * (target - world_.intent(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
    }
  }
  compute_threat();
}

void Simulation::compute_threat()
{
  const auto& m = scenario_.model;
  const std::size_t n = world_.size();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i != j) {
        const auto row = static_cast<Eigen::Index>(i);
        const auto col = static_cast<Eigen::Index>(j);
        world_.threat(row, col) =
            model::walt_threat(model::threat_sources(world_.conditions.agents[i], world_.conditions.agents[j],
                                                     world_.conditions.relation(i, j), world_.intent(row, col), m),
                               m);
      }
    }
  }
}

// Phase 5: each great power sets its levers on each hedger from last step's alignments and from
// its grievances at the hedger's acts, which fade.
void Simulation::great_power_moves()
{
  const double rivalry = world_.conditions.world.rivalry;
  for (double& g : world_.grievance) {
    g *= grievance_fade_;
  }
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
      const double grievance = world_.grievance_of(power, hedger);
      next_levers_[power * world_.size() + hedger] =
          model::adjust_levers(world_.lever(power, hedger), model::lever_targets(params, p, grievance),
                               scenario_.model.lever_rate, years_per_step());
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
  v.sanctioned = self.sanctioned;
  v.effort = world_.effort[hedger];
  v.partners.reserve(powers_.size());
  for (int g : powers_) {
    const auto power = static_cast<std::size_t>(g);
    const auto& p = world_.conditions.agents[power];
    const auto& rel = world_.conditions.relation(hedger, power);
    const model::Levers& lever = world_.lever(power, hedger);
    model::PartnerView pv;
    pv.threat = world_.threat(static_cast<Eigen::Index>(hedger), g);
    pv.intent = world_.intent(static_cast<Eigen::Index>(hedger), g);
    pv.kin_minority_share = rel.kin_minority_share;
    pv.capability = p.capability;
    pv.reliability = p.reliability;
    pv.trade_share = rel.trade_share;
    pv.investment = rel.investment;
    pv.arms_share = rel.arms_share;
    pv.export_route_share = rel.export_route_share;
    pv.sanctioned = p.sanctioned;
    pv.enforced = world_.enforcing[hedger * world_.size() + power];
    pv.at_war = p.at_war;
    pv.orientation = rel.orientation;
    pv.inducement = lever.inducement;
    pv.coercion_economic = lever.economic;
    pv.membership_floor.fill(-std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < scenario_.institutions.size(); ++i) {
      const Institution& inst = scenario_.institutions[i];
      if (inst.led_by == g && world_.is_member(hedger, i)) {
        double& floor = pv.membership_floor[static_cast<std::size_t>(inst.dimension)];
        floor = std::max(floor, inst.floor);
      }
    }
    v.partners.push_back(pv);
  }
  return v;
}

// Phase 6: each hedger makes one move per policy channel from last step's posture, and decides whether to join,
// keep or leave each institution on offer.
void Simulation::hedger_decisions()
{
  const auto& m = scenario_.model;
  const double step = m.adjustment_rate * years_per_step();
  const std::size_t institutions = scenario_.institutions.size();
  for (int h : hedgers_) {
    const auto hedger = static_cast<std::size_t>(h);
    const model::HedgerView view = hedger_view(hedger);
    const model::AlignmentRows a = alignment_block(hedger);
    RandomStream random(master_seed_, run_, static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(world_.step),
                        Stream::hedger_choice);
    next_decisions_[hedger] = model::decide(view, a, m, step, random);
    for (std::size_t i = 0; i < institutions; ++i) {
      const Institution& inst = scenario_.institutions[i];
      const InstitutionParams& offer = world_.conditions.institutions[i];
      const bool member = world_.is_member(hedger, i);
      const int leader = power_row(inst.led_by);
      std::uint8_t& next = next_member_[hedger * institutions + i];
      if (leader < 0 || (!member && offer.open <= 0.5)) {
        next = member ? 1 : 0;
        continue;
      }
      RandomStream choice(master_seed_, run_, static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(world_.step),
                          Stream::membership, static_cast<std::uint32_t>(i));
      // An open offer is answered every step; a membership comes up for review now and then.
      if (member && choice.uniform() >= membership_review_) {
        next = 1;
        continue;
      }
      const model::MembershipValue value =
          model::membership_value(view, a, leader, inst.dimension, inst.floor, offer, m);
      // Leaving provokes the leader (Walt); it weighs as the leader's threat does.
      const double exit_cost = offer.exit_cost + m.provocation * view.partners[static_cast<std::size_t>(leader)].threat;
      next = choice.uniform() < model::membership_probability(value.total, member, exit_cost, m.membership_rationality)
                 ? 1
                 : 0;
    }
  }
}

// Phase 7: commit every decision at once, label strategies, log lever and membership changes,
// advance the clock.
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
        log(name(is ? Kind::coercion_begins : Kind::coercion_ends), g, h, after.coercion());
      }
    }
  }
  world_.levers = next_levers_;
  for (int h : hedgers_) {
    const auto hedger = static_cast<std::size_t>(h);
    for (std::size_t i = 0; i < scenario_.institutions.size(); ++i) {
      const std::size_t slot = hedger * scenario_.institutions.size() + i;
      if (next_member_[slot] != world_.member[slot]) {
        const Institution& inst = scenario_.institutions[i];
        log(fmt::format("{}_{}", next_member_[slot] != 0 ? "joins" : "leaves", inst.id), h, inst.led_by, 0.0);
        if (next_member_[slot] == 0) {
          aggrieve(inst.led_by, hedger, scenario_.model.grievance_exit);
        }
      }
    }
  }
  world_.member = next_member_;
  for (int h : hedgers_) {
    const auto hedger = static_cast<std::size_t>(h);
    const model::Decision& d = next_decisions_[hedger];
    for (std::size_t r = 0; r < powers_.size(); ++r) {
      for (int dim = 0; dim < kDimensions; ++dim) {
        world_.alignment[static_cast<std::size_t>(dim)](h, powers_[r]) = d.alignment(static_cast<Eigen::Index>(r), dim);
      }
    }
    world_.effort[hedger] = d.effort;
    world_.decisions[hedger] = d;
    world_.strategy[hedger] = model::classify_strategy(d.alignment);
  }
  ++world_.step;
}

} // namespace hedgesim::engine
