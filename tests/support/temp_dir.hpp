// A directory of its own for one test, removed with everything in it.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace hedgesim::testing {

class TempDir {
public:
  TempDir()
  {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::random_device entropy;
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("hedgesim_{}_{}_{:08x}{:08x}", test->test_suite_name(), test->name(), entropy(), entropy());
    std::filesystem::create_directories(path_);
  }
  ~TempDir()
  {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  //! Writes `text` to `name` inside the directory; returns the path as the loader prints it.
  [[nodiscard]] std::string write(const std::string& name, const std::string& text) const
  {
    const std::filesystem::path file = path_ / name;
    std::ofstream(file) << text;
    return file.lexically_normal().string();
  }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

private:
  std::filesystem::path path_;
};

} // namespace hedgesim::testing
