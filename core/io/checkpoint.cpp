#include "core/io/checkpoint.h"

#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/error.h"
#include "core/io/files.h"
#include "core/io/safetensors.h"

namespace layermoe {

namespace fs = std::filesystem;

std::vector<std::pair<std::string, torch::Tensor>> model_state(LanguageModel& model) {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& item : model->named_parameters(/*recurse=*/true)) out.emplace_back(item.key(), item.value());
    return out;
}

namespace {

std::optional<DType> dtype_of(const torch::Tensor& t) {
    switch (t.scalar_type()) {
    case torch::kFloat32: return DType::F32;
    case torch::kFloat16: return DType::F16;
    case torch::kBFloat16: return DType::BF16;
    case torch::kFloat64: return DType::F64;
    case torch::kInt64: return DType::I64;
    case torch::kInt32: return DType::I32;
    default: return std::nullopt;
    }
}

torch::Tensor to_float_tensor(const SafetensorsFile& file, const TensorInfo& info) {
    const auto bytes = file.bytes(info);
    auto* data = const_cast<std::byte*>(bytes.data());
    torch::ScalarType type;
    switch (info.dtype) {
    case DType::F32: type = torch::kFloat32; break;
    case DType::F16: type = torch::kFloat16; break;
    case DType::BF16: type = torch::kBFloat16; break;
    case DType::F64: type = torch::kFloat64; break;
    default:
        throw Error(fmt::format("{}: tensor '{}' has dtype {}, expected F32, F16 or BF16", file.path().string(),
                                info.name, dtype_name(info.dtype)));
    }
    // from_blob views the mapping; the conversion copies into memory we own.
    auto view = torch::from_blob(data, info.shape, torch::TensorOptions().dtype(type));
    return view.to(torch::kFloat32, /*non_blocking=*/false, /*copy=*/true);
}

bool ignorable_name(const std::string& name, bool tied) {
    return name.ends_with("rotary_emb.inv_freq") || (tied && name == "lm_head.weight");
}

} // namespace

void save_model_dir(const fs::path& dir, LanguageModel& model, const Tokenizer& tokenizer, const nlohmann::json& meta) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(fmt::format("cannot create model folder {}: {}", dir.string(), ec.message()));

    std::vector<torch::Tensor> owned;  // CPU, contiguous copies kept alive while writing
    std::vector<TensorToWrite> tensors;
    for (auto& [name, tensor] : model_state(model)) {
        auto cpu = tensor.detach().to(torch::kCPU).contiguous();
        const auto dtype = dtype_of(cpu);
        if (!dtype) throw Error(fmt::format("cannot save tensor '{}' of type {}", name, std::string(c10::toString(cpu.scalar_type()))));
        owned.push_back(cpu);
        const auto* ptr = static_cast<const std::byte*>(cpu.data_ptr());
        tensors.push_back({name, *dtype, cpu.sizes().vec(), {ptr, static_cast<size_t>(cpu.nbytes())}});
    }
    write_safetensors(dir / kWeightsFile, tensors, {{"format", "pt"}});
    atomic_write_file(dir / kTokenizerFile, tokenizer.describe().dump(2) + "\n");
    auto config = to_hf_config(model->config());
    config["layermoe"] = meta;
    atomic_write_file(dir / kConfigFile, config.dump(2) + "\n");
}

void load_weights_into(LanguageModel& model, const fs::path& weights_file) {
    const auto file = SafetensorsFile::open(weights_file);
    const bool tied = model->config().tie_embeddings;
    std::set<std::string> expected;
    torch::NoGradGuard no_grad;
    for (auto& [name, param] : model_state(model)) {
        expected.insert(name);
        const TensorInfo* info = file.find(name);
        if (!info)
            throw Error(fmt::format("{}: missing tensor '{}' required by config.json", weights_file.string(), name));
        if (info->shape != param.sizes().vec())
            throw Error(fmt::format("{}: tensor '{}' has shape [{}], config.json implies [{}]", weights_file.string(),
                                    name, fmt::join(info->shape, ", "), fmt::join(param.sizes().vec(), ", ")));
        param.copy_(to_float_tensor(file, *info).to(param.scalar_type()));
    }
    for (const auto& info : file.tensors()) {
        if (!expected.count(info.name) && !ignorable_name(info.name, tied))
            throw Error(fmt::format("{}: unexpected tensor '{}' (does config.json match the weights?)",
                                    weights_file.string(), info.name));
    }
}

namespace {
nlohmann::json read_config_json(const fs::path& config_path) {
    try {
        return nlohmann::json::parse(read_text_file(config_path));
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: invalid JSON ({})", config_path.string(), e.what()));
    }
}
} // namespace

nlohmann::json read_model_meta(const fs::path& dir) {
    const auto config = read_config_json(dir / kConfigFile);
    return config.is_object() ? config.value("layermoe", nlohmann::json::object()) : nlohmann::json::object();
}

LoadedModel load_model_dir(const fs::path& dir, const torch::Device& device) {
    if (!fs::is_directory(dir)) throw Error(fmt::format("model folder {} does not exist", dir.string()));
    const fs::path config_path = dir / kConfigFile;
    const nlohmann::json config_json = read_config_json(config_path);
    LoadedModel out;
    out.model = LanguageModel(from_hf_config(config_json, config_path.string()));
    load_weights_into(out.model, dir / kWeightsFile);
    out.model->to_device(device);
    const fs::path tok_path = dir / kTokenizerFile;
    try {
        out.tokenizer = tokenizer_from_description(nlohmann::json::parse(read_text_file(tok_path)));
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: invalid JSON ({})", tok_path.string(), e.what()));
    } catch (const Error& e) {
        throw Error(fmt::format("{}: {}", tok_path.string(), e.what()));
    }
    if (out.tokenizer->vocab_size() > out.model->config().vocab_size)
        throw Error(fmt::format("{}: tokenizer has {} ids but the model's vocab_size is {}", dir.string(),
                                out.tokenizer->vocab_size(), out.model->config().vocab_size));
    out.meta = config_json.value("layermoe", nlohmann::json::object());
    return out;
}

} // namespace layermoe
