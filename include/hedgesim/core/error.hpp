// One exception hierarchy with one root; main turns each kind into an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace hedgesim {

//! Root of every error hedgesim throws on purpose.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

//! Bad command-line usage (exit code 2).
class UsageError : public Error {
public:
  using Error::Error;
};

//! Bad scenario input; the message already carries FILE:LINE:COL and the key path (exit code 2).
class ScenarioError : public Error {
public:
  using Error::Error;
};

//! Failure to read or write a file (exit code 1).
class IoError : public Error {
public:
  using Error::Error;
};

//! A model invariant broke at run time (exit code 1).
class ModelError : public Error {
public:
  using Error::Error;
};

//! Process exit codes, documented in `hedgesim --help`.
enum ExitCode : int { kExitSuccess = 0, kExitRuntimeFailure = 1, kExitBadInput = 2 };

//! Exit code for an exception caught at the top level.
int exit_code_for(const std::exception& e) noexcept;

} // namespace hedgesim
