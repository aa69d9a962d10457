#pragma once
// The weights of a model folder as Hugging Face lays them out: one model.safetensors, or shards
// listed by model.safetensors.index.json ({"weight_map": {tensor name: shard file}}). Every shard
// is memory-mapped; nothing is read until a tensor's bytes are asked for.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/safetensors.h"

namespace layermoe {

inline constexpr const char* kWeightsFile = "model.safetensors";
inline constexpr const char* kWeightsIndexFile = "model.safetensors.index.json";

struct WeightRef {
    const SafetensorsFile* file = nullptr;
    const TensorInfo* info = nullptr;
};

class WeightFiles {
public:
    // dir/model.safetensors when it exists, else dir/model.safetensors.index.json and its shards.
    // Error naming the file: no weights at all, invalid index JSON, a shard that is missing or
    // malformed, a tensor the index lists but its shard lacks, or a tensor in two shards.
    static WeightFiles open_dir(const std::filesystem::path& dir);
    static WeightFiles open_file(const std::filesystem::path& safetensors_file);

    const WeightRef* find(std::string_view name) const;  // nullptr when absent
    const std::map<std::string, WeightRef, std::less<>>& tensors() const { return tensors_; }
    const std::vector<SafetensorsFile>& files() const { return files_; }
    uint64_t total_bytes() const;  // of all tensor data
    std::string describe() const;  // "DIR/model.safetensors" or "DIR/model.safetensors.index.json (3 shards)"

private:
    std::filesystem::path source_;
    std::vector<SafetensorsFile> files_;
    std::map<std::string, WeightRef, std::less<>> tensors_;
};

}  // namespace layermoe
