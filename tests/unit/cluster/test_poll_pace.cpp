#include "hedgesim/cluster/poll_pace.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace hedgesim::cluster {
namespace {

using namespace std::chrono_literals;

TEST(PollPace, NapsTheShortestTimeUntilABatchHasFinished)
{
  const PollPace pace;
  EXPECT_EQ(pace.nap(), PollPace::kShortest);
}

TEST(PollPace, NapsAQuarterOfTheLastBatch)
{
  PollPace pace;
  pace.batch_took(4ms);
  EXPECT_EQ(pace.nap(), 1000us);
  pace.batch_took(2ms); // the last batch counts, not an average
  EXPECT_EQ(pace.nap(), 500us);
}

TEST(PollPace, NapsNoShorterThanTheShortestNorLongerThanTheLongest)
{
  PollPace pace;
  pace.batch_took(40us);
  EXPECT_EQ(pace.nap(), PollPace::kShortest);
  pace.batch_took(1s);
  EXPECT_EQ(pace.nap(), PollPace::kLongest);
  pace.batch_took(4 * PollPace::kLongest + 4us);
  EXPECT_EQ(pace.nap(), PollPace::kLongest);
}

} // namespace
} // namespace hedgesim::cluster
