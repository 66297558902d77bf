#include "hedgesim/cluster/stream_output.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/io/crc32.hpp"
#include "hedgesim/io/move_into_place.hpp"
#include "hedgesim/io/read_at.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <system_error>
#include <utility>

namespace hedgesim::cluster {

namespace {

// Data files are ".NAME.journal-data-GENERATION"; each rerun takes the next generation, so it
// never writes into the file it copies from.
std::string data_prefix(const std::filesystem::path& output)
{
  return io::hidden_beside(output, ".journal-data-").filename().string();
}

// The generation of data file `name`, or 0 if it is not one of `output`'s.
std::uint64_t generation_of(const std::filesystem::path& output, const std::string& name)
{
  const std::string prefix = data_prefix(output);
  std::uint64_t generation = 0;
  if (!name.starts_with(prefix)) {
    return 0;
  }
  const char* first = name.data() + prefix.size();
  const char* last = name.data() + name.size();
  const auto [end, error] = std::from_chars(first, last, generation);
  return error == std::errc{} && end == last ? generation : 0;
}

// Deletes the data files of `output` other than `kept` (a file name, or empty): left by a job
// killed while it copied, or by a journal of another plan that this job replaces.
void remove_data_files(const std::filesystem::path& output, const std::string& kept)
{
  const std::filesystem::path parent = output.parent_path().empty() ? "." : output.parent_path();
  std::error_code error;
  for (std::filesystem::directory_iterator it(parent, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (name != kept && generation_of(output, name) > 0) {
      std::error_code ignored;
      std::filesystem::remove(it->path(), ignored);
    }
  }
}

// The chunk at `place` in the file open on `descriptor`, if its bytes are there and match `crc`.
std::optional<io::h5::FilteredChunk> read_placed(int descriptor, const io::h5::ChunkPlace& place, std::uint32_t crc)
{
  io::h5::FilteredChunk chunk;
  chunk.filter_mask = place.filter_mask;
  chunk.bytes.resize(place.size);
  // A file that ends early, or cannot be read there, is as bad as changed bytes: the group is
  // simulated again.
  const std::optional<std::size_t> got = io::read_at(descriptor, chunk.bytes.data(), chunk.bytes.size(), place.address);
  if (got != chunk.bytes.size() || io::crc32_of(chunk.bytes) != crc) {
    return std::nullopt;
  }
  return chunk;
}

} // namespace

StreamOutput::StreamOutput(const sweep::RunPlan& plan, const io::HistoryHeader& header,
                           const std::filesystem::path& output, bool force, io::Compression compression)
{
  const std::filesystem::path journal_file = stream_journal_path(output);
  // First of all, before any file of an earlier job is read or removed: no other job of this
  // output may be running. The journal lies beside the output, whose directory may be new.
  io::make_parent_directory(output);
  std::optional<JournalLock> lock(std::in_place, journal_file, output);
  // A journal an earlier job of this plan kept is taken over; one of another plan is replaced,
  // and its data file removed.
  std::optional<StreamJournalHeading> old = read_stream_journal_heading(journal_file);
  if (old && !old->same_job(StreamJournalHeading::of(plan, compression, ""))) {
    old.reset();
  }
  const std::uint64_t old_generation = old ? generation_of(output, old->data_file) : 0;
  const std::string data_name = data_prefix(output) + std::to_string(old_generation + 1);
  const std::filesystem::path data = output.parent_path() / data_name;
  const std::filesystem::path next_journal = journal_file.string() + "-next";
  remove_data_files(output, old_generation > 0 ? old->data_file : std::string());
  std::error_code ignored;
  std::filesystem::remove(next_journal, ignored); // of a job killed while it copied
  try {
    writer_.emplace(output, header, force, compression, data);
    kept_groups_.assign(filter().groups(), false);
    journal_.emplace(next_journal, StreamJournalHeading::of(plan, compression, data_name), output);
    if (old_generation > 0) {
      take_over(journal_file, *old, output.parent_path() / old->data_file);
    }
    journal_->move_to(journal_file); // the new journal, locked, replaces the old one
    lock.reset();
  } catch (...) {
    writer_.reset();
    journal_.reset();
    std::filesystem::remove(next_journal, ignored);
    std::filesystem::remove(data, ignored);
    if (lock && lock->created()) {
      std::filesystem::remove(journal_file, ignored); // the empty file made to be locked
    }
    throw;
  }
  if (old_generation > 0) {
    std::filesystem::remove(output.parent_path() / old->data_file, ignored);
  }
}

StreamOutput::~StreamOutput()
{
  const std::optional<std::filesystem::path> data =
      writer_ && journal_ ? std::optional(writer_->temporary()) : std::nullopt;
  writer_.reset(); // its thread stops, and with it the records it appends
  if (discard_ && journal_ && data) {
    journal_->remove();
    std::error_code ignored;
    std::filesystem::remove(*data, ignored);
  }
  journal_.reset(); // the records queued are written first
}

std::optional<std::filesystem::path> StreamOutput::journal_path() const
{
  if (!journal_) {
    return std::nullopt;
  }
  return journal_->path();
}

void StreamOutput::take_over(const std::filesystem::path& journal, const StreamJournalHeading& heading,
                             const std::filesystem::path& data)
{
  const int descriptor = ::open(data.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    return; // nothing to take over: every group is simulated again
  }
  const io::RunFilter& runs = filter();
  try {
    replay_stream_journal(journal, heading, [&](std::span<const unsigned char> bytes) {
      PlacedGroup placed = decode_placed_group(bytes);
      if (placed.group >= kept_groups_.size() || kept_groups_[placed.group] ||
          placed.places.size() != runs.storage().size()) {
        throw IoError(fmt::format("{}: chunk group {} is out of place; remove the journal to start afresh",
                                  journal.string(), placed.group));
      }
      std::vector<io::h5::FilteredChunk> chunks;
      for (std::size_t i = 0; i < placed.places.size(); ++i) {
        std::optional<io::h5::FilteredChunk> chunk = read_placed(descriptor, placed.places[i], placed.crcs[i]);
        if (!chunk) {
          return;
        }
        chunks.push_back(std::move(*chunk));
      }
      kept_groups_[placed.group] = true;
      kept_runs_ += runs.runs_in_group(placed.group);
      write(placed.group, std::move(chunks), std::move(placed.events));
    });
    place(take_unplaced()).get();
  } catch (...) {
    ::close(descriptor);
    throw;
  }
  ::close(descriptor);
}

std::uint64_t StreamOutput::store(RunPacket packet)
{
  const std::uint64_t runs = packet.events.size();
  write(packet.group, std::move(packet.chunks), std::move(packet.events));
  return runs;
}

void StreamOutput::write(std::uint64_t group, std::vector<io::h5::FilteredChunk> chunks,
                         std::vector<std::vector<io::EventRecord>> events)
{
  if (!journal_) {
    writer_->write_group_chunks(group, std::move(chunks), std::move(events));
    return;
  }
  Unplaced unplaced{group, {}, {}, events};
  std::uint64_t bytes = 0;
  for (const io::h5::FilteredChunk& chunk : chunks) {
    unplaced.crcs.push_back(io::crc32_of(chunk.bytes));
    unplaced.sizes.push_back(chunk.bytes.size());
    bytes += chunk.bytes.size();
  }
  // Written before it is listed, so that the flush that records it comes after its write.
  writer_->write_group_chunks(group, std::move(chunks), std::move(events));
  std::vector<Unplaced> full;
  {
    const std::lock_guard lock(mutex_);
    unplaced_.push_back(std::move(unplaced));
    unplaced_bytes_ += bytes;
    const auto now = std::chrono::steady_clock::now();
    if (unplaced_bytes_ >= kPlaceWindow || now - last_placed_ >= kPlaceInterval) {
      full = std::exchange(unplaced_, {});
      unplaced_bytes_ = 0;
      last_placed_ = now;
    }
  }
  if (!full.empty()) {
    static_cast<void>(place(std::move(full))); // a failure fails the writes after it
  }
}

std::vector<StreamOutput::Unplaced> StreamOutput::take_unplaced()
{
  const std::lock_guard lock(mutex_);
  unplaced_bytes_ = 0;
  return std::exchange(unplaced_, {});
}

std::future<void> StreamOutput::place(std::vector<Unplaced> groups)
{
  std::vector<std::uint64_t> indices;
  indices.reserve(groups.size());
  for (const Unplaced& g : groups) {
    indices.push_back(g.group);
  }
  return writer_->place(std::move(indices), [this, groups = std::move(groups)](auto places) mutable {
    for (std::size_t k = 0; k < groups.size(); ++k) {
      for (std::size_t i = 0; i < places[k].size(); ++i) {
        if (places[k][i].size != groups[k].sizes[i] || (places[k][i].size > 0 && places[k][i].address == 0)) {
          throw IoError(fmt::format("{}: chunk group {}, variable {}: the file's chunk index gives {} bytes at {}, "
                                    "{} bytes were written",
                                    journal_->path().string(), groups[k].group, i, places[k][i].size,
                                    places[k][i].address, groups[k].sizes[i]));
        }
      }
    }
    std::vector<std::vector<unsigned char>> records;
    std::uint64_t runs = 0;
    for (std::size_t k = 0; k < groups.size(); ++k) {
      runs += groups[k].events.size();
      records.push_back(encode(
          PlacedGroup{groups[k].group, std::move(places[k]), std::move(groups[k].crcs), std::move(groups[k].events)}));
    }
    if (!records.empty()) {
      journal_->append(std::move(records));
      placed_runs_.fetch_add(runs, std::memory_order_relaxed);
    }
  });
}

void StreamOutput::commit()
{
  writer_->commit();
  if (journal_) {
    journal_->remove();
    journal_.reset();
  }
}

std::optional<std::uint64_t> StreamOutput::keep() noexcept
{
  if (!journal_) {
    return std::nullopt;
  }
  try {
    place(take_unplaced()).get();
  } catch (...) {
    // The groups of the failed write are not recorded; those recorded before still stand.
  }
  try {
    journal_->sync();
  } catch (...) {
    return std::nullopt; // the journal cannot be trusted to a rerun
  }
  if (placed_runs_.load() == 0) {
    discard_ = true; // nothing to resume from: neither file is worth keeping
    return std::nullopt;
  }
  return placed_runs_.load();
}

} // namespace hedgesim::cluster
