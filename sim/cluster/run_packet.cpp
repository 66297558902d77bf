#include "hedgesim/cluster/run_packet.hpp"

#include "hedgesim/core/error.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <string>

namespace hedgesim::cluster {

namespace {

constexpr std::array<unsigned char, 4> kMagic{'H', 'S', 'R', 'P'};

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

} // namespace

std::vector<unsigned char> encode(const RunPacket& packet)
{
  std::size_t size = 64;
  for (const auto& c : packet.chunks) {
    size += c.bytes.size() + 16;
  }
  for (const auto& run : packet.events) {
    size += 8 + run.size() * 64;
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
  w.value(static_cast<std::uint64_t>(packet.events.size()));
  for (const auto& run : packet.events) {
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
  return out;
}

RunPacket decode_run_packet(std::span<const unsigned char> bytes)
{
  if (bytes.size() < kMagic.size() || !std::equal(kMagic.begin(), kMagic.end(), bytes.begin())) {
    throw Error("not a run packet");
  }
  Reader r(bytes.subspan(kMagic.size()));
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
  const auto runs = r.value<std::uint64_t>();
  for (std::uint64_t k = 0; k < runs; ++k) {
    std::vector<io::EventRecord>& run = packet.events.emplace_back();
    const auto events = r.value<std::uint64_t>();
    for (std::uint64_t i = 0; i < events; ++i) {
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
  if (!r.done()) {
    throw Error("run packet has bytes beyond its end");
  }
  return packet;
}

} // namespace hedgesim::cluster
