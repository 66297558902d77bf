#include "hedgesim/scenario/yaml_document.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/core/text.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

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

// Aliases share nodes, so a small file can expand to a huge tree (the "billion laughs"); no
// scenario needs more nodes than this, and walking them all takes a few seconds at most.
constexpr std::size_t kMostNodes = 10'000'000;
// yaml-cpp reads at most 499 levels; deeper trees come from aliases, and from cycles of them.
constexpr std::size_t kDeepest = 1000;
constexpr std::size_t kLargestFile = std::size_t{64} << 20U; // [bytes]

//! Checks the tree yaml-cpp built before anything walks it: every key is a name and appears once
//! per mapping, no alias closes a cycle (which would make every walk endless), and aliases do not
//! expand it beyond kMostNodes nodes or kDeepest levels.
class TreeCheck {
public:
  //! `file` names the source in messages; with `marks`, followed by the line and column.
  //! `path` is the key path of the root ("" for a whole file).
  TreeCheck(const std::string& file, bool marks, std::string path) : file_(file), marks_(marks), root_(std::move(path))
  {
    if (!root_.empty()) {
      steps_.push_back(Step{&root_, 0});
    }
  }

  void check(const YAML::Node& node) { walk(node); }

private:
  //! Checks `node` and returns its levels of collections (0 for a scalar).
  std::size_t walk(const YAML::Node& node)
  {
    if (!node.IsMap() && !node.IsSequence()) {
      count(node, 1);
      return 0;
    }
    // A subtree reached again through an alias passed once already; only its size and depth
    // count again, unless here they break a limit, which the walk below then reports.
    const Checked* known = find(node);
    if (known != nullptr && nodes_ + known->nodes <= kMostNodes && ancestors_.size() + known->levels <= kDeepest) {
      nodes_ += known->nodes;
      return known->levels;
    }
    const bool seen = known != nullptr;
    const std::size_t before = nodes_;
    count(node, 1);
    if (ancestors_.size() == kDeepest) {
      too_deep(node);
    }
    ancestors_.push_back(&node);
    std::size_t below = 0;
    if (node.IsMap()) {
      below = check_map(node);
    } else {
      for (std::size_t i = 0; i < node.size(); ++i) {
        steps_.push_back(Step{nullptr, i});
        below = std::max(below, walk(node[i]));
        steps_.pop_back();
      }
    }
    ancestors_.pop_back();
    if (!seen) {
      remember(node, nodes_ - before, below + 1);
    }
    return below + 1;
  }

  const std::string& file_;
  bool marks_;
  // The collections from the root down to the current node: each the argument of a walk()
  // still running, so pointers suffice (copying a node costs two atomic counts).
  std::vector<const YAML::Node*> ancestors_;
  // One step of the key path: a key (owned by the tree, or root_), or a sequence index. Text is
  // made only for a message: the walk takes up to kMostNodes steps.
  struct Step {
    const std::string* key = nullptr;
    std::size_t index = 0;
  };
  std::string root_;        // the key path of the root
  std::vector<Step> steps_; // the key path to the current node
  std::size_t nodes_ = 0;

  // Collections already checked, by their place in the text: an alias shares its anchor's node,
  // and hence its mark. Small ones are cheaper to walk again than to remember.
  struct Checked {
    YAML::Node node;
    std::size_t nodes = 0;  // nodes once aliases are expanded, itself included
    std::size_t levels = 0; // levels of collections, itself included
  };
  static constexpr std::size_t kRemembered = 32; // [nodes] the smallest subtree remembered
  std::unordered_map<int, std::vector<Checked>> checked_;

  void count(const YAML::Node& node, std::size_t n)
  {
    if ((nodes_ += n) > kMostNodes) {
      fail(node, fmt::format("expected at most {} YAML nodes once aliases are expanded, got more", kMostNodes));
    }
  }

  [[nodiscard]] const Checked* find(const YAML::Node& node) const
  {
    const auto it = checked_.find(node.Mark().pos);
    if (it != checked_.end()) {
      for (const Checked& c : it->second) {
        if (c.node.is(node)) {
          return &c;
        }
      }
    }
    return nullptr;
  }

  void remember(const YAML::Node& node, std::size_t nodes, std::size_t levels)
  {
    if (nodes >= kRemembered && !node.Mark().is_null()) {
      checked_[node.Mark().pos].push_back(Checked{node, nodes, levels});
    }
  }

  //! The key path of the first `count` steps, e.g. "events[0].at"; a very long one is cut.
  [[nodiscard]] std::string path(std::size_t count) const
  {
    constexpr std::size_t kShown = 16;
    std::string out;
    for (std::size_t i = 0; i < std::min(count, kShown); ++i) {
      const std::string step = steps_[i].key != nullptr ? *steps_[i].key : fmt::format("[{}]", steps_[i].index);
      out += step.front() == '[' || out.empty() ? step : "." + step;
    }
    return count > kShown ? out + "..." : out;
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message, std::size_t steps) const
  {
    const std::string where = marks_ ? mark_text(file_, node.Mark()) : file_;
    throw ScenarioError(steps == 0 ? fmt::format("{}: {}", where, message)
                                   : fmt::format("{}: {}: {}", where, path(steps), message));
  }
  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const
  {
    fail(node, message, steps_.size());
  }

  //! Beyond kDeepest levels: an alias cycle, reported where it closes, or else a too-deep chain.
  [[noreturn]] void too_deep(const YAML::Node& node) const
  {
    for (std::size_t k = 1; k < ancestors_.size(); ++k) {
      for (std::size_t j = 0; j < k; ++j) {
        if (ancestors_[j]->is(*ancestors_[k])) {
          fail(*ancestors_[k],
               "expected an alias to a complete node, got an alias to a node that contains it (a cycle)",
               steps_.size() - (ancestors_.size() - k));
        }
      }
    }
    fail(node, fmt::format("expected at most {} levels of nesting once aliases are expanded, got more", kDeepest));
  }

  //! Checks the keys and values of `map`; returns the most levels of collections of a value.
  //! Duplicate keys are legal for yaml-cpp but almost always a mistake in a scenario.
  std::size_t check_map(const YAML::Node& map)
  {
    std::size_t below = 0;
    std::map<std::string, YAML::Mark> seen;
    for (const auto& kv : map) {
      if (!kv.first.IsScalar() || kv.first.Scalar().empty()) {
        fail(kv.first.Mark().line < 0 ? map : kv.first,
             fmt::format("expected a {} name, got {}", steps_.empty() ? "section" : "key",
                         kv.first.IsMap() || kv.first.IsSequence() ? describe_node(kv.first) : "an empty key"));
      }
      const std::string& key = kv.first.Scalar();
      steps_.push_back(Step{&key, 0});
      if (auto it = seen.find(key); it != seen.end()) {
        fail(kv.first, fmt::format("duplicate key (first given at line {})", it->second.line + 1));
      }
      seen.emplace(key, kv.first.Mark());
      below = std::max(below, walk(kv.second));
      steps_.pop_back();
    }
    return below;
  }
};

//! "FILE:LINE:COL" (1-based, columns in characters) of byte `offset` of `text`.
std::string place_of(const std::string& file, std::string_view text, std::size_t offset)
{
  const std::string_view before = text.substr(0, offset);
  const std::size_t line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
  const std::size_t start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  const std::string_view line_text = before.substr(start);
  const auto column = std::count_if(line_text.begin(), line_text.end(),
                                    [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; });
  return fmt::format("{}:{}:{}", file, line, column + 1);
}

//! Offset of the first byte of `text` that is not part of a well-formed UTF-8 sequence, if any.
std::optional<std::size_t> invalid_utf8(std::string_view text)
{
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80U                     ? 1
                               : byte >= 0xC2U && byte <= 0xDFU ? 2
                               : byte >= 0xE0U && byte <= 0xEFU ? 3
                               : byte >= 0xF0U && byte <= 0xF4U ? 4
                                                                : 0;
    if (length == 0 || i + length > text.size()) {
      return i;
    }
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0U) != 0x80U) {
        return i;
      }
    }
    i += length;
  }
  return std::nullopt;
}

//! Whether `text` starts with a UTF-16 or UTF-32 byte order mark, which yaml-cpp decodes.
bool wide_encoding(std::string_view text)
{
  return text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") ||
         text.starts_with(std::string_view("\0\0\xFE\xFF", 4));
}

//! The first line up to `last_line` (1-based) indented with a tab, as "LINE:COL", or "".
//! YAML forbids tabs in indentation, and yaml-cpp's complaint about them rarely says so.
std::string tab_in_indentation(std::string_view text, int last_line)
{
  std::size_t start = 0;
  for (int line = 1; line <= last_line && start < text.size(); ++line) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view content = text.substr(start, end - start);
    const std::size_t first = content.find_first_not_of(" \t");
    // Blank lines and comments may hold tabs.
    if (first != std::string_view::npos && content[first] != '#' && content[first] != '\r') {
      if (const std::size_t tab = content.substr(0, first).find('\t'); tab != std::string_view::npos) {
        return fmt::format("{}:{}", line, tab + 1);
      }
    }
    start = end + 1;
  }
  return {};
}

//! Where the documents of a YAML stream start (the mark of each one's first node), found
//! without building them.
class DocumentMarks : public YAML::EventHandler {
public:
  struct Document {
    YAML::Mark start;
    std::optional<YAML::Mark> node;
  };
  std::vector<Document> documents;

  void OnDocumentStart(const YAML::Mark& mark) override { documents.push_back({mark, std::nullopt}); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { node_at(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t /*anchor*/) override { node_at(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                const std::string& /*value*/) override
  {
    node_at(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                       YAML::EmitterStyle::value /*style*/) override
  {
    node_at(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string& /*tag*/, YAML::anchor_t /*anchor*/,
                  YAML::EmitterStyle::value /*style*/) override
  {
    node_at(mark);
  }
  void OnMapEnd() override {}

private:
  void node_at(const YAML::Mark& mark)
  {
    if (!documents.empty() && !documents.back().node) {
      documents.back().node = mark;
    }
  }
};

//! The mark of the second document's first node, if `text` has a second document. yaml-cpp 0.7
//! does not move past a ',' outside any flow collection: it reports an empty document there
//! again and again, so that LoadAll fills all memory. Such a place is a syntax error.
std::optional<YAML::Mark> second_document(const std::string& text, const std::string& shown)
{
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentMarks marks;
  for (int i = 0; i < 3 && parser.HandleNextDocument(marks); ++i) {
    const std::vector<DocumentMarks::Document>& docs = marks.documents;
    if (docs.size() >= 2 && docs[docs.size() - 1].start.pos == docs[docs.size() - 2].start.pos) {
      const YAML::Mark& stuck = docs.back().start;
      const auto at = static_cast<std::size_t>(stuck.pos);
      throw ScenarioError(fmt::format("{}: YAML syntax error: {}", mark_text(shown, stuck),
                                      at < text.size() && text[at] == ','
                                          ? "unexpected ',' outside a flow sequence or mapping"
                                          : "unexpected text after the document"));
    }
  }
  if (marks.documents.size() < 2) {
    return std::nullopt;
  }
  return marks.documents[1].node.value_or(marks.documents[1].start);
}

//! Reads one file whole; `kind` ("scenario" or "sweep") is what messages call it.
std::string read_text(const fs::path& path, const std::string& shown, const std::string& referrer,
                      std::string_view kind)
{
  std::error_code error;
  std::ifstream in(path, std::ios::binary);
  if (!in || fs::is_directory(path, error)) {
    throw ScenarioError(fmt::format("{}cannot open {} file '{}'{}", referrer, kind, shown,
                                    fs::is_directory(path, error) ? " (a directory)" : ""));
  }
  // Read with a limit: the name may be a device or pipe that never ends (/dev/zero), and
  // yaml-cpp takes about a hundred times a file's size in memory.
  std::string text;
  std::array<char, 1 << 16> chunk{};
  while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
    text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kLargestFile) {
      throw ScenarioError(
          fmt::format("{}: expected a {} file of at most {} MiB, got more", shown, kind, kLargestFile >> 20U));
    }
  }
  return text;
}

//! Parses one file's text and checks its tree; `shown` names the file in messages.
YAML::Node parse_text(const std::string& text, const std::string& shown, std::string_view kind)
{
  // A binary file, or bytes of another encoding, would otherwise reach messages as they are.
  if (!wide_encoding(text)) {
    if (const std::size_t nul = text.find('\0'); nul != std::string::npos) {
      throw ScenarioError(
          fmt::format("{}: expected a YAML text file, got a NUL byte (a binary file?)", place_of(shown, text, nul)));
    }
    if (const std::optional<std::size_t> bad = invalid_utf8(text)) {
      throw ScenarioError(fmt::format("{}: expected UTF-8 text, got the invalid byte 0x{:02x}",
                                      place_of(shown, text, *bad), static_cast<unsigned char>(text[*bad])));
    }
  }
  YAML::Node root;
  std::optional<YAML::Mark> second;
  try {
    root = YAML::Load(text);
    second = second_document(text, shown);
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(fmt::format("{}: expected at most {} levels of nested mappings and sequences, got more",
                                    mark_text(shown, e.mark), e.depth() - 1));
  } catch (const YAML::Exception& e) {
    if (const std::string tab = tab_in_indentation(text, e.mark.line + 1); !tab.empty()) {
      throw ScenarioError(fmt::format("{}:{}: expected spaces for indentation, got a tab", shown, tab));
    }
    throw ScenarioError(fmt::format("{}: YAML syntax error: {}", mark_text(shown, e.mark), single_line(e.msg)));
  }
  if (second) {
    throw ScenarioError(fmt::format("{}: expected one YAML document, got a second one (after a '---' line)",
                                    mark_text(shown, *second)));
  }
  if (root.IsNull()) {
    throw ScenarioError(fmt::format("{}: the file is empty; expected a {} mapping", shown, kind));
  }
  if (!root.IsMap()) {
    throw ScenarioError(fmt::format("{}: expected a mapping of {} sections at the top level, got {}",
                                    mark_text(shown, root.Mark()), kind, describe_node(root)));
  }
  TreeCheck(shown, true, "").check(root);
  return root;
}

//! Loads `file` (or, when `text` is given, parses it as `file`'s contents) and every file it
//! extends, base first; returns (tree, file name) pairs.
void load_chain(const fs::path& file, const std::string* text, std::vector<fs::path>& stack,
                std::vector<std::pair<YAML::Node, std::string>>& chain, const std::string& referrer,
                std::string_view kind)
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
  YAML::Node root = parse_text(text != nullptr ? *text : read_text(file, shown, referrer, kind), shown, kind);
  stack.push_back(canonical);
  if (const YAML::Node base = root["extends"]) {
    if (!base.IsScalar() || base.Scalar().empty()) {
      throw ScenarioError(fmt::format("{}: extends: expected a path to a {} file, got {}",
                                      mark_text(shown, base.Mark()), kind, describe_node(base)));
    }
    const fs::path base_path = file.parent_path() / base.Scalar();
    load_chain(base_path, nullptr, stack, chain, mark_text(shown, base.Mark()) + ": extends: ", kind);
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
    return node.size() == 0 ? "an empty mapping" : "a mapping";
  }
  if (node.IsSequence()) {
    return node.size() == 0 ? "an empty sequence" : "a sequence";
  }
  return quoted_excerpt(node.Scalar());
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
                                std::uint64_t min, std::uint64_t max)
{
  const std::string expected = max == std::numeric_limits<std::uint64_t>::max()
                                   ? fmt::format("an integer >= {}", min)
                                   : fmt::format("an integer in [{}, {}]", min, max);
  if (!node.IsScalar()) {
    document.fail(node, path, fmt::format("expected {}, got {}", expected, describe_node(node)));
  }
  const std::string& text = node.Scalar();
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || end != text.c_str() + text.size() || errno == ERANGE || value < min ||
      value > max) {
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

ScenarioDocument ScenarioDocument::load(const fs::path& file, const std::vector<Override>& overrides,
                                        std::string_view kind)
{
  return assemble(file, nullptr, overrides, kind);
}

ScenarioDocument ScenarioDocument::parse(std::string_view text, const fs::path& name,
                                         const std::vector<Override>& overrides)
{
  const std::string owned(text);
  return assemble(name, &owned, overrides, "scenario");
}

ScenarioDocument ScenarioDocument::assemble(const fs::path& file, const std::string* text,
                                            const std::vector<Override>& overrides, std::string_view kind)
{
  std::vector<fs::path> stack;
  std::vector<std::pair<YAML::Node, std::string>> chain;
  load_chain(file, text, stack, chain, "", kind);

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

void ScenarioDocument::overlay(const ScenarioDocument& other)
{
  merge(root_, other.root_, "", display_name(other.file_));
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
  // The place errors name; a long value is cut, as values quoted in messages are.
  const std::string origin = fmt::format("--set {}={}", o.path, excerpt(o.value));
  YAML::Node value;
  try {
    value = YAML::Load(o.value);
  } catch (const YAML::DeepRecursion& e) {
    throw ScenarioError(fmt::format("{}: {}: expected at most {} levels of nested mappings and sequences, got more",
                                    origin, o.path, e.depth() - 1));
  } catch (const YAML::Exception& e) {
    throw ScenarioError(fmt::format("{}: {}: YAML syntax error in the value: {}", origin, o.path, single_line(e.msg)));
  }
  TreeCheck(origin, false, o.path).check(value);
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
        // An element an earlier --set made a scalar or a sequence has no keys to set.
        const YAML::Node element = seq[*index];
        if (!element.IsMap()) {
          throw ScenarioError(fmt::format("{}: {}: expected a mapping to set a key in, got {}", origin, walked,
                                          describe_node(element)));
        }
        node.reset(element); // rebind; operator= would overwrite the parent
      }
    } else if (last) {
      node[key] = value;
    } else {
      YAML::Node next = node[key];
      if (!next || next.IsNull()) {
        node[key] = YAML::Node(YAML::NodeType::Map);
        // What is missing from the new mapping is missing from this --set, not from the file.
        origins_.emplace_back(walked, origin);
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
