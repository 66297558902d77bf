#include "hedgesim/cli/command.hpp"

#include "hedgesim/core/error.hpp"
#include "hedgesim/scenario/yaml_document.hpp"

#include <charconv>
#include <csignal>
#include <fmt/format.h>
#include <sstream>

namespace hedgesim::cli {

namespace po = boost::program_options;

namespace {

std::atomic<bool> g_stop{false};

extern "C" void request_stop(int /*signal*/)
{
  g_stop.store(true);
}

} // namespace

po::variables_map parse(const std::string& command, const std::vector<std::string>& args,
                        const po::options_description& options, const po::positional_options_description& positional)
{
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(fmt::format("{}: {} (see `hedgesim {} --help`)", command, e.what(), command));
  }
  return vm;
}

std::string help_text(const std::string& synopsis, const po::options_description& options)
{
  std::ostringstream text;
  text << "usage: hedgesim " << synopsis << "\n\n"
       << options << "\nexit codes: 0 success, 1 runtime failure, 2 bad usage or bad input\n";
  return text.str();
}

std::uint64_t unsigned_option(const std::string& command, const std::string& option, const std::string& text,
                              std::uint64_t min)
{
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < min) {
    throw UsageError(fmt::format("{}: {} expects a whole number >= {}, got '{}'", command, option, min, text));
  }
  return value;
}

std::vector<Override> overrides_from(const std::vector<std::string>& sets)
{
  std::vector<Override> out;
  for (const auto& s : sets) {
    out.push_back(Override::parse(s));
  }
  return out;
}

const std::atomic<bool>& stop_requested()
{
  return g_stop;
}

void install_stop_handlers()
{
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
}

} // namespace hedgesim::cli
