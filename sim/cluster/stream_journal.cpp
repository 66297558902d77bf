#include "hedgesim/cluster/stream_journal.hpp"

#include "hedgesim/cluster/manifest.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/io/crc32.hpp"
#include "hedgesim/io/move_into_place.hpp"
#include "hedgesim/io/read_at.hpp"
#include "hedgesim/version.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <new>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

namespace hedgesim::cluster {

namespace {

constexpr std::array<char, 4> kRecordMagic{'H', 'S', 'J', 'R'};
constexpr std::size_t kRecordHead = kRecordMagic.size() + sizeof(std::uint32_t) + sizeof(std::uint64_t);
// Records queued for the writing thread at most: some 14 MB of reference packets.
constexpr std::size_t kMostQueued = 32;

std::string errno_text(int code)
{
  return std::generic_category().message(code);
}

constexpr std::string_view kHeadingLead = "hedgesim stream journal ";

// `text` as a whole non-negative decimal number.
template <typename Number>
bool parse_number(std::string_view text, Number& value)
{
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.starts_with('-');
}

// `size` rounded up to whole pieces.
std::uint64_t whole_pieces(std::uint64_t size)
{
  return (size + StreamJournal::kPiece - 1) / StreamJournal::kPiece * StreamJournal::kPiece;
}

// Up to `size` bytes at `offset`; fewer only at the end of the file.
std::size_t read_at(int descriptor, void* data, std::size_t size, std::uint64_t offset,
                    const std::filesystem::path& path)
{
  const std::optional<std::size_t> got = io::read_at(descriptor, data, size, offset);
  if (!got) {
    throw IoError(fmt::format("{}: cannot read: {}", path.string(), errno_text(errno)));
  }
  return *got;
}

// Passes the whole records of the journal open on `descriptor` to `replay`; returns their number,
// 0 if the file does not start with `heading`.
std::uint64_t replay_records(int descriptor, const std::filesystem::path& path, const std::string& heading,
                             const std::function<void(std::span<const unsigned char>)>& replay)
{
  struct stat status {};
  if (::fstat(descriptor, &status) != 0) {
    throw IoError(fmt::format("{}: cannot read: {}", path.string(), errno_text(errno)));
  }
  const auto file_size = static_cast<std::uint64_t>(status.st_size);
  std::string seen(heading.size(), '\0');
  if (read_at(descriptor, seen.data(), seen.size(), 0, path) != seen.size() || seen != heading ||
      file_size < StreamJournal::kPiece) {
    return 0;
  }
  std::uint64_t end = StreamJournal::kPiece;
  std::uint64_t records = 0;
  std::vector<unsigned char> payload;
  for (;;) {
    std::array<unsigned char, kRecordHead> head{};
    if (read_at(descriptor, head.data(), head.size(), end, path) != head.size() ||
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
    if (read_at(descriptor, payload.data(), payload.size(), end + kRecordHead, path) != payload.size() ||
        io::crc32_of(payload) != crc) {
      break;
    }
    replay(payload);
    ++records;
    end += whole_pieces(kRecordHead + size);
  }
  return records;
}

} // namespace

std::filesystem::path stream_journal_path(const std::filesystem::path& output)
{
  return io::hidden_beside(output, ".journal");
}

StreamJournalHeading StreamJournalHeading::of(const sweep::RunPlan& plan, io::Compression compression,
                                              std::string data_file)
{
  StreamJournalHeading h;
  h.version = kVersion;
  h.plan_hash = plan_fingerprint(plan);
  h.runs = plan.total_runs();
  h.compression = io::to_string(compression);
  h.data_file = std::move(data_file);
  return h;
}

std::string StreamJournalHeading::line() const
{
  return fmt::format("{}{} {} plan={} runs={} compression={} data={}\n", kHeadingLead, format, version, plan_hash, runs,
                     compression, data_file);
}

bool StreamJournalHeading::same_job(const StreamJournalHeading& job) const
{
  return format == job.format && version == job.version && plan_hash == job.plan_hash && runs == job.runs &&
         compression == job.compression;
}

std::optional<StreamJournalHeading> parse_stream_journal_heading(std::string_view line)
{
  const std::size_t data = line.find(" data=");
  if (!line.starts_with(kHeadingLead) || data == std::string_view::npos) {
    return std::nullopt;
  }
  StreamJournalHeading h;
  h.data_file = line.substr(data + 6);
  // A name, not a path: the data file lies beside the journal.
  if (h.data_file.empty() || h.data_file == "." || h.data_file == ".." ||
      h.data_file.find_first_of(std::string_view("/\0", 2)) != std::string::npos) {
    return std::nullopt;
  }
  std::istringstream fields(std::string(line.substr(kHeadingLead.size(), data - kHeadingLead.size())));
  std::string format;
  fields >> format >> h.version;
  if (!parse_number(format, h.format) || h.version.empty()) {
    return std::nullopt;
  }
  // Fields this build does not know, as a journal of another format may hold, are passed over.
  for (std::string field; fields >> field;) {
    const std::size_t equals = field.find('=');
    const std::string key = field.substr(0, equals);
    const std::string value = equals == std::string::npos ? "" : field.substr(equals + 1);
    if (key == "plan") {
      h.plan_hash = value;
    } else if (key == "runs" && !parse_number(value, h.runs)) {
      return std::nullopt;
    } else if (key == "compression") {
      h.compression = value;
    }
  }
  return h;
}

std::optional<StreamJournalHeading> read_stream_journal_heading(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!std::getline(in, line) || in.eof()) {
    return std::nullopt;
  }
  return parse_stream_journal_heading(line);
}

std::uint64_t replay_stream_journal(const std::filesystem::path& path, const StreamJournalHeading& heading,
                                    const std::function<void(std::span<const unsigned char>)>& replay)
{
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) {
    throw IoError(fmt::format("{}: cannot open the stream journal: {}", path.string(), errno_text(errno)));
  }
  std::uint64_t kept = 0;
  try {
    kept = replay_records(descriptor, path, heading.line(), replay);
  } catch (...) {
    ::close(descriptor);
    throw;
  }
  ::close(descriptor);
  return kept;
}

JournalLock::JournalLock(const std::filesystem::path& path, const std::filesystem::path& output)
{
  // A job that ends deletes its journal while it holds the lock; a lock then taken on the
  // deleted file is no lock, so the file locked must still be the one at `path`.
  for (int attempt = 0; attempt < 16; ++attempt) {
    created_ = false;
    descriptor_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor_ < 0 && errno == ENOENT) {
      descriptor_ = ::open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
      created_ = descriptor_ >= 0;
      if (descriptor_ < 0 && errno == EEXIST) {
        continue; // another job made it first
      }
    }
    if (descriptor_ < 0) {
      throw IoError(fmt::format("{}: cannot open the stream journal: {}", path.string(), errno_text(errno)));
    }
    if (::flock(descriptor_, LOCK_EX | LOCK_NB) != 0) {
      const int code = errno;
      if (code == EWOULDBLOCK) {
        ::close(descriptor_);
        descriptor_ = -1;
        throw IoError(fmt::format("{}: another job is writing it (its journal {} is locked); wait for that job to "
                                  "end, or stop it",
                                  output.string(), path.string()));
      }
      return; // no flock(2) here: no lock
    }
    struct stat locked {};
    struct stat named {};
    if (::fstat(descriptor_, &locked) == 0 && ::stat(path.c_str(), &named) == 0 && locked.st_ino == named.st_ino &&
        locked.st_dev == named.st_dev) {
      return;
    }
    ::close(descriptor_);
    descriptor_ = -1;
  }
  throw IoError(fmt::format("{}: cannot lock the stream journal: it keeps being replaced", path.string()));
}

JournalLock::~JournalLock()
{
  if (descriptor_ >= 0) {
    ::close(descriptor_); // releases the lock
  }
}

StreamJournal::StreamJournal(std::filesystem::path path, const StreamJournalHeading& heading_of,
                             const std::filesystem::path& output)
    : path_(std::move(path))
{
  const std::string heading = heading_of.line();
  if (heading.size() > kPiece) {
    throw Error(fmt::format("{}: a stream journal heading of {} bytes", path_.string(), heading.size()));
  }
  // Straight to the disk where the file system allows, else through the page cache.
  constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
  descriptor_ = ::open(path_.c_str(), kFlags | O_DIRECT, 0644);
  direct_ = descriptor_ >= 0;
  if (!direct_) {
    descriptor_ = ::open(path_.c_str(), kFlags, 0644);
  }
  if (descriptor_ < 0) {
    throw IoError(fmt::format("{}: cannot open the stream journal: {}", path_.string(), errno_text(errno)));
  }
  try {
    lock_.emplace(path_, output);
    unsigned char* first = buffer(kPiece);
    std::fill_n(first, kPiece, static_cast<unsigned char>(0)); // the heading's piece ends in zeros
    std::copy(heading.begin(), heading.end(), first);
    write_at(first, kPiece, 0);
    end_ = kPiece;
    queue_.emplace(kMostQueued);
  } catch (...) {
    close();
    throw;
  }
}

StreamJournal::~StreamJournal()
{
  if (queue_) {
    try {
      queue_->drain(); // a failed job keeps every record it made
    } catch (...) {
      // The failure was reported to whoever appended; the records before it stand.
    }
    queue_.reset();
  }
  close();
}

void StreamJournal::close() noexcept
{
  writeback_.reset();
  if (descriptor_ >= 0) {
    ::close(descriptor_);
    descriptor_ = -1;
  }
}

void StreamJournal::write_at(const unsigned char* data, std::size_t size, std::uint64_t offset)
{
  std::size_t put = 0;
  while (put < size) {
    const ::ssize_t n = ::pwrite(descriptor_, data + put, size - put, static_cast<off_t>(offset + put));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0 && errno == EINVAL && direct_) {
      // The device wants larger pieces than ours: go through the page cache from here on.
      const int buffered = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
      if (buffered < 0) {
        throw IoError(fmt::format("{}: cannot open the stream journal: {}", path_.string(), errno_text(errno)));
      }
      ::close(descriptor_);
      descriptor_ = buffered;
      direct_ = false;
      continue;
    }
    if (n <= 0) {
      throw IoError(fmt::format("{}: cannot write the stream journal: {}", path_.string(),
                                n == 0 ? std::string("no progress") : errno_text(errno)));
    }
    put += static_cast<std::size_t>(n);
  }
  if (!direct_) {
    if (!writeback_) {
      writeback_.emplace(path_);
    }
    writeback_->advance();
  }
}

unsigned char* StreamJournal::buffer(std::size_t size)
{
  // Direct writes take memory aligned as the file's pieces are.
  if (piece_buffer_size_ < size) {
    void* memory = nullptr;
    if (::posix_memalign(&memory, kPiece, size) != 0) {
      throw std::bad_alloc();
    }
    piece_buffer_ = {static_cast<unsigned char*>(memory), std::free};
    piece_buffer_size_ = size;
  }
  return piece_buffer_.get();
}

void StreamJournal::write_records(const std::vector<std::vector<unsigned char>>& payloads)
{
  std::size_t whole = 0;
  for (const auto& payload : payloads) {
    whole += whole_pieces(kRecordHead + payload.size());
  }
  unsigned char* records = buffer(whole);
  unsigned char* record = records;
  for (const auto& payload : payloads) {
    const std::uint64_t size = payload.size();
    const std::size_t pieces = whole_pieces(kRecordHead + size);
    const std::uint32_t crc = io::crc32_of(payload);
    std::memcpy(record, kRecordMagic.data(), kRecordMagic.size());
    std::memcpy(record + kRecordMagic.size(), &crc, sizeof(crc));
    std::memcpy(record + kRecordMagic.size() + sizeof(crc), &size, sizeof(size));
    if (size > 0) {
      std::memcpy(record + kRecordHead, payload.data(), size);
    }
    std::memset(record + kRecordHead + size, 0, pieces - kRecordHead - size);
    record += pieces;
  }
  try {
    write_at(records, whole, end_);
  } catch (const IoError&) {
    // Cut the part written, so that the records before stay readable; the queue takes no more.
    static_cast<void>(::ftruncate(descriptor_, static_cast<off_t>(end_)));
    throw;
  }
  end_ += whole;
}

void StreamJournal::append(std::vector<unsigned char> payload)
{
  std::vector<std::vector<unsigned char>> one;
  one.push_back(std::move(payload));
  append(std::move(one));
}

void StreamJournal::append(std::vector<std::vector<unsigned char>> payloads)
{
  if (!queue_) {
    throw IoError(fmt::format("{}: the stream journal is closed", path_.string()));
  }
  queue_->push([this, records = std::move(payloads)] { write_records(records); });
}

void StreamJournal::sync()
{
  if (!queue_) {
    return;
  }
  queue_->drain();
  if (::fdatasync(descriptor_) != 0 && errno != EINVAL && errno != EROFS) {
    throw IoError(
        fmt::format("{}: cannot write the stream journal to the disk: {}", path_.string(), errno_text(errno)));
  }
}

void StreamJournal::move_to(const std::filesystem::path& path)
{
  sync();
  std::error_code error;
  std::filesystem::rename(path_, path, error);
  if (error) {
    throw IoError(fmt::format("{}: cannot rename the stream journal to '{}': {}", path_.string(), path.string(),
                              error.message()));
  }
  path_ = path;
  io::sync_directory(path_.parent_path());
}

void StreamJournal::remove()
{
  if (queue_) {
    queue_->stop();
    queue_.reset();
  }
  close();
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
  lock_.reset(); // only now: a job that locked the file before it was deleted finds it gone
}

} // namespace hedgesim::cluster
