#pragma once
// The code version recorded with every run (LAYERMOE_VERSION comes from the build).
#include <string>

namespace layermoe {

inline std::string code_version() { return std::string("layermoe ") + LAYERMOE_VERSION; }

}  // namespace layermoe
