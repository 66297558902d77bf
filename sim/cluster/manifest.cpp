#include "hedgesim/cluster/manifest.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/file_writeback.hpp"
#include "hedgesim/io/move_into_place.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>

namespace hedgesim::cluster {

namespace {

std::string json_string(const std::string& text)
{
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

// JSON is a subset of YAML, so yaml-cpp reads what to_json writes.
YAML::Node parse_json(const std::filesystem::path& path)
{
  std::ifstream in(path);
  if (!in) {
    throw IoError(fmt::format("{}: cannot read", path.string()));
  }
  try {
    return YAML::Load(in);
  } catch (const YAML::Exception& e) {
    throw IoError(fmt::format("{}: not valid JSON: {}", path.string(), e.what()));
  }
}

template <class T>
T field(const YAML::Node& node, const char* key, const std::filesystem::path& path)
{
  const YAML::Node value = node[key];
  if (!value) {
    throw IoError(fmt::format("{}: missing '{}'", path.string(), key));
  }
  try {
    return value.as<T>();
  } catch (const YAML::Exception&) {
    throw IoError(fmt::format("{}: '{}' has the wrong type", path.string(), key));
  }
}

void fnv1a(std::uint64_t& hash, const std::string& text)
{
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  hash ^= 0xff; // separates fields, so ("ab", "c") and ("a", "bc") differ
  hash *= 0x100000001b3ULL;
}

} // namespace

bool Manifest::same_plan(const Manifest& other) const noexcept
{
  return kind == other.kind && plan_hash == other.plan_hash && runs == other.runs && seed == other.seed &&
         shards == other.shards && block_size == other.block_size;
}

std::string plan_fingerprint(const sweep::RunPlan& plan)
{
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  fnv1a(hash, to_yaml(plan.base()));
  fnv1a(hash, plan.sweep_yaml());
  fnv1a(hash, std::to_string(plan.master_seed()));
  fnv1a(hash, std::to_string(plan.total_runs()));
  return fmt::format("{:016x}", hash);
}

std::filesystem::path manifest_path(const std::filesystem::path& dir)
{
  return dir / "manifest.json";
}

std::filesystem::path shard_dir(const std::filesystem::path& dir, std::uint64_t shard)
{
  return dir / fmt::format("shard-{:04d}", shard);
}

std::filesystem::path block_path(const std::filesystem::path& dir, std::uint64_t shard, std::uint64_t block)
{
  return shard_dir(dir, shard) / fmt::format("block-{:06d}.h5", block);
}

std::filesystem::path progress_path(const std::filesystem::path& dir, std::uint64_t shard)
{
  return shard_dir(dir, shard) / "progress.json";
}

void write_file_atomically(const std::filesystem::path& path, const std::string& text)
{
  const std::filesystem::path temporary = io::hidden_beside(path, fmt::format(".tmp-{}", ::getpid()));
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw IoError(fmt::format("{}: cannot write", path.string()));
    }
  }
  try {
    io::FileWriteback(temporary, path.string()).sync(); // on the disk before the rename
  } catch (const IoError&) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw IoError(fmt::format("{}: cannot move into place: {}", path.string(), error.message()));
  }
  io::sync_directory(path.parent_path());
}

std::string to_json(const Manifest& m)
{
  return fmt::format("{{\n  \"filetype\": {},\n  \"version\": {},\n  \"kind\": {},\n  \"name\": {},\n"
                     "  \"source\": {},\n  \"plan_hash\": {},\n  \"runs\": {},\n  \"seed\": {},\n"
                     "  \"shards\": {},\n  \"block_size\": {},\n  \"layout\": {}\n}}\n",
                     json_string(kManifestFiletype), kManifestVersion, json_string(m.kind), json_string(m.name),
                     json_string(m.source), json_string(m.plan_hash), m.runs, m.seed, m.shards, m.block_size,
                     json_string("shard-IIII/block-BBBBBB.h5: block B of shard I, see docs/clusters.md"));
}

std::string to_json(const ShardProgress& p)
{
  std::string blocks;
  for (std::size_t i = 0; i < p.done_blocks.size(); ++i) {
    blocks += fmt::format("{}{}", i == 0 ? "" : ", ", p.done_blocks[i]);
  }
  std::string failures;
  for (std::size_t i = 0; i < p.failures.size(); ++i) {
    failures += fmt::format("{}\n    {{\"run\": {}, \"error\": {}}}", i == 0 ? "" : ",", p.failures[i].run,
                            json_string(p.failures[i].error));
  }
  if (!failures.empty()) {
    failures += "\n  ";
  }
  return fmt::format("{{\n  \"shard\": {},\n  \"first_run\": {},\n  \"runs\": {},\n  \"state\": {},\n"
                     "  \"done_runs\": {},\n  \"blocks\": {},\n  \"done_blocks\": [{}],\n  \"failures\": [{}],\n"
                     "  \"rate\": {:.3f},\n  \"updated\": {},\n  \"updated_unix\": {}\n}}\n",
                     p.shard, p.range.first, p.range.count, json_string(p.state), p.done_runs, p.blocks, blocks,
                     failures, p.rate, json_string(p.updated), p.updated_unix);
}

Manifest read_manifest(const std::filesystem::path& path)
{
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    throw IoError(fmt::format("{}: no manifest (not a shard directory of `hedgesim sweep --shards`)", path.string()));
  }
  const YAML::Node node = parse_json(path);
  if (!node.IsMap() || !node["filetype"] || node["filetype"].as<std::string>() != kManifestFiletype) {
    throw IoError(fmt::format("{}: not a hedgesim shard manifest", path.string()));
  }
  if (field<int>(node, "version", path) != kManifestVersion) {
    throw IoError(fmt::format("{}: manifest version {} is not supported (reads {})", path.string(),
                              field<int>(node, "version", path), kManifestVersion));
  }
  Manifest m;
  m.kind = field<std::string>(node, "kind", path);
  m.name = field<std::string>(node, "name", path);
  m.source = field<std::string>(node, "source", path);
  m.plan_hash = field<std::string>(node, "plan_hash", path);
  m.runs = field<std::uint64_t>(node, "runs", path);
  m.seed = field<std::uint64_t>(node, "seed", path);
  m.shards = field<std::uint64_t>(node, "shards", path);
  m.block_size = field<std::uint64_t>(node, "block_size", path);
  if (m.shards == 0 || m.block_size == 0) {
    throw IoError(fmt::format("{}: shards and block_size must be at least 1", path.string()));
  }
  return m;
}

void save_progress(const std::filesystem::path& path, ShardProgress& progress)
{
  progress.updated = utc_now_iso();
  progress.updated_unix = unix_now();
  write_file_atomically(path, to_json(progress));
}

ShardProgress read_progress(const std::filesystem::path& path)
{
  const YAML::Node node = parse_json(path);
  if (!node.IsMap()) {
    throw IoError(fmt::format("{}: not a shard progress file", path.string()));
  }
  ShardProgress p;
  p.shard = field<std::uint64_t>(node, "shard", path);
  p.range.first = field<std::uint64_t>(node, "first_run", path);
  p.range.count = field<std::uint64_t>(node, "runs", path);
  p.state = field<std::string>(node, "state", path);
  p.done_runs = field<std::uint64_t>(node, "done_runs", path);
  p.blocks = field<std::uint64_t>(node, "blocks", path);
  p.done_blocks = field<std::vector<std::uint64_t>>(node, "done_blocks", path);
  for (const YAML::Node& f : node["failures"]) {
    p.failures.push_back(RunFailure{field<std::uint64_t>(f, "run", path), field<std::string>(f, "error", path)});
  }
  p.rate = field<double>(node, "rate", path);
  p.updated = field<std::string>(node, "updated", path);
  p.updated_unix = field<std::int64_t>(node, "updated_unix", path);
  return p;
}

std::optional<ShardProgress> try_read_progress(const std::filesystem::path& dir, std::uint64_t shard)
{
  const std::filesystem::path path = progress_path(dir, shard);
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return std::nullopt;
  }
  try {
    return read_progress(path);
  } catch (const IoError&) {
    return std::nullopt; // status and merge go on from the block files
  }
}

std::string utc_now_iso()
{
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::int64_t unix_now()
{
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace hedgesim::cluster
