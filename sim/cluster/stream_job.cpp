#include "hedgesim/cluster/stream_job.hpp"

#include "hedgesim/cluster/batch_dispenser.hpp"
#include "hedgesim/cluster/poll_pace.hpp"
#include "hedgesim/cluster/progress_file.hpp"
#include "hedgesim/cluster/progress_meter.hpp"
#include "hedgesim/cluster/run_packet.hpp"
#include "hedgesim/cluster/stream_mailbox.hpp"
#include "hedgesim/cluster/stream_output.hpp"
#include "hedgesim/cluster/stream_status.hpp"
#include "hedgesim/core/error.hpp"
#include "hedgesim/core/thread_count.hpp"
#include "hedgesim/engine/ensemble.hpp"
#include "hedgesim/engine/plan_runner.hpp"
#include "hedgesim/io/history_writer.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace hedgesim::cluster {

namespace {

// Message tags. A rank's messages arrive in the order it sent them, so its runs are all in
// before its kDone.
enum Tag : int { kRequest = 1, kBatch = 2, kRun = 3, kFailed = 4, kDone = 5 };

// The batches are chunk groups (io::kRunsPerChunk runs): a rank then filters whole chunks.
// Eight runs are enough that asking costs little, and few enough that the ranks finish together.
BatchGrid batch_grid(const sweep::RunPlan& plan)
{
  return {io::ChunkGroups::of(plan.runs())};
}

// A simulating rank holds the packets of its opening share until MPI has started; past this
// many bytes it takes no more batches (64 MiB: some 140 packets of the reference scenario).
constexpr std::size_t kMostHeldBytes = std::size_t{64} << 20U;

std::vector<unsigned char> encode(const RunBatch& b)
{
  std::vector<unsigned char> out(2 * sizeof(std::uint64_t));
  std::memcpy(out.data(), &b.first, sizeof(b.first));
  std::memcpy(out.data() + sizeof(b.first), &b.count, sizeof(b.count));
  return out;
}

RunBatch decode_batch(const std::vector<unsigned char>& bytes)
{
  if (bytes.size() != 2 * sizeof(std::uint64_t)) {
    throw Error(fmt::format("MPI stream: a batch message of {} bytes", bytes.size()));
  }
  RunBatch b;
  std::memcpy(&b.first, bytes.data(), sizeof(b.first));
  std::memcpy(&b.count, bytes.data() + sizeof(b.first), sizeof(b.count));
  return b;
}

std::string message_of(const std::exception_ptr& e)
{
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
    return "unknown error";
  }
}

bool stop_requested(const JobSpec& spec)
{
  return spec.shard.stop != nullptr && spec.shard.stop->load();
}

// Simulates batch `b`, which must be one chunk group, and filters it into the packet rank 0
// writes. Throws on a failed run or a stop request.
RunPacket simulate_group(engine::PlanRunner& runner, const io::RunFilter& filter, const RunBatch& b,
                         io::RunGroup& group, const JobSpec& spec)
{
  const io::ChunkGroups& groups = filter.chunk_groups();
  const std::uint64_t index = b.first / groups.group_runs;
  if (b.first != groups.first_run(index) || b.count != groups.runs_in(index)) {
    throw Error(fmt::format("MPI stream: runs {} .. {} are not one chunk group", b.first, b.first + b.count - 1));
  }
  RunPacket packet{index, {}, {}};
  filter.start(packet.group, group);
  for (std::uint64_t run = b.first; run < b.first + b.count; ++run) {
    if (stop_requested(spec)) {
      throw Error("interrupted; no output written");
    }
    engine::RunResult result = runner.simulate(run);
    filter.check(run, result.record);
    filter.gather(run, result.record, group);
    packet.events.push_back(std::move(result.record.events));
    runner.recycle(std::move(result.record));
  }
  packet.chunks = filter(group);
  return packet;
}

// Rank 0's end of a failed job whose journal holds `kept_runs` runs for a rerun: the message says
// that they are kept.
std::exception_ptr with_journal_note(std::exception_ptr failure, const std::optional<std::filesystem::path>& journal,
                                     std::optional<std::uint64_t> kept_runs)
{
  if (!journal || !kept_runs) {
    return failure; // no journal, or one that cannot be trusted to a rerun: say only what failed
  }
  try {
    std::rethrow_exception(failure);
  } catch (const UsageError&) {
    return failure;
  } catch (const ScenarioError&) {
    return failure;
  } catch (const std::exception& e) {
    return std::make_exception_ptr(
        Error(fmt::format("{}; {} run{} kept in {}: the same command resumes from there", e.what(), *kept_runs,
                          *kept_runs == 1 ? "" : "s", journal->string())));
  } catch (...) {
    return failure;
  }
}

StreamJobReport run_writer_rank(const sweep::RunPlan& plan, const JobSpec& spec, MpiWorld& world,
                                const std::filesystem::path& output, std::ostream& err)
{
  StreamJobReport report;
  const io::HistoryHeader header = engine::plan_header(plan);
  const BatchGrid grid = batch_grid(plan);
  std::mutex mutex; // guards `failure`
  std::exception_ptr failure;

  // The output, with the groups an earlier job of the same plan left in its journal.
  std::optional<StreamOutput> writer;
  std::vector<bool> done(grid.batches(), false);
  std::uint64_t kept_runs = 0;
  try {
    // The journal costs next to nothing (docs/performance.md), so a streamed job always keeps one.
    writer.emplace(plan, header, output, spec.force, spec.shard.compression);
    done = writer->kept_groups();
    kept_runs = writer->kept_runs();
  } catch (...) {
    failure = std::current_exception(); // the other ranks are still answered, with no work
  }
  report.runs_kept = kept_runs;
  std::optional<ProgressFile> progress;
  if (!failure) {
    progress.emplace(stream_progress_path(output), plan.runs());
    progress->save("running", kept_runs, 0.0);
  }
  BatchDispenser dispenser(grid, world.size(), std::move(done));
  if (failure) {
    dispenser.stop();
  }
  const auto fail = [&](std::exception_ptr e) {
    {
      const std::lock_guard lock(mutex);
      if (!failure) {
        failure = std::move(e);
      }
    }
    dispenser.stop();
  };
  // The meter's thread calls the tick only after the meter is made, every two seconds.
  ProgressMeter meter(spec.shard.progress, err, spec.shard.progress_label, plan.runs(), kept_runs, [&] {
    if (progress) {
      progress->save("running", meter.done(), meter.rate());
    }
  });

  // Rank 0's own runs, on worker threads: the main thread talks to the other ranks.
  std::atomic<std::uint64_t> runs_here{0};
  PollPace pace;
  std::vector<std::jthread> workers;
  for (unsigned t = 0; t < thread_count(spec.shard.threads); ++t) {
    workers.emplace_back([&] {
      engine::PlanRunner runner(plan, header, spec.shard.inject_failures);
      io::RunGroup group; // the batch's runs, gathered for filtering
      for (RunBatch b = dispenser.take(); b.count > 0; b = dispenser.take()) {
        const auto batch_started = std::chrono::steady_clock::now();
        try {
          meter.add(writer->store(simulate_group(runner, writer->filter(), b, group, spec)));
          runs_here.fetch_add(b.count, std::memory_order_relaxed);
        } catch (...) {
          fail(std::current_exception());
          return;
        }
        pace.batch_took(std::chrono::steady_clock::now() - batch_started);
      }
    });
  }
  // Workers waiting for the opening counts must be woken if the main thread leaves by an exception.
  const struct StopOnExit {
    BatchDispenser& dispenser;
    ~StopOnExit() { dispenser.stop(); }
  } stop_on_exit{dispenser};

  // The workers run rank 0's opening share until MPI has started; then every rank says how much
  // of its share it took, and the batches left are handed out.
  world.wait_started();
  const std::uint64_t opened = dispenser.close_opening();
  const std::vector<std::uint64_t> taken = world.gather(opened);
  try {
    dispenser.open(taken);
  } catch (...) {
    fail(std::current_exception());
  }

  int done_ranks = 0;
  while (done_ranks < world.size() - 1) {
    std::optional<MpiWorld::Message> m = world.poll();
    if (!m) {
      if (stop_requested(spec)) {
        fail(std::make_exception_ptr(Error("interrupted; no output written")));
      }
      std::this_thread::sleep_for(pace.nap());
      continue;
    }
    switch (m->tag) {
    case kRequest:
      world.send(m->source, kBatch, encode(dispenser.take()));
      break;
    case kRun:
      try {
        RunPacket packet = decode_run_packet(m->bytes);
        // A group kept from an earlier job may come again from another rank's opening share.
        if (writer && !dispenser.kept(packet.group)) {
          meter.add(writer->store(std::move(packet)));
        }
      } catch (...) {
        fail(std::current_exception());
      }
      break;
    case kFailed:
      fail(std::make_exception_ptr(Error(std::string(m->bytes.begin(), m->bytes.end()))));
      break;
    case kDone:
      ++done_ranks;
      break;
    default:
      fail(std::make_exception_ptr(Error(fmt::format("MPI stream: unknown message tag {}", m->tag))));
    }
  }
  workers.clear(); // joins them
  report.runs_here = runs_here.load();
  meter.stop();
  world.flush();
  if (stop_requested(spec)) {
    fail(std::make_exception_ptr(Error("interrupted; no output written")));
  }
  if (!failure) {
    try {
      progress->remove(); // first: a job killed after the output is in place leaves no stale progress
      writer->commit();
    } catch (...) {
      failure = std::current_exception();
    }
  }
  if (failure) {
    const std::optional<std::uint64_t> kept = writer ? writer->keep() : std::nullopt;
    if (progress && kept) {
      progress->save(stop_requested(spec) ? "interrupted" : "failed", *kept, meter.rate());
    } else if (progress) {
      progress->remove(); // the journal, if any, goes too
    }
    failure = with_journal_note(failure, writer ? writer->journal_path() : std::nullopt, kept);
  }
  writer.reset(); // uncommitted: its temporary file goes, unless the journal points into it
  agree_on_failure(world, failure, "streaming runs to rank 0");
  return report;
}

// One worker of a simulating rank: simulates and filters the batches it takes, and posts each
// as a packet for rank 0; a failure is posted as its message, and ends the worker.
void simulate_batches(const sweep::RunPlan& plan, const JobSpec& spec, const io::HistoryHeader& header,
                      const io::RunFilter& filter, int rank, StreamMailbox& mailbox,
                      std::atomic<std::uint64_t>& runs_here, PollPace& pace)
{
  engine::PlanRunner runner(plan, header, spec.shard.inject_failures);
  io::RunGroup group; // the batch's runs, gathered for filtering
  while (const std::optional<RunBatch> b = mailbox.take()) {
    try {
      const auto batch_started = std::chrono::steady_clock::now();
      const RunPacket packet = simulate_group(runner, filter, *b, group, spec);
      runs_here.fetch_add(b->count, std::memory_order_relaxed);
      mailbox.post({kRun, encode(packet)});
      pace.batch_took(std::chrono::steady_clock::now() - batch_started);
    } catch (...) {
      const std::string text = fmt::format("rank {}: {}", rank, message_of(std::current_exception()));
      mailbox.post({kFailed, {text.begin(), text.end()}}, true);
      break;
    }
  }
  mailbox.stopped();
}

StreamJobReport run_simulating_rank(const sweep::RunPlan& plan, const JobSpec& spec, MpiWorld& world,
                                    const std::filesystem::path& output)
{
  StreamJobReport report;
  const io::HistoryHeader header = engine::plan_header(plan);
  const io::RunFilter filter(header, spec.shard.compression, output.string());
  const unsigned threads = thread_count(spec.shard.threads);
  StreamMailbox mailbox(threads);
  std::atomic<std::uint64_t> runs_here{0};
  PollPace pace;
  std::exception_ptr failure;
  std::vector<std::jthread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] { simulate_batches(plan, spec, header, filter, world.rank(), mailbox, runs_here, pace); });
  }
  // Rank 0 answers every request, and waits for its answers to be received before it ends, so
  // the loop goes on until each request has its answer and every worker has stopped.
  std::size_t asked = 0; // requests not yet answered
  bool ended = false;    // rank 0 has no more work, or a worker failed: ask no more
  const auto end_with = [&](std::exception_ptr e) {
    if (!failure) {
      failure = std::move(e);
    }
    ended = true;
    mailbox.abandon();
  };
  // An MPI call that throws ends the rank; its workers must stop first, so that they can be joined.
  const struct Abandon {
    StreamMailbox& mailbox;
    ~Abandon() { mailbox.abandon(); }
  } abandon_on_exit{mailbox};
  const auto forward = [&](std::deque<StreamMailbox::Letter>& letters) {
    for (StreamMailbox::Letter& letter : letters) {
      if (letter.tag == kFailed) {
        end_with(std::make_exception_ptr(Error(std::string(letter.bytes.begin(), letter.bytes.end()))));
      }
      world.send(0, letter.tag, std::move(letter.bytes));
    }
  };

  // While MPI starts, the workers run this rank's opening share, and their packets wait here.
  OpeningShare share(batch_grid(plan), world.rank(), world.size());
  std::deque<StreamMailbox::Letter> held;
  std::size_t held_bytes = 0;
  while (!world.started()) {
    while (held_bytes < kMostHeldBytes && mailbox.queued() < threads) {
      const std::optional<RunBatch> b = share.take();
      if (!b) {
        break;
      }
      mailbox.deliver(*b);
    }
    auto [letters, all_stopped] = mailbox.collect(pace.nap());
    for (StreamMailbox::Letter& letter : letters) {
      held_bytes += letter.bytes.size();
      held.push_back(std::move(letter));
    }
    if (all_stopped) {
      break; // a worker failed; the failure is held
    }
  }
  static_cast<void>(world.gather(share.close()));
  forward(held);

  for (;;) {
    // Ask ahead, so that each worker finds its next batch waiting when it is done.
    while (!ended && asked + mailbox.queued() < threads) {
      world.send(0, kRequest, {});
      ++asked;
    }
    while (std::optional<MpiWorld::Message> m = world.poll()) {
      if (m->tag != kBatch) {
        end_with(std::make_exception_ptr(
            Error(fmt::format("MPI stream: unexpected message tag {} from rank {}", m->tag, m->source))));
        continue;
      }
      --asked;
      RunBatch b;
      try {
        b = decode_batch(m->bytes);
      } catch (...) {
        end_with(std::current_exception());
        continue;
      }
      if (b.count == 0) {
        ended = true;
        mailbox.close();
      } else if (!ended) {
        mailbox.deliver(b);
      }
    }
    // Wakes at once when a worker posts a letter or takes a batch; the nap only bounds how long
    // an answer from rank 0 waits unseen.
    auto [letters, all_stopped] = mailbox.collect(pace.nap());
    forward(letters);
    if (all_stopped && letters.empty() && asked == 0) {
      break;
    }
  }
  workers.clear(); // joins them
  report.runs_here = runs_here.load();
  world.send(0, kDone, {});
  world.flush();
  agree_on_failure(world, failure, "streaming runs to rank 0");
  return report;
}

} // namespace

StreamJobReport run_mpi_stream(const sweep::RunPlan& plan, const JobSpec& spec, MpiWorld& world,
                               const std::filesystem::path& output, std::ostream& err)
{
  const auto started = std::chrono::steady_clock::now();
  StreamJobReport report = world.rank() == 0 ? run_writer_rank(plan, spec, world, output, err)
                                             : run_simulating_rank(plan, spec, world, output);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

} // namespace hedgesim::cluster
