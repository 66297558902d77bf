// Per-run statistics of a recorded variable over its time axis: what keeps files of many runs small.
#pragma once

#include "hedgesim/io/history_format.hpp"
#include "hedgesim/scenario/summary_spec.hpp"

#include <cstddef>
#include <span>

namespace hedgesim::engine {

//! The dataset of `series`'s statistics: `summary/<name>`, with `stat` in place of `time`.
//! Floats keep their type; integer codes become float32 (a mean of codes is not a code).
io::VariableSpec summary_variable(const io::VariableSpec& series);

//! Reduces a [time, rest...] row-major buffer of `steps` rows to [stat, rest...] rows, one per
//! statistic, of summary_variable's type. NaN entries are skipped, so a statistic of an entry
//! that is NaN at every step is NaN; `final` is the value at the last step, NaN or not; `sd`
//! is the population standard deviation. Throws ModelError if the buffer is not `steps` rows.
io::VariableData summarise(const io::VariableData& series, std::size_t steps, std::span<const Statistic> statistics);

} // namespace hedgesim::engine
