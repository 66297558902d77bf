#include "hedgesim/model/kuik.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hedgesim::model {
namespace {

KuikBand band_of_code(int code)
{
  return static_cast<KuikBand>(code);
}

TEST(Kuik, EveryBandCentreFallsInItsBand)
{
  for (int k = 0; k < 7; ++k) {
    const double centre = -1.0 + (k + 0.5) * kBandWidth;
    EXPECT_EQ(kuik_band(centre), band_of_code(k - 3)) << "centre " << centre;
    // Well inside the band on either side of the centre.
    EXPECT_EQ(kuik_band(centre - 0.45 * kBandWidth), band_of_code(k - 3));
    EXPECT_EQ(kuik_band(centre + 0.45 * kBandWidth), band_of_code(k - 3));
  }
  EXPECT_EQ(kuik_band(0.0), KuikBand::economic_pragmatism);
}

TEST(Kuik, EdgesBelongToTheBandAbove)
{
  // The six inner edges are the odd sevenths -5/7 .. 5/7; edge k starts band k - 3.
  for (int k = 1; k < 7; ++k) {
    const int sevenths = 2 * k - 7;
    const double edge = sevenths / 7.0;
    EXPECT_EQ(kuik_band(edge), band_of_code(k - 3)) << sevenths << "/7";
    // The same edge reached by other arithmetic, as a simulation would produce it.
    EXPECT_EQ(kuik_band(-1.0 + k * kBandWidth), band_of_code(k - 3)) << sevenths << "/7 via band width";
    EXPECT_EQ(kuik_band((edge + edge + edge) / 3.0), band_of_code(k - 3)) << sevenths << "/7 as a mean";
    // Clearly below the edge is the band below.
    EXPECT_EQ(kuik_band(edge - 1e-7), band_of_code(k - 4)) << "just below " << sevenths << "/7";
    EXPECT_EQ(kuik_band(edge + 1e-7), band_of_code(k - 3)) << "just above " << sevenths << "/7";
  }
}

TEST(Kuik, EndsOfTheScale)
{
  EXPECT_EQ(kuik_band(-1.0), KuikBand::pure_balancing);
  EXPECT_EQ(kuik_band(1.0), KuikBand::pure_bandwagoning);
  EXPECT_EQ(kuik_band(-0.9999), KuikBand::pure_balancing);
  EXPECT_EQ(kuik_band(0.9999), KuikBand::pure_bandwagoning);
}

TEST(Kuik, BandIsMonotoneInAlignment)
{
  int previous = -3;
  for (int i = 0; i <= 2000; ++i) {
    const double a = -1.0 + i / 1000.0;
    const int code = static_cast<int>(kuik_band(a));
    ASSERT_GE(code, previous) << a;
    ASSERT_LE(code - previous, 1) << a;
    previous = code;
  }
  EXPECT_EQ(previous, 3);
}

TEST(Kuik, Names)
{
  EXPECT_STREQ(to_string(KuikBand::pure_balancing), "pure_balancing");
  EXPECT_STREQ(to_string(KuikBand::indirect_balancing), "indirect_balancing");
  EXPECT_STREQ(to_string(KuikBand::dominance_denial), "dominance_denial");
  EXPECT_STREQ(to_string(KuikBand::economic_pragmatism), "economic_pragmatism");
  EXPECT_STREQ(to_string(KuikBand::binding_engagement), "binding_engagement");
  EXPECT_STREQ(to_string(KuikBand::limited_bandwagoning), "limited_bandwagoning");
  EXPECT_STREQ(to_string(KuikBand::pure_bandwagoning), "pure_bandwagoning");
}

} // namespace
} // namespace hedgesim::model
