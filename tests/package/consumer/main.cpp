// An application that migrates its database when it starts.
#include <retort/embed.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: migrate_on_start URL PLUGIN_DIR\n";
    return 2;
  }
  auto report = retort::upgrade({.url = argv[1], .plugin_directory = argv[2]});
  for (const auto& revision : report.applied) {
    std::cout << "applied " << revision << "\n";
  }
  if (!report.ok()) {
    std::cerr << "failed at " << report.failure->revision << ": " << report.failure->message
              << "\n";
    return 1;
  }
  return 0;
}
