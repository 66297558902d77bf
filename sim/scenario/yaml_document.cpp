#include "hedgesim/scenario/yaml_document.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/core/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

namespace hedgesim {

namespace fs = std::filesystem;

namespace {

std::string display_name(const fs::path& p)
{
  return p.lexically_normal().string();
}

std::string mark_text(const std::string& file, const YAML::Mark& mark)
{
  if (mark.is_null() || mark.line < 0) {
    return file;
  }
  return fmt::format("{}:{}:{}", file, mark.line + 1, mark.column + 1);
}

//! The mappings and sequences of a tree already walked, and those enclosing the current one.
//!
//! An alias is the very node its anchor names, so one node can sit at many places in the tree,
//! and an alias inside its own anchor's node (`a: &x [*x]`) makes a cycle. yaml-cpp gives no node
//! an identity of its own; the address of its scalar text, held once per node, serves as one.
struct Walk {
  std::set<const void*> done;
  std::vector<const void*> open;
};

const void* identity(const YAML::Node& node)
{
  return &node.Scalar();
}

//! Duplicate keys are legal for yaml-cpp but almost always a mistake in a scenario. A node reached
//! again through an alias was checked the first time; one that contains itself is rejected.
void reject_duplicate_keys(const YAML::Node& node, const std::string& path, const std::string& file, Walk& walk)
{
  if (!node.IsMap() && !node.IsSequence()) {
    return;
  }
  const void* id = identity(node);
  if (std::find(walk.open.begin(), walk.open.end(), id) != walk.open.end()) {
    throw ScenarioError(fmt::format("{}: {}: expected a tree, got an alias to a node that contains it",
                                    mark_text(file, node.Mark()), path));
  }
  if (walk.done.contains(id)) {
    return;
  }
  walk.open.push_back(id);
  if (node.IsMap()) {
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      const std::string child = join_path(path, key);
      if (auto it = seen.find(key); it != seen.end()) {
        throw ScenarioError(fmt::format("{}: {}: duplicate key (first given at line {})",
                                        mark_text(file, kv.first.Mark()), child, it->second.line + 1));
      }
      seen.emplace(key, kv.first.Mark());
      reject_duplicate_keys(kv.second, child, file, walk);
    }
  } else {
    for (std::size_t i = 0; i < node.size(); ++i) {
      reject_duplicate_keys(node[i], fmt::format("{}[{}]", path, i), file, walk);
    }
  }
  walk.open.pop_back();
  walk.done.insert(id);
}

std::string read_file(const fs::path& path, const std::string& shown, const std::string& referrer)
{
  std::ifstream in(path);
  if (!in) {
    throw ScenarioError(fmt::format("{}cannot open scenario file '{}'", referrer, shown));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

YAML::Node parse_text(const std::string& text, const std::string& shown)
{
  try {
    YAML::Node root = YAML::Load(text);
    if (root.IsNull()) {
      throw ScenarioError(fmt::format("{}: the file is empty; expected a scenario mapping", shown));
    }
    if (!root.IsMap()) {
      throw ScenarioError(fmt::format("{}: expected a mapping of scenario sections at the top level, got {}",
                                      mark_text(shown, root.Mark()), describe_node(root)));
    }
    Walk walk;
    reject_duplicate_keys(root, "", shown, walk);
    return root;
  } catch (const YAML::Exception& e) {
    throw ScenarioError(fmt::format("{}: YAML syntax error: {}", mark_text(shown, e.mark), e.msg));
  }
}

//! Loads `file` (or, when `text` is given, parses it as `file`'s contents) and every file it
//! extends, base first; returns (tree, file name) pairs.
void load_chain(const fs::path& file, const std::string* text, std::vector<fs::path>& stack,
                std::vector<std::pair<YAML::Node, std::string>>& chain, const std::string& referrer)
{
  const std::string shown = display_name(file);
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(file, ec);
  for (const auto& seen : stack) {
    if (seen == canonical) {
      std::string cycle;
      for (const auto& s : stack) {
        cycle += s.filename().string() + " -> ";
      }
      throw ScenarioError(fmt::format("{}expected a chain of base files without a cycle, got {}{}", referrer, cycle,
                                      file.filename().string()));
    }
  }
  YAML::Node root = parse_text(text ? *text : read_file(file, shown, referrer), shown);
  stack.push_back(canonical);
  if (const YAML::Node base = root["extends"]) {
    if (!base.IsScalar() || base.Scalar().empty()) {
      throw ScenarioError(fmt::format("{}: extends: expected a path to a scenario file, got {}",
                                      mark_text(shown, base.Mark()), describe_node(base)));
    }
    const fs::path base_path = file.parent_path() / base.Scalar();
    load_chain(base_path, nullptr, stack, chain, mark_text(shown, base.Mark()) + ": extends: ");
    root.remove("extends");
  }
  stack.pop_back();
  chain.emplace_back(root, shown);
}

//! Sets `key: value` in `map`, taking the overlay's key node too: key nodes carry the line and
//! column that errors about the key report, and those must point into the overlay. A replaced
//! entry keeps its place, since the order of entries is meaningful (agents are indexed by it).
void put_entry(YAML::Node map, const YAML::Node& key, const YAML::Node& value)
{
  std::vector<std::pair<YAML::Node, YAML::Node>> entries;
  bool replaced = false;
  for (const auto& kv : map) {
    if (kv.first.Scalar() == key.Scalar()) {
      entries.emplace_back(key, value);
      replaced = true;
    } else {
      entries.emplace_back(kv.first, kv.second);
    }
  }
  if (!replaced) {
    map.force_insert(key, value);
    return;
  }
  for (const auto& entry : entries) {
    map.remove(entry.first.Scalar());
  }
  for (const auto& entry : entries) {
    map.force_insert(entry.first, entry.second);
  }
}

} // namespace

std::string join_path(std::string_view prefix, std::string_view key)
{
  if (prefix.empty()) {
    return std::string(key);
  }
  return fmt::format("{}.{}", prefix, key);
}

std::string describe_node(const YAML::Node& node)
{
  if (!node || node.IsNull()) {
    return "nothing";
  }
  if (node.IsMap()) {
    return "a mapping";
  }
  if (node.IsSequence()) {
    return "a sequence";
  }
  return fmt::format("\"{}\"", node.Scalar());
}

std::optional<double> parse_finite_number(const std::string& text)
{
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  // strtod accepts "nan" and "inf"; a scenario number must be finite.
  const bool special = text.find_first_of("nNiI") != std::string::npos;
  if (text.empty() || end != text.c_str() + text.size() || special || errno == ERANGE) {
    return std::nullopt;
  }
  return value;
}

std::uint64_t read_whole_number(const ScenarioDocument& document, const YAML::Node& node, const std::string& path,
                                std::uint64_t min)
{
  const std::string expected = fmt::format("an integer >= {}", min);
  if (!node.IsScalar()) {
    document.fail(node, path, fmt::format("expected {}, got {}", expected, describe_node(node)));
  }
  const std::string& text = node.Scalar();
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || end != text.c_str() + text.size() || errno == ERANGE || value < min) {
    document.fail(node, path, fmt::format("expected {}, got {}", expected, describe_node(node)));
  }
  return value;
}

YAML::Node require_map(const ScenarioDocument& document, const YAML::Node& parent, const std::string& key,
                       const std::string& path)
{
  const std::string full = join_path(path, key);
  const YAML::Node node = parent[key];
  if (!node) {
    document.fail(parent, full, "required section is missing; expected a mapping");
  }
  if (!node.IsMap()) {
    document.fail(node, full, fmt::format("expected a mapping, got {}", describe_node(node)));
  }
  return node;
}

std::string range_text(double min, double max)
{
  const auto bound = [](double v) { return std::isinf(v) ? std::string(v > 0 ? "inf" : "-inf") : format_number(v); };
  return fmt::format("[{}, {}]", bound(min), bound(max));
}

Override Override::parse(std::string_view text)
{
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw UsageError(fmt::format("--set {}: expected key.path=value", text));
  }
  return Override{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

ScenarioDocument ScenarioDocument::load(const fs::path& file, const std::vector<Override>& overrides)
{
  return assemble(file, nullptr, overrides);
}

ScenarioDocument ScenarioDocument::parse(std::string_view text, const fs::path& name,
                                         const std::vector<Override>& overrides)
{
  const std::string owned(text);
  return assemble(name, &owned, overrides);
}

ScenarioDocument ScenarioDocument::assemble(const fs::path& file, const std::string* text,
                                            const std::vector<Override>& overrides)
{
  std::vector<fs::path> stack;
  std::vector<std::pair<YAML::Node, std::string>> chain;
  load_chain(file, text, stack, chain, "");

  ScenarioDocument doc;
  doc.file_ = file;
  doc.root_ = chain.front().first;
  doc.origins_.emplace_back("", chain.front().second);
  for (std::size_t i = 1; i < chain.size(); ++i) {
    doc.merge(doc.root_, chain[i].first, "", chain[i].second);
  }
  for (const auto& o : overrides) {
    doc.apply(o);
  }
  return doc;
}

void ScenarioDocument::merge(YAML::Node base, const YAML::Node& overlay, const std::string& path,
                             const std::string& origin)
{
  for (const auto& kv : overlay) {
    const std::string key = kv.first.Scalar();
    const std::string child = join_path(path, key);
    if (path.empty() && key == "events") {
      merge_events(base, kv.second, origin);
      continue;
    }
    // A const lookup: the non-const operator[] would leave an undefined entry behind.
    YAML::Node existing = std::as_const(base)[key];
    if (existing && existing.IsMap() && kv.second.IsMap()) {
      merge(existing, kv.second, child, origin);
      continue;
    }
    // An empty section in an overlay (`world:` with nothing under it) changes nothing.
    if (existing && existing.IsMap() && kv.second.IsNull()) {
      continue;
    }
    put_entry(base, kv.first, kv.second);
    origins_.emplace_back(child, origin);
  }
}

// Overlays add events; an event with the id of an existing one replaces it.
void ScenarioDocument::merge_events(YAML::Node base, const YAML::Node& overlay, const std::string& origin)
{
  if (!overlay.IsSequence() || !base["events"] || !base["events"].IsSequence()) {
    base["events"] = overlay;
    origins_.emplace_back("events", origin);
    return;
  }
  YAML::Node events = base["events"];
  for (const auto& item : overlay) {
    const YAML::Node event(item);
    const std::string id = event.IsMap() && event["id"] ? event["id"].as<std::string>("") : "";
    std::size_t slot = events.size();
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (!id.empty() && events[i].IsMap() && events[i]["id"] && events[i]["id"].as<std::string>("") == id) {
        slot = i;
        break;
      }
    }
    if (slot == events.size()) {
      events.push_back(event);
    } else {
      events[slot] = event;
    }
    origins_.emplace_back(fmt::format("events[{}]", slot), origin);
  }
}

void ScenarioDocument::apply(const Override& o)
{
  const std::string origin = fmt::format("--set {}={}", o.path, o.value);
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    throw ScenarioError(fmt::format("{}: {}: YAML syntax error in the value: {}", origin, o.path, e.msg));
  }
  // Walk (and create) the maps along the path; "name[i]" indexes a sequence.
  std::vector<std::string> parts;
  std::string part;
  std::istringstream split(o.path);
  while (std::getline(split, part, '.')) {
    if (part.empty()) {
      throw UsageError(fmt::format("{}: empty key in the path", origin));
    }
    parts.push_back(part);
  }
  YAML::Node node = root_;
  std::string walked;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string key = parts[i];
    std::optional<std::size_t> index;
    if (const auto open = key.find('['); open != std::string::npos && key.back() == ']') {
      const std::string digits = key.substr(open + 1, key.size() - open - 2);
      key = key.substr(0, open);
      if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) {
        throw ScenarioError(
            fmt::format("{}: {}: expected an index [0], [1], ..., got [{}]", origin, join_path(walked, key), digits));
      }
      index = std::stoul(digits);
    }
    walked = join_path(walked, key);
    const bool last = i + 1 == parts.size();
    if (index) {
      YAML::Node seq = node[key];
      if (!seq || !seq.IsSequence() || *index >= seq.size()) {
        throw ScenarioError(fmt::format("{}: {}: there is no element [{}] to set", origin, walked, *index));
      }
      walked += fmt::format("[{}]", *index);
      if (last) {
        seq[*index] = value;
      } else {
        node.reset(seq[*index]); // rebind; operator= would overwrite the parent
      }
    } else if (last) {
      node[key] = value;
    } else {
      YAML::Node next = node[key];
      if (!next || next.IsNull()) {
        node[key] = YAML::Node(YAML::NodeType::Map);
      } else if (!next.IsMap()) {
        throw ScenarioError(
            fmt::format("{}: {}: expected a mapping to set a key in, got {}", origin, walked, describe_node(next)));
      }
      node.reset(node[key]); // rebind; operator= would overwrite the parent
    }
  }
  origins_.emplace_back(walked, origin);
}

std::string ScenarioDocument::origin_of(std::string_view key_path) const
{
  std::string best = origins_.front().second;
  std::size_t best_length = 0;
  for (const auto& [path, origin] : origins_) {
    const bool prefix =
        key_path.substr(0, path.size()) == path &&
        (key_path.size() == path.size() || key_path[path.size()] == '.' || key_path[path.size()] == '[');
    if (prefix && path.size() >= best_length) {
      best = origin;
      best_length = path.size();
    }
  }
  return best;
}

std::string ScenarioDocument::where(const YAML::Node& node, std::string_view key_path) const
{
  std::string origin = origin_of(key_path);
  if (origin.rfind("--set ", 0) == 0) {
    return origin;
  }
  return mark_text(origin, node ? node.Mark() : YAML::Mark::null_mark());
}

void ScenarioDocument::fail(const YAML::Node& node, std::string_view key_path, std::string_view message) const
{
  throw ScenarioError(fmt::format("{}: {}: {}", where(node, key_path), key_path, message));
}

} // namespace hedgesim
