// A choice by the Gumbel-max rule: the option with the largest score plus Gumbel noise.
#pragma once

#include <cstddef>
#include <span>

namespace hedgesim::model {

//! Gumbel noise from a uniform draw u in (0, 1): -log(-log u).
[[nodiscard]] double gumbel(double u) noexcept;

//! The first index i with the largest base[i] + gumbel(uniform[i]), each sum rounded as a double:
//! exactly what working out every option's noise and taking the first maximum gives. The noise is
//! worked out only for options that bounds on it cannot settle. Each draw's bucket of 1/1024 bounds
//! its noise, so usually one option is left and no logarithm is taken. `base` and `uniform` have
//! the same size, at least 1; every uniform lies in (0, 1).
[[nodiscard]] std::size_t gumbel_argmax(std::span<const double> base, std::span<const double> uniform) noexcept;

} // namespace hedgesim::model
