// Export of a model as a Hugging Face checkpoint folder (core/model/checkpoint.h).
#include <fmt/format.h>

#include "core/common/error.h"
#include "core/common/error_boundary.h"
#include "core/data/hf_tokenizer_json.h"
#include "core/model/checkpoint.h"
#include "core/io/files.h"

namespace layermoe {

namespace fs = std::filesystem;

namespace {

std::optional<DType> safetensors_dtype(torch::ScalarType type) {
    switch (type) {
    case torch::kFloat32: return DType::F32;
    case torch::kFloat16: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    default: return std::nullopt;
    }
}

void write_tokenizer_files(const fs::path& dir, const Tokenizer& tokenizer) {
    const auto files = tokenizer.files();
    if (!files.empty()) {
        for (const auto& file : files) fs::copy_file(file, dir / file.filename(), fs::copy_options::overwrite_existing);
        return;
    }
    const auto hf = hf_tokenizer_files(tokenizer);  // Error for a tokenizer without a Hugging Face form
    atomic_write_file(dir / "tokenizer.json", hf.tokenizer.dump(2) + "\n");
    atomic_write_file(dir / "tokenizer_config.json", hf.config.dump(2) + "\n");
}

}  // namespace

void export_model_dir(const fs::path& dir, LanguageModel& model, const Tokenizer& tokenizer,
                      const ExportOptions& options, const nlohmann::json& meta) {
    const auto dtype = safetensors_dtype(options.dtype);
    if (!dtype)
        throw Error(fmt::format("cannot export in {} (use float32, bfloat16 or float16)", dtype_label(options.dtype)));
    if (options.max_shard_bytes == 0) throw Error("the largest shard size must be > 0");
    std::error_code ec;
    if (fs::exists(dir) && !(fs::is_directory(dir) && fs::is_empty(dir, ec)))
        throw Error(
            fmt::format("{} already exists and is not an empty folder; export writes a new folder", dir.string()));
    // Written beside the target and renamed at the end: an interrupted export leaves no half folder.
    const fs::path partial = dir.parent_path() / (dir.filename().string() + ".partial");
    fs::remove_all(partial, ec);
    fs::create_directories(partial, ec);
    if (ec) throw Error(fmt::format("cannot create {}: {}", partial.string(), ec.message()));

    bool cancelled = false;
    try {
        auto state = model_state(model);
        const auto element = static_cast<uint64_t>(c10::elementSize(options.dtype));
        std::vector<std::vector<size_t>> shards(1);
        uint64_t shard_bytes = 0, total = 0;
        for (size_t i = 0; i < state.size(); ++i) {
            const uint64_t bytes = static_cast<uint64_t>(state[i].second.numel()) * element;
            if (!shards.back().empty() && shard_bytes + bytes > options.max_shard_bytes) {
                shards.emplace_back();
                shard_bytes = 0;
            }
            shards.back().push_back(i);
            shard_bytes += bytes;
            total += bytes;
        }
        const size_t n = shards.size();
        nlohmann::json weight_map = nlohmann::json::object();
        uint64_t written = 0;
        for (size_t s = 0; s < n; ++s) {
            const std::string name =
                n == 1 ? std::string(kWeightsFile) : fmt::format("model-{:05d}-of-{:05d}.safetensors", s + 1, n);
            std::vector<torch::Tensor> owned;  // converted copies alive while the shard is written
            std::vector<TensorToWrite> tensors;
            for (size_t i : shards[s]) {
                auto& [tensor_name, tensor] = state[i];
                owned.push_back(tensor.detach().to(torch::kCPU).to(options.dtype).contiguous());
                const auto& t = owned.back();
                tensors.push_back({tensor_name,
                                   *dtype,
                                   t.sizes().vec(),
                                   {static_cast<const std::byte*>(t.data_ptr()), static_cast<size_t>(t.nbytes())}});
                weight_map[tensor_name] = name;
                written += static_cast<uint64_t>(t.nbytes());
            }
            write_safetensors(partial / name, tensors, {{"format", "pt"}});
            const auto mb = [](uint64_t bytes) { return static_cast<int64_t>((bytes + (1u << 20) - 1) >> 20); };
            if (!report(options.progress, {Stage::Export, s + 1 == n ? mb(total) : static_cast<int64_t>(written >> 20),
                                           mb(total), "MB", name})) {
                cancelled = true;
                throw Error(fmt::format("export to {} cancelled", dir.string()));
            }
        }
        if (n > 1) {
            const nlohmann::json index = {{"metadata", {{"total_size", total}}}, {"weight_map", weight_map}};
            atomic_write_file(partial / kWeightsIndexFile, index.dump(2) + "\n");
        }
        auto config = to_hf_config(model->config());
        config["torch_dtype"] = dtype_label(options.dtype);
        if (!meta.empty()) config["layermoe"] = meta;
        atomic_write_file(partial / kConfigFile, config.dump(2) + "\n");
        write_tokenizer_files(partial, tokenizer);
    } catch (...) {
        // A full disk, say: the half-written folder goes; nothing was written to the target.
        fs::remove_all(partial, ec);
        if (cancelled) throw;
        throw Error(fmt::format("cannot export to {}: {}; nothing was written there", dir.string(),
                                error_line(std::current_exception())));
    }
    if (fs::exists(dir)) fs::remove(dir, ec);  // the empty folder
    fs::rename(partial, dir, ec);
    if (ec) throw Error(fmt::format("cannot move {} to {}: {}", partial.string(), dir.string(), ec.message()));
}

}  // namespace layermoe
