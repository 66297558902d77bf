#include "hedgesim/cluster/rank_merge.hpp"

#include "hedgesim/cluster/run_packet.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/io/history_merge.hpp"
#include "hedgesim/io/history_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>

namespace hedgesim::cluster {

namespace {

// Message tags; a reader's chunk groups all arrive before its kDone.
enum Tag : int { kGo = 21, kGroup = 22, kFailed = 23, kDone = 24 };

// Rank 0 writes without pause while groups come; the nap only spaces its looks for the next one.
constexpr std::chrono::microseconds kNap{100};

// Rank 0: checks the blocks, tells the readers whether to read, and writes what they send.
MergeReport write_merged(MpiWorld& world, const std::filesystem::path& dir, const std::filesystem::path& output,
                         bool force, unsigned threads, std::ostream& report)
{
  const auto started = std::chrono::steady_clock::now();
  MergeReport out;
  std::exception_ptr failure;
  std::optional<io::HistoryWriter> writer;
  bool spread = false;
  try {
    const MergeInput input = prepare_merge(dir, report);
    const std::vector<std::filesystem::path> blocks = io::checked_blocks(input.header, input.blocks, output);
    const io::Compression compression = io::stored_compression(blocks, input.header);
    const io::BlockGroupReader reader(input.header, compression);
    spread = std::all_of(blocks.begin(), blocks.end(), [&](const auto& b) { return reader.copies_as_stored(b); });
    if (spread) {
      writer.emplace(output, input.header, force, compression);
    }
    out.runs = input.header.runs;
    out.blocks = blocks.size();
  } catch (...) {
    failure = std::current_exception();
    spread = false;
  }
  for (int rank = 1; rank < world.size(); ++rank) {
    world.send(rank, kGo, {static_cast<unsigned char>(spread ? 1 : 0)});
  }
  if (!spread) {
    if (failure) {
      std::rethrow_exception(failure);
    }
    return merge_shards(dir, output, force, threads, report);
  }
  // Every reader ends with kDone, failed or not, and is drained to the end: a reader waiting
  // for its sends to be received would otherwise wait for ever.
  int done = 0;
  while (done < world.size() - 1) {
    std::optional<MpiWorld::Message> m = world.poll();
    if (!m) {
      std::this_thread::sleep_for(kNap);
      continue;
    }
    try {
      switch (m->tag) {
      case kGroup:
        if (!failure) {
          RunPacket packet = decode_run_packet(m->bytes);
          writer->write_group_chunks(packet.group, std::move(packet.chunks), std::move(packet.events));
        }
        break;
      case kFailed:
        throw Error(std::string(m->bytes.begin(), m->bytes.end()));
      case kDone:
        ++done;
        break;
      default:
        throw Error(fmt::format("MPI merge: unknown message tag {} from rank {}", m->tag, m->source));
      }
    } catch (...) {
      if (!failure) {
        failure = std::current_exception();
      }
    }
  }
  if (failure) {
    std::rethrow_exception(failure); // the uncommitted writer removes its temporary file
  }
  writer->commit();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

// Any other rank: reads its share of the blocks, every (size - 1)th from its own, and sends
// their chunk groups to rank 0.
void read_for_merge(MpiWorld& world, const std::filesystem::path& dir)
{
  const MpiWorld::Message go = world.receive(0, kGo);
  if (go.bytes.size() != 1 || go.bytes.front() == 0) {
    return; // rank 0 merges alone, or has failed
  }
  std::exception_ptr failure;
  try {
    std::ostringstream quiet; // rank 0 has reported what is missing or failed
    const MergeInput input = prepare_merge(dir, quiet);
    const io::BlockGroupReader reader(input.header, io::stored_compression(input.blocks, input.header));
    const auto readers = static_cast<std::size_t>(world.size() - 1);
    for (std::size_t b = static_cast<std::size_t>(world.rank() - 1); b < input.blocks.size(); b += readers) {
      reader.read(input.blocks[b], [&](std::uint64_t group, std::vector<io::h5::FilteredChunk> chunks,
                                       std::vector<std::vector<io::EventRecord>> events) {
        world.send(0, kGroup, encode(RunPacket{group, std::move(chunks), std::move(events)}));
      });
    }
  } catch (...) {
    failure = std::current_exception();
    const std::string text = fmt::format("rank {}: {}", world.rank(), message_of(failure));
    world.send(0, kFailed, {text.begin(), text.end()});
  }
  world.send(0, kDone, {});
  world.flush();
  if (failure) {
    std::rethrow_exception(failure);
  }
}

} // namespace

MergeReport merge_across_ranks(MpiWorld& world, const std::filesystem::path& dir, const std::filesystem::path& output,
                               bool force, unsigned threads, std::ostream& report)
{
  if (world.size() <= 1) {
    return merge_shards(dir, output, force, threads, report);
  }
  if (world.rank() == 0) {
    return write_merged(world, dir, output, force, threads, report);
  }
  read_for_merge(world, dir);
  return {};
}

} // namespace hedgesim::cluster
