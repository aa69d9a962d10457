#include "core/common/devices.h"

#include <fmt/format.h>
#include <torch/torch.h>

namespace layermoe {

std::vector<std::string> compute_devices() {
    std::vector<std::string> out = {"cpu"};
    const auto n = torch::cuda::is_available() ? torch::cuda::device_count() : 0;
    for (size_t i = 0; i < n; ++i) out.push_back(fmt::format("cuda:{}", i));
    return out;
}

}  // namespace layermoe
