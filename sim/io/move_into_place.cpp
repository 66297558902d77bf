#include "hedgesim/io/move_into_place.hpp"

#include "hedgesim/core/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>

namespace hedgesim::io {

std::filesystem::path hidden_beside(const std::filesystem::path& output, std::string_view suffix)
{
  return output.parent_path() / fmt::format(".{}{}", output.filename().string(), suffix);
}

void make_parent_directory(const std::filesystem::path& target)
{
  const std::filesystem::path parent = target.parent_path();
  std::error_code error;
  if (parent.empty() || std::filesystem::exists(parent, error)) {
    return;
  }
  std::filesystem::create_directories(parent, error);
  if (error) {
    throw IoError(
        fmt::format("{}: cannot create directory '{}': {}", target.string(), parent.string(), error.message()));
  }
}

std::error_code move_into_place(const std::filesystem::path& from, const std::filesystem::path& to, bool replace)
{
  std::error_code error;
  if (replace) {
    std::filesystem::rename(from, to, error);
    return error;
  }
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) {
    return error;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
    return {errno, std::generic_category()};
  }
  return link_into_place(from, to); // no RENAME_NOREPLACE here (e.g. NFS)
}

std::error_code link_into_place(const std::filesystem::path& from, const std::filesystem::path& to)
{
  if (::link(from.c_str(), to.c_str()) != 0) {
    return {errno, std::generic_category()};
  }
  std::error_code ignored;
  std::filesystem::remove(from, ignored);
  return {}; // a temporary name left behind is removed by the next writer; the output stands
}

} // namespace hedgesim::io
