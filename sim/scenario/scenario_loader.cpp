#include "hedgesim/scenario/scenario_loader.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/core/text.hpp"
#include "hedgesim/scenario/output_catalogue.hpp"
#include "hedgesim/scenario/parameter_dictionary.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <limits>
#include <set>

namespace hedgesim {

namespace {

const std::vector<std::string> kTopLevelKeys{"scenario",  "world",        "model",  "agents",
                                             "relations", "institutions", "events", "output"};
const std::vector<std::string> kMetaKeys{"name", "description", "start", "end", "step", "runs", "seed"};
const std::vector<std::string> kEventKeys{"id",   "description", "at",     "hazard",  "window", "max_occurrences",
                                          "when", "actor",       "target", "effects", "act"};
constexpr double kBindingEngagementFloor = 1.0 / 7.0;

bool is_identifier(std::string_view s)
{
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

//! Turns the merged YAML tree into a Scenario, failing on the first problem.
class Builder {
public:
  explicit Builder(const ScenarioDocument& doc) : doc_(doc) {}

  Scenario build()
  {
    const YAML::Node& root = doc_.root();
    check_keys(root, "", kTopLevelKeys);
    s_.source_file = doc_.file().string();
    read_meta(require_map(doc_, root, "scenario", ""));
    read_block<WorldParams>(optional_map(root, "world"), "world", world_parameters(), s_.world, std::nullopt, {});
    read_block<ModelParams>(optional_map(root, "model"), "model", model_parameters(), s_.model, std::nullopt, {});
    read_agents(require_map(doc_, root, "agents", ""));
    read_institutions(optional_map(root, "institutions"));
    read_relations(optional_map(root, "relations"));
    read_events(root["events"]);
    read_output(optional_map(root, "output"));
    return std::move(s_);
  }

private:
  const ScenarioDocument& doc_;
  Scenario s_;

  [[noreturn]] void fail(const YAML::Node& node, std::string_view path, std::string_view message) const
  {
    doc_.fail(node, path, message);
  }

  // --- shape checks -------------------------------------------------------------------------

  void check_keys(const YAML::Node& map, const std::string& path, const std::vector<std::string>& allowed) const
  {
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        const YAML::Node& at = kv.first.Mark().is_null() || kv.first.Mark().line < 0 ? kv.second : kv.first;
        if (path.empty()) {
          // `extends` was consumed while loading; suggest it for a misspelling all the same.
          std::vector<std::string> candidates = allowed;
          candidates.emplace_back("extends");
          fail(at, key, "unknown section" + did_you_mean(key, candidates));
        }
        fail(at, join_path(path, key), "unknown key" + did_you_mean(key, allowed));
      }
    }
  }

  YAML::Node optional_map(const YAML::Node& parent, const std::string& key) const
  {
    const YAML::Node node = parent[key];
    if (node && !node.IsNull() && !node.IsMap()) {
      fail(node, key, fmt::format("expected a mapping, got {}", describe_node(node)));
    }
    return node && node.IsMap() ? node : YAML::Node(YAML::NodeType::Map);
  }

  // --- scalars ------------------------------------------------------------------------------

  double number(const YAML::Node& node, const std::string& path, double min, double max, bool integer = false) const
  {
    const std::string range = "in " + range_text(min, max);
    const std::string expected = integer ? fmt::format("an integer {}", range) : fmt::format("a number {}", range);
    if (!node.IsScalar()) {
      fail(node, path, fmt::format("expected {}, got {}", expected, describe_node(node)));
    }
    const std::string& text = node.Scalar();
    const std::optional<double> parsed = parse_finite_number(text);
    if (!parsed) {
      const bool non_finite = text == ".nan" || text == ".NaN" || text == ".inf" || text == "-.inf" || text == ".Inf" ||
                              text == "-.Inf" || text == "nan" || text == "inf";
      fail(node, path,
           fmt::format("expected {}{}, got {}", non_finite ? "a finite number " : "", non_finite ? range : expected,
                       describe_node(node)));
    }
    const double value = *parsed;
    if ((integer && std::floor(value) != value) || value < min || value > max) {
      fail(node, path, fmt::format("expected {}, got {}", expected, excerpt(text)));
    }
    return value;
  }

  std::string text(const YAML::Node& node, const std::string& path) const
  {
    if (!node.IsScalar()) {
      fail(node, path, fmt::format("expected text, got {}", describe_node(node)));
    }
    return node.Scalar();
  }

  std::string identifier(const YAML::Node& node, const std::string& path) const
  {
    std::string value = text(node, path);
    if (!is_identifier(value)) {
      fail(node, path,
           fmt::format("expected an identifier (letters, digits, '_', '-'), got {}", quoted_excerpt(value)));
    }
    return value;
  }

  YearMonth date(const YAML::Node& node, const std::string& path) const
  {
    YearMonth out;
    if (!node.IsScalar() || !parse_year_month(node.Scalar(), out)) {
      fail(node, path, fmt::format("expected a date YYYY-MM, got {}", describe_node(node)));
    }
    return out;
  }

  YearMonth date_in_span(const YAML::Node& node, const std::string& path) const
  {
    const YearMonth d = date(node, path);
    if (d < s_.meta.start || d > s_.meta.end) {
      fail(node, path,
           fmt::format("expected a date within the scenario span {} .. {}, got {}", s_.meta.start.iso(),
                       s_.meta.end.iso(), d.iso()));
    }
    return d;
  }

  int agent_ref(const YAML::Node& node, const std::string& path) const
  {
    const std::string id = text(node, path);
    const int index = s_.agent_index(id);
    if (index < 0) {
      fail(node, path, fmt::format("no agent with id \"{}\"{}", id, did_you_mean(id, agent_ids())));
    }
    return index;
  }

  std::vector<std::string> agent_ids() const
  {
    std::vector<std::string> ids;
    for (const auto& a : s_.agents) {
      ids.push_back(a.id);
    }
    return ids;
  }

  // --- parameter blocks ---------------------------------------------------------------------

  //! Reads the numeric keys of one block (nested maps for dotted keys), filling defaults.
  template <class Block>
  void read_block(const YAML::Node& map, const std::string& path, std::span<const NumberSpec<Block>> specs, Block& out,
                  std::optional<Role> role, const std::vector<std::string>& extra_keys)
  {
    std::set<std::string_view> seen;
    for (const auto& spec : specs) {
      out.*spec.field = spec.required() ? 0.0 : spec.default_value;
    }
    walk_block<Block>(map, "", path, specs, out, role, extra_keys, seen);
    for (const auto& spec : specs) {
      const bool applies =
          !role || spec.applies == Applies::all || (spec.applies == Applies::hedger) == (*role == Role::hedger);
      if (spec.required() && applies && !seen.contains(spec.key)) {
        fail(map, join_path(path, spec.key),
             fmt::format("required key is missing; expected a number in {} ({})", range_text(spec.min, spec.max),
                         spec.unit));
      }
    }
  }

  template <class Block>
  void walk_block(const YAML::Node& map, const std::string& relative, const std::string& path,
                  std::span<const NumberSpec<Block>> specs, Block& out, std::optional<Role> role,
                  const std::vector<std::string>& extra_keys, std::set<std::string_view>& seen)
  {
    for (const auto& kv : map) {
      const std::string key = kv.first.Scalar();
      const std::string rel = join_path(relative, key);
      const std::string full = join_path(path, key);
      const auto spec = std::find_if(specs.begin(), specs.end(), [&](const auto& s) { return s.key == rel; });
      if (spec != specs.end()) {
        if (role && spec->applies != Applies::all && (spec->applies == Applies::hedger) != (*role == Role::hedger)) {
          fail(kv.first, full,
               fmt::format("applies to {} agents only; this agent's role is {}",
                           spec->applies == Applies::hedger ? "hedger" : "great_power", to_string(*role)));
        }
        out.*spec->field = number(kv.second, full, spec->min, spec->max, spec->integer);
        seen.insert(spec->key);
        continue;
      }
      const bool is_group = std::any_of(specs.begin(), specs.end(), [&](const auto& s) {
        return s.key.size() > rel.size() && s.key.substr(0, rel.size()) == rel && s.key[rel.size()] == '.';
      });
      if (is_group) {
        if (!kv.second.IsMap()) {
          fail(kv.second, full, fmt::format("expected a mapping, got {}", describe_node(kv.second)));
        }
        walk_block<Block>(kv.second, rel, full, specs, out, role, extra_keys, seen);
        continue;
      }
      if (relative.empty() && std::find(extra_keys.begin(), extra_keys.end(), key) != extra_keys.end()) {
        continue;
      }
      std::vector<std::string> candidates = relative.empty() ? extra_keys : std::vector<std::string>{};
      for (const auto& s : specs) {
        if (relative.empty() ||
            (s.key.size() > rel.size() - key.size() && s.key.substr(0, relative.size() + 1) == relative + ".")) {
          const std::string_view tail = relative.empty() ? s.key : s.key.substr(relative.size() + 1);
          candidates.emplace_back(tail.substr(0, tail.find('.')));
        }
      }
      const YAML::Node& at = kv.first.Mark().is_null() || kv.first.Mark().line < 0 ? kv.second : kv.first;
      fail(at, full, "unknown key" + did_you_mean(key, candidates));
    }
  }

  // --- sections -----------------------------------------------------------------------------

  void read_meta(const YAML::Node& m)
  {
    check_keys(m, "scenario", kMetaKeys);
    auto& meta = s_.meta;
    if (!m["name"]) {
      fail(m, "scenario.name", "required key is missing; expected an identifier");
    }
    meta.name = identifier(m["name"], "scenario.name");
    meta.description = m["description"] ? text(m["description"], "scenario.description") : "";
    for (const char* key : {"start", "end"}) {
      if (!m[key]) {
        fail(m, fmt::format("scenario.{}", key), "required key is missing; expected a date YYYY-MM");
      }
    }
    meta.start = date(m["start"], "scenario.start");
    meta.end = date(m["end"], "scenario.end");
    if (meta.end < meta.start) {
      fail(m["end"], "scenario.end",
           fmt::format("expected a date on or after scenario.start ({}), got {}", meta.start.iso(), meta.end.iso()));
    }
    if (m["step"] && !parse_step_unit(text(m["step"], "scenario.step"), meta.step)) {
      fail(m["step"], "scenario.step",
           fmt::format("expected one of month, quarter, year, got {}{}", describe_node(m["step"]),
                       did_you_mean(m["step"].Scalar(), {"month", "quarter", "year"})));
    }
    meta.runs = m["runs"] ? read_whole_number(doc_, m["runs"], "scenario.runs", 1, kMostRuns) : 100;
    meta.seed = m["seed"] ? read_whole_number(doc_, m["seed"], "scenario.seed", 0) : 1;
  }

  void read_agents(const YAML::Node& agents)
  {
    if (agents.size() == 0) {
      fail(agents, "agents", "expected at least one hedger and one great power, got none");
    }
    for (const auto& kv : agents) {
      const std::string path = join_path("agents", kv.first.Scalar());
      Agent agent;
      agent.id = identifier(kv.first, path);
      if (s_.agent_index(agent.id) >= 0) {
        fail(kv.first, path, "duplicate agent id");
      }
      if (!kv.second.IsMap()) {
        fail(kv.second, path, fmt::format("expected a mapping of agent parameters, got {}", describe_node(kv.second)));
      }
      const YAML::Node& a = kv.second;
      if (!a["role"]) {
        fail(a, path + ".role", "required key is missing; expected hedger or great_power");
      }
      const std::string role = text(a["role"], path + ".role");
      if (role == "hedger") {
        agent.role = Role::hedger;
      } else if (role == "great_power") {
        agent.role = Role::great_power;
      } else {
        fail(a["role"], path + ".role",
             fmt::format("expected hedger or great_power, got \"{}\"{}", role,
                         did_you_mean(role, {"hedger", "great_power"})));
      }
      agent.name = a["name"] ? text(a["name"], path + ".name") : agent.id;
      read_block<AgentParams>(a, path, agent_parameters(), agent.params, agent.role, {"name", "role", "factions"});
      if (a["factions"] && agent.role != Role::hedger) {
        fail(a["factions"], path + ".factions", "applies to hedger agents only; this agent's role is great_power");
      }
      s_.agents.push_back(std::move(agent));
    }
    const std::size_t hedgers = s_.agents_with_role(Role::hedger).size();
    const std::size_t powers = s_.agents_with_role(Role::great_power).size();
    if (hedgers == 0 || powers == 0) {
      // A hedger hedges between great powers; without both there is nothing to simulate.
      const auto count = [](std::size_t n, const char* one, const char* many) {
        return n == 0 ? fmt::format("no {}", one) : fmt::format("{} {}", n, n == 1 ? one : many);
      };
      fail(agents, "agents",
           fmt::format("expected at least one hedger and one great power, got {} and {}",
                       count(hedgers, "hedger", "hedgers"), count(powers, "great power", "great powers")));
    }
    // Factions name great powers, so they are read once every agent is known.
    for (const auto& kv : agents) {
      read_factions(kv.second["factions"], join_path("agents", kv.first.Scalar()) + ".factions",
                    s_.agents[static_cast<std::size_t>(s_.agent_index(kv.first.Scalar()))]);
    }
    s_.relations.assign(s_.agents.size() * s_.agents.size(), Relation{});
    for (auto& r : s_.relations) {
      read_block<RelationParams>(YAML::Node(YAML::NodeType::Map), "relations", relation_parameters(), r.params,
                                 std::nullopt, {});
    }
  }

  void read_factions(const YAML::Node& list, const std::string& path, Agent& agent)
  {
    if (!list) {
      return;
    }
    if (!list.IsSequence()) {
      fail(list, path, fmt::format("expected a list of factions, got {}", describe_node(list)));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string item = fmt::format("{}[{}]", path, i);
      const YAML::Node& n = list[i];
      if (!n.IsMap()) {
        fail(n, item, fmt::format("expected a mapping, got {}", describe_node(n)));
      }
      check_keys(n, item, {"id", "capability", "salience", "orientation", "predecessor"});
      for (const char* key : {"id", "capability", "salience"}) {
        if (!n[key]) {
          fail(n, fmt::format("{}.{}", item, key), "required key is missing");
        }
      }
      EliteFaction f;
      f.id = identifier(n["id"], item + ".id");
      for (const auto& other : agent.factions) {
        if (other.id == f.id) {
          fail(n["id"], item + ".id", fmt::format("duplicate faction id \"{}\"", f.id));
        }
      }
      f.capability = number(n["capability"], item + ".capability", 0.0, 1e6);
      f.salience = number(n["salience"], item + ".salience", 0.0, 1.0);
      f.orientation.assign(s_.agents.size(), std::numeric_limits<double>::quiet_NaN());
      if (const YAML::Node o = n["orientation"]) {
        if (!o.IsMap()) {
          fail(o, item + ".orientation",
               fmt::format("expected a mapping of great powers to numbers, got {}", describe_node(o)));
        }
        for (const auto& kv : o) {
          const std::string key = join_path(item + ".orientation", kv.first.Scalar());
          const int power = agent_ref(kv.first, key);
          if (s_.agents[static_cast<std::size_t>(power)].role != Role::great_power) {
            fail(kv.first, key, fmt::format("expected a great power, got hedger \"{}\"", kv.first.Scalar()));
          }
          f.orientation[static_cast<std::size_t>(power)] = number(kv.second, key, -1.0, 1.0);
        }
      }
      if (const YAML::Node p = n["predecessor"]) {
        const std::string flag = text(p, item + ".predecessor");
        if (flag != "true" && flag != "false") {
          fail(p, item + ".predecessor", fmt::format("expected true or false, got \"{}\"", flag));
        }
        f.predecessor = flag == "true";
      }
      agent.factions.push_back(std::move(f));
    }
  }

  void read_institutions(const YAML::Node& map)
  {
    for (const auto& kv : map) {
      const std::string path = join_path("institutions", kv.first.Scalar());
      Institution inst;
      inst.id = identifier(kv.first, path);
      if (!kv.second.IsMap()) {
        fail(kv.second, path, fmt::format("expected a mapping, got {}", describe_node(kv.second)));
      }
      const YAML::Node& n = kv.second;
      read_block<InstitutionParams>(n, path, institution_parameters(), inst.params, std::nullopt,
                                    {"name", "led_by", "dimension", "floor"});
      inst.name = n["name"] ? text(n["name"], path + ".name") : inst.id;
      if (!n["led_by"]) {
        fail(n, path + ".led_by", "required key is missing; expected an agent id");
      }
      inst.led_by = agent_ref(n["led_by"], path + ".led_by");
      if (!n["dimension"]) {
        fail(n, path + ".dimension", "required key is missing; expected security, economic or diplomatic");
      }
      const std::string dim = text(n["dimension"], path + ".dimension");
      const auto it = std::find(kDimensionNames.begin(), kDimensionNames.end(), dim);
      if (it == kDimensionNames.end()) {
        fail(n["dimension"], path + ".dimension",
             fmt::format("expected security, economic or diplomatic, got \"{}\"{}", dim,
                         did_you_mean(dim, {"security", "economic", "diplomatic"})));
      }
      inst.dimension = static_cast<Dimension>(it - kDimensionNames.begin());
      inst.floor = n["floor"] ? number(n["floor"], path + ".floor", -1.0, 1.0) : kBindingEngagementFloor;
      s_.institutions.push_back(std::move(inst));
    }
  }

  void read_relations(const YAML::Node& map)
  {
    for (const auto& from_kv : map) {
      const std::string from_path = join_path("relations", from_kv.first.Scalar());
      const int from = agent_ref(from_kv.first, from_path);
      if (!from_kv.second.IsMap()) {
        fail(from_kv.second, from_path,
             fmt::format("expected a mapping of partners, got {}", describe_node(from_kv.second)));
      }
      for (const auto& to_kv : from_kv.second) {
        const std::string path = join_path(from_path, to_kv.first.Scalar());
        const int to = agent_ref(to_kv.first, path);
        if (to == from) {
          fail(to_kv.first, path, "an agent has no relation with itself");
        }
        if (!to_kv.second.IsMap()) {
          fail(to_kv.second, path, fmt::format("expected a mapping, got {}", describe_node(to_kv.second)));
        }
        Relation& rel = s_.relations[static_cast<std::size_t>(from) * s_.agents.size() + static_cast<std::size_t>(to)];
        rel.defined = true;
        read_block<RelationParams>(to_kv.second, path, relation_parameters(), rel.params, std::nullopt,
                                   {"memberships"});
        read_memberships(to_kv.second["memberships"], path + ".memberships", to, rel);
      }
    }
  }

  void read_memberships(const YAML::Node& list, const std::string& path, int partner, Relation& rel)
  {
    if (!list) {
      return;
    }
    if (!list.IsSequence()) {
      fail(list, path, fmt::format("expected a list of institution ids, got {}", describe_node(list)));
    }
    std::vector<std::string> ids;
    for (const auto& inst : s_.institutions) {
      ids.push_back(inst.id);
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string item = fmt::format("{}[{}]", path, i);
      const std::string id = text(list[i], item);
      const auto it = std::find(ids.begin(), ids.end(), id);
      if (it == ids.end()) {
        fail(list[i], item, fmt::format("no institution with id \"{}\"{}", id, did_you_mean(id, ids)));
      }
      const auto index = static_cast<int>(it - ids.begin());
      const Institution& inst = s_.institutions[static_cast<std::size_t>(index)];
      if (inst.led_by != partner) {
        fail(list[i], item,
             fmt::format("institution \"{}\" is led by {}, so list it under relations.<agent>.{}", id,
                         s_.agents[static_cast<std::size_t>(inst.led_by)].id,
                         s_.agents[static_cast<std::size_t>(inst.led_by)].id));
      }
      rel.memberships.push_back(index);
    }
  }

  //! What an event does with a parameter path: change it (an effect) or read it (a condition).
  enum class Use { effect, condition };

  //! Why `target` is not exogenous: the model sets it, so events may neither change nor read it.
  [[noreturn]] void not_exogenous(const YAML::Node& node, const std::string& path, const std::string& target, Use use,
                                  std::string_view why) const
  {
    if (use == Use::condition) {
      fail(node, path,
           fmt::format("\"{}\" cannot be an event condition; conditions read exogenous parameters only", target));
    }
    fail(node, path, fmt::format("\"{}\" cannot be changed by events{}", target, why));
  }

  //! Resolves an event path to one exogenous number of the world, an agent or a relation.
  ParamRef param_ref(const YAML::Node& node, const std::string& path, Use use) const
  {
    const std::string target = text(node, path);
    ParamRef ref;
    ref.path = target;
    const auto dot = target.find('.');
    const std::string head = target.substr(0, dot);
    const std::string rest = dot == std::string::npos ? "" : target.substr(dot + 1);
    auto resolve = [&](auto specs, const std::string& key, const std::string& prefix) -> std::size_t {
      for (std::size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].key == key) {
          if (!specs[i].exogenous) {
            std::string_view why;
            if (key.rfind("alignment", 0) == 0) {
              why = "; alignment moves only through the hedgers' decisions";
            } else if (specs[i].applies == Applies::hedger) {
              why = "; a hedger's internal efforts move only through its own decisions";
            }
            not_exogenous(node, path, target, use, why);
          }
          return i;
        }
      }
      std::vector<std::string> keys;
      for (const auto& s : specs) {
        if (s.exogenous) {
          keys.push_back(prefix + std::string(s.key));
        }
      }
      fail(node, path, fmt::format("no exogenous parameter \"{}\"{}", target, did_you_mean(prefix + key, keys)));
    };
    if (head == "world") {
      ref.scope = ParamRef::Scope::world;
      ref.field = resolve(world_parameters(), rest, "world.");
      return ref;
    }
    const auto agent_at = [&](const std::string& id) {
      const int index = s_.agent_index(id);
      if (index < 0) {
        fail(node, path, fmt::format("no agent with id \"{}\" in \"{}\"{}", id, target, did_you_mean(id, agent_ids())));
      }
      return index;
    };
    const auto dot2 = rest.find('.');
    if (head == "agents" && dot2 != std::string::npos) {
      ref.scope = ParamRef::Scope::agent;
      ref.agent = agent_at(rest.substr(0, dot2));
      ref.field = resolve(agent_parameters(), rest.substr(dot2 + 1), fmt::format("agents.{}.", rest.substr(0, dot2)));
      const auto& spec = agent_parameters()[ref.field];
      const Role role = s_.agents[static_cast<std::size_t>(ref.agent)].role;
      if (spec.applies != Applies::all && (spec.applies == Applies::hedger) != (role == Role::hedger)) {
        fail(node, path,
             fmt::format("\"{}\" applies to {} agents only", target,
                         spec.applies == Applies::hedger ? "hedger" : "great_power"));
      }
      return ref;
    }
    const auto dot3 = dot2 == std::string::npos ? std::string::npos : rest.find('.', dot2 + 1);
    if (head == "relations" && dot3 != std::string::npos) {
      ref.scope = ParamRef::Scope::relation;
      ref.agent = agent_at(rest.substr(0, dot2));
      ref.partner = agent_at(rest.substr(dot2 + 1, dot3 - dot2 - 1));
      if (ref.agent == ref.partner) {
        fail(node, path,
             fmt::format("expected a relation between two agents, got \"{}\" (an agent has no relation with itself)",
                         target));
      }
      if (rest.substr(dot3 + 1) == "memberships") {
        not_exogenous(node, path, target, use, "; memberships move only through the hedgers' decisions");
      }
      ref.field =
          resolve(relation_parameters(), rest.substr(dot3 + 1), rest.substr(0, dot3 + 1).insert(0, "relations."));
      return ref;
    }
    if (head == "institutions" && dot2 != std::string::npos) {
      const std::string id = rest.substr(0, dot2);
      const auto it = std::find_if(s_.institutions.begin(), s_.institutions.end(),
                                   [&](const Institution& inst) { return inst.id == id; });
      if (it == s_.institutions.end()) {
        std::vector<std::string> ids;
        for (const auto& inst : s_.institutions) {
          ids.push_back(inst.id);
        }
        fail(node, path, fmt::format("no institution with id \"{}\" in \"{}\"{}", id, target, did_you_mean(id, ids)));
      }
      ref.scope = ParamRef::Scope::institution;
      ref.agent = static_cast<int>(it - s_.institutions.begin());
      ref.field = resolve(institution_parameters(), rest.substr(dot2 + 1), fmt::format("institutions.{}.", id));
      return ref;
    }
    if (head == "model") {
      not_exogenous(node, path, target, use, "; model parameters are fixed for a run");
    }
    fail(node, path,
         fmt::format("expected a parameter path world.<key>, agents.<id>.<key>, relations.<agent>.<partner>.<key> or "
                     "institutions.<id>.<key>, got \"{}\"",
                     target));
  }

  void read_events(const YAML::Node& list)
  {
    if (!list || list.IsNull()) {
      return;
    }
    if (!list.IsSequence()) {
      fail(list, "events", fmt::format("expected a list of events, got {}", describe_node(list)));
    }
    std::set<std::string> ids; // a set: a scenario may hold tens of thousands of events
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = fmt::format("events[{}]", i);
      const YAML::Node& n = list[i];
      if (!n.IsMap()) {
        fail(n, path, fmt::format("expected a mapping, got {}", describe_node(n)));
      }
      check_keys(n, path, kEventKeys);
      Event e;
      if (!n["id"]) {
        fail(n, path + ".id", "required key is missing; expected an identifier");
      }
      e.id = identifier(n["id"], path + ".id");
      if (!ids.insert(e.id).second) {
        fail(n["id"], path + ".id", fmt::format("duplicate event id \"{}\"", e.id));
      }
      e.description = n["description"] ? text(n["description"], path + ".description") : "";
      if (static_cast<bool>(n["at"]) == static_cast<bool>(n["hazard"])) {
        fail(n, path, "expected exactly one of 'at' (a scheduled date) or 'hazard' (a rate per year)");
      }
      if (n["at"]) {
        e.at = date_in_span(n["at"], path + ".at");
      } else {
        e.hazard = number(n["hazard"], path + ".hazard", 0.0, 1e6);
        e.max_occurrences =
            n["max_occurrences"]
                ? static_cast<int>(number(n["max_occurrences"], path + ".max_occurrences", 1, 1e6, true))
                : 1;
        if (const YAML::Node w = n["window"]) {
          if (!w.IsMap()) {
            fail(w, path + ".window", fmt::format("expected a mapping with from and to, got {}", describe_node(w)));
          }
          check_keys(w, path + ".window", {"from", "to"});
          // A window may reach beyond the span (an overlay may shorten the scenario); it is clipped.
          if (w["from"]) {
            e.window_from = date(w["from"], path + ".window.from");
          }
          if (w["to"]) {
            e.window_to = date(w["to"], path + ".window.to");
          }
          if (e.window_from && e.window_to && *e.window_to < *e.window_from) {
            fail(w["to"], path + ".window.to",
                 fmt::format("expected a date on or after window.from ({}), got {}", e.window_from->iso(),
                             e.window_to->iso()));
          }
        }
      }
      if (n["at"] && (n["window"] || n["max_occurrences"])) {
        fail(n, path, "'window' and 'max_occurrences' apply to stochastic events (with 'hazard') only");
      }
      if (const YAML::Node w = n["when"]) {
        if (!w.IsMap()) {
          fail(w, path + ".when", fmt::format("expected a mapping with path, op and value, got {}", describe_node(w)));
        }
        check_keys(w, path + ".when", {"path", "op", "value"});
        for (const char* key : {"path", "op", "value"}) {
          if (!w[key]) {
            fail(w, fmt::format("{}.when.{}", path, key), "required key is missing");
          }
        }
        EventCondition c;
        c.subject = param_ref(w["path"], path + ".when.path", Use::condition);
        const std::string op = text(w["op"], path + ".when.op");
        if (op == "<") {
          c.op = EventCondition::Op::lt;
        } else if (op == "<=") {
          c.op = EventCondition::Op::le;
        } else if (op == ">") {
          c.op = EventCondition::Op::gt;
        } else if (op == ">=") {
          c.op = EventCondition::Op::ge;
        } else {
          fail(w["op"], path + ".when.op", fmt::format("expected one of <, <=, >, >=, got \"{}\"", op));
        }
        c.value = number(w["value"], path + ".when.value", -1e12, 1e12);
        e.when = c;
      }
      e.actor = n["actor"] ? agent_ref(n["actor"], path + ".actor") : -1;
      e.target = n["target"] ? agent_ref(n["target"], path + ".target") : -1;
      read_act(n["act"], path + ".act", e);
      if (e.act.kind == Act::Kind::none || n["effects"]) {
        read_effects(n["effects"], path + ".effects", n, e);
      }
      s_.events.push_back(std::move(e));
    }
  }

  //! A diplomatic act asked of the hedgers; it needs the sponsor (actor) and the power concerned (target).
  void read_act(const YAML::Node& m, const std::string& path, Event& e)
  {
    if (!m) {
      return;
    }
    if (!m.IsMap()) {
      fail(m, path, fmt::format("expected a mapping with type and severity, got {}", describe_node(m)));
    }
    check_keys(m, path, {"type", "severity"});
    if (!m["type"]) {
      fail(m, path + ".type", "required key is missing; expected un_vote, recognition, succession or sanctions");
    }
    const std::string type = text(m["type"], path + ".type");
    const auto known = std::find(kActTypeNames.begin(), kActTypeNames.end(), type);
    if (known == kActTypeNames.end()) {
      fail(m["type"], path + ".type",
           fmt::format("expected un_vote, recognition, succession or sanctions, got \"{}\"{}", type,
                       did_you_mean(type, std::vector<std::string>(kActTypeNames.begin(), kActTypeNames.end()))));
    }
    e.act.kind = static_cast<Act::Kind>(1 + (known - kActTypeNames.begin()));
    e.act.severity = m["severity"] ? number(m["severity"], path + ".severity", 0.0, 1.0) : 1.0;
    const std::string event_path = path.substr(0, path.rfind('.'));
    if (e.act.kind == Act::Kind::succession) {
      if (e.actor < 0 || s_.agents[static_cast<std::size_t>(e.actor)].role != Role::hedger) {
        fail(m, event_path + ".actor", "a succession act needs an actor that is a hedger");
      }
      return;
    }
    // A vote names its sponsor and the power it criticises, a sanctions regime its sponsor and the
    // power it targets; a recognition request only its requester.
    std::vector<std::pair<int, const char*>> powers{{e.actor, "actor"}};
    if (e.act.kind == Act::Kind::un_vote || e.act.kind == Act::Kind::sanctions) {
      powers.emplace_back(e.target, "target");
    }
    for (const auto& [index, key] : powers) {
      if (index < 0) {
        fail(m, fmt::format("{}.{}", event_path, key),
             fmt::format("required key is missing; the {} act needs {} (a great power)", type,
                         std::string_view(key) == "actor" ? "an actor" : "a target"));
      }
      if (s_.agents[static_cast<std::size_t>(index)].role != Role::great_power) {
        fail(m, fmt::format("{}.{}", event_path, key),
             fmt::format("expected a great power for a {} act, got hedger \"{}\"", type,
                         s_.agents[static_cast<std::size_t>(index)].id));
      }
    }
  }

  void read_effects(const YAML::Node& list, const std::string& path, const YAML::Node& event, Event& e)
  {
    if (!list) {
      fail(event, path, "required key is missing; expected a list of effects");
    }
    if (!list.IsSequence() || list.size() == 0) {
      fail(list, path, fmt::format("expected a non-empty list of effects, got {}", describe_node(list)));
    }
    for (std::size_t j = 0; j < list.size(); ++j) {
      const std::string item = fmt::format("{}[{}]", path, j);
      const YAML::Node& f = list[j];
      if (!f.IsMap()) {
        fail(f, item, fmt::format("expected a mapping with op, path and value, got {}", describe_node(f)));
      }
      check_keys(f, item, {"op", "path", "value"});
      for (const char* key : {"op", "path", "value"}) {
        if (!f[key]) {
          fail(f, fmt::format("{}.{}", item, key), "required key is missing");
        }
      }
      EventEffect effect;
      const std::string op = text(f["op"], item + ".op");
      if (op == "set") {
        effect.op = EventEffect::Op::set;
      } else if (op == "add") {
        effect.op = EventEffect::Op::add;
      } else if (op == "scale") {
        effect.op = EventEffect::Op::scale;
      } else {
        fail(f["op"], item + ".op",
             fmt::format("expected set, add or scale, got \"{}\"{}", op, did_you_mean(op, {"set", "add", "scale"})));
      }
      effect.target = param_ref(f["path"], item + ".path", Use::effect);
      const auto [min, max] = parameter_range(effect.target);
      switch (effect.op) {
      case EventEffect::Op::set:
        effect.value = number(f["value"], item + ".value", min, max);
        break;
      case EventEffect::Op::add:
        effect.value = number(f["value"], item + ".value", -(max - min), max - min);
        break;
      case EventEffect::Op::scale:
        effect.value = number(f["value"], item + ".value", 0.0, 1e6);
        break;
      }
      e.effects.push_back(std::move(effect));
    }
  }

  void read_output(const YAML::Node& m)
  {
    check_keys(m, "output", {"variables", "every", "summary", "series"});
    if (const YAML::Node v = m["variables"]) {
      s_.output.variables =
          read_output_variables(doc_, v, [this](const YAML::Node& n, const std::string& p) { return text(n, p); });
    } else {
      for (const auto& g : output_groups()) {
        s_.output.variables.emplace_back(g.name);
      }
    }
    s_.output.every = m["every"] ? static_cast<int>(number(m["every"], "output.every", 1, 1e6, true)) : 1;
    s_.output.summary = read_summary_spec(doc_, m);
  }
};

// --- resolved YAML ----------------------------------------------------------------------------

void put(YAML::Node node, std::string_view dotted, const std::string& value)
{
  const auto dot = dotted.find('.');
  if (dot == std::string_view::npos) {
    node[std::string(dotted)] = value;
    return;
  }
  YAML::Node child = node[std::string(dotted.substr(0, dot))];
  put(child, dotted.substr(dot + 1), value);
}

template <class Block>
YAML::Node block_node(const Block& block, std::span<const NumberSpec<Block>> specs, std::optional<Role> role)
{
  YAML::Node node(YAML::NodeType::Map);
  for (const auto& spec : specs) {
    if (role && spec.applies != Applies::all && (spec.applies == Applies::hedger) != (*role == Role::hedger)) {
      continue;
    }
    put(node, spec.key, format_number(block.*spec.field));
  }
  return node;
}

const char* op_text(EventCondition::Op op)
{
  switch (op) {
  case EventCondition::Op::lt:
    return "<";
  case EventCondition::Op::le:
    return "<=";
  case EventCondition::Op::gt:
    return ">";
  case EventCondition::Op::ge:
    return ">=";
  }
  return "<";
}

const char* op_text(EventEffect::Op op)
{
  switch (op) {
  case EventEffect::Op::set:
    return "set";
  case EventEffect::Op::add:
    return "add";
  case EventEffect::Op::scale:
    return "scale";
  }
  return "set";
}

} // namespace

Scenario build_scenario(const ScenarioDocument& document)
{
  return Builder(document).build();
}

Scenario load_scenario(const std::filesystem::path& file, const std::vector<Override>& overrides)
{
  return build_scenario(ScenarioDocument::load(file, overrides));
}

Scenario load_scenario_text(std::string_view text, const std::filesystem::path& name,
                            const std::vector<Override>& overrides)
{
  return build_scenario(ScenarioDocument::parse(text, name, overrides));
}

std::string to_yaml(const Scenario& s)
{
  YAML::Node root(YAML::NodeType::Map);
  YAML::Node meta = root["scenario"];
  meta["name"] = s.meta.name;
  meta["description"] = s.meta.description;
  meta["start"] = s.meta.start.iso();
  meta["end"] = s.meta.end.iso();
  meta["step"] = std::string(to_string(s.meta.step));
  meta["runs"] = std::to_string(s.meta.runs);
  meta["seed"] = std::to_string(s.meta.seed);
  root["world"] = block_node<WorldParams>(s.world, world_parameters(), std::nullopt);
  root["model"] = block_node<ModelParams>(s.model, model_parameters(), std::nullopt);
  YAML::Node agents = root["agents"];
  for (const auto& a : s.agents) {
    YAML::Node node(YAML::NodeType::Map);
    node["name"] = a.name;
    node["role"] = to_string(a.role);
    for (const auto& kv : block_node<AgentParams>(a.params, agent_parameters(), a.role)) {
      node[kv.first.Scalar()] = kv.second;
    }
    for (const auto& f : a.factions) {
      YAML::Node fn(YAML::NodeType::Map);
      fn["id"] = f.id;
      fn["capability"] = format_number(f.capability);
      fn["salience"] = format_number(f.salience);
      for (std::size_t g = 0; g < f.orientation.size(); ++g) {
        if (!std::isnan(f.orientation[g])) {
          fn["orientation"][s.agents[g].id] = format_number(f.orientation[g]);
        }
      }
      fn["predecessor"] = f.predecessor ? "true" : "false";
      node["factions"].push_back(fn);
    }
    agents[a.id] = node;
  }
  if (!s.institutions.empty()) {
    YAML::Node insts = root["institutions"];
    for (const auto& inst : s.institutions) {
      YAML::Node node = insts[inst.id];
      node["name"] = inst.name;
      node["led_by"] = s.agents[static_cast<std::size_t>(inst.led_by)].id;
      node["dimension"] = kDimensionNames[static_cast<std::size_t>(inst.dimension)];
      node["floor"] = format_number(inst.floor);
      for (const auto& kv : block_node<InstitutionParams>(inst.params, institution_parameters(), std::nullopt)) {
        node[kv.first.Scalar()] = kv.second;
      }
    }
  }
  YAML::Node relations(YAML::NodeType::Map);
  for (std::size_t i = 0; i < s.size(); ++i) {
    for (std::size_t j = 0; j < s.size(); ++j) {
      const Relation& r = s.relation(i, j);
      if (!r.defined) {
        continue;
      }
      YAML::Node node = block_node<RelationParams>(r.params, relation_parameters(), std::nullopt);
      if (!r.memberships.empty()) {
        YAML::Node list(YAML::NodeType::Sequence);
        for (int m : r.memberships) {
          list.push_back(s.institutions[static_cast<std::size_t>(m)].id);
        }
        node["memberships"] = list;
      }
      relations[s.agents[i].id][s.agents[j].id] = node;
    }
  }
  if (relations.size() > 0) {
    root["relations"] = relations;
  }
  if (!s.events.empty()) {
    YAML::Node events(YAML::NodeType::Sequence);
    for (const auto& e : s.events) {
      YAML::Node node(YAML::NodeType::Map);
      node["id"] = e.id;
      if (!e.description.empty()) {
        node["description"] = e.description;
      }
      if (e.at) {
        node["at"] = e.at->iso();
      } else {
        node["hazard"] = format_number(e.hazard);
        node["max_occurrences"] = std::to_string(e.max_occurrences);
        if (e.window_from) {
          node["window"]["from"] = e.window_from->iso();
        }
        if (e.window_to) {
          node["window"]["to"] = e.window_to->iso();
        }
      }
      if (e.when) {
        node["when"]["path"] = e.when->subject.path;
        node["when"]["op"] = op_text(e.when->op);
        node["when"]["value"] = format_number(e.when->value);
      }
      if (e.actor >= 0) {
        node["actor"] = s.agents[static_cast<std::size_t>(e.actor)].id;
      }
      if (e.target >= 0) {
        node["target"] = s.agents[static_cast<std::size_t>(e.target)].id;
      }
      if (e.act.kind != Act::Kind::none) {
        node["act"]["type"] = kActTypeNames[static_cast<std::size_t>(e.act.kind) - 1];
        node["act"]["severity"] = format_number(e.act.severity);
      }
      YAML::Node effects(YAML::NodeType::Sequence);
      for (const auto& f : e.effects) {
        YAML::Node fx(YAML::NodeType::Map);
        fx["op"] = op_text(f.op);
        fx["path"] = f.target.path;
        fx["value"] = format_number(f.value);
        effects.push_back(fx);
      }
      if (!e.effects.empty()) {
        node["effects"] = effects;
      }
      events.push_back(node);
    }
    root["events"] = events;
  }
  YAML::Node output = root["output"];
  YAML::Node vars(YAML::NodeType::Sequence);
  for (const auto& v : s.output.variables) {
    vars.push_back(v);
  }
  output["variables"] = vars;
  output["every"] = std::to_string(s.output.every);
  write_summary_spec(s.output.summary, output);

  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

} // namespace hedgesim
