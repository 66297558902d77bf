#include "hedgesim/io/history_merge.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/core/thread_count.hpp"
#include "hedgesim/io/hdf5_file.hpp"
#include "hedgesim/io/history_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace hedgesim::io {

namespace {

// Blocks up to this size are read into memory whole when their chunks are copied; larger ones
// (a huge --block-size) are read chunk by chunk, so memory stays bounded.
constexpr std::uintmax_t kWholeBlockBytes = std::uintmax_t{256} << 20U;

struct Block {
  std::filesystem::path path;
  std::uint64_t first = 0;
  std::uint64_t runs = 0;
};

Block open_block(const std::filesystem::path& path, const HistoryHeader& header)
{
  const h5::File file = h5::File::open_read(path);
  if (file.read_string_attribute_or_empty("filetype") != kHistoryFiletype) {
    throw IoError(fmt::format("{}: not a hedgesim history file", path.string()));
  }
  // A block of another plan would merge into a file that no single run could have written.
  if (file.read_string_attribute_or_empty("scenario_yaml") != header.scenario_yaml ||
      file.read_string_attribute_or_empty("sweep_yaml") != header.sweep.sweep_yaml ||
      file.read_attribute<std::uint64_t>("master_seed").front() != header.master_seed) {
    throw IoError(fmt::format("{}: holds runs of another scenario, sweep or seed", path.string()));
  }
  const std::vector<std::int64_t> run = file.open_dataset("run").read_as_int64();
  if (run.empty() || run.front() < 0) {
    throw IoError(fmt::format("{}: holds no runs", path.string()));
  }
  return Block{path, static_cast<std::uint64_t>(run.front()), run.size()};
}

// Copies `count` elements of the run at `index` out of a dataset's native bytes.
template <class T>
std::vector<T> slice(const std::vector<unsigned char>& bytes, std::uint64_t index, std::uint64_t count)
{
  std::vector<T> values(count);
  std::memcpy(values.data(), bytes.data() + index * count * sizeof(T), count * sizeof(T));
  return values;
}

VariableData run_slice(DType dtype, const std::vector<unsigned char>& bytes, std::uint64_t index, std::uint64_t count)
{
  switch (dtype) {
  case DType::float32:
    return slice<float>(bytes, index, count);
  case DType::float64:
    return slice<double>(bytes, index, count);
  case DType::int8:
    return slice<std::int8_t>(bytes, index, count);
  case DType::int32:
    return slice<std::int32_t>(bytes, index, count);
  }
  return {};
}

// Checks that the block holds each variable with the plan's type and runs.
h5::Dataset open_variable(const h5::File& file, const Block& block, const VariableSpec& spec)
{
  if (!file.has_dataset(spec.name)) {
    throw IoError(fmt::format("{}: has no dataset '{}'", block.path.string(), spec.name));
  }
  h5::Dataset dataset = file.open_dataset(spec.name);
  const std::vector<std::uint64_t> shape = dataset.shape();
  if (dataset.element_type() != h5::element_type_of(spec.dtype) || shape.empty() || shape.front() != block.runs) {
    throw IoError(
        fmt::format("{}: dataset '{}' does not have the type and runs of the plan", block.path.string(), spec.name));
  }
  return dataset;
}

// A block's events, per run of the block; they keep their global run index.
std::vector<std::vector<EventRecord>> read_block_events(const h5::File& file, const Block& block)
{
  const std::vector<std::int64_t> run = file.open_dataset("events/run").read_as_int64();
  const std::vector<double> time = file.open_dataset("events/time").read_as_double();
  const std::vector<std::string> type = file.open_dataset("events/type").read_strings();
  const std::vector<std::string> actor = file.open_dataset("events/actor").read_strings();
  const std::vector<std::string> target = file.open_dataset("events/target").read_strings();
  const std::vector<double> magnitude = file.open_dataset("events/magnitude").read_as_double();
  std::vector<std::vector<EventRecord>> events(block.runs);
  for (std::size_t i = 0; i < run.size(); ++i) {
    const auto local = static_cast<std::uint64_t>(run[i]) - block.first;
    if (run[i] < 0 || local >= block.runs) {
      throw IoError(
          fmt::format("{}: event {} belongs to run {}, outside the file's runs", block.path.string(), i, run[i]));
    }
    events[local].push_back(
        EventRecord{static_cast<std::int32_t>(run[i]), time[i], type[i], actor[i], target[i], magnitude[i]});
  }
  return events;
}

// Reads a block's runs as the records that made it.
std::vector<RunRecord> read_block(const h5::File& file, const std::vector<h5::Dataset>& datasets, const Block& block,
                                  const HistoryHeader& header)
{
  std::vector<RunRecord> records(block.runs);
  for (std::size_t v = 0; v < datasets.size(); ++v) {
    const h5::Dataset& dataset = datasets[v];
    const VariableSpec& spec = header.variables[v];
    const std::vector<std::uint64_t> shape = dataset.shape();
    std::uint64_t per_run = 1;
    for (std::size_t axis = 1; axis < shape.size(); ++axis) {
      per_run *= shape[axis];
    }
    const std::vector<unsigned char> bytes = dataset.read_bytes();
    for (std::uint64_t r = 0; r < block.runs; ++r) {
      records[r].variables.push_back(run_slice(spec.dtype, bytes, r, per_run));
    }
  }
  std::vector<std::vector<EventRecord>> events = read_block_events(file, block);
  for (std::uint64_t r = 0; r < block.runs; ++r) {
    records[r].events = std::move(events[r]);
  }
  return records;
}

// True if the block's chunks are already the bytes the writer would produce: every variable
// stored as the writer stores it (shape per run, chunk and filters), and the block's chunk
// groups the writer's own, which needs the block to begin a group and to end one or the file.
bool same_storage(const std::vector<h5::Dataset>& datasets, const Block& block, const HistoryHeader& header,
                  const HistoryWriter& writer)
{
  const std::uint64_t group_runs = writer.filter().group_runs();
  const std::uint64_t first = block.first - header.first_run;
  if (first % group_runs != 0 || (block.runs % group_runs != 0 && first + block.runs != header.runs)) {
    return false;
  }
  for (std::size_t i = 0; i < datasets.size(); ++i) {
    const h5::DatasetOptions& wanted = writer.storage(i);
    const std::optional<h5::DatasetOptions> found = datasets[i].storage();
    std::vector<std::uint64_t> per_run = datasets[i].shape();
    per_run.front() = 1;
    if (!found || found->chunk != wanted.chunk || found->shuffle != wanted.shuffle ||
        found->gzip_level != wanted.gzip_level) {
      return false;
    }
    // Unchunked variables are empty; a chunked one must hold whole runs per chunk.
    const bool empty = std::find(per_run.begin(), per_run.end(), std::uint64_t{0}) != per_run.end();
    if (wanted.chunk.empty() ? !empty : !std::equal(per_run.begin() + 1, per_run.end(), wanted.chunk.begin() + 1)) {
      return false;
    }
  }
  return true;
}

// Passes each group's stored chunks through unchanged: no decompression, no recompression.
void copy_block_chunks(const h5::File& file, const std::vector<h5::Dataset>& datasets, const Block& block,
                       const HistoryHeader& header, HistoryWriter& writer)
{
  std::vector<std::vector<EventRecord>> events = read_block_events(file, block);
  const std::uint64_t group_runs = writer.filter().group_runs();
  const std::uint64_t first_group = (block.first - header.first_run) / group_runs;
  std::vector<std::uint64_t> offset;
  for (std::uint64_t start = 0; start < block.runs; start += group_runs) {
    std::vector<h5::FilteredChunk> chunks(datasets.size());
    for (std::size_t i = 0; i < datasets.size(); ++i) {
      if (!writer.storage(i).chunk.empty()) {
        offset.assign(writer.storage(i).chunk.size(), 0);
        offset[0] = start;
        chunks[i] = datasets[i].read_chunk(offset);
      }
    }
    const std::uint64_t end = std::min(block.runs, start + group_runs);
    std::vector<std::vector<EventRecord>> group_events(
        std::make_move_iterator(events.begin() + static_cast<std::ptrdiff_t>(start)),
        std::make_move_iterator(events.begin() + static_cast<std::ptrdiff_t>(end)));
    writer.write_group_chunks(first_group + start / group_runs, std::move(chunks), std::move(group_events));
  }
}

// How the first block stores its variables, so that its chunks can be copied as they are.
Compression stored_compression(const std::vector<Block>& blocks, const HistoryHeader& header)
{
  if (blocks.empty()) {
    return kDefaultCompression;
  }
  const h5::File file = h5::File::open_read(blocks.front().path);
  for (const VariableSpec& spec : header.variables) {
    if (!file.has_dataset(spec.name)) {
      continue;
    }
    const std::optional<h5::DatasetOptions> storage = file.open_dataset(spec.name).storage();
    if (storage && !storage->chunk.empty()) {
      return compression_of(Filters{storage->shuffle, storage->gzip_level}).value_or(kDefaultCompression);
    }
  }
  return kDefaultCompression;
}

} // namespace

void merge_histories(const HistoryHeader& header, std::span<const std::filesystem::path> blocks,
                     const std::filesystem::path& output, const MergeOptions& options)
{
  std::vector<Block> found;
  for (const std::filesystem::path& path : blocks) {
    found.push_back(open_block(path, header));
  }
  std::sort(found.begin(), found.end(), [](const Block& a, const Block& b) { return a.first < b.first; });
  std::uint64_t next = header.first_run;
  for (const Block& block : found) {
    if (block.first < next) {
      throw IoError(fmt::format("{}: runs {} .. {} are also in another file", block.path.string(), block.first,
                                std::min(next, block.first + block.runs) - 1));
    }
    if (block.first > next) {
      throw IoError(fmt::format("{}: runs {} .. {} are in no file", output.string(), next, block.first - 1));
    }
    next = block.first + block.runs;
  }
  if (next != header.first_run + header.runs) {
    throw IoError(
        fmt::format("{}: runs {} .. {} are in no file", output.string(), next, header.first_run + header.runs - 1));
  }

  HistoryWriter writer(output, header, options.force, options.compression.value_or(stored_compression(found, header)));
  unsigned threads = thread_count(options.threads);
  for (const Block& block : found) {
    // Copying a block's chunks reads each with its own system call unless the file is in memory.
    std::error_code size_error;
    const std::uintmax_t size = std::filesystem::file_size(block.path, size_error);
    const h5::File file = h5::File::open_read(
        block.path, !size_error && size <= kWholeBlockBytes ? h5::File::Reading::whole : h5::File::Reading::on_demand);
    std::vector<h5::Dataset> datasets;
    for (const VariableSpec& spec : header.variables) {
      datasets.push_back(open_variable(file, block, spec));
    }
    if (same_storage(datasets, block, header, writer)) {
      copy_block_chunks(file, datasets, block, header, writer);
      continue;
    }
    // Stored differently (another chunking or filters): decompress the block, then let the
    // workers recompress its runs (outside the writer's lock) while the writer stores them.
    // HDF5 is called from one thread at a time.
    const std::vector<RunRecord> records = read_block(file, datasets, block, header);
    std::atomic<std::uint64_t> cursor{0};
    std::mutex mutex;
    std::exception_ptr error;
    const auto worker = [&] {
      for (std::uint64_t r = cursor.fetch_add(1); r < records.size(); r = cursor.fetch_add(1)) {
        try {
          writer.write_run(block.first - header.first_run + r, records[r]);
        } catch (...) {
          const std::lock_guard lock(mutex);
          error = error ? error : std::current_exception();
          cursor.store(records.size());
        }
      }
    };
    const auto used = static_cast<unsigned>(std::min<std::uint64_t>(threads, records.size()));
    if (used <= 1) {
      worker();
    } else {
      std::vector<std::jthread> pool;
      for (unsigned t = 0; t < used; ++t) {
        pool.emplace_back(worker);
      }
    }
    if (error) {
      std::rethrow_exception(error);
    }
  }
  writer.commit();
}

} // namespace hedgesim::io
