// How a history file's per-run chunks are filtered: a trade of writing speed against size.
#pragma once

#include <optional>
#include <string_view>

namespace hedgesim::io {

//! `none`: stored as is; `fast`: shuffle + deflate with hedgesim's strided encoder (recorded as
//! level 1; strided_deflate.hpp); `small`: shuffle + deflate level 4 (libdeflate). The data read
//! back are the same whichever is chosen.
enum class Compression { none, fast, small };

//! What `--compression` is when not given: three times smaller than `none`, and in about a third
//! of `small`'s time for 8 % more bytes (docs/performance.md).
inline constexpr Compression kDefaultCompression = Compression::fast;

struct Filters {
  bool shuffle = false;
  int gzip_level = 0; // 0: no deflate
};

std::string_view to_string(Compression compression) noexcept;
std::optional<Compression> parse_compression(std::string_view name) noexcept;
Filters filters_of(Compression compression) noexcept;
//! The choice that stores chunks with these filters, if one does (e.g. to merge blocks as written).
std::optional<Compression> compression_of(const Filters& filters) noexcept;

} // namespace hedgesim::io
