#include "hedgesim/core/text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>

namespace hedgesim {

std::size_t edit_distance(std::string_view a, std::string_view b)
{
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> nearest_match(std::string_view word, const std::vector<std::string>& candidates)
{
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& candidate : candidates) {
    const std::size_t d = edit_distance(word, candidate);
    if (!best || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  // A typo changes at most about a third of a word; anything further is a different word.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  if (best && best_distance <= limit && best_distance < word.size()) {
    return best;
  }
  return std::nullopt;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates)
{
  if (auto match = nearest_match(word, candidates)) {
    return fmt::format(" (did you mean '{}'?)", *match);
  }
  return {};
}

namespace {

constexpr std::size_t kLongestShown = 40; // [characters] shown whole
constexpr std::size_t kCutTo = 30;        // [characters] kept of a longer text

bool continuation_byte(char c)
{
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

std::size_t characters(std::string_view text)
{
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !continuation_byte(c); }));
}

//! The first `n` characters of UTF-8 text (never half a character).
std::string_view first_characters(std::string_view text, std::size_t n)
{
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!continuation_byte(text[i]) && seen++ == n) {
      return text.substr(0, i);
    }
  }
  return text;
}

} // namespace

std::string single_line(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20U || byte == 0x7FU) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out;
}

std::string excerpt(std::string_view text)
{
  const std::size_t n = characters(text);
  if (n <= kLongestShown) {
    return single_line(text);
  }
  return fmt::format("{}... ({} characters)", single_line(first_characters(text, kCutTo)), n);
}

std::string quoted_excerpt(std::string_view text)
{
  const std::size_t n = characters(text);
  if (n <= kLongestShown) {
    return fmt::format("\"{}\"", single_line(text));
  }
  return fmt::format("\"{}...\" ({} characters)", single_line(first_characters(text, kCutTo)), n);
}

std::string format_number(double value)
{
  return fmt::format("{}", value);
}

} // namespace hedgesim
