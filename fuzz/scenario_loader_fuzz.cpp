// libFuzzer target: the scenario loader on arbitrary text (see scenario_input.hpp for what counts
// as a finding). Run it with the seed corpus and the dictionary, e.g.
//   build-asan/fuzz/hedgesim_fuzz_scenario -dict=fuzz/scenario.dict -timeout=10 NEW_DIR fuzz/corpus/scenario
#include "scenario_input.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>

namespace {

std::filesystem::path& sandbox()
{
  static std::filesystem::path dir;
  return dir;
}

void remove_sandbox()
{
  std::error_code ignored;
  std::filesystem::remove_all(sandbox(), ignored);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/)
{
  sandbox() = std::filesystem::temp_directory_path() / ("hedgesim_fuzz_scenario." + std::to_string(::getpid()));
  hedgesim::fuzz::prepare_sandbox(HEDGESIM_SOURCE_DIR, sandbox());
  std::atexit(remove_sandbox);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!hedgesim::fuzz::extends_stays_inside(text)) {
    return -1; // not an input worth keeping
  }
  static_cast<void>(hedgesim::fuzz::check_scenario_text(text, sandbox()));
  return 0;
}
