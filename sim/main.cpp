// The hedgesim executable: hands the command line to the library.
#include "hedgesim/cli/app.hpp"

#include <iostream>

int main(int argc, char** argv)
{
  return hedgesim::cli::run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}
