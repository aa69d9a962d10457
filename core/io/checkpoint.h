#pragma once
// A model folder: model.safetensors (Hugging Face tensor names), config.json (Hugging Face
// keys plus a "layermoe" section), layermoe_tokenizer.json (our tokenizer description).
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/data/tokenizer.h"
#include "core/model/model.h"

namespace layermoe {

inline constexpr const char* kWeightsFile = "model.safetensors";
inline constexpr const char* kConfigFile = "config.json";
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

// Validates names and shapes against config.json: a missing, unexpected or misshapen tensor
// is an Error naming it. F32, F16 and BF16 weights are converted to F32.
LoadedModel load_model_dir(const std::filesystem::path& dir, const torch::Device& device = torch::kCPU);

// config.json's "layermoe" section of a model or checkpoint folder (empty object when absent).
nlohmann::json read_model_meta(const std::filesystem::path& dir);

// Copies saved tensors into the model's parameters (used by loading and resuming).
void load_weights_into(LanguageModel& model, const std::filesystem::path& weights_file);

} // namespace layermoe
