// Experimental designs over k parameters: which points of the parameter space a sweep runs.
//
// Every design is a pure function of its spec and the sweep seed: all randomness comes from
// RandomStream with Stream::design, so a design is reproducible bit for bit on any machine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim::sweep {

enum class DesignType { grid, random, lhs, sobol, morris };
const char* to_string(DesignType type) noexcept;
bool parse_design_type(std::string_view text, DesignType& out) noexcept;

struct DesignSpec {
  DesignType type = DesignType::grid;
  std::uint64_t points = 0;       // random, lhs: rows; sobol: base points N
  std::uint64_t trajectories = 0; // morris: r
  std::uint64_t levels = 0;       // morris: p (even); grid: levels of each `range` parameter
};

//! Row-major matrix of design points, `rows` x `columns`.
struct DesignMatrix {
  std::size_t rows = 0;
  std::size_t columns = 0;
  std::vector<double> values;
  [[nodiscard]] double at(std::size_t row, std::size_t column) const { return values[row * columns + column]; }
  [[nodiscard]] double& at(std::size_t row, std::size_t column) { return values[row * columns + column]; }
};

//! Number of rows a design gives for k parameters (grid: the product of `grid_levels`); a count
//! beyond 2^64 - 1 gives 2^64 - 1.
std::uint64_t design_rows(const DesignSpec& spec, std::size_t k, const std::vector<std::uint64_t>& grid_levels);

//! The design in the unit cube. For grid and morris the entries are level fractions
//! i / (levels - 1) in [0, 1]; for random, lhs and sobol they are in (0, 1).
//!   grid:   full factorial, the last parameter varying fastest
//!   random: independent uniforms
//!   lhs:    Latin hypercube, exactly one point in each of the `points` strata of every column
//!   sobol:  Saltelli: N rows of A, N rows of B, then for i = 1..k the N rows of A with column i from B
//!   morris: r trajectories of k + 1 rows; row j + 1 differs from row j in one column by
//!           +-levels / (2 (levels - 1))
DesignMatrix unit_design(const DesignSpec& spec, std::size_t k, const std::vector<std::uint64_t>& grid_levels,
                         std::uint64_t seed);

} // namespace hedgesim::sweep
