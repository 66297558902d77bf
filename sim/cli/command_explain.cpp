#include "hedgesim/cli/command.hpp"

#include "hedgesim/core/calendar.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/core/text.hpp"
#include "hedgesim/engine/explanation.hpp"
#include "hedgesim/io/history_slice.hpp"
#include "hedgesim/model/internal_balancing.hpp"
#include "hedgesim/model/kuik.hpp"
#include "hedgesim/model/strategy.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>
#include <limits>
#include <optional>
#include <ostream>

namespace hedgesim::cli {

namespace po = boost::program_options;

namespace {

constexpr std::string_view kSynopsis = "explain OUT.h5 --run K [--agent ID] [--from YYYY-MM] [--to YYYY-MM] [--all]";
constexpr std::string_view kArrow = "\u2192";
constexpr std::string_view kIndent = "         "; // under the date column
// An inducement is reported once it has moved this much (relative, and at least kInducementFloor)
// since the level last reported: smaller drifts are the levers settling, not a policy change.
constexpr double kInducementChange = 0.5;
constexpr double kInducementFloor = 0.03;
constexpr std::int64_t kNoBand = -128;

std::string words(std::string_view id)
{
  std::string out(id);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string band_words(std::int64_t band)
{
  if (band < -3 || band > 3) {
    return "no posture";
  }
  return words(model::to_string(static_cast<model::KuikBand>(band)));
}

std::string strategy_words(std::int64_t code)
{
  if (code < 0 || code > 3) {
    return "unknown";
  }
  return words(model::to_string(static_cast<model::Strategy>(code)));
}

std::string number(double value, int decimals)
{
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.front() != '-') {
    return text;
  }
  // A true minus sign; appended rather than concatenated (GCC 12 misreports `"..." + substr` as overlap).
  std::string minus = "\u2212";
  minus.append(text, 1, std::string::npos);
  return minus;
}

std::string signed_number(double value, int decimals)
{
  return value >= 0 ? fmt::format("+{}", number(value, decimals)) : number(value, decimals);
}

YearMonth date_of(double decimal_year)
{
  return YearMonth::from_serial(static_cast<int>(std::lround(decimal_year * 12.0)));
}

YearMonth parse_date(const std::string& option, const std::string& text)
{
  YearMonth date;
  if (!parse_year_month(text, date)) {
    throw UsageError(fmt::format("explain: {} expects a month YYYY-MM, got '{}'", option, text));
  }
  return date;
}

//! One run of one hedger, as read from the file; each part is empty when the file lacks it.
struct RunData {
  std::size_t steps = 0;
  std::size_t agents = 0;
  std::size_t dims = 0;
  std::size_t channels = 0;
  // Every variable spread over the agent axes (see spread()), whatever axes the file stores it on.
  std::vector<double> alignment;     // [time, agent, partner, dimension]
  std::vector<std::int64_t> posture; // [time, agent, partner]
  std::vector<std::int64_t> strategy;
  std::vector<double> inducement; // [time, agent, partner]
  // Decisions: [time, agent, channel], except the chosen posture's terms, [time, agent].
  std::vector<std::int64_t> move_partner, move_dimension, alt_partner, alt_dimension;
  std::vector<double> move_delta, alt_delta, chosen_total, alt_total;
  std::vector<int> terms;                  // term indices present in the file
  std::vector<std::vector<double>> chosen; // per term in `terms`, [time, agent]
  std::vector<std::vector<double>> alternative;

  [[nodiscard]] bool explainable() const { return !move_partner.empty() && !terms.empty(); }
  [[nodiscard]] std::size_t at(std::size_t t, std::size_t i) const { return t * agents + i; }
  [[nodiscard]] std::size_t at(std::size_t t, std::size_t i, std::size_t j) const
  {
    return (t * agents + i) * agents + j;
  }
  [[nodiscard]] std::size_t in_channel(std::size_t t, std::size_t i, std::size_t c) const
  {
    return at(t, i) * channels + c;
  }

  [[nodiscard]] std::optional<std::int64_t> band(std::size_t t, std::size_t h, std::size_t g) const
  {
    if (!posture.empty()) {
      return posture[at(t, h, g)];
    }
    if (!alignment.empty()) {
      double sum = 0;
      for (std::size_t d = 0; d < dims; ++d) {
        sum += alignment[at(t, h, g) * dims + d];
      }
      const double mean = sum / static_cast<double>(dims);
      return std::isnan(mean) ? kNoBand : static_cast<std::int64_t>(model::kuik_band(mean));
    }
    return std::nullopt;
  }
};

//! Agent index of each id on a `hedger` or `power` axis.
std::vector<std::size_t> agent_indices(const io::HistorySlice& file, const std::vector<std::string>& ids)
{
  std::vector<std::size_t> out;
  for (const std::string& id : ids) {
    const auto found = std::find(file.agents().begin(), file.agents().end(), id);
    if (found == file.agents().end()) {
      throw IoError(fmt::format("{}: '{}' is on a hedger or power axis but not among the agents",
                                file.summary().scenario_name, id));
    }
    out.push_back(static_cast<std::size_t>(found - file.agents().begin()));
  }
  return out;
}

//! Spreads one run of a variable stored as [time, rows, cols, inner] over the agent axes,
//! [time, agent, agent, inner] (or [time, agent, inner] without `cols`), with `fill` where it
//! has no entry: the narrator indexes every variable by agent.
template <class T>
std::vector<T> spread(const std::vector<T>& in, std::size_t steps, std::size_t agents,
                      const std::vector<std::size_t>& rows, const std::vector<std::size_t>* cols, std::size_t inner,
                      T fill)
{
  if (in.empty()) {
    return in;
  }
  const std::size_t width = cols == nullptr ? 1 : cols->size();
  const std::size_t out_width = cols == nullptr ? 1 : agents;
  if (in.size() != steps * rows.size() * width * inner) {
    throw IoError("explain: a variable's shape does not match the file's hedger and power axes");
  }
  std::vector<T> out(steps * agents * out_width * inner, fill);
  std::size_t k = 0;
  for (std::size_t t = 0; t < steps; ++t) {
    for (std::size_t r : rows) {
      for (std::size_t c = 0; c < width; ++c) {
        const std::size_t col = cols == nullptr ? 0 : (*cols)[c];
        for (std::size_t i = 0; i < inner; ++i) {
          out[((t * agents + r) * out_width + col) * inner + i] = in[k++];
        }
      }
    }
  }
  return out;
}

RunData read_run(const io::HistorySlice& file, std::uint64_t run)
{
  RunData r;
  r.steps = file.dates().size();
  r.agents = file.agents().size();
  r.dims = file.dimensions().size();
  r.channels = file.channels().size();
  const auto doubles = [&](const char* name) {
    return file.has(name) ? file.run_as_double(name, run) : std::vector<double>{};
  };
  const auto ints = [&](const char* name) {
    return file.has(name) ? file.run_as_int(name, run) : std::vector<std::int64_t>{};
  };
  // Formats 3 and 4 store what only hedgers have on the `hedger` axis and hedger-power pairs on
  // [hedger, power] or [power, hedger].
  const std::vector<std::size_t> hedgers = agent_indices(file, file.summary().hedgers);
  const std::vector<std::size_t> powers = agent_indices(file, file.summary().powers);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto per_hedger = [&](const std::vector<double>& v, std::size_t inner = 1) {
    return spread(v, r.steps, r.agents, hedgers, nullptr, inner, nan);
  };
  r.alignment = spread(doubles("alignment"), r.steps, r.agents, hedgers, &powers, r.dims, nan);
  r.posture = spread(ints("posture"), r.steps, r.agents, hedgers, &powers, 1, kNoBand);
  r.strategy = spread(ints("strategy"), r.steps, r.agents, hedgers, nullptr, 1, std::int64_t{0});
  r.inducement = spread(doubles("dyad/inducement"), r.steps, r.agents, powers, &hedgers, 1, nan);
  const std::vector<std::string> needed{"decision/move_partner",
                                        "decision/move_dimension",
                                        "decision/move_delta",
                                        "decision/alternative_move_partner",
                                        "decision/alternative_move_dimension",
                                        "decision/alternative_move_delta"};
  if (r.channels > 0 && std::all_of(needed.begin(), needed.end(), [&](const std::string& n) { return file.has(n); })) {
    const auto codes = [&](const char* name) {
      return spread(ints(name), r.steps, r.agents, hedgers, nullptr, r.channels, std::int64_t{-1});
    };
    r.move_partner = codes("decision/move_partner");
    r.move_dimension = codes("decision/move_dimension");
    r.move_delta = per_hedger(doubles("decision/move_delta"), r.channels);
    r.alt_partner = codes("decision/alternative_move_partner");
    r.alt_dimension = codes("decision/alternative_move_dimension");
    r.alt_delta = per_hedger(doubles("decision/alternative_move_delta"), r.channels);
    r.chosen_total = per_hedger(doubles("state/utility"));
    r.alt_total = per_hedger(doubles("decision/alternative_total"), r.channels);
    // Explain with the terms this build knows that the file's `term` axis names.
    if (file.has("state/utility_terms") && file.has("decision/alternative_terms")) {
      const std::vector<double> chosen = file.run_as_double("state/utility_terms", run);
      const std::vector<double> alternative = file.run_as_double("decision/alternative_terms", run);
      const std::size_t width = file.terms().size();
      if (chosen.size() != r.steps * hedgers.size() * width ||
          alternative.size() != r.steps * hedgers.size() * r.channels * width) {
        throw IoError("explain: the utility terms' shape does not match the file's term axis");
      }
      // Column `k` of a [rows, term] buffer.
      const auto column = [width](const std::vector<double>& v, std::size_t k) {
        std::vector<double> out(v.size() / width);
        for (std::size_t i = 0; i < out.size(); ++i) {
          out[i] = v[i * width + k];
        }
        return out;
      };
      for (int t = 0; t < model::kTermCount; ++t) {
        const auto found =
            std::find(file.terms().begin(), file.terms().end(), model::kTermNames[static_cast<std::size_t>(t)]);
        if (found != file.terms().end()) {
          const auto k = static_cast<std::size_t>(found - file.terms().begin());
          r.terms.push_back(t);
          r.chosen.push_back(per_hedger(column(chosen, k)));
          r.alternative.push_back(per_hedger(column(alternative, k), r.channels));
        }
      }
    }
  }
  return r;
}

//! Picks the hedger to explain: the one named, or the first.
std::size_t pick_hedger(const io::HistorySlice& file, const std::optional<std::string>& wanted)
{
  std::vector<std::string> hedgers;
  for (std::size_t i = 0; i < file.agents().size(); ++i) {
    if (i < file.agent_roles().size() && file.agent_roles()[i] == "hedger") {
      hedgers.push_back(file.agents()[i]);
    }
  }
  if (!wanted) {
    if (hedgers.empty()) {
      throw UsageError("explain: the file holds no hedger to explain");
    }
    const auto found = std::find(file.agents().begin(), file.agents().end(), hedgers.front());
    return static_cast<std::size_t>(found - file.agents().begin());
  }
  const auto found = std::find(file.agents().begin(), file.agents().end(), *wanted);
  if (found == file.agents().end()) {
    throw UsageError(fmt::format("explain: unknown agent '{}'{}", *wanted, did_you_mean(*wanted, file.agents())));
  }
  const auto index = static_cast<std::size_t>(found - file.agents().begin());
  if (std::find(hedgers.begin(), hedgers.end(), *wanted) == hedgers.end()) {
    const std::string role = index < file.agent_roles().size() ? words(file.agent_roles()[index]) : "not a hedger";
    throw UsageError(fmt::format("explain: '{}' is a {}, not a hedger (hedgers: {})", *wanted, role,
                                 hedgers.empty() ? std::string("none") : fmt::format("{}", fmt::join(hedgers, ", "))));
  }
  return index;
}

//! Tells the story of one run for one hedger.
class Narrator {
public:
  Narrator(const io::HistorySlice& file, const RunData& data, std::size_t hedger, bool all, std::ostream& out)
      : file_(file), data_(data), hedger_(hedger), all_(all), out_(out)
  {
    for (std::size_t i = 0; i < file.agents().size(); ++i) {
      if (i < file.agent_roles().size() && file.agent_roles()[i] == "great_power") {
        powers_.push_back(i);
      }
    }
    move_sum_.assign(data.terms.size(), 0.0);
  }

  void tell(std::uint64_t run, std::size_t first, std::size_t last, const std::vector<io::EventRecord>& events)
  {
    const auto& dates = file_.dates();
    fmt::print(out_, "{} in run {} of {} ({} .. {})\n", name(hedger_), run, file_.summary().scenario_name, dates[first],
               dates[last]);
    if (!data_.explainable()) {
      fmt::print(out_, "note: decisions cannot be explained without the `utility` output (output.variables); "
                       "showing events and postures only\n");
    }
    start_line(first);
    std::size_t next_event = 0;
    const YearMonth from = date(first);
    while (next_event < events.size() && date_of(events[next_event].time) < from) {
      ++next_event;
    }
    if (!data_.inducement.empty()) {
      for (std::size_t g : powers_) {
        inducement_seen_.push_back(data_.inducement[data_.at(first, g, hedger_)]);
      }
    }
    for (std::size_t t = first; t <= last; ++t) {
      // Events come first: they happen at the start of a step, before anyone decides.
      while (next_event < events.size() && date_of(events[next_event].time) <= date(t)) {
        event_line(events[next_event++]);
      }
      inducement_lines(t);
      step_line(t, t == first);
    }
    summary(run, first, last);
  }

private:
  const io::HistorySlice& file_;
  const RunData& data_;
  std::size_t hedger_;
  bool all_;
  std::ostream& out_;
  std::vector<std::size_t> powers_;
  std::vector<double> inducement_seen_; // per power, the level last reported
  std::vector<double> move_sum_;        // per term present, chosen - alternative summed over moves
  std::size_t moves_ = 0;
  std::size_t steps_ = 0;

  [[nodiscard]] YearMonth date(std::size_t t) const
  {
    YearMonth d;
    parse_year_month(file_.dates()[t], d);
    return d;
  }
  [[nodiscard]] const std::string& name(std::size_t agent) const { return file_.agent_names()[agent]; }
  [[nodiscard]] std::string name_of(const std::string& id) const
  {
    const auto found = std::find(file_.agents().begin(), file_.agents().end(), id);
    return found == file_.agents().end() ? id : name(static_cast<std::size_t>(found - file_.agents().begin()));
  }
  [[nodiscard]] static std::string effort_words(model::Effort effort)
  {
    switch (effort) {
    case model::Effort::defence:
      return "defence effort (military spending)";
    case model::Effort::diversification:
      return "arms-supplier diversification";
    case model::Effort::reform:
      return "reform effort";
    }
    return "?";
  }
  [[nodiscard]] std::string dimension(std::int64_t d) const
  {
    return d >= 0 && static_cast<std::size_t>(d) < file_.dimensions().size()
               ? file_.dimensions()[static_cast<std::size_t>(d)]
               : "?";
  }

  void line(std::size_t t, const std::string& text) { fmt::print(out_, "{}  {}\n", file_.dates()[t], text); }

  [[nodiscard]] std::string postures(std::size_t t) const
  {
    std::vector<std::string> parts;
    for (std::size_t g : powers_) {
      if (const auto band = data_.band(t, hedger_, g)) {
        parts.push_back(fmt::format("{} toward {}", band_words(*band), name(g)));
      }
    }
    return parts.empty() ? std::string("unknown (no `alignment` output)") : engine::join_words(parts);
  }

  void start_line(std::size_t t)
  {
    std::string text = "at the start: ";
    if (!data_.strategy.empty()) {
      text += fmt::format("{}, ", strategy_words(data_.strategy[data_.at(t, hedger_)]));
    }
    line(t, text + "postures " + postures(t));
  }

  void event_line(const io::EventRecord& e)
  {
    const std::string when = date_of(e.time).iso();
    if (e.type == "coercion_begins" || e.type == "coercion_ends") {
      if (e.target != file_.agents()[hedger_]) {
        return; // another hedger's story
      }
      fmt::print(out_, "{}  {} {} coercing {} (levers at {})\n", when, name_of(e.actor),
                 e.type == "coercion_begins" ? "begins" : "stops", name_of(e.target), number(e.magnitude, 3));
      return;
    }
    std::vector<std::string> who;
    if (!e.actor.empty()) {
      who.push_back(name_of(e.actor));
    }
    if (!e.target.empty()) {
      who.push_back("toward " + name_of(e.target));
    }
    fmt::print(out_, "{}  event {}{} (effect {})\n", when, e.type,
               who.empty() ? std::string() : fmt::format(": {}", fmt::join(who, " ")),
               engine::signed_amount(e.magnitude));
  }

  void inducement_lines(std::size_t t)
  {
    if (data_.inducement.empty()) {
      return;
    }
    for (std::size_t k = 0; k < powers_.size(); ++k) {
      const double now = data_.inducement[data_.at(t, powers_[k], hedger_)];
      double& seen = inducement_seen_[k];
      if (std::isnan(now) || std::abs(now - seen) < std::max(kInducementChange * std::abs(seen), kInducementFloor)) {
        continue;
      }
      line(t, fmt::format("{} {} its inducement to {}: {} {} {}", name(powers_[k]), now > seen ? "raises" : "cuts",
                          name(hedger_), number(seen, 3), kArrow, number(now, 3)));
      seen = now;
    }
  }

  [[nodiscard]] std::string move_words(std::int64_t partner, std::int64_t dim, double delta, bool alternative) const
  {
    if (partner < 0 || static_cast<std::size_t>(partner) >= file_.agents().size()) {
      return alternative ? "staying put" : "stays";
    }
    if (dim >= model::kFirstEffortCode && dim < model::kFirstEffortCode + model::kEffortCount) {
      const std::string what = effort_words(static_cast<model::Effort>(dim - model::kFirstEffortCode));
      if (alternative) {
        return fmt::format("{} {}", delta > 0 ? "more" : "less", what);
      }
      return fmt::format("{} its {} {}", delta > 0 ? "raises" : "cuts", what, signed_number(delta, 3));
    }
    const std::string power = name(static_cast<std::size_t>(partner));
    if (alternative) {
      return fmt::format("{} {} alignment with {}", delta > 0 ? "more" : "less", dimension(dim), power);
    }
    return fmt::format("{} alignment toward {} {}", dimension(dim), power, signed_number(delta, 3));
  }

  void step_line(std::size_t t, bool first)
  {
    ++steps_;
    const std::size_t i = data_.at(t, hedger_);
    // What changed since the previous recorded step; the first step has nothing to compare to.
    std::vector<std::string> changes;
    if (!first) {
      for (std::size_t g : powers_) {
        const auto before = data_.band(t - 1, hedger_, g);
        const auto after = data_.band(t, hedger_, g);
        if (before && after && *before != *after) {
          changes.push_back(
              fmt::format("posture toward {} {} {} {}", name(g), band_words(*before), kArrow, band_words(*after)));
        }
      }
      // A band crossed on one dimension shows a shift the mean posture can hide (the diplomatic
      // step back from Moscow after 2014 moved no posture band).
      for (std::size_t g : powers_) {
        for (std::size_t d = 0; d < data_.dims && !data_.alignment.empty(); ++d) {
          const double before = data_.alignment[data_.at(t - 1, hedger_, g) * data_.dims + d];
          const double after = data_.alignment[data_.at(t, hedger_, g) * data_.dims + d];
          if (std::isnan(before) || std::isnan(after)) {
            continue;
          }
          const auto from = static_cast<std::int64_t>(model::kuik_band(before));
          const auto to = static_cast<std::int64_t>(model::kuik_band(after));
          if (from != to) {
            changes.push_back(fmt::format("{} band toward {} {} {} {}", dimension(static_cast<std::int64_t>(d)),
                                          name(g), band_words(from), kArrow, band_words(to)));
          }
        }
      }
      if (!data_.strategy.empty() && data_.strategy[data_.at(t - 1, hedger_)] != data_.strategy[i]) {
        changes.push_back(fmt::format("strategy {} {} {}", strategy_words(data_.strategy[data_.at(t - 1, hedger_)]),
                                      kArrow, strategy_words(data_.strategy[i])));
      }
    }
    std::vector<std::size_t> moved; // channels that moved this step
    for (std::size_t c = 0; data_.explainable() && c < data_.channels; ++c) {
      if (data_.move_partner[data_.in_channel(t, hedger_, c)] >= 0) {
        moved.push_back(c);
      }
    }
    if (moved.empty()) {
      if (!changes.empty()) {
        line(t, fmt::format("{}", fmt::join(changes, ", ")));
      }
      return;
    }
    // Every step with a move counts toward the summary, printed or not; each channel's choice is
    // set against that channel's best alternative.
    std::vector<std::vector<double>> chosen(moved.size(), std::vector<double>(model::kTermCount, 0.0));
    std::vector<std::vector<double>> alternative = chosen;
    for (std::size_t m = 0; m < moved.size(); ++m) {
      const std::size_t ic = data_.in_channel(t, hedger_, moved[m]);
      for (std::size_t k = 0; k < data_.terms.size(); ++k) {
        const auto term = static_cast<std::size_t>(data_.terms[k]);
        chosen[m][term] = data_.chosen[k][i];
        alternative[m][term] = data_.alternative[k][ic];
        if (std::isfinite(chosen[m][term] - alternative[m][term])) {
          move_sum_[k] += chosen[m][term] - alternative[m][term];
        }
      }
    }
    ++moves_;
    if (!all_ && changes.empty()) {
      return;
    }
    if (!changes.empty()) {
      line(t, fmt::format("{}", fmt::join(changes, ", ")));
    }
    for (std::size_t m = 0; m < moved.size(); ++m) {
      const std::size_t ic = data_.in_channel(t, hedger_, moved[m]);
      std::string head = move_words(data_.move_partner[ic], data_.move_dimension[ic], data_.move_delta[ic], false);
      if (!data_.alignment.empty() && data_.move_dimension[ic] < model::kFirstEffortCode) {
        const auto g = static_cast<std::size_t>(data_.move_partner[ic]);
        const auto d = static_cast<std::size_t>(data_.move_dimension[ic]);
        head += fmt::format(" {} {}", kArrow, number(data_.alignment[data_.at(t, hedger_, g) * data_.dims + d], 2));
      }
      line(t, head);
      const std::string alt = move_words(data_.alt_partner[ic], data_.alt_dimension[ic], data_.alt_delta[ic], true);
      std::string why = engine::drivers_phrase(engine::rank_drivers(chosen[m], alternative[m]), alt);
      if (!data_.chosen_total.empty() && !data_.alt_total.empty() && data_.alt_total[ic] > data_.chosen_total[i]) {
        why += fmt::format(" (a logit draw: the alternative scored {} more)",
                           engine::signed_amount(data_.alt_total[ic] - data_.chosen_total[i]).substr(1));
      }
      fmt::print(out_, "{}{}\n", kIndent, why);
    }
  }

  void summary(std::uint64_t run, std::size_t first, std::size_t last)
  {
    std::string text = fmt::format("Summary: in run {}, {} .. {}, {} ends", run, file_.dates()[first],
                                   file_.dates()[last], name(hedger_));
    if (!data_.strategy.empty()) {
      text += fmt::format(" {},", strategy_words(data_.strategy[data_.at(last, hedger_)]));
    }
    text += fmt::format(" with postures {}.", postures(last));
    if (!data_.explainable()) {
      text += " Its decisions cannot be explained without the `utility` output.";
    } else if (moves_ == 0) {
      text += fmt::format(" It stayed put in all {} recorded steps.", steps_);
    } else {
      std::vector<double> sums(model::kTermCount, 0.0);
      for (std::size_t k = 0; k < data_.terms.size(); ++k) {
        sums[static_cast<std::size_t>(data_.terms[k])] = move_sum_[k];
      }
      const std::vector<double> zero(model::kTermCount, 0.0);
      std::vector<std::string> parts;
      for (const auto& d : engine::rank_drivers(sums, zero)) {
        parts.push_back(fmt::format("{} ({})", engine::term_words(d.term), engine::signed_amount(d.difference)));
      }
      text += fmt::format(" It moved in {} of {} recorded steps; summed over its moves, the terms that set its "
                          "choices apart from each channel's best alternative were {}.",
                          moves_, steps_, parts.empty() ? std::string("none") : engine::join_words(parts));
    }
    fmt::print(out_, "\n{}\n", text);
  }
};

} // namespace

int command_explain(const std::vector<std::string>& args, std::ostream& out)
{
  po::options_description options("explain options");
  auto add = options.add_options();
  add("help,h", "show this help");
  add("file", po::value<std::string>(), "history file (HDF5)");
  add("run", po::value<std::string>(), "run index K (0-based)");
  add("agent", po::value<std::string>(), "hedger to explain (default: the first hedger)");
  add("from", po::value<std::string>(), "first month shown, YYYY-MM");
  add("to", po::value<std::string>(), "last month shown, YYYY-MM");
  add("all", "a line for every step the hedger moved, not only those that cross a band (posture or one dimension) or "
             "change the strategy");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm = parse("explain", args, options, positional);
  if (vm.count("help") != 0U) {
    out << help_text(std::string(kSynopsis), options);
    return kExitSuccess;
  }
  if (vm.count("file") == 0U) {
    throw UsageError("explain: missing OUT.h5 (see `hedgesim explain --help`)");
  }
  if (vm.count("run") == 0U) {
    throw UsageError("explain: missing --run K (see `hedgesim explain --help`)");
  }
  const std::uint64_t run = unsigned_option("explain", "--run", vm["run"].as<std::string>(), 0);
  const std::optional<YearMonth> from =
      vm.count("from") != 0U ? std::optional(parse_date("--from", vm["from"].as<std::string>())) : std::nullopt;
  const std::optional<YearMonth> to =
      vm.count("to") != 0U ? std::optional(parse_date("--to", vm["to"].as<std::string>())) : std::nullopt;
  if (from && to && *to < *from) {
    throw UsageError(fmt::format("explain: --from {} is after --to {}", from->iso(), to->iso()));
  }

  const io::HistorySlice file(vm["file"].as<std::string>());
  if (run >= file.runs()) {
    throw UsageError(fmt::format("explain: --run {} is out of range: the file holds runs 0..{}", run,
                                 file.runs() == 0 ? std::string("(none)") : std::to_string(file.runs() - 1)));
  }
  const std::size_t hedger =
      pick_hedger(file, vm.count("agent") != 0U ? std::optional(vm["agent"].as<std::string>()) : std::nullopt);

  // The recorded steps inside the window.
  std::optional<std::size_t> first;
  std::size_t last = 0;
  for (std::size_t t = 0; t < file.dates().size(); ++t) {
    YearMonth d;
    if (!parse_year_month(file.dates()[t], d)) {
      throw IoError(fmt::format("{}: date '{}' is not YYYY-MM", vm["file"].as<std::string>(), file.dates()[t]));
    }
    if ((!from || d >= *from) && (!to || d <= *to)) {
      first = first.value_or(t);
      last = t;
    }
  }
  if (!first) {
    throw UsageError(fmt::format("explain: no recorded step in {} .. {} (the file covers {} .. {})",
                                 from ? from->iso() : "the start", to ? to->iso() : "the end",
                                 file.dates().empty() ? "nothing" : file.dates().front(),
                                 file.dates().empty() ? "nothing" : file.dates().back()));
  }

  const RunData data = read_run(file, run);
  Narrator(file, data, hedger, vm.count("all") != 0U, out).tell(run, *first, last, file.run_events(run));
  return kExitSuccess;
}

} // namespace hedgesim::cli
