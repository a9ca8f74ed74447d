#pragma once

#include <string>

#include <gtest/gtest.h>

namespace retort::testing {

/// The message of the `Error` that `f` throws; a test failure when it throws nothing.
template <typename Error, typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an exception";
  return {};
}

}  // namespace retort::testing
