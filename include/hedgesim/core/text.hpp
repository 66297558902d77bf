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

//! `text` with control characters escaped (`\n`, `\t`, `\x01`), so that it prints as one line.
std::string single_line(std::string_view text);

//! User text as it reads inside a one-line message: control characters escaped (`\n`, `\x01`),
//! and text longer than 40 characters cut to its first 30, followed by its length, as in
//! `123456789012345678901234567890... (10000 characters)`.
std::string excerpt(std::string_view text);

//! excerpt() in double quotes: `"text"`, `"123456789012345678901234567890..." (10000 characters)`.
std::string quoted_excerpt(std::string_view text);

//! Shortest decimal text that reads back to the same double (round-trip exact).
std::string format_number(double value);

} // namespace hedgesim
