#pragma once

// Proves whether a plugin's code ran: loading a plugin runs its static initialisers, and this one
// appends a line to the file RETORT_TEST_MARKER names. A bundle refused before loading leaves
// the file absent.
#include <cstdlib>
#include <fstream>

#define BUNDLE_TEST_MARKER(name)                                 \
  namespace {                                                    \
  const bool marker_written = [] {                               \
    if (const char* path = std::getenv("RETORT_TEST_MARKER")) {  \
      std::ofstream(path, std::ios::app) << name << " loaded\n"; \
    }                                                            \
    return true;                                                 \
  }();                                                           \
  }
