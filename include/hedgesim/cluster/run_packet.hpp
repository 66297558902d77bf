// One chunk group of runs as MPI ranks pass it to the rank that writes: the group's filtered
// chunks and each run's events.
#pragma once

#include "hedgesim/io/hdf5_file.hpp"
#include "hedgesim/io/history_format.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace hedgesim::cluster {

struct RunPacket {
  std::uint64_t group = 0;                          // chunk group, as HistoryWriter numbers them
  std::vector<io::h5::FilteredChunk> chunks;        // one per variable, in header order
  std::vector<std::vector<io::EventRecord>> events; // per run of the group
};

//! A chunk group as a stream journal records it once written (stream_journal.hpp): where each
//! variable's chunk lies in the output's temporary file and the CRC-32 of its bytes, not the
//! bytes themselves, and each run's events.
struct PlacedGroup {
  std::uint64_t group = 0;
  std::vector<io::h5::ChunkPlace> places;           // one per variable, in header order
  std::vector<std::uint32_t> crcs;                  // one per variable: of the chunk's bytes
  std::vector<std::vector<io::EventRecord>> events; // per run of the group
};

//! The packet as bytes, for a process of the same build on the same kind of machine.
std::vector<unsigned char> encode(const RunPacket& packet);
std::vector<unsigned char> encode(const PlacedGroup& group);

//! The packet `encode` made. Throws Error if the bytes are cut short or are not a packet.
RunPacket decode_run_packet(std::span<const unsigned char> bytes);
//! The group `encode` made. Throws Error if the bytes are cut short or are not a placed group.
PlacedGroup decode_placed_group(std::span<const unsigned char> bytes);

} // namespace hedgesim::cluster
