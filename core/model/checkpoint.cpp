#include "core/model/checkpoint.h"

#include <algorithm>
#include <set>

#include <sys/mman.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/error.h"
#include "core/data/languages.h"
#include "core/data/bpe_tokenizer.h"
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

torch::ScalarType torch_type_of(const WeightRef& ref) {
    switch (ref.info->dtype) {
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::F64: return torch::kFloat64;
    default:
        throw Error(fmt::format("{}: tensor '{}' has dtype {}, expected F32, F16 or BF16", ref.file->path().string(),
                                ref.info->name, dtype_name(ref.info->dtype)));
    }
}

// A view of the mapped bytes (no copy).
torch::Tensor mapped_tensor(const WeightRef& ref) {
    const auto bytes = ref.file->bytes(*ref.info);
    return torch::from_blob(const_cast<std::byte*>(bytes.data()), ref.info->shape,
                            torch::TensorOptions().dtype(torch_type_of(ref)));
}

// A parameter built under SkipParameterInit has not been written yet: asking for transparent huge
// pages before the copy writes it takes one page fault per 2 MiB instead of per 4 KiB (a 1.8B
// model: about 900k faults fewer). Only whole huge pages inside the tensor are advised.
void advise_huge_pages(const torch::Tensor& t) {
    constexpr uintptr_t huge = uintptr_t{2} << 20;
    if (!t.device().is_cpu() || t.nbytes() < 2 * huge) return;
    const auto begin = (reinterpret_cast<uintptr_t>(t.data_ptr()) + huge - 1) / huge * huge;
    const auto end = (reinterpret_cast<uintptr_t>(t.data_ptr()) + t.nbytes()) / huge * huge;
    if (end > begin)
        ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // a hint; failure is harmless
}

// Modules create their parameters in the default dtype; building a model under this guard
// allocates it in the dtype it will be loaded in, never in float32 first.
class DefaultDtypeGuard {
public:
    explicit DefaultDtypeGuard(torch::ScalarType dtype) : previous_(c10::get_default_dtype()) {
        c10::set_default_dtype(caffe2::TypeMeta::fromScalarType(dtype));
    }
    ~DefaultDtypeGuard() { c10::set_default_dtype(previous_); }
    DefaultDtypeGuard(const DefaultDtypeGuard&) = delete;
    DefaultDtypeGuard& operator=(const DefaultDtypeGuard&) = delete;

private:
    caffe2::TypeMeta previous_;
};

bool ignorable_name(const std::string& name, bool tied) {
    return name.ends_with("rotary_emb.inv_freq") || (tied && name == "lm_head.weight");
}

}  // namespace

void save_model_dir(const fs::path& dir, LanguageModel& model, const Tokenizer& tokenizer, const nlohmann::json& meta) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(fmt::format("cannot create model folder {}: {}", dir.string(), ec.message()));

    std::vector<torch::Tensor> owned;  // CPU, contiguous copies kept alive while writing
    std::vector<TensorToWrite> tensors;
    for (auto& [name, tensor] : model_state(model)) {
        auto cpu = tensor.detach().to(torch::kCPU).contiguous();
        const auto dtype = dtype_of(cpu);
        if (!dtype)
            throw Error(
                fmt::format("cannot save tensor '{}' of type {}", name, std::string(c10::toString(cpu.scalar_type()))));
        owned.push_back(cpu);
        const auto* ptr = static_cast<const std::byte*>(cpu.data_ptr());
        tensors.push_back({name, *dtype, cpu.sizes().vec(), {ptr, static_cast<size_t>(cpu.nbytes())}});
    }
    write_safetensors(dir / kWeightsFile, tensors, {{"format", "pt"}});
    for (const auto& file : tokenizer.files()) {  // a Hugging Face tokenizer's files travel with the model
        const fs::path target = dir / file.filename();
        if (fs::equivalent(file, target, ec)) continue;
        fs::copy_file(file, target, fs::copy_options::overwrite_existing, ec);
        if (ec) throw Error(fmt::format("cannot copy {} to {}: {}", file.string(), target.string(), ec.message()));
    }
    atomic_write_file(dir / kTokenizerFile, tokenizer.describe().dump(2) + "\n");
    auto config = to_hf_config(model->config());
    config["layermoe"] = meta;
    atomic_write_file(dir / kConfigFile, config.dump(2) + "\n");
}

void load_weights_into(LanguageModel& model, const WeightFiles& weights, const ProgressFn& progress) {
    const uint64_t total = weights.total_bytes();
    uint64_t done = 0;
    const bool tied = model->config().tie_embeddings;
    const std::string source = weights.describe();
    std::set<std::string> expected;
    torch::NoGradGuard no_grad;
    for (auto& [name, param] : model_state(model)) {
        expected.insert(name);
        const WeightRef* ref = weights.find(name);
        if (!ref) throw Error(fmt::format("{}: missing tensor '{}' required by config.json", source, name));
        if (ref->info->shape != param.sizes().vec())
            throw Error(fmt::format("{}: tensor '{}' has shape [{}], config.json implies [{}]", source, name,
                                    fmt::join(ref->info->shape, ", "), fmt::join(param.sizes().vec(), ", ")));
        ref->file->prefetch(*ref->info);
        advise_huge_pages(param);
        param.copy_(mapped_tensor(*ref));  // converts the dtype in the copy
        ref->file->release(*ref->info);
        done += ref->info->end - ref->info->begin;
        // In MB, rounded up for the total, so that only the last tensor reports 100%.
        const auto mb = [](uint64_t bytes) { return static_cast<int64_t>((bytes + (1u << 20) - 1) >> 20); };
        if (!report(progress,
                    {Stage::Load, done == total ? mb(total) : static_cast<int64_t>(done >> 20), mb(total), "MB", name}))
            throw Error(fmt::format("loading {} cancelled", source));
    }
    for (const auto& [name, ref] : weights.tensors()) {
        if (!expected.count(name) && !ignorable_name(name, tied))
            throw Error(fmt::format("{}: unexpected tensor '{}' (does config.json match the weights?)", source, name));
    }
}

void load_weights_into(LanguageModel& model, const fs::path& weights_file) {
    load_weights_into(model, WeightFiles::open_file(weights_file));
}

torch::ScalarType parse_dtype(const std::string& name) {
    if (name == "float32" || name == "f32" || name == "fp32") return torch::kFloat32;
    if (name == "bfloat16" || name == "bf16") return torch::kBFloat16;
    if (name == "float16" || name == "f16" || name == "fp16") return torch::kFloat16;
    throw Error(fmt::format("unknown dtype '{}' (use float32, bfloat16 or float16)", name));
}

std::string dtype_label(torch::ScalarType dtype) {
    switch (dtype) {
    case torch::kFloat32: return "float32";
    case torch::kBFloat16: return "bfloat16";
    case torch::kFloat16: return "float16";
    default: return std::string(c10::toString(dtype));
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
}  // namespace

namespace {
// A model folder's "layermoe" section, every key the jobs read checked when the folder is read:
// a bad value is an error naming the file and key before any work, not after an evaluation.
nlohmann::json model_meta(const nlohmann::json& config, const std::string& source) {
    if (!config.is_object() || !config.contains("layermoe")) return nlohmann::json::object();
    const nlohmann::json& meta = config.at("layermoe");
    if (!meta.is_object()) throw Error(fmt::format("{}: layermoe: must be an object, got {}", source, meta.dump()));
    const auto expect = [&](const char* key, bool (*ok)(const nlohmann::json&), const char* what) {
        if (meta.contains(key) && !ok(meta.at(key)))
            throw Error(fmt::format("{}: layermoe.{}: must be {}, got {}", source, key, what, meta.at(key).dump()));
    };
    const auto count = [](const nlohmann::json& v) { return v.is_number_integer() && v.get<int64_t>() >= 0; };
    const auto string = [](const nlohmann::json& v) { return v.is_string(); };
    const auto strings = [](const nlohmann::json& v) {
        return v.is_array() && std::all_of(v.begin(), v.end(), [](const nlohmann::json& e) { return e.is_string(); });
    };
    const auto counts = [](const nlohmann::json& v) {
        return v.is_array() && std::all_of(v.begin(), v.end(), [](const nlohmann::json& e) {
                   return e.is_number_integer() && e.get<int64_t>() >= 0;
               });
    };
    const auto boolean = [](const nlohmann::json& v) { return v.is_boolean(); };
    for (const char* key : {"run_id", "steps", "train_tokens"}) expect(key, count, "a whole number >= 0");
    for (const char* key : {"store", "store_id", "preset"}) expect(key, string, "a string");
    expect("trained_langs", strings, "a list of language codes");
    expect("classifier_plan", counts, "a list of layer numbers");
    expect(kStageCompleteKey, boolean, "true or false");
    if (meta.contains("language_groups"))
        LanguageGroups::from_json(meta.at("language_groups"), source + ": layermoe.language_groups");
    if (meta.contains("expansion")) {
        const auto& expansion = meta.at("expansion");
        const std::string where = source + ": layermoe.expansion";
        // The allocation's own fields are read (Allocation::from_json) when an expansion resumes
        // from this folder, before it trains.
        if (!expansion.is_object() || !expansion.contains("allocation") || !expansion.at("allocation").is_object())
            throw Error(where + ": must be an object with an \"allocation\" object");
        for (const char* key : {"analysis_run", "allocation_run"})
            if (expansion.contains(key) && !count(expansion.at(key)))
                throw Error(
                    fmt::format("{}.{}: must be a whole number >= 0, got {}", where, key, expansion.at(key).dump()));
    }
    return meta;
}
}  // namespace

nlohmann::json read_model_meta(const fs::path& dir) {
    const fs::path path = dir / kConfigFile;
    return model_meta(read_config_json(path), path.string());
}

namespace {
ModelConfig config_with_context(const nlohmann::json& config_json, const fs::path& config_path,
                                const LoadOptions& options) {
    ModelConfig config = from_hf_config(config_json, config_path.string());
    model_meta(config_json, config_path.string());  // checked with the rest, before any work
    if (options.context < 0 || options.context == 1)
        throw Error(fmt::format("context {} must be >= 2 (or 0 for the model's own)", options.context));
    config.context_len =
        options.context > 0 ? std::min(options.context, config.max_len) : std::min(config.max_len, kDefaultContext);
    return config;
}
}  // namespace

LoadOptions load_options(const std::string& device, const std::string& dtype, int64_t context) {
    LoadOptions options;
    options.device = parse_device(device);
    options.dtype = parse_dtype(dtype);
    options.context = context;
    return options;
}

ModelConfig read_model_config(const fs::path& dir, const LoadOptions& options) {
    if (!fs::is_directory(dir)) throw Error(fmt::format("model folder {} does not exist", dir.string()));
    return config_with_context(read_config_json(dir / kConfigFile), dir / kConfigFile, options);
}

LoadedModel load_for_work(const fs::path& dir, LoadOptions options,
                          const std::function<MemoryPlan(const ModelConfig&)>& plan, const ProgressFn& progress) {
    MemoryPlan memory = plan(read_model_config(dir, options));
    check_memory(memory, options.device.str());
    report(progress, {Stage::Memory, 0, 0, "", memory.summary()});
    if (!options.progress) options.progress = progress;
    return load_model_dir(dir, options);
}

LoadedModel load_model_dir(const fs::path& dir, const LoadOptions& options) {
    if (!fs::is_directory(dir)) throw Error(fmt::format("model folder {} does not exist", dir.string()));
    if (options.dtype != torch::kFloat32 && options.dtype != torch::kBFloat16 && options.dtype != torch::kFloat16)
        throw Error(
            fmt::format("cannot load a model in {} (use float32, bfloat16 or float16)", dtype_label(options.dtype)));
    const fs::path config_path = dir / kConfigFile;
    const nlohmann::json config_json = read_config_json(config_path);
    const ModelConfig config = config_with_context(config_json, config_path, options);
    // Tokenizer and weight files are checked before the (possibly large) model is allocated.
    LoadedModel out;
    out.tokenizer = load_tokenizer_dir(dir);
    if (out.tokenizer->vocab_size() > config.vocab_size)
        throw Error(fmt::format("{}: tokenizer has {} ids but the model's vocab_size is {}", dir.string(),
                                out.tokenizer->vocab_size(), config.vocab_size));
    const auto weights = WeightFiles::open_dir(dir);
    // The weights must fit before they are allocated; callers with work to do checked more
    // (load_for_work), the others (export) check this much.
    MemoryPlan loading;
    loading.work = "loading";
    loading.lines.push_back({"weights", static_cast<uint64_t>(config.parameter_count()) *
                                            static_cast<uint64_t>(c10::elementSize(options.dtype))});
    check_memory(loading, options.device.str());
    {
        DefaultDtypeGuard dtype(options.dtype);
        SkipParameterInit uninitialised;  // every parameter is overwritten below
        out.model = LanguageModel(config);
    }
    load_weights_into(out.model, weights, options.progress);
    out.model->to_device(options.device);
    out.meta = model_meta(config_json, config_path.string());
    return out;
}

LoadedModel load_model_dir(const fs::path& dir, const torch::Device& device) {
    LoadOptions options;
    options.device = device;
    return load_model_dir(dir, options);
}

}  // namespace layermoe
