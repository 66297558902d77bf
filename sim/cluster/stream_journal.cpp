#include "hedgesim/cluster/stream_journal.hpp"

#include "hedgesim/cluster/manifest.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/version.hpp"

#include <fcntl.h>
#include <libdeflate.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <limits>
#include <system_error>
#include <utility>
#include <vector>

namespace hedgesim::cluster {

namespace {

constexpr std::array<char, 4> kRecordMagic{'H', 'S', 'J', 'R'};
constexpr std::size_t kRecordHead = kRecordMagic.size() + sizeof(std::uint32_t) + sizeof(std::uint64_t);

std::string errno_text(int code)
{
  return std::generic_category().message(code);
}

std::uint32_t crc_of(std::span<const unsigned char> bytes)
{
  return libdeflate_crc32(0, bytes.data(), bytes.size());
}

// Reads up to `size` bytes at the descriptor's position; fewer only at the end of the file.
std::size_t read_some(int descriptor, void* data, std::size_t size, const std::filesystem::path& path)
{
  std::size_t got = 0;
  while (got < size) {
    const ::ssize_t n = ::read(descriptor, static_cast<char*>(data) + got, size - got);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      throw IoError(fmt::format("{}: cannot read: {}", path.string(), errno_text(errno)));
    }
    if (n == 0) {
      break;
    }
    got += static_cast<std::size_t>(n);
  }
  return got;
}

} // namespace

std::filesystem::path stream_journal_path(const std::filesystem::path& output)
{
  return output.parent_path() / fmt::format(".{}.journal", output.filename().string());
}

std::string stream_journal_heading(const sweep::RunPlan& plan, io::Compression compression)
{
  return fmt::format("hedgesim stream journal 1 {} plan={} runs={} compression={}\n", kVersion, plan_fingerprint(plan),
                     plan.total_runs(), io::to_string(compression));
}

StreamJournal::StreamJournal(std::filesystem::path path, const std::string& heading, const Replay& replay)
    : path_(std::move(path))
{
  descriptor_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (descriptor_ < 0) {
    throw IoError(fmt::format("{}: cannot open the stream journal: {}", path_.string(), errno_text(errno)));
  }
  try {
    std::string seen(heading.size(), '\0');
    const bool ours = read_some(descriptor_, seen.data(), seen.size(), path_) == seen.size() && seen == heading;
    struct stat status {};
    if (::fstat(descriptor_, &status) != 0) {
      throw IoError(fmt::format("{}: cannot read: {}", path_.string(), errno_text(errno)));
    }
    const auto file_size = static_cast<std::uint64_t>(status.st_size);
    std::uint64_t end = heading.size(); // the end of the last whole record
    if (ours) {
      std::vector<unsigned char> payload;
      for (;;) {
        std::array<unsigned char, kRecordHead> head{};
        if (read_some(descriptor_, head.data(), head.size(), path_) != head.size() ||
            std::memcmp(head.data(), kRecordMagic.data(), kRecordMagic.size()) != 0) {
          break;
        }
        std::uint32_t crc = 0;
        std::uint64_t size = 0;
        std::memcpy(&crc, head.data() + kRecordMagic.size(), sizeof(crc));
        std::memcpy(&size, head.data() + kRecordMagic.size() + sizeof(crc), sizeof(size));
        // A size no record can have (the file is shorter) ends the journal like a cut record.
        if (size > file_size - end - kRecordHead) {
          break;
        }
        payload.resize(size);
        if (read_some(descriptor_, payload.data(), payload.size(), path_) != payload.size() || crc_of(payload) != crc) {
          break;
        }
        replay(payload);
        ++kept_;
        end += kRecordHead + size;
      }
    }
    if (!ours) {
      end = 0;
    }
    if (::ftruncate(descriptor_, static_cast<off_t>(end)) != 0 ||
        ::lseek(descriptor_, static_cast<off_t>(end), SEEK_SET) < 0) {
      throw IoError(fmt::format("{}: cannot cut the stream journal: {}", path_.string(), errno_text(errno)));
    }
    end_ = end;
    if (!ours) {
      write_all(heading.data(), heading.size());
      end_ = heading.size();
    }
    writeback_.emplace(path_);
  } catch (...) {
    close();
    throw;
  }
}

StreamJournal::~StreamJournal()
{
  close();
}

void StreamJournal::close() noexcept
{
  if (descriptor_ >= 0) {
    ::close(descriptor_);
    descriptor_ = -1;
  }
}

void StreamJournal::write_all(const void* data, std::size_t size)
{
  std::size_t put = 0;
  while (put < size) {
    const ::ssize_t n = ::write(descriptor_, static_cast<const char*>(data) + put, size - put);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      throw IoError(fmt::format("{}: cannot write the stream journal: {}", path_.string(),
                                n == 0 ? std::string("no progress") : errno_text(errno)));
    }
    put += static_cast<std::size_t>(n);
  }
}

void StreamJournal::append(std::span<const unsigned char> payload)
{
  std::array<unsigned char, kRecordHead> head{};
  const std::uint32_t crc = crc_of(payload);
  const std::uint64_t size = payload.size();
  std::memcpy(head.data(), kRecordMagic.data(), kRecordMagic.size());
  std::memcpy(head.data() + kRecordMagic.size(), &crc, sizeof(crc));
  std::memcpy(head.data() + kRecordMagic.size() + sizeof(crc), &size, sizeof(size));
  const std::lock_guard lock(mutex_);
  if (descriptor_ < 0) {
    throw IoError(fmt::format("{}: the stream journal is closed", path_.string()));
  }
  try {
    write_all(head.data(), head.size());
    write_all(payload.data(), payload.size());
  } catch (const IoError&) {
    // Cut the part written, so the records before stay readable, and take no more.
    static_cast<void>(::ftruncate(descriptor_, static_cast<off_t>(end_)));
    writeback_.reset();
    close();
    throw;
  }
  end_ += head.size() + payload.size();
  writeback_->advance();
}

void StreamJournal::sync()
{
  const std::lock_guard lock(mutex_);
  if (descriptor_ >= 0) {
    writeback_->sync();
  }
}

void StreamJournal::remove()
{
  const std::lock_guard lock(mutex_);
  writeback_.reset();
  close();
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

} // namespace hedgesim::cluster
