// Per-run statistics over time: NaN handling, types, the recorder's summaries and their docs.
#include "hedgesim/core/error.hpp"
#include "hedgesim/engine/recorder.hpp"
#include "hedgesim/engine/summary.hpp"
#include "hedgesim/scenario/scenario_loader.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace fs = std::filesystem;
using namespace hedgesim;
using hedgesim::Statistic;

namespace {

const fs::path kSource{HEDGESIM_SOURCE_DIR};
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
const std::vector<Statistic> kAll{Statistic::final, Statistic::mean, Statistic::min, Statistic::max, Statistic::sd};

std::vector<float> floats(const io::VariableData& data)
{
  return std::get<std::vector<float>>(data);
}

std::size_t index_of(const io::HistoryHeader& h, const std::string& name)
{
  for (std::size_t i = 0; i < h.variables.size(); ++i) {
    if (h.variables[i].name == name) {
      return i;
    }
  }
  ADD_FAILURE() << name << " is not in the header";
  return 0;
}

} // namespace

TEST(Summary, StatisticsSkipNaNAndAreNaNWhereEveryStepIsNaN)
{
  // Three steps of four columns: some NaN, all NaN, NaN only at the last step, constant.
  const std::vector<float> series{1,    kNaN, 1,    5, //
                                  kNaN, kNaN, 2,    5, //
                                  3,    kNaN, kNaN, 5};
  const std::vector<float> s = floats(engine::summarise(series, 3, kAll));
  ASSERT_EQ(s.size(), 5U * 4U);
  const auto row = [&](std::size_t stat) { return std::vector<float>(s.begin() + 4 * stat, s.begin() + 4 * stat + 4); };
  // final: the last step's value, NaN or not.
  EXPECT_EQ(row(0)[0], 3);
  EXPECT_TRUE(std::isnan(row(0)[1]));
  EXPECT_TRUE(std::isnan(row(0)[2]));
  EXPECT_EQ(row(0)[3], 5);
  EXPECT_EQ(row(1)[0], 2);   // mean of 1 and 3
  EXPECT_EQ(row(1)[2], 1.5); // mean of 1 and 2
  EXPECT_EQ(row(2)[0], 1);
  EXPECT_EQ(row(3)[0], 3);
  EXPECT_EQ(row(4)[0], 1); // population sd of {1, 3}
  EXPECT_EQ(row(4)[3], 0);
  for (std::size_t stat = 1; stat < 5; ++stat) {
    EXPECT_TRUE(std::isnan(row(stat)[1])) << stat; // all NaN
  }
}

TEST(Summary, CodesBecomeFloatsAndDoublesStayDoubles)
{
  const std::vector<std::int8_t> codes{1, 2, 2, 3};
  const std::vector<float> s = floats(engine::summarise(codes, 4, std::vector{Statistic::mean, Statistic::final}));
  EXPECT_EQ(s, (std::vector<float>{2, 3}));
  const std::vector<double> wide{0.1, 0.2};
  EXPECT_EQ(std::get<std::vector<double>>(engine::summarise(wide, 2, std::vector{Statistic::max})),
            (std::vector<double>{0.2}));
  EXPECT_THROW(static_cast<void>(engine::summarise(wide, 3, kAll)), ModelError);
}

TEST(Summary, NamesParseBack)
{
  for (const Statistic s : kAll) {
    EXPECT_EQ(parse_statistic(to_string(s)), s);
  }
  EXPECT_FALSE(parse_statistic("median"));
}

TEST(Summary, TheRecorderSummarisesWhatItWouldRecordAsSeries)
{
  const Scenario s = load_scenario(kSource / "tests/golden/short.yaml");
  SummarySpec both{kAll, true};
  const io::HistoryHeader h = engine::history_header(s, 1, 1, both);
  const engine::RunResult r = engine::simulate_run(s, h, 1, 0, both);
  ASSERT_EQ(r.record.variables.size(), h.variables.size());
  EXPECT_EQ(h.statistics, (std::vector<std::string>{"final", "mean", "min", "max", "sd"}));

  const std::size_t series = index_of(h, "world/oil_price");
  const std::size_t summary = index_of(h, "summary/world/oil_price");
  EXPECT_EQ(h.variables[summary].dims, std::vector<std::string>{"stat"});
  const std::vector<float> price = floats(r.record.variables[series]);
  EXPECT_EQ(floats(r.record.variables[summary]), floats(engine::summarise(price, price.size(), kAll)));
  const std::size_t alignment = index_of(h, "summary/alignment");
  EXPECT_EQ(h.variables[alignment].dims, (std::vector<std::string>{"stat", "hedger", "power", "dimension"}));
  EXPECT_EQ(h.variables[index_of(h, "summary/strategy")].dtype, io::DType::float32);

  // Summaries alone: the same statistics, no series.
  SummarySpec alone{{Statistic::mean}, false};
  const io::HistoryHeader h1 = engine::history_header(s, 1, 1, alone);
  const engine::RunResult r1 = engine::simulate_run(s, h1, 1, 0, alone);
  for (const auto& v : h1.variables) {
    EXPECT_TRUE(v.name.starts_with("summary/")) << v.name;
  }
  EXPECT_EQ(floats(r1.record.variables[index_of(h1, "summary/world/oil_price")]),
            floats(engine::summarise(price, price.size(), std::vector{Statistic::mean})));
}

TEST(Summary, SummaryDatasetsAreDocumentedInTheFileFormat)
{
  std::ifstream in(kSource / "docs/file-format.md");
  ASSERT_TRUE(in);
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_NE(doc.str().find("`summary/<name>`"), std::string::npos);
  EXPECT_NE(doc.str().find("| `stat` |"), std::string::npos);
  for (const std::string_view name : statistic_names()) {
    EXPECT_NE(doc.str().find(fmt::format("`{}`", name)), std::string::npos) << name;
  }
}
