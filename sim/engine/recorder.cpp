#include "hedgesim/engine/recorder.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/model/internal_balancing.hpp"
#include "hedgesim/model/kuik.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"
#include "hedgesim/version.hpp"

#include <algorithm>
#include <chrono>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <iterator>
#include <limits>
#include <map>
#include <variant>

namespace hedgesim::engine {

namespace {

constexpr std::int8_t kNotApplicable = -128;

using Dims = std::vector<std::string>;
const Dims kTimeAgent{"time", "agent"};
const Dims kTimeDyad{"time", "agent", "partner"};
// Variables that only a hedger has, or only a hedger-great power pair, are stored on the
// `hedger` and `power` axes rather than padded with NaN over every agent (format 3.0).
const Dims kTimeHedger{"time", "hedger"};
const Dims kTimeHedgerPower{"time", "hedger", "power"};
const Dims kTimePowerHedger{"time", "power", "hedger"};
const Dims kTimeHedgerChannel{"time", "hedger", "channel"};
// The utility's weighted terms lie on a `term` axis: one dataset, not one per term (format 4.0).
const Dims kTimeHedgerTerm{"time", "hedger", "term"};
const Dims kTimeHedgerChannelTerm{"time", "hedger", "channel", "term"};

//! Agent indices of one role, in scenario order: the entries of the `hedger` or `power` axis.
std::vector<std::size_t> indices(const Scenario& s, Role role)
{
  std::vector<std::size_t> out;
  for (int i : s.agents_with_role(role)) {
    out.push_back(static_cast<std::size_t>(i));
  }
  return out;
}

bool wants(const Scenario& s, std::string_view group)
{
  return std::find(s.output.variables.begin(), s.output.variables.end(), group) != s.output.variables.end();
}

std::string band_meanings()
{
  std::string out;
  for (int b = -3; b <= 3; ++b) {
    out += fmt::format("{}{}:{}", out.empty() ? "" : " ", b, model::to_string(static_cast<model::KuikBand>(b)));
  }
  return out + " -128:not_applicable";
}

std::string strategy_meanings()
{
  std::string out;
  for (int s = 0; s < 4; ++s) {
    out += fmt::format("{}{}:{}", out.empty() ? "" : " ", s, model::to_string(static_cast<model::Strategy>(s)));
  }
  return out;
}

//! The variable list: one entry per dataset, with a function that appends one step of it.
//! The helpers below take the per-value function as a template parameter, so that it is inlined
//! into the loop over agents and partners; only the per-variable filler is a std::function.
struct Variable {
  io::VariableSpec spec;
  std::function<void(const Simulation&, Recorder::Series&)> fill;
};

template <class T>
std::vector<T>& as(io::VariableData& data)
{
  return std::get<std::vector<T>>(data);
}

//! Makes room for one step's `count` values after the run's values so far and returns where they
//! go. A buffer reused from an earlier run is already long enough: nothing is zeroed or moved.
template <class T>
T* append(Recorder::Series& series, std::size_t count)
{
  auto& out = as<T>(series.values);
  if (out.size() < series.filled + count) {
    out.resize(series.filled + count);
  }
  T* at = out.data() + series.filled;
  series.filled += count;
  return at;
}

//! Stores `values` as float32 from `out` on; returns the end.
template <std::size_t N>
float* to_float(const std::array<double, N>& values, float* out)
{
  for (double x : values) {
    *out++ = static_cast<float>(x);
  }
  return out;
}

//! `value(world, agent, partner) -> double`
template <class Value>
Variable dyad(std::string name, std::string units, std::string long_name, Value value)
{
  return Variable{
      io::VariableSpec{std::move(name), kTimeDyad, io::DType::float32, std::move(units), std::move(long_name), {}},
      [value = std::move(value)](const Simulation& sim, Recorder::Series& data) {
        const auto n = static_cast<Eigen::Index>(sim.world().size());
        float* out = append<float>(data, static_cast<std::size_t>(n * n));
        for (Eigen::Index i = 0; i < n; ++i) {
          for (Eigen::Index j = 0; j < n; ++j) {
            *out++ = static_cast<float>(value(sim.world(), i, j));
          }
        }
      }};
}

//! `value(simulation, agent) -> double`
template <class Value>
Variable per_agent(std::string name, std::string units, std::string long_name, Value value)
{
  return Variable{
      io::VariableSpec{std::move(name), kTimeAgent, io::DType::float32, std::move(units), std::move(long_name), {}},
      [value = std::move(value)](const Simulation& sim, Recorder::Series& data) {
        float* out = append<float>(data, sim.world().size());
        for (std::size_t i = 0; i < sim.world().size(); ++i) {
          *out++ = static_cast<float>(value(sim, i));
        }
      }};
}

//! `value(simulation, agent) -> double`, for each hedger
template <class Value>
Variable per_hedger(const Scenario& s, std::string name, std::string units, std::string long_name, Value value)
{
  return Variable{
      io::VariableSpec{std::move(name), kTimeHedger, io::DType::float32, std::move(units), std::move(long_name), {}},
      [hedgers = indices(s, Role::hedger), value = std::move(value)](const Simulation& sim, Recorder::Series& data) {
        float* out = append<float>(data, hedgers.size());
        for (std::size_t h : hedgers) {
          *out++ = static_cast<float>(value(sim, h));
        }
      }};
}

//! `value(world, hedger, power) -> double` on [hedger, power], or on [power, hedger] with
//! `power_first` (what a great power does to a hedger).
template <class Value>
Variable hedger_power(const Scenario& s, bool power_first, std::string name, std::string units, std::string long_name,
                      Value value)
{
  return Variable{io::VariableSpec{std::move(name),
                                   power_first ? kTimePowerHedger : kTimeHedgerPower,
                                   io::DType::float32,
                                   std::move(units),
                                   std::move(long_name),
                                   {}},
                  [hedgers = indices(s, Role::hedger), powers = indices(s, Role::great_power), power_first,
                   value = std::move(value)](const Simulation& sim, Recorder::Series& data) {
                    float* out = append<float>(data, hedgers.size() * powers.size());
                    const auto& outer = power_first ? powers : hedgers;
                    const auto& inner = power_first ? hedgers : powers;
                    for (std::size_t a : outer) {
                      for (std::size_t b : inner) {
                        *out++ = static_cast<float>(power_first ? value(sim.world(), b, a) : value(sim.world(), a, b));
                      }
                    }
                  }};
}

Variable global(std::string name, std::string units, std::string long_name, double WorldParams::*field)
{
  return Variable{
      io::VariableSpec{std::move(name), {"time"}, io::DType::float32, std::move(units), std::move(long_name), {}},
      [field](const Simulation& sim, Recorder::Series& data) {
        *append<float>(data, 1) = static_cast<float>(sim.world().conditions.world.*field);
      }};
}

//! A per-hedger int8 code. `value(simulation, agent) -> int`
template <class Value>
Variable per_hedger_code(const Scenario& s, std::string name, std::string long_name,
                         std::map<std::string, std::string> attrs, Value value)
{
  return Variable{
      io::VariableSpec{std::move(name), kTimeHedger, io::DType::int8, "1", std::move(long_name), std::move(attrs)},
      [hedgers = indices(s, Role::hedger), value = std::move(value)](const Simulation& sim, Recorder::Series& data) {
        std::int8_t* out = append<std::int8_t>(data, hedgers.size());
        for (std::size_t h : hedgers) {
          *out++ = static_cast<std::int8_t>(value(sim, h));
        }
      }};
}

std::string partner_meanings(const Scenario& s)
{
  std::string out = "-1:stay";
  for (int g : s.agents_with_role(Role::great_power)) {
    out += fmt::format(" {}:{}", g, s.agents[static_cast<std::size_t>(g)].id);
  }
  for (int h : s.agents_with_role(Role::hedger)) {
    out += fmt::format(" {}:{}_internal", h, s.agents[static_cast<std::size_t>(h)].id);
  }
  return out;
}

std::string dimension_meanings()
{
  std::string out = "-1:stay";
  for (int d = 0; d < kDimensions; ++d) {
    out += fmt::format(" {}:{}", d, kDimensionNames[static_cast<std::size_t>(d)]);
  }
  for (int k = 0; k < model::kEffortCount; ++k) {
    out += fmt::format(" {}:{}", model::kFirstEffortCode + k, model::kEffortNames[static_cast<std::size_t>(k)]);
  }
  return out;
}

//! A per-hedger, per-channel value of a hedger's decision. `value(decision, channel) -> double`
template <class Value>
Variable per_channel(const Scenario& s, std::string name, std::string units, std::string long_name, Value value)
{
  return Variable{
      io::VariableSpec{
          std::move(name), kTimeHedgerChannel, io::DType::float32, std::move(units), std::move(long_name), {}},
      [hedgers = indices(s, Role::hedger), value = std::move(value)](const Simulation& sim, Recorder::Series& data) {
        float* out = append<float>(data, hedgers.size() * model::kChannels);
        for (std::size_t h : hedgers) {
          for (std::size_t c = 0; c < model::kChannels; ++c) {
            *out++ = static_cast<float>(value(sim.world().decisions[h], c));
          }
        }
      }};
}

//! A per-hedger, per-channel int8 code of a hedger's decision. `value(decision, agent, channel) -> int`
template <class Value>
Variable per_channel_code(const Scenario& s, std::string name, std::string long_name,
                          std::map<std::string, std::string> attrs, Value value)
{
  return Variable{
      io::VariableSpec{std::move(name), kTimeHedgerChannel, io::DType::int8, "1", std::move(long_name),
                       std::move(attrs)},
      [hedgers = indices(s, Role::hedger), value = std::move(value)](const Simulation& sim, Recorder::Series& data) {
        std::int8_t* out = append<std::int8_t>(data, hedgers.size() * model::kChannels);
        for (std::size_t h : hedgers) {
          for (std::size_t c = 0; c < model::kChannels; ++c) {
            *out++ = static_cast<std::int8_t>(value(sim.world().decisions[h], h, c));
          }
        }
      }};
}

//! The three datasets that name a move in each channel (`<prefix>partner`, `<prefix>dimension`,
//! `<prefix>delta`).
void add_move(std::vector<Variable>& v, const Scenario& s, const std::string& prefix, const std::string& which,
              model::PerChannel<model::Move> model::Decision::*moves)
{
  // The decision's partner is a row of the hedger's alignment block; the file names the agent.
  const std::vector<int> powers = s.agents_with_role(Role::great_power);
  if (s.agents.size() > 127) {
    throw ModelError("recorder: decision/ stores agent indices as int8, so at most 127 agents");
  }
  v.push_back(per_channel_code(
      s, prefix + "partner",
      fmt::format("agent index of the great power the {} in a channel moves toward or away from; the hedger's own "
                  "index for an internal move; -1 stay",
                  which),
      {{"flag_meanings", partner_meanings(s)}},
      [powers, moves](const model::Decision& d, std::size_t agent, std::size_t channel) {
        const model::Move& m = (d.*moves)[channel];
        if (m.stays()) {
          return -1;
        }
        return m.internal() ? static_cast<int>(agent) : powers.at(static_cast<std::size_t>(m.partner));
      }));
  v.push_back(per_channel_code(
      s, prefix + "dimension",
      fmt::format("alignment dimension of the {} in a channel, or the internal effort it changes (codes from {}), -1 "
                  "stay",
                  which, model::kFirstEffortCode),
      {{"flag_meanings", dimension_meanings()}}, [moves](const model::Decision& d, std::size_t, std::size_t channel) {
        const model::Move& m = (d.*moves)[channel];
        if (m.stays()) {
          return -1;
        }
        return m.internal() ? model::kFirstEffortCode + m.effort : m.dimension;
      }));
  v.push_back(
      per_channel(s, prefix + "delta", "1",
                  fmt::format("change of alignment (or of internal effort) the {} in a channel makes, 0 stay", which),
                  [moves](const model::Decision& d, std::size_t channel) { return (d.*moves)[channel].delta; }));
}

std::vector<Variable> variables(const Scenario& s)
{
  std::vector<Variable> v;
  if (wants(s, "alignment")) {
    v.push_back({io::VariableSpec{"alignment",
                                  {"time", "hedger", "power", "dimension"},
                                  io::DType::float32,
                                  "1",
                                  "alignment of a hedger toward a great power on a dimension, -1 pure balancing .. "
                                  "+1 pure bandwagoning",
                                  {}},
                 [hedgers = indices(s, Role::hedger), powers = indices(s, Role::great_power)](const Simulation& sim,
                                                                                              Recorder::Series& data) {
                   float* out = append<float>(data, hedgers.size() * powers.size() * kDimensions);
                   for (std::size_t h : hedgers) {
                     for (std::size_t g : powers) {
                       for (const auto& m : sim.world().alignment) {
                         *out++ = static_cast<float>(m(static_cast<Eigen::Index>(h), static_cast<Eigen::Index>(g)));
                       }
                     }
                   }
                 }});
    v.push_back({io::VariableSpec{"posture",
                                  kTimeHedgerPower,
                                  io::DType::int8,
                                  "1",
                                  "Kuik band of the mean alignment over the dimensions",
                                  {{"flag_meanings", band_meanings()}}},
                 [hedgers = indices(s, Role::hedger), powers = indices(s, Role::great_power)](const Simulation& sim,
                                                                                              Recorder::Series& data) {
                   std::int8_t* out = append<std::int8_t>(data, hedgers.size() * powers.size());
                   for (std::size_t h : hedgers) {
                     for (std::size_t g : powers) {
                       const double m = sim.world().mean_alignment(h, g);
                       *out++ = std::isnan(m) ? kNotApplicable : static_cast<std::int8_t>(model::kuik_band(m));
                     }
                   }
                 }});
  }
  if (wants(s, "strategy")) {
    v.push_back(per_hedger_code(s, "strategy", "balancing / hedging / bandwagoning label of a hedger (docs/model.md)",
                                {{"flag_meanings", strategy_meanings()}}, [](const Simulation& sim, std::size_t h) {
                                  return static_cast<int>(sim.world().strategy[h]);
                                }));
  }
  if (wants(s, "threat")) {
    v.push_back(dyad("dyad/threat", "1", "Walt threat the agent perceives from the partner, in [0, 1]",
                     [](const World& w, Eigen::Index i, Eigen::Index j) { return w.threat(i, j); }));
    v.push_back(dyad("dyad/intent", "1", "hostile intent the agent perceives in the partner, in [0, 1]",
                     [](const World& w, Eigen::Index i, Eigen::Index j) { return w.intent(i, j); }));
  }
  if (wants(s, "levers")) {
    // What a great power does to a hedger: [power, hedger].
    const auto lever = [](double model::Levers::*field) {
      return [field](const World& w, std::size_t h, std::size_t g) { return w.lever(g, h).*field; };
    };
    v.push_back(hedger_power(s, true, "dyad/inducement", "prosperity",
                             "side payments the great power offers the hedger", lever(&model::Levers::inducement)));
    v.push_back(hedger_power(s, true, "dyad/coercion_military", "1",
                             "military posturing the great power aims at the hedger", lever(&model::Levers::military)));
    v.push_back(hedger_power(s, true, "dyad/coercion_economic", "1",
                             "economic controls the great power applies to the hedger",
                             lever(&model::Levers::economic)));
    v.push_back(hedger_power(s, true, "dyad/coercion_ethnic", "1",
                             "rhetoric on kin minorities the great power aims at the hedger",
                             lever(&model::Levers::ethnic)));
    v.push_back(hedger_power(s, true, "dyad/grievance", "1",
                             "grievance the great power holds at the hedger's acts (votes, refusals, exits)",
                             [](const World& w, std::size_t h, std::size_t g) { return w.grievance_of(g, h); }));
  }
  if (wants(s, "utility")) {
    v.push_back(per_hedger(s, "state/utility", "utility", "total utility of the hedger's chosen alignment",
                           [](const Simulation& sim, std::size_t h) { return sim.world().decisions[h].chosen.total; }));
    v.push_back(
        Variable{io::VariableSpec{"state/utility_terms",
                                  kTimeHedgerTerm,
                                  io::DType::float32,
                                  "utility",
                                  "weighted terms of the hedger's chosen alignment (their sum is state/utility)",
                                  {}},
                 [hedgers = indices(s, Role::hedger)](const Simulation& sim, Recorder::Series& data) {
                   float* out = append<float>(data, hedgers.size() * model::kTermCount);
                   for (std::size_t h : hedgers) {
                     out = to_float(sim.world().decisions[h].chosen.term, out);
                   }
                 }});
  }
  if (wants(s, "utility")) {
    // What `hedgesim explain` needs: the move made, the best one not made, and that one's terms
    // (the chosen move's terms are state/utility_terms).
    add_move(v, s, "decision/move_", "chosen move", &model::Decision::move);
    add_move(v, s, "decision/alternative_move_", "best alternative", &model::Decision::alternative);
    v.push_back(Variable{
        io::VariableSpec{"decision/alternative_terms",
                         kTimeHedgerChannelTerm,
                         io::DType::float32,
                         "utility",
                         "weighted terms of the hedger's posture with a channel's best alternative instead of its "
                         "choice",
                         {}},
        [hedgers = indices(s, Role::hedger)](const Simulation& sim, Recorder::Series& data) {
          float* out = append<float>(data, hedgers.size() * model::kChannels * model::kTermCount);
          for (std::size_t h : hedgers) {
            for (const model::UtilityTerms& terms : sim.world().decisions[h].alternative_terms) {
              out = to_float(terms.term, out);
            }
          }
        }});
    v.push_back(per_channel(s, "decision/alternative_total", "utility",
                            "total utility of the hedger's posture with a channel's best alternative instead of its "
                            "choice",
                            [](const model::Decision& d, std::size_t c) { return d.alternative_terms[c].total; }));
  }
  if (wants(s, "domestic")) {
    v.push_back(per_hedger(s, "state/legitimacy", "1", "popular legitimacy of the hedger's regime, in [0, 1]",
                           [](const Simulation& sim, std::size_t h) { return sim.world().legitimacy[h]; }));
    v.push_back(per_hedger(s, "state/unrest_hazard", "1/year", "yearly hazard of a regime crisis",
                           [](const Simulation& sim, std::size_t h) { return sim.world().unrest_hazard[h]; }));
  }
  if (wants(s, "internal")) {
    const auto effort = [](model::Effort which) {
      return [which](const Simulation& sim, std::size_t h) { return model::effort(sim.world().effort[h], which); };
    };
    v.push_back(per_hedger(s, "internal/military_spending", "% of GDP",
                           "the hedger's military spending (defence effort)", [](const Simulation& sim, std::size_t h) {
                             return model::military_spending(
                                 model::effort(sim.world().effort[h], model::Effort::defence), sim.scenario().model);
                           }));
    v.push_back(per_hedger(s, "internal/arms_diversification", "1",
                           "the hedger's effort to buy arms beyond its main suppliers, in [0, 1]",
                           effort(model::Effort::diversification)));
    v.push_back(per_hedger(s, "internal/reform", "1",
                           "the hedger's institutional and economic reform effort, in [0, 1]",
                           effort(model::Effort::reform)));
  }
  if (wants(s, "conditions")) {
    v.push_back(
        per_agent("state/capability", "CINC share", "aggregate material capability",
                  [](const Simulation& sim, std::size_t i) { return sim.world().conditions.agents[i].capability; }));
    v.push_back(global("world/oil_price", "USD/bbl", "Brent crude price", &WorldParams::oil_price));
    v.push_back(global("world/uncertainty", "1", "systemic uncertainty", &WorldParams::uncertainty));
    v.push_back(global("world/rivalry", "1", "great-power rivalry", &WorldParams::rivalry));
  }
  if (wants(s, "exposure")) {
    const auto share = [](double RelationParams::*field) {
      return [field](const World& w, Eigen::Index i, Eigen::Index j) {
        return i == j ? std::numeric_limits<double>::quiet_NaN()
                      : w.conditions.relation(static_cast<std::size_t>(i), static_cast<std::size_t>(j)).*field;
      };
    };
    v.push_back(dyad("dyad/trade_share", "1", "partner's share of the agent's goods trade",
                     share(&RelationParams::trade_share)));
    v.push_back(
        dyad("dyad/export_share", "1", "partner's share of the agent's exports", share(&RelationParams::export_share)));
    v.push_back(dyad("dyad/arms_share", "1", "partner's share of the agent's major-arms imports",
                     share(&RelationParams::arms_share)));
    v.push_back(dyad("dyad/route_share", "1", "share of the agent's commodity exports that transit the partner",
                     share(&RelationParams::export_route_share)));
    v.push_back(dyad("dyad/kin_minority_share", "1", "share of the agent's population who are the partner's kin",
                     share(&RelationParams::kin_minority_share)));
    // Only a hedger can enforce, and only on a great power.
    v.push_back(hedger_power(s, false, "dyad/sanctions_enforced", "1",
                             "1 if the hedger enforces the sanctions on the great power, 0 if not",
                             [](const World& w, std::size_t h, std::size_t g) {
                               return static_cast<double>(w.enforcing[h * w.size() + g]);
                             }));
  }
  if (wants(s, "institutions")) {
    for (std::size_t inst = 0; inst < s.institutions.size(); ++inst) {
      v.push_back(per_hedger_code(
          s, fmt::format("membership/{}", s.institutions[inst].id),
          fmt::format("1 if the hedger is a member of {}, 0 if not", s.institutions[inst].name),
          {{"flag_meanings", "0:not_member 1:member"}},
          [inst](const Simulation& sim, std::size_t i) { return sim.world().is_member(i, inst) ? 1 : 0; }));
    }
  }
  return v;
}

io::VariableData empty_buffer(io::DType dtype)
{
  switch (dtype) {
  case io::DType::float32:
    return std::vector<float>{};
  case io::DType::float64:
    return std::vector<double>{};
  case io::DType::int8:
    return std::vector<std::int8_t>{};
  case io::DType::int32:
    return std::vector<std::int32_t>{};
  }
  return std::vector<float>{};
}

std::string utc_now()
{
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
}

} // namespace

std::vector<std::size_t> recorded_steps(const Scenario& s)
{
  const TimeAxis axis(s.meta.start, s.meta.end, s.meta.step);
  std::vector<std::size_t> steps;
  for (std::size_t i = 0; i < axis.size(); i += static_cast<std::size_t>(s.output.every)) {
    steps.push_back(i);
  }
  if (steps.back() != axis.size() - 1) {
    steps.push_back(axis.size() - 1);
  }
  return steps;
}

io::HistoryHeader history_header(const Scenario& s, std::uint64_t master_seed, std::uint64_t runs,
                                 const SummarySpec& summary)
{
  io::HistoryHeader h;
  h.scenario_name = s.meta.name;
  h.scenario_yaml = to_yaml(s);
  h.master_seed = master_seed;
  h.runs = runs;
  h.hedgesim_version = kVersion;
  h.git_sha = kGitSha;
  h.created = utc_now();
  h.time_step = std::string(to_string(s.meta.step));
  const TimeAxis axis(s.meta.start, s.meta.end, s.meta.step);
  for (std::size_t step : recorded_steps(s)) {
    h.time.push_back(axis.date(step).decimal_year());
    h.dates.push_back(axis.date(step).iso());
  }
  for (const auto& a : s.agents) {
    h.agents.push_back(a.id);
    h.agent_names.push_back(a.name);
    h.agent_roles.emplace_back(to_string(a.role));
    (a.role == Role::hedger ? h.hedgers : h.powers).push_back(a.id);
  }
  h.dimensions.assign(kDimensionNames.begin(), kDimensionNames.end());
  h.channels.assign(model::kChannelNames.begin(), model::kChannelNames.end());
  h.terms.assign(model::kTermNames.begin(), model::kTermNames.end());
  h.event_type_width = longest_event_type(s);
  const std::vector<Variable> series = variables(s);
  if (summary.records_series()) {
    for (const auto& v : series) {
      h.variables.push_back(v.spec);
    }
  }
  if (summary.summarises()) {
    for (const Statistic stat : summary.statistics) {
      h.statistics.emplace_back(to_string(stat));
    }
    for (const auto& v : series) {
      h.variables.push_back(summary_variable(v.spec));
    }
  }
  return h;
}

Recorder::Recorder(const Scenario& scenario, const io::HistoryHeader& header, const SummarySpec& summary)
    : summary_(summary)
{
  const std::size_t steps = TimeAxis(scenario.meta.start, scenario.meta.end, scenario.meta.step).size();
  is_recorded_.assign(steps, false);
  for (std::size_t s : recorded_steps(scenario)) {
    is_recorded_[s] = true;
    ++steps_;
  }
  auto vars = variables(scenario);
  const std::size_t copies = (summary.records_series() ? 1U : 0U) + (summary.summarises() ? 1U : 0U);
  if (vars.size() * copies != header.variables.size() || header.statistics.size() != summary.statistics.size()) {
    throw ModelError("recorder: the header's variables do not match the scenario's output list");
  }
  for (auto& v : vars) {
    dtypes_.push_back(v.spec.dtype);
    fillers_.push_back(std::move(v.fill));
  }
  restart();
}

void Recorder::restart()
{
  series_.clear();
  for (const io::DType dtype : dtypes_) {
    series_.push_back(Series{empty_buffer(dtype), 0});
  }
  recorded_ = 0;
}

void Recorder::reuse(io::RunRecord spare)
{
  for (std::size_t i = 0; i < series_.size() && i < spare.variables.size(); ++i) {
    io::VariableData& buffer = spare.variables[i];
    if (buffer.index() == series_[i].values.index()) {
      series_[i] = Series{std::move(buffer), 0};
    }
  }
}

void Recorder::record(const Simulation& simulation)
{
  // Called after resolve(), which has advanced the clock: the state belongs to the step before.
  const std::size_t step = simulation.world().step - 1;
  if (!is_recorded_.at(step)) {
    return;
  }
  for (std::size_t i = 0; i < fillers_.size(); ++i) {
    fillers_[i](simulation, series_[i]);
  }
  if (++recorded_ == 1) {
    // Every step adds as many values as the first: make room for the whole run at once.
    for (Series& s : series_) {
      std::visit([&](auto& values) { values.reserve(s.filled * steps_); }, s.values);
    }
  }
}

io::RunRecord Recorder::take(const Simulation& simulation)
{
  std::vector<io::VariableData> buffers;
  buffers.reserve(series_.size() * 2);
  for (Series& s : series_) {
    std::visit([&](auto& values) { values.resize(s.filled); }, s.values); // drops a longer earlier run's tail
    buffers.push_back(std::move(s.values));
  }
  series_.clear();
  if (summary_.summarises()) {
    std::vector<io::VariableData> statistics;
    statistics.reserve(buffers.size());
    for (const io::VariableData& series : buffers) {
      statistics.push_back(summarise(series, steps_, summary_.statistics));
    }
    if (!summary_.records_series()) {
      buffers.clear();
    }
    std::move(statistics.begin(), statistics.end(), std::back_inserter(buffers));
  }
  io::RunRecord record;
  record.variables = std::move(buffers);
  record.events = simulation.events();
  return record;
}

RunResult simulate_run(const Scenario& scenario, const io::HistoryHeader& header, std::uint64_t master_seed,
                       std::uint64_t run, const SummarySpec& summary, io::RunRecord spare)
{
  Recorder recorder(scenario, header, summary);
  return simulate_run(scenario, recorder, master_seed, run, std::move(spare));
}

RunResult simulate_run(const Scenario& scenario, Recorder& recorder, std::uint64_t master_seed, std::uint64_t run,
                       io::RunRecord spare)
{
  Simulation sim(scenario, master_seed, run);
  recorder.restart();
  recorder.reuse(std::move(spare));
  while (!sim.done()) {
    sim.step();
    recorder.record(sim);
  }
  return RunResult{recorder.take(sim), sim.world().strategy};
}

} // namespace hedgesim::engine
