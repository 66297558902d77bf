#include "hedgesim/sweep/sweep.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/core/text.hpp"
#include "hedgesim/scenario/output_catalogue.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>

namespace hedgesim::sweep {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kTopKeys{"sweep", "parameters", "output", "pairs"};
const std::vector<std::string> kSweepKeys{"name", "scenario", "overlays", "seed", "replicates", "design"};
const std::vector<std::string> kDesignKeys{"type", "points", "trajectories", "levels"};
const std::vector<std::string> kParameterKeys{"path", "range", "values", "distribution"};
const std::vector<std::string> kDistributionKeys{"type", "mean", "sd"};
const std::vector<std::string> kPairsKeys{"name", "set"};
const std::vector<std::string> kOutputKeys{"variables", "every", "summary", "series"};
const std::vector<std::string> kDesignNames{"grid", "random", "lhs", "sobol", "morris"};

//! A text file in the temporary directory that disappears with this object.
class TemporaryFile {
public:
  explicit TemporaryFile(const std::string& text)
  {
    static std::atomic<unsigned> counter{0};
    path_ = fs::temp_directory_path() / fmt::format("hedgesim-{}-{}.yaml", ::getpid(), counter.fetch_add(1));
    std::ofstream out(path_);
    out << text;
    if (!out) {
      throw IoError(fmt::format("{}: cannot write a temporary file", path_.string()));
    }
  }
  ~TemporaryFile()
  {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  [[nodiscard]] const fs::path& path() const noexcept { return path_; }

private:
  fs::path path_;
};

//! A mapping's keys as `--set`-like overrides, leaf by leaf (lists replace lists).
void flatten(const YAML::Node& node, const std::string& path, std::vector<Override>& out)
{
  if (node.IsMap()) {
    for (const auto& kv : node) {
      flatten(kv.second, join_path(path, kv.first.Scalar()), out);
    }
    return;
  }
  if (!node || node.IsNull()) {
    return;
  }
  if (node.IsScalar()) {
    out.push_back(Override{path, node.Scalar()});
    return;
  }
  YAML::Emitter emit;
  emit << YAML::Flow << node;
  out.push_back(Override{path, emit.c_str()});
}

//! Reads the sweep document into a Sweep, failing on the first problem.
class Parser {
public:
  Parser(const ScenarioDocument& doc, Sweep& out) : doc_(doc), s_(out) {}

  //! `base`: the scenario when rebuilding from stored text; otherwise it is loaded from the file.
  void parse(const Scenario* base)
  {
    const YAML::Node& root = doc_.root();
    check_keys(root, "", kTopKeys);
    const YAML::Node sweep = require_map(doc_, root, "sweep", "");
    check_keys(sweep, "sweep", kSweepKeys);
    if (!sweep["name"]) {
      fail(sweep, "sweep.name", "required key is missing; expected an identifier");
    }
    s_.name = text(sweep["name"], "sweep.name");
    if (!sweep["scenario"]) {
      fail(sweep, "sweep.scenario", "required key is missing; expected a path to a scenario file");
    }
    s_.scenario_file = text(sweep["scenario"], "sweep.scenario");
    if (const YAML::Node o = sweep["overlays"]; o && !o.IsNull()) {
      if (!o.IsSequence()) {
        fail(o, "sweep.overlays", fmt::format("expected a list of scenario files, got {}", describe_node(o)));
      }
      for (std::size_t i = 0; i < o.size(); ++i) {
        s_.overlays.push_back(text(o[i], fmt::format("sweep.overlays[{}]", i)));
      }
    }
    s_.seed = sweep["seed"] ? read_whole_number(doc_, sweep["seed"], "sweep.seed", 0) : 1;
    s_.replicates =
        sweep["replicates"] ? read_whole_number(doc_, sweep["replicates"], "sweep.replicates", 1, kMostRuns) : 1;
    read_design(sweep);
    read_output_check(root["output"]);
    s_.summary = read_summary_spec(doc_, root["output"]);
    if (base != nullptr) {
      s_.base = *base;
    } else {
      load_base(root["output"]);
    }
    if (!s_.summary.summarises()) {
      s_.summary = s_.base.output.summary; // the scenario's own, if it asks for statistics
    }
    read_parameters(root["parameters"]);
    read_pairs(root["pairs"]);
    check_size(sweep);
  }

private:
  const ScenarioDocument& doc_;
  Sweep& s_;
  std::vector<std::uint64_t> grid_levels_;

  [[noreturn]] void fail(const YAML::Node& node, std::string_view path, std::string_view message) const
  {
    doc_.fail(node, path, message);
  }

  void check_keys(const YAML::Node& map, const std::string& path, const std::vector<std::string>& allowed) const
  {
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        fail(kv.first, join_path(path, key),
             std::string(path.empty() ? "unknown section" : "unknown key") + did_you_mean(key, allowed));
      }
    }
  }

  std::string text(const YAML::Node& node, const std::string& path) const
  {
    if (!node.IsScalar() || node.Scalar().empty()) {
      fail(node, path, fmt::format("expected text, got {}", describe_node(node)));
    }
    return node.Scalar();
  }

  double number(const YAML::Node& node, const std::string& path, double min, double max, bool integer = false) const
  {
    const std::string expected = fmt::format("{} in {}", integer ? "an integer" : "a number", range_text(min, max));
    const std::optional<double> value = node.IsScalar() ? parse_finite_number(node.Scalar()) : std::nullopt;
    if (!value || *value < min || *value > max || (integer && std::floor(*value) != *value)) {
      fail(node, path, fmt::format("expected {}, got {}", expected, describe_node(node)));
    }
    return *value;
  }

  void read_design(const YAML::Node& sweep)
  {
    const YAML::Node d = require_map(doc_, sweep, "design", "sweep");
    check_keys(d, "sweep.design", kDesignKeys);
    if (!d["type"]) {
      fail(d, "sweep.design.type", "required key is missing; expected one of grid, random, lhs, sobol, morris");
    }
    const std::string type = text(d["type"], "sweep.design.type");
    if (!parse_design_type(type, s_.design.type)) {
      fail(d["type"], "sweep.design.type",
           fmt::format("expected one of grid, random, lhs, sobol, morris, got \"{}\"{}", type,
                       did_you_mean(type, kDesignNames)));
    }
    const DesignType t = s_.design.type;
    const auto needs = [&](const char* key, const char* what) {
      if (!d[key]) {
        fail(d, fmt::format("sweep.design.{}", key),
             fmt::format("required key is missing; a {} design needs {}", type, what));
      }
    };
    const auto refuses = [&](const char* key) {
      if (d[key]) {
        fail(d[key], fmt::format("sweep.design.{}", key), fmt::format("does not apply to a {} design", type));
      }
    };
    if (t == DesignType::random || t == DesignType::lhs || t == DesignType::sobol) {
      needs("points",
            t == DesignType::sobol ? "the number of base points N (N * (k + 2) runs)" : "the number of design points");
      s_.design.points = read_whole_number(doc_, d["points"], "sweep.design.points", 1, kMostRuns);
      refuses("trajectories");
      refuses("levels");
    } else if (t == DesignType::morris) {
      needs("trajectories", "the number of trajectories r (r * (k + 1) runs)");
      needs("levels", "the number of levels p, an even number >= 2");
      s_.design.trajectories = read_whole_number(doc_, d["trajectories"], "sweep.design.trajectories", 1, kMostRuns);
      s_.design.levels = read_whole_number(doc_, d["levels"], "sweep.design.levels", 2, kMostRuns);
      if (s_.design.levels % 2 != 0) {
        fail(d["levels"], "sweep.design.levels",
             fmt::format("expected an even number of levels >= 2, got {}", s_.design.levels));
      }
      refuses("points");
    } else {
      refuses("points");
      refuses("trajectories");
      s_.design.levels = d["levels"] ? read_whole_number(doc_, d["levels"], "sweep.design.levels", 2, kMostRuns) : 0;
    }
  }

  void read_output_check(const YAML::Node& m) const
  {
    if (!m || m.IsNull()) {
      return;
    }
    if (!m.IsMap()) {
      fail(m, "output", fmt::format("expected a mapping, got {}", describe_node(m)));
    }
    check_keys(m, "output", kOutputKeys);
    if (const YAML::Node v = m["variables"]) {
      read_output_variables(doc_, v, [this](const YAML::Node& n, const std::string& p) { return text(n, p); });
    }
    if (m["every"]) {
      number(m["every"], "output.every", 1, 1e6, true);
    }
  }

  //! `name`, given at `node` (key path `path`), relative to the sweep file; fails unless it is a file.
  fs::path scenario_file(const YAML::Node& node, std::string_view path, const std::string& name) const
  {
    fs::path file = s_.file.parent_path() / name;
    std::error_code error;
    if (!fs::is_regular_file(file, error)) {
      fail(node, path,
           fmt::format("expected a scenario file (relative to the sweep file), got \"{}\", which {}", name,
                       fs::exists(file, error) ? "is not a file" : "does not exist"));
    }
    return file;
  }

  void load_base(const YAML::Node& output)
  {
    // Overlays apply as `extends` does, so their events merge with the base's by id.
    std::vector<ScenarioDocument> overlays;
    for (std::size_t i = 0; i < s_.overlays.size(); ++i) {
      overlays.push_back(ScenarioDocument::load(
          scenario_file(doc_.root()["sweep"]["overlays"][i], fmt::format("sweep.overlays[{}]", i), s_.overlays[i])));
    }
    std::vector<Override> overrides;
    if (output && output.IsMap()) {
      for (const auto& kv : output) {
        const std::string key = kv.first.Scalar();
        if (key != "summary" && key != "series") { // the sweep's own keys, read above
          flatten(kv.second, join_path("output", key), overrides);
        }
      }
    }
    ScenarioDocument document =
        ScenarioDocument::load(scenario_file(doc_.root()["sweep"]["scenario"], "sweep.scenario", s_.scenario_file));
    for (const ScenarioDocument& overlay : overlays) {
      document.overlay(overlay);
    }
    for (const Override& o : overrides) {
      document.apply(o);
    }
    s_.base = build_scenario(document);
  }

  //! The runs of the whole plan must fit a history file (kMostRuns); checked before the design is
  //! built, which would otherwise try to allocate them.
  void check_size(const YAML::Node& sweep) const
  {
    std::vector<std::uint64_t> levels;
    for (const SweepParameter& p : s_.parameters) {
      levels.push_back(p.grid_levels() != 0 ? p.grid_levels() : s_.design.levels);
    }
    const std::uint64_t rows = design_rows(s_.design, s_.parameters.size(), levels);
    const std::uint64_t arms = s_.pairs ? 2 : 1;
    const std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t runs = rows > most / s_.replicates ? most : rows * s_.replicates;
    runs = runs > most / arms ? most : runs * arms;
    if (runs > kMostRuns) {
      fail(sweep["design"], "sweep.design",
           fmt::format("expected at most {} runs in all (design points x replicates{}), got {}", kMostRuns,
                       arms == 2 ? " x 2 arms" : "",
                       runs == most ? fmt::format("{} or more", most) : std::to_string(runs)));
    }
  }

  void read_parameters(const YAML::Node& list)
  {
    if (!list) {
      fail(doc_.root(), "parameters", "required section is missing; expected a list of parameters");
    }
    if (!list.IsSequence() || list.size() == 0) {
      fail(list, "parameters", fmt::format("expected a non-empty list of parameters, got {}", describe_node(list)));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = fmt::format("parameters[{}]", i);
      const YAML::Node& n = list[i];
      if (!n.IsMap()) {
        fail(n, path,
             fmt::format("expected a mapping with path and range, values or distribution, got {}", describe_node(n)));
      }
      check_keys(n, path, kParameterKeys);
      if (!n["path"]) {
        fail(n, path + ".path", "required key is missing; expected a scenario key path such as world.uncertainty");
      }
      SweepParameter p;
      std::string error;
      if (!resolve_target(s_.base, text(n["path"], path + ".path"), p.target, error)) {
        fail(n["path"], path + ".path", error);
      }
      for (const auto& other : s_.parameters) {
        if (other.target.path == p.target.path) {
          fail(n["path"], path + ".path", fmt::format("expected each parameter once, got \"{}\" again", p.target.path));
        }
      }
      read_marginal(n, path, p);
      s_.parameters.push_back(std::move(p));
    }
  }

  void read_marginal(const YAML::Node& n, const std::string& path, SweepParameter& p)
  {
    Marginal& m = p.marginal;
    const ParameterTarget& t = p.target;
    m.low = t.min;
    m.high = t.max;
    const int given = (n["range"] ? 1 : 0) + (n["values"] ? 1 : 0) + (n["distribution"] ? 1 : 0);
    if (given == 0 || (n["values"] && given > 1)) {
      fail(n, path,
           fmt::format("expected either range, values, or distribution (optionally with a range to clip to) for "
                       "\"{}\", got {}",
                       t.path, given == 0 ? "none" : "values with another"));
    }
    if (const YAML::Node r = n["range"]) {
      const std::string rp = path + ".range";
      if (!r.IsSequence() || r.size() != 2) {
        fail(r, rp, fmt::format("expected [low, high] within {}, got {}", range_text(t.min, t.max), describe_node(r)));
      }
      m.kind = Marginal::Kind::range;
      m.low = number(r[0], rp + "[0]", t.min, t.max, t.integer);
      m.high = number(r[1], rp + "[1]", t.min, t.max, t.integer);
      if (!(m.low < m.high)) {
        fail(r[1], rp + "[1]",
             fmt::format("expected a high end above the low end {}, got {}", format_number(m.low),
                         format_number(m.high)));
      }
    }
    if (const YAML::Node v = n["values"]) {
      const std::string vp = path + ".values";
      if (!v.IsSequence() || v.size() == 0) {
        fail(v, vp, fmt::format("expected a non-empty list of numbers, got {}", describe_node(v)));
      }
      m.kind = Marginal::Kind::values;
      for (std::size_t j = 0; j < v.size(); ++j) {
        m.values.push_back(number(v[j], fmt::format("{}[{}]", vp, j), t.min, t.max, t.integer));
      }
    }
    if (const YAML::Node d = n["distribution"]) {
      const std::string dp = path + ".distribution";
      if (!d.IsMap()) {
        fail(d, dp, fmt::format("expected a mapping with type, mean and sd, got {}", describe_node(d)));
      }
      check_keys(d, dp, kDistributionKeys);
      for (const char* key : {"type", "mean", "sd"}) {
        if (!d[key]) {
          fail(d, fmt::format("{}.{}", dp, key), "required key is missing");
        }
      }
      const std::string type = text(d["type"], dp + ".type");
      if (type == "normal") {
        m.kind = Marginal::Kind::normal;
      } else if (type == "lognormal") {
        m.kind = Marginal::Kind::lognormal;
      } else {
        fail(d["type"], dp + ".type",
             fmt::format("expected normal or lognormal, got \"{}\"{}", type,
                         did_you_mean(type, {"normal", "lognormal"})));
      }
      m.mean = number(d["mean"], dp + ".mean", -1e12, 1e12);
      m.sd = number(d["sd"], dp + ".sd", 1e-300, 1e12);
    }
    if (s_.design.type == DesignType::grid) {
      if (m.kind == Marginal::Kind::range && s_.design.levels == 0) {
        fail(n, path,
             fmt::format("a grid design needs values for \"{}\", or sweep.design.levels for its range", t.path));
      }
      if (m.kind == Marginal::Kind::normal || m.kind == Marginal::Kind::lognormal) {
        fail(n["distribution"], path + ".distribution",
             "a grid design needs values or a range, got a distribution (use random, lhs, sobol or morris)");
      }
    }
  }

  void read_pairs(const YAML::Node& m)
  {
    if (!m || m.IsNull()) {
      return;
    }
    if (!m.IsMap()) {
      fail(m, "pairs", fmt::format("expected a mapping with name and set, got {}", describe_node(m)));
    }
    check_keys(m, "pairs", kPairsKeys);
    PairsSpec pairs;
    pairs.name = m["name"] ? text(m["name"], "pairs.name") : "intervention";
    const YAML::Node set = m["set"];
    if (!set || !set.IsMap() || set.size() == 0) {
      fail(set ? set : m, "pairs.set",
           fmt::format("expected a mapping of scenario key paths to values (the intervention), got {}",
                       describe_node(set)));
    }
    Scenario intervention = s_.base;
    for (const auto& kv : set) {
      const std::string key = kv.first.Scalar();
      const std::string path = join_path("pairs.set", key);
      ParameterTarget target;
      std::string error;
      if (!resolve_target(s_.base, key, target, error)) {
        fail(kv.first, path, error);
      }
      const double value = number(kv.second, path, target.min, target.max, target.integer);
      set_parameter(intervention, target, value);
      pairs.set.push_back(Override{key, format_number(value)});
    }
    s_.pairs = std::move(pairs);
    s_.intervention = std::move(intervention);
  }
};

std::string resolved_text(const Sweep& s)
{
  YAML::Node root(YAML::NodeType::Map);
  YAML::Node sweep = root["sweep"];
  sweep["name"] = s.name;
  sweep["scenario"] = s.scenario_file;
  YAML::Node overlays(YAML::NodeType::Sequence);
  for (const auto& o : s.overlays) {
    overlays.push_back(o);
  }
  sweep["overlays"] = overlays;
  sweep["seed"] = std::to_string(s.seed);
  sweep["replicates"] = std::to_string(s.replicates);
  YAML::Node design = sweep["design"];
  design["type"] = to_string(s.design.type);
  if (s.design.points != 0) {
    design["points"] = std::to_string(s.design.points);
  }
  if (s.design.trajectories != 0) {
    design["trajectories"] = std::to_string(s.design.trajectories);
  }
  if (s.design.levels != 0) {
    design["levels"] = std::to_string(s.design.levels);
  }
  YAML::Node params(YAML::NodeType::Sequence);
  for (const auto& p : s.parameters) {
    YAML::Node n(YAML::NodeType::Map);
    n["path"] = p.target.path;
    const Marginal& m = p.marginal;
    const auto pair = [](double a, double b) {
      YAML::Node r(YAML::NodeType::Sequence);
      r.push_back(format_number(a));
      r.push_back(format_number(b));
      r.SetStyle(YAML::EmitterStyle::Flow);
      return r;
    };
    if (m.kind == Marginal::Kind::values) {
      YAML::Node v(YAML::NodeType::Sequence);
      for (double x : m.values) {
        v.push_back(format_number(x));
      }
      v.SetStyle(YAML::EmitterStyle::Flow);
      n["values"] = v;
    } else {
      n["range"] = pair(m.low, m.high);
    }
    if (m.kind == Marginal::Kind::normal || m.kind == Marginal::Kind::lognormal) {
      n["distribution"]["type"] = m.kind == Marginal::Kind::normal ? "normal" : "lognormal";
      n["distribution"]["mean"] = format_number(m.mean);
      n["distribution"]["sd"] = format_number(m.sd);
    }
    params.push_back(n);
  }
  root["parameters"] = params;
  YAML::Node output = root["output"];
  YAML::Node vars(YAML::NodeType::Sequence);
  for (const auto& v : s.base.output.variables) {
    vars.push_back(v);
  }
  output["variables"] = vars;
  output["every"] = std::to_string(s.base.output.every);
  // Only present with summaries, so the text (and plan hash) of other sweeps is as before.
  write_summary_spec(s.summary, output);
  if (s.pairs) {
    root["pairs"]["name"] = s.pairs->name;
    for (const auto& o : s.pairs->set) {
      root["pairs"]["set"][o.path] = o.value;
    }
  }
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

} // namespace

double SweepParameter::value_at(double u) const
{
  const Marginal& m = marginal;
  double x = 0;
  switch (m.kind) {
  case Marginal::Kind::range:
    x = m.low + u * (m.high - m.low);
    break;
  case Marginal::Kind::values: {
    const std::size_t n = m.values.size();
    const auto i = static_cast<std::size_t>(std::floor(u * static_cast<double>(n)));
    x = m.values[std::min(i, n - 1)];
    break;
  }
  case Marginal::Kind::normal:
  case Marginal::Kind::lognormal: {
    // Quantile of the distribution, clipped to the range (so u = 0 or 1 gives an end).
    if (u <= 0) {
      x = -std::numeric_limits<double>::infinity();
    } else if (u >= 1) {
      x = std::numeric_limits<double>::infinity();
    } else {
      x = boost::math::quantile(boost::math::normal_distribution<double>(m.mean, m.sd), u);
    }
    if (m.kind == Marginal::Kind::lognormal) {
      x = std::exp(x);
    }
    break;
  }
  }
  x = std::clamp(x, m.low, m.high);
  return target.integer ? std::round(x) : x;
}

std::uint64_t SweepParameter::grid_levels() const noexcept
{
  return marginal.kind == Marginal::Kind::values ? marginal.values.size() : 0;
}

Sweep load_sweep(const fs::path& file)
{
  const ScenarioDocument doc = ScenarioDocument::load(file, {}, "sweep");
  Sweep s;
  s.file = file;
  Parser(doc, s).parse(nullptr);
  s.resolved_yaml = resolved_text(s);
  return s;
}

Sweep sweep_from_text(const std::string& resolved_yaml, const Scenario& base)
{
  const TemporaryFile file(resolved_yaml);
  const ScenarioDocument doc = ScenarioDocument::load(file.path());
  Sweep s;
  s.file = file.path();
  Parser(doc, s).parse(&base);
  s.resolved_yaml = resolved_text(s);
  return s;
}

Scenario scenario_from_text(const std::string& yaml)
{
  const TemporaryFile file(yaml);
  return load_scenario(file.path());
}

} // namespace hedgesim::sweep
