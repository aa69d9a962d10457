#include "core/io/safetensors_shards.h"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/io/files.h"

namespace layermoe {

namespace fs = std::filesystem;

WeightFiles WeightFiles::open_file(const fs::path& safetensors_file) {
    WeightFiles w;
    w.source_ = safetensors_file;
    w.files_.push_back(SafetensorsFile::open(safetensors_file));
    for (const auto& info : w.files_.front().tensors())
        w.tensors_.emplace(info.name, WeightRef{&w.files_.front(), &info});
    return w;
}

WeightFiles WeightFiles::open_dir(const fs::path& dir) {
    if (fs::exists(dir / kWeightsFile)) return open_file(dir / kWeightsFile);
    const fs::path index_path = dir / kWeightsIndexFile;
    if (!fs::exists(index_path))
        throw Error(fmt::format("{}: no weights (neither {} nor {})", dir.string(), kWeightsFile, kWeightsIndexFile));
    nlohmann::json index;
    try {
        index = nlohmann::json::parse(read_text_file(index_path));
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: invalid JSON ({})", index_path.string(), e.what()));
    }
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
        throw Error(fmt::format("{}: no \"weight_map\" object", index_path.string()));
    std::map<std::string, std::vector<std::string>> by_shard;  // shard file -> tensor names
    for (const auto& [name, shard] : index["weight_map"].items()) {
        if (!shard.is_string())
            throw Error(fmt::format("{}: weight_map entry '{}' is not a file name", index_path.string(), name));
        const auto file = shard.get<std::string>();
        if (file.empty() || fs::path(file).has_parent_path() || file == "." || file == "..")
            throw Error(fmt::format("{}: weight_map entry '{}' names '{}', not a file in this folder",
                                    index_path.string(), name, file));
        by_shard[file].push_back(name);
    }
    if (by_shard.empty()) throw Error(fmt::format("{}: weight_map is empty", index_path.string()));
    WeightFiles w;
    w.source_ = index_path;
    w.files_.reserve(by_shard.size());  // WeightRefs point into files_
    for (const auto& [shard, names] : by_shard) w.files_.push_back(SafetensorsFile::open(dir / shard));
    size_t f = 0;
    for (const auto& [shard, names] : by_shard) {
        const SafetensorsFile& file = w.files_[f++];
        for (const auto& name : names) {
            const TensorInfo* info = file.find(name);
            if (!info)
                throw Error(fmt::format("{}: lists tensor '{}' in {}, which has no such tensor", index_path.string(),
                                        name, shard));
            w.tensors_.emplace(name, WeightRef{&file, info});
        }
    }
    for (const auto& file : w.files_) {
        for (const auto& info : file.tensors()) {
            const auto it = w.tensors_.find(info.name);
            const std::string shard = file.path().filename().string();
            if (it == w.tensors_.end())
                throw Error(
                    fmt::format("{}: tensor '{}' of {} is not in the index", index_path.string(), info.name, shard));
            if (it->second.file != &file)
                throw Error(fmt::format("{}: tensor '{}' of {} is listed under {}", index_path.string(), info.name,
                                        shard, it->second.file->path().filename().string()));
        }
    }
    return w;
}

const WeightRef* WeightFiles::find(std::string_view name) const {
    const auto it = tensors_.find(name);
    return it == tensors_.end() ? nullptr : &it->second;
}

uint64_t WeightFiles::total_bytes() const {
    uint64_t total = 0;
    for (const auto& [name, ref] : tensors_) total += ref.info->end - ref.info->begin;
    return total;
}

std::string WeightFiles::describe() const {
    if (files_.size() == 1 && source_.filename() == files_.front().path().filename()) return source_.string();
    return fmt::format("{} ({} shards)", source_.string(), files_.size());
}

}  // namespace layermoe
