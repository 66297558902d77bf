// HDF5 writing speed against the disk's raw sequential write speed, measured in the same run.
//
//   ./build/bench/hedgesim_write_speed [DIR] [RUNS] [none|fast|small] [GROUP,GROUP,...]
//
// Writes RUNS runs of the reference scenario's full histories, every variable or only the output
// groups listed (pre-simulated, so that only writing is timed), through HistoryWriter into DIR, then the same number of
// bytes with write(2) in 1 MiB pieces, twice: left to the kernel, and streamed to the disk in windows as the writer
// does (io::FileWriteback); each ends with the file on the disk (the writer's commit syncs it, the raw writes fsync).
// Three alternating repetitions; the medians and the ratios are printed. Results are in docs/performance.md.
#include "hedgesim/core/allocator.hpp"
#include "hedgesim/engine/recorder.hpp"
#include "hedgesim/io/file_writeback.hpp"
#include "hedgesim/io/history_writer.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace hedgesim;
using Clock = std::chrono::steady_clock;

namespace {

//! Seconds to write `records` cycled over `runs` runs through the history writer; its commit syncs the file.
double write_history(const fs::path& out, const io::HistoryHeader& header, const std::vector<io::RunRecord>& records,
                     io::Compression compression)
{
  const auto start = Clock::now();
  io::HistoryWriter writer(out, header, true, compression);
  for (std::uint64_t run = 0; run < header.runs; ++run) {
    writer.write_run(run, records[run % records.size()]);
  }
  writer.commit();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

//! Seconds to write `bytes` bytes sequentially in 1 MiB pieces, fsync included; `streamed`: each
//! window handed to the disk and dropped from memory as the history writer does.
double write_raw(const fs::path& out, std::uintmax_t bytes, bool streamed)
{
  std::vector<char> piece(1 << 20, 'x');
  const auto start = Clock::now();
  const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    throw std::runtime_error("cannot create " + out.string());
  }
  std::optional<io::FileWriteback> writeback;
  if (streamed) {
    writeback.emplace(out);
  }
  for (std::uintmax_t left = bytes; left > 0;) {
    const std::size_t n = std::min<std::uintmax_t>(left, piece.size());
    if (::write(fd, piece.data(), n) != static_cast<ssize_t>(n)) {
      throw std::runtime_error("cannot write " + out.string());
    }
    left -= n;
    if (writeback) {
      writeback->advance();
    }
  }
  if (::fsync(fd) != 0) {
    throw std::runtime_error("cannot fsync " + out.string());
  }
  ::close(fd);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> v)
{
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
  keep_freed_memory(); // as the hedgesim executable does
  const fs::path dir = argc > 1 ? argv[1] : fs::temp_directory_path();
  const std::uint64_t runs = argc > 2 ? std::stoull(argv[2]) : 5000;
  const auto compression = io::parse_compression(argc > 3 ? argv[3] : "none");
  if (!compression) {
    fmt::print(stderr, "usage: hedgesim_write_speed [DIR] [RUNS] [none|fast|small] [GROUP,GROUP,...]\n");
    return 2;
  }
  Scenario s = load_scenario(fs::path(HEDGESIM_SOURCE_DIR) / "scenarios/post_nazarbayev_succession.yaml");
  if (argc > 4) {
    s.output.variables.clear();
    std::stringstream groups(argv[4]);
    for (std::string group; std::getline(groups, group, ',');) {
      s.output.variables.push_back(group);
    }
  }
  io::HistoryHeader header = engine::history_header(s, s.meta.seed, runs);
  std::vector<io::RunRecord> records;
  for (std::uint64_t run = 0; run < 16; ++run) {
    records.push_back(engine::simulate_run(s, header, s.meta.seed, run).record);
  }
  const fs::path h5 = dir / fmt::format("hedgesim_write_speed_{}.h5", ::getpid());
  const fs::path raw = dir / fmt::format("hedgesim_write_speed_{}.raw", ::getpid());
  std::vector<double> h5_rate;
  std::vector<double> raw_rate;
  std::vector<double> streamed_rate;
  std::uintmax_t bytes = 0;
  for (int rep = 0; rep < 3; ++rep) {
    const double h5_seconds = write_history(h5, header, records, *compression);
    bytes = fs::file_size(h5);
    h5_rate.push_back(static_cast<double>(bytes) / h5_seconds / 1e6);
    raw_rate.push_back(static_cast<double>(bytes) / write_raw(raw, bytes, false) / 1e6);
    fs::remove(raw);
    streamed_rate.push_back(static_cast<double>(bytes) / write_raw(raw, bytes, true) / 1e6);
    fs::remove(h5);
    fs::remove(raw);
  }
  const double h = median(h5_rate);
  const double r = median(raw_rate);
  const double streamed = median(streamed_rate);
  fmt::print("{} runs, {:.1f} MB per file ({} compression, {} datasets per run), in {}\n", runs,
             static_cast<double>(bytes) / 1e6, io::to_string(*compression), header.variables.size(), dir.string());
  fmt::print("HDF5 history writer: {:.0f} MB/s ({:.0f} runs/s)\n", h,
             h * 1e6 / static_cast<double>(bytes) * static_cast<double>(runs));
  fmt::print("raw sequential write: {:.0f} MB/s left to the kernel, {:.0f} MB/s streamed\n", r, streamed);
  fmt::print("ratio: {:.0f} % of the first, {:.0f} % of the second\n", 100 * h / r, 100 * h / streamed);
  return 0;
}
