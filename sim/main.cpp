// The hedgesim executable: hands the command line to the library.
#include "hedgesim/cli/app.hpp"
#include "hedgesim/core/allocator.hpp"
#include "hedgesim/io/hdf5_file.hpp"

#include <iostream>

int main(int argc, char** argv)
{
  hedgesim::keep_freed_memory();
  hedgesim::io::h5::skip_cleanup_at_exit();
  return hedgesim::cli::run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
