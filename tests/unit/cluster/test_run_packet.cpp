#include "hedgesim/cluster/run_packet.hpp"

#include "hedgesim/core/error.hpp"
#include "support/expect_throw_msg.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace hedgesim::cluster {
namespace {

RunPacket sample()
{
  RunPacket p;
  p.group = 123456789012ULL;
  p.chunks.push_back({{1, 2, 3, 250}, 0});
  p.chunks.push_back({{}, 0}); // a variable with an axis of length zero
  p.chunks.push_back({std::vector<unsigned char>(70000, 7), 2});
  p.events.push_back(
      {{41, 2020.5, "course_set", "kazakhstan", "", -0.25}, {41, 2021.0, "sanctions", "west", "russia — ü", 1e300}});
  p.events.emplace_back(); // a run without events
  p.events.push_back({{43, 2022.0, "unrest", "", "", 0.5}});
  return p;
}

void expect_same(const RunPacket& a, const RunPacket& b)
{
  EXPECT_EQ(a.group, b.group);
  EXPECT_EQ(a.chunks, b.chunks);
  EXPECT_EQ(a.events, b.events);
}

TEST(RunPacket, RoundTripsChunksAndEvents)
{
  const RunPacket p = sample();
  expect_same(decode_run_packet(encode(p)), p);
  expect_same(decode_run_packet(encode(RunPacket{})), RunPacket{});
}

TEST(RunPacket, RefusesBytesThatAreNotOneWholePacket)
{
  const std::vector<unsigned char> bytes = encode(sample());
  EXPECT_THROW_MSG(decode_run_packet({}), Error, "not a run packet");
  std::vector<unsigned char> other = bytes;
  other[0] = 'X';
  EXPECT_THROW_MSG(decode_run_packet(other), Error, "not a run packet");
  // Every cut short of the end is caught, wherever it falls.
  for (std::size_t size = 4; size < bytes.size(); size += 997) {
    EXPECT_THROW(decode_run_packet(std::span(bytes.data(), size)), Error) << size;
  }
  std::vector<unsigned char> longer = bytes;
  longer.push_back(0);
  EXPECT_THROW_MSG(decode_run_packet(longer), Error, "run packet has bytes beyond its end");
}

TEST(PlacedGroup, RoundTripsPlacesCrcsAndEvents)
{
  PlacedGroup g;
  g.group = 77;
  g.places = {{4096, 250, 0}, {0, 0, 0}, {1ULL << 40U, 70000, 2}};
  g.crcs = {0xdeadbeefU, 0, 1};
  g.events = sample().events;
  const PlacedGroup back = decode_placed_group(encode(g));
  EXPECT_EQ(back.group, g.group);
  EXPECT_EQ(back.places, g.places);
  EXPECT_EQ(back.crcs, g.crcs);
  EXPECT_EQ(back.events, g.events);
}

TEST(PlacedGroup, RefusesBytesThatAreNotOneWholeGroup)
{
  PlacedGroup g;
  g.places = {{4096, 250, 0}};
  g.crcs = {5};
  g.events = sample().events;
  const std::vector<unsigned char> bytes = encode(g);
  EXPECT_THROW_MSG(decode_placed_group(encode(sample())), Error, "not a placed group");
  for (std::size_t size = 4; size < bytes.size(); size += 13) {
    EXPECT_THROW(decode_placed_group(std::span(bytes.data(), size)), Error) << size;
  }
  std::vector<unsigned char> longer = bytes;
  longer.push_back(0);
  EXPECT_THROW_MSG(decode_placed_group(longer), Error, "placed group has bytes beyond its end");
  g.crcs.clear();
  EXPECT_THROW_MSG(encode(g), Error, "placed group 0: 0 CRCs for 1 chunks");
}

} // namespace
} // namespace hedgesim::cluster
