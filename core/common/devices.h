#pragma once
// The compute devices this build can use, for choosers (Torch-free header; the GUI includes it).
#include <string>
#include <vector>

namespace layermoe {

// "cpu", then "cuda:0", "cuda:1", ... for each CUDA device a CUDA LibTorch sees (none on a
// CPU-only LibTorch).
std::vector<std::string> compute_devices();

}  // namespace layermoe
