// EXPECT_THROW_MSG(statement, ExceptionType, message): the statement must throw ExceptionType
// (or a type derived from it) whose what() is exactly `message`. In the manner of fmt's test
// helper of the same name: input errors are part of the interface, so tests pin their full text.
#pragma once

#include <gtest/gtest.h>

#include <exception>
#include <string>

namespace hedgesim::test {

//! Failure text for a statement that threw the wrong type.
inline std::string wrong_exception_text(const char* statement, const char* expected_type, const char* what)
{
  return std::string("Expected: ") + statement + " throws an exception of type " + expected_type +
         ".\n  Actual: it throws a different type, with message: " + what;
}

//! Failure text for a statement that threw nothing.
inline std::string no_exception_text(const char* statement, const char* expected_type)
{
  return std::string("Expected: ") + statement + " throws an exception of type " + expected_type +
         ".\n  Actual: it throws nothing.";
}

} // namespace hedgesim::test

// A do/while(false) so the macro is one statement; the names carry a prefix so that they cannot
// shadow anything the statement uses. Name the exact type expected (not std::exception, which the
// second handler would then duplicate).
#define EXPECT_THROW_MSG(statement, exception_type, expected_message)                                                  \
  do {                                                                                                                 \
    bool hedgesim_throw_msg_caught_ = false;                                                                           \
    try {                                                                                                              \
      statement;                                                                                                       \
    } catch (const exception_type& hedgesim_throw_msg_error_) {                                                        \
      hedgesim_throw_msg_caught_ = true;                                                                               \
      EXPECT_EQ(std::string(expected_message), std::string(hedgesim_throw_msg_error_.what()))                          \
          << "message of the " #exception_type " thrown by: " #statement;                                              \
    } catch (const std::exception& hedgesim_throw_msg_error_) {                                                        \
      hedgesim_throw_msg_caught_ = true;                                                                               \
      ADD_FAILURE() << ::hedgesim::test::wrong_exception_text(#statement, #exception_type,                             \
                                                              hedgesim_throw_msg_error_.what());                       \
    } catch (...) {                                                                                                    \
      hedgesim_throw_msg_caught_ = true;                                                                               \
      ADD_FAILURE() << ::hedgesim::test::wrong_exception_text(#statement, #exception_type, "(not a std::exception)");  \
    }                                                                                                                  \
    if (!hedgesim_throw_msg_caught_) {                                                                                 \
      ADD_FAILURE() << ::hedgesim::test::no_exception_text(#statement, #exception_type);                               \
    }                                                                                                                  \
  } while (false)
