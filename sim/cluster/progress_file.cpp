#include "hedgesim/cluster/progress_file.hpp"

#include "hedgesim/io/move_into_place.hpp"

#include <system_error>
#include <utility>

namespace hedgesim::cluster {

std::filesystem::path stream_progress_path(const std::filesystem::path& output)
{
  return io::hidden_beside(output, ".journal-progress");
}

std::filesystem::path run_progress_path(const std::filesystem::path& output)
{
  return io::hidden_beside(output, ".progress");
}

ProgressFile::ProgressFile(std::filesystem::path path, std::uint64_t runs) : path_(std::move(path))
{
  progress_.range = {0, runs};
}

void ProgressFile::save(const std::string& state, std::uint64_t done_runs, double rate) noexcept
{
  const std::lock_guard lock(mutex_);
  try {
    progress_.state = state;
    progress_.done_runs = done_runs;
    progress_.rate = rate;
    save_progress(path_, progress_);
  } catch (...) {
  }
}

void ProgressFile::remove() noexcept
{
  const std::lock_guard lock(mutex_);
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

} // namespace hedgesim::cluster
