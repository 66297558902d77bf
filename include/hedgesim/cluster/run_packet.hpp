// One run as MPI ranks pass it to the rank that writes: its filtered chunks and its events.
#pragma once

#include "hedgesim/io/hdf5_file.hpp"
#include "hedgesim/io/history_format.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace hedgesim::cluster {

struct RunPacket {
  std::uint64_t run = 0;                     // index in the plan's window (as HistoryWriter numbers it)
  std::vector<io::h5::FilteredChunk> chunks; // one per variable, in header order
  std::vector<io::EventRecord> events;
};

//! The packet as bytes, for a process of the same build on the same kind of machine.
std::vector<unsigned char> encode(const RunPacket& packet);

//! The packet `encode` made. Throws Error if the bytes are cut short or are not a packet.
RunPacket decode_run_packet(std::span<const unsigned char> bytes);

} // namespace hedgesim::cluster
