#pragma once

#include <string>

inline std::string unity_local_table_name() {
  return "barrels";
}
