// A fast deflate encoder for chunks of time series: it looks for repeats one byte back and one
// row back only, which is where a shuffled history chunk repeats itself.
#pragma once

#include <cstddef>
#include <span>

namespace hedgesim::io {

//! Compresses `input` into a zlib stream (RFC 1950 around RFC 1951 deflate), which any inflater
//! reads, HDF5's deflate filter included. Repeats are sought at two distances only: 1 (runs of one
//! byte, e.g. a float's exponent byte in a shuffled chunk) and `stride` (the same bytes one row
//! back, e.g. a value that did not change since the previous time step). Each `block_size` bytes
//! (e.g. one byte plane of a shuffled chunk; 0: the whole input) are a block coded with Huffman
//! codes of its own, with deflate's fixed codes, or stored as they are, whichever is smallest.
//! The output is a function of the arguments alone.
//! Returns the size written to `output`, or 0 if the stream does not fit in it.
std::size_t strided_deflate(std::span<const unsigned char> input, std::size_t stride, std::size_t block_size,
                            std::span<unsigned char> output);

} // namespace hedgesim::io
