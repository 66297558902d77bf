#include "hedgesim/io/file_writeback.hpp"

#include "hedgesim/core/error.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace hedgesim::io {

namespace {

std::string errno_message(int code)
{
  return std::generic_category().message(code);
}

// Errors that mean "this file or file system cannot do that", not "the data did not get there".
bool unsupported(int code)
{
  return code == EINVAL || code == ESPIPE || code == ENOSYS || code == EROFS || code == EBADF;
}

} // namespace

FileWriteback::FileWriteback(const std::filesystem::path& path, std::string_view shown)
    : descriptor_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)), shown_(shown.empty() ? path.string() : shown)
{
  if (descriptor_ < 0) {
    throw IoError(fmt::format("{}: cannot open for writeback: {}", shown_, errno_message(errno)));
  }
}

FileWriteback::~FileWriteback()
{
  if (descriptor_ >= 0) {
    ::close(descriptor_);
  }
}

void FileWriteback::advance()
{
#if defined(__linux__)
  if (!streams_) {
    return; // the file system cannot, found earlier
  }
  struct stat status {};
  if (::fstat(descriptor_, &status) != 0) {
    return;
  }
  const auto size = static_cast<std::uint64_t>(status.st_size);
  const auto fail_or_stop = [this] {
    const int code = errno;
    if (!unsupported(code)) {
      throw IoError(fmt::format("{}: cannot write to the disk: {}", shown_, errno_message(code)));
    }
    streams_ = false; // not for this file system: write as if never asked
  };
  for (; started_ + kWindow <= size; started_ += kWindow) {
    if (::sync_file_range(descriptor_, static_cast<off_t>(started_), kWindow, SYNC_FILE_RANGE_WRITE) != 0) {
      fail_or_stop();
      return;
    }
  }
  // One window stays in flight: waiting for the newest would stall the writer on the disk.
  for (; dropped_ + 2 * kWindow <= started_; dropped_ += kWindow) {
    constexpr unsigned kWaitForAll = SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER;
    if (::sync_file_range(descriptor_, static_cast<off_t>(dropped_), kWindow, kWaitForAll) != 0) {
      fail_or_stop();
      return;
    }
    // A hint: pages rewritten since are dirty again and stay.
    ::posix_fadvise(descriptor_, static_cast<off_t>(dropped_), static_cast<off_t>(kWindow), POSIX_FADV_DONTNEED);
  }
#endif
}

void FileWriteback::sync()
{
  if (::fdatasync(descriptor_) == 0) {
    return;
  }
  const int code = errno;
  if (!unsupported(code)) {
    throw IoError(fmt::format("{}: cannot write to the disk: {}", shown_, errno_message(code)));
  }
}

void sync_directory(const std::filesystem::path& directory)
{
  const std::filesystem::path path = directory.empty() ? std::filesystem::path(".") : directory;
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) {
    return; // e.g. a directory one may write but not read: the rename stands, unsynced
  }
  const int status = ::fsync(descriptor);
  const int code = errno;
  ::close(descriptor);
  if (status != 0 && !unsupported(code)) {
    throw IoError(fmt::format("{}: cannot write the directory to the disk: {}", path.string(), errno_message(code)));
  }
}

} // namespace hedgesim::io
