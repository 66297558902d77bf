#include "hedgesim/cluster/run_packet.hpp"

#include "hedgesim/core/error.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <string>

namespace hedgesim::cluster {

namespace {

constexpr std::array<unsigned char, 4> kMagic{'H', 'S', 'R', 'P'};
constexpr std::array<unsigned char, 4> kPlacedMagic{'H', 'S', 'P', 'G'};

class Writer {
public:
  explicit Writer(std::vector<unsigned char>& out) : out_(out) {}
  template <class T>
  void value(const T& v)
  {
    raw(&v, sizeof(T));
  }
  void bytes(std::span<const unsigned char> b)
  {
    value(static_cast<std::uint64_t>(b.size()));
    raw(b.data(), b.size());
  }
  void raw(const void* p, std::size_t n)
  {
    const std::size_t at = out_.size();
    out_.resize(at + n);
    if (n > 0) {
      std::memcpy(out_.data() + at, p, n);
    }
  }
  void text(const std::string& s) { bytes({reinterpret_cast<const unsigned char*>(s.data()), s.size()}); }

private:
  std::vector<unsigned char>& out_;
};

class Reader {
public:
  explicit Reader(std::span<const unsigned char> in) : in_(in) {}
  template <class T>
  T value()
  {
    T v{};
    std::memcpy(&v, take(sizeof(T)).data(), sizeof(T));
    return v;
  }
  std::span<const unsigned char> bytes() { return take(value<std::uint64_t>()); }
  std::string text()
  {
    const auto b = bytes();
    return {reinterpret_cast<const char*>(b.data()), b.size()};
  }
  [[nodiscard]] bool done() const noexcept { return at_ == in_.size(); }

private:
  std::span<const unsigned char> in_;
  std::size_t at_ = 0;

  std::span<const unsigned char> take(std::uint64_t n)
  {
    if (n > in_.size() - at_) {
      throw Error(fmt::format("run packet cut short: {} bytes wanted at byte {} of {}", n, at_, in_.size()));
    }
    const auto piece = in_.subspan(at_, static_cast<std::size_t>(n));
    at_ += static_cast<std::size_t>(n);
    return piece;
  }
};

std::size_t events_size(const std::vector<std::vector<io::EventRecord>>& events)
{
  std::size_t size = 8;
  for (const auto& run : events) {
    size += 8 + run.size() * 64;
  }
  return size;
}

void write_events(Writer& w, const std::vector<std::vector<io::EventRecord>>& events)
{
  w.value(static_cast<std::uint64_t>(events.size()));
  for (const auto& run : events) {
    w.value(static_cast<std::uint64_t>(run.size()));
    for (const auto& e : run) {
      w.value(e.run);
      w.value(e.time);
      w.text(e.type);
      w.text(e.actor);
      w.text(e.target);
      w.value(e.magnitude);
    }
  }
}

std::vector<std::vector<io::EventRecord>> read_events(Reader& r)
{
  std::vector<std::vector<io::EventRecord>> events;
  const auto runs = r.value<std::uint64_t>();
  for (std::uint64_t k = 0; k < runs; ++k) {
    std::vector<io::EventRecord>& run = events.emplace_back();
    const auto count = r.value<std::uint64_t>();
    for (std::uint64_t i = 0; i < count; ++i) {
      io::EventRecord e;
      e.run = r.value<std::int32_t>();
      e.time = r.value<double>();
      e.type = r.text();
      e.actor = r.text();
      e.target = r.text();
      e.magnitude = r.value<double>();
      run.push_back(std::move(e));
    }
  }
  return events;
}

// A reader past `magic`, or Error `what` if the bytes do not start with it.
Reader open_reader(std::span<const unsigned char> bytes, const std::array<unsigned char, 4>& magic, const char* what)
{
  if (bytes.size() < magic.size() || !std::equal(magic.begin(), magic.end(), bytes.begin())) {
    throw Error(fmt::format("not a {}", what));
  }
  return Reader(bytes.subspan(magic.size()));
}

} // namespace

std::vector<unsigned char> encode(const RunPacket& packet)
{
  std::size_t size = 32 + events_size(packet.events);
  for (const auto& c : packet.chunks) {
    size += c.bytes.size() + 16;
  }
  std::vector<unsigned char> out;
  out.reserve(size);
  Writer w(out);
  w.raw(kMagic.data(), kMagic.size());
  w.value(packet.group);
  w.value(static_cast<std::uint64_t>(packet.chunks.size()));
  for (const auto& c : packet.chunks) {
    w.value(static_cast<std::uint32_t>(c.filter_mask));
    w.bytes(c.bytes);
  }
  write_events(w, packet.events);
  return out;
}

std::vector<unsigned char> encode(const PlacedGroup& group)
{
  if (group.crcs.size() != group.places.size()) {
    throw Error(
        fmt::format("placed group {}: {} CRCs for {} chunks", group.group, group.crcs.size(), group.places.size()));
  }
  std::vector<unsigned char> out;
  out.reserve(32 + group.places.size() * 24 + events_size(group.events));
  Writer w(out);
  w.raw(kPlacedMagic.data(), kPlacedMagic.size());
  w.value(group.group);
  w.value(static_cast<std::uint64_t>(group.places.size()));
  for (std::size_t i = 0; i < group.places.size(); ++i) {
    w.value(group.places[i].address);
    w.value(group.places[i].size);
    w.value(static_cast<std::uint32_t>(group.places[i].filter_mask));
    w.value(group.crcs[i]);
  }
  write_events(w, group.events);
  return out;
}

RunPacket decode_run_packet(std::span<const unsigned char> bytes)
{
  Reader r = open_reader(bytes, kMagic, "run packet");
  RunPacket packet;
  packet.group = r.value<std::uint64_t>();
  const auto chunks = r.value<std::uint64_t>();
  for (std::uint64_t i = 0; i < chunks; ++i) {
    io::h5::FilteredChunk c;
    c.filter_mask = r.value<std::uint32_t>();
    const auto b = r.bytes();
    c.bytes.assign(b.begin(), b.end());
    packet.chunks.push_back(std::move(c));
  }
  packet.events = read_events(r);
  if (!r.done()) {
    throw Error("run packet has bytes beyond its end");
  }
  return packet;
}

PlacedGroup decode_placed_group(std::span<const unsigned char> bytes)
{
  Reader r = open_reader(bytes, kPlacedMagic, "placed group");
  PlacedGroup group;
  group.group = r.value<std::uint64_t>();
  const auto chunks = r.value<std::uint64_t>();
  for (std::uint64_t i = 0; i < chunks; ++i) {
    io::h5::ChunkPlace place;
    place.address = r.value<std::uint64_t>();
    place.size = r.value<std::uint64_t>();
    place.filter_mask = r.value<std::uint32_t>();
    group.places.push_back(place);
    group.crcs.push_back(r.value<std::uint32_t>());
  }
  group.events = read_events(r);
  if (!r.done()) {
    throw Error("placed group has bytes beyond its end");
  }
  return group;
}

} // namespace hedgesim::cluster
