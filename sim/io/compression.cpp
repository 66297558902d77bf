#include "hedgesim/io/compression.hpp"

#include <array>

namespace hedgesim::io {

namespace {

constexpr std::array<std::string_view, 3> kNames{"none", "fast", "small"};
constexpr std::array<Filters, 3> kFilters{Filters{false, 0}, Filters{true, 1}, Filters{true, 4}};

} // namespace

std::string_view to_string(Compression compression) noexcept
{
  return kNames[static_cast<std::size_t>(compression)];
}

std::optional<Compression> parse_compression(std::string_view name) noexcept
{
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) {
      return static_cast<Compression>(i);
    }
  }
  return std::nullopt;
}

Filters filters_of(Compression compression) noexcept
{
  return kFilters[static_cast<std::size_t>(compression)];
}

std::optional<Compression> compression_of(const Filters& filters) noexcept
{
  for (std::size_t i = 0; i < kFilters.size(); ++i) {
    if (kFilters[i].shuffle == filters.shuffle && kFilters[i].gzip_level == filters.gzip_level) {
      return static_cast<Compression>(i);
    }
  }
  return std::nullopt;
}

} // namespace hedgesim::io
