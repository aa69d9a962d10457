#pragma once
// A model folder: model.safetensors or shards with model.safetensors.index.json (Hugging Face
// tensor names), config.json (Hugging Face keys plus a "layermoe" section), and a tokenizer:
// layermoe_tokenizer.json (our description) or a Hugging Face tokenizer.json. A Hugging Face
// LLaMA or Qwen2 checkpoint folder is such a folder as it is.
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/common/progress.h"
#include "core/data/tokenizer.h"
#include "core/io/safetensors_shards.h"
#include "core/model/memory_plan.h"
#include "core/model/model.h"

namespace layermoe {

inline constexpr const char* kConfigFile = "config.json";
// In the "layermoe" section of an expansion stage's folder: true once the stage finished.
inline constexpr const char* kStageCompleteKey = "stage_complete";
inline constexpr const char* kTokenizerFile = "layermoe_tokenizer.json";

// Tensors to save under their Hugging Face names (the tied LM head is not written twice).
std::vector<std::pair<std::string, torch::Tensor>> model_state(LanguageModel& model);

// Writes (or overwrites) the model files in dir; each file is replaced atomically.
// `meta` goes into config.json under "layermoe" (run id, preset, corpus, ...).
void save_model_dir(const std::filesystem::path& dir, LanguageModel& model, const Tokenizer& tokenizer,
                    const nlohmann::json& meta = nlohmann::json::object());

struct LoadedModel {
    LanguageModel model{nullptr};
    std::unique_ptr<Tokenizer> tokenizer;
    nlohmann::json meta;  // config.json's "layermoe" section
};

inline constexpr int64_t kDefaultContext = 2048;

struct LoadOptions {
    torch::Device device = torch::kCPU;
    // The parameters' dtype: float32 (the default, and what training needs), bfloat16 or float16
    // (half the memory, for analysis and evaluation of large models).
    torch::ScalarType dtype = torch::kFloat32;
    // The working context (ModelConfig::context_len): 0 = the model's max_position_embeddings,
    // capped at kDefaultContext.
    int64_t context = 0;
    ProgressFn progress;  // per tensor copied, in MB; false cancels (an Error)
};

// Validates names and shapes against config.json: a missing, unexpected or misshapen tensor
// is an Error naming it. F32, F16 and BF16 weights are converted, tensor by tensor from the
// memory-mapped files, to the parameters' dtype; the model is built in that dtype, so peak memory
// stays near the model's own size.
LoadedModel load_model_dir(const std::filesystem::path& dir, const LoadOptions& options);
LoadedModel load_model_dir(const std::filesystem::path& dir, const torch::Device& device = torch::kCPU);

// LoadOptions from the strings a job configuration holds ("cuda:1", "bfloat16").
LoadOptions load_options(const std::string& device, const std::string& dtype = "float32", int64_t context = 0);

// config.json of a model folder, with the working context LoadOptions gives applied.
ModelConfig read_model_config(const std::filesystem::path& dir, const LoadOptions& options);

// Loads a model for some work after checking that the work fits the device: `plan` estimates
// the work's memory for the model's config (core/model/memory_plan.h); the estimate is reported
// through `progress` (stage "memory"), and an Error explains what does not fit.
LoadedModel load_for_work(const std::filesystem::path& dir, LoadOptions options,
                          const std::function<MemoryPlan(const ModelConfig&)>& plan, const ProgressFn& progress);

// "float32"/"f32", "bfloat16"/"bf16", "float16"/"f16"; Error otherwise.
torch::ScalarType parse_dtype(const std::string& name);
std::string dtype_label(torch::ScalarType dtype);  // "float32", "bfloat16", "float16"

struct ExportOptions {
    torch::ScalarType dtype = torch::kFloat32;  // of the written tensors
    uint64_t max_shard_bytes = 5'000'000'000;  // larger models are split into shards with an index
    ProgressFn progress;  // per shard written, in MB; false cancels
};

// Writes a Hugging Face-layout folder: config.json (with torch_dtype), model.safetensors or
// model-0000i-of-0000n.safetensors shards with model.safetensors.index.json, and the tokenizer as
// tokenizer.json + tokenizer_config.json (a byte tokenizer as an equivalent byte-level BPE without
// merges). Dense models load in Hugging Face transformers as they are; expanded ones carry their
// MoE tensors under the names docs/checkpoint-format.md gives.
void export_model_dir(const std::filesystem::path& dir, LanguageModel& model, const Tokenizer& tokenizer,
                      const ExportOptions& options, const nlohmann::json& meta = nlohmann::json::object());

// config.json's "layermoe" section of a model or checkpoint folder (empty object when absent).
nlohmann::json read_model_meta(const std::filesystem::path& dir);

// Copies saved tensors into the model's parameters (used by loading and resuming), releasing
// each tensor's mapped pages once it is copied.
void load_weights_into(LanguageModel& model, const WeightFiles& weights, const ProgressFn& progress = {});
void load_weights_into(LanguageModel& model, const std::filesystem::path& weights_file);

}  // namespace layermoe
