// Small text helpers shared by the input layers: near-miss suggestions and number formatting.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hedgesim {

//! Levenshtein distance between two strings (insert, delete, substitute each cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

//! The candidate closest to `word`, if it is close enough to be a plausible typo.
std::optional<std::string> nearest_match(std::string_view word, const std::vector<std::string>& candidates);

//! `" (did you mean 'x'?)"` or an empty string when no candidate is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

//! Shortest decimal text that reads back to the same double (round-trip exact).
std::string format_number(double value);

} // namespace hedgesim
