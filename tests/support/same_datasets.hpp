// Checks that two history files hold the same datasets with the same bytes.
#pragma once

#include "hedgesim/io/history_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace hedgesim::testing {

//! Every dataset of `a` and `b`, by path, in the same order, with identical bytes.
inline void expect_same_datasets(const std::filesystem::path& a, const std::filesystem::path& b)
{
  const io::HistorySummary left = io::read_history_summary(a);
  const io::HistorySummary right = io::read_history_summary(b);
  ASSERT_EQ(left.datasets.size(), right.datasets.size());
  for (std::size_t i = 0; i < left.datasets.size(); ++i) {
    ASSERT_EQ(left.datasets[i].path, right.datasets[i].path);
    EXPECT_EQ(io::read_dataset_bytes(a, left.datasets[i].path), io::read_dataset_bytes(b, right.datasets[i].path))
        << left.datasets[i].path << " differs between " << a.filename() << " and " << b.filename();
  }
}

} // namespace hedgesim::testing
