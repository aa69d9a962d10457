// Loading a large Hugging Face checkpoint: peak resident memory against the checkpoint's size
// (target: below 1.3x for a BF16 checkpoint loaded as bfloat16), and the load time.
//
//   bench_load [--dir DIR] [--keep] [--dtype bfloat16|float32] [--shards 2] [--layers 24]
//
// Writes a synthetic checkpoint shaped as Qwen1.5-1.8B (Qwen2 architecture, d 2048, 24 layers,
// 16 heads, FFN 5504, vocab 151936, untied embeddings: 1.84B parameters) in BF16 shards with an
// index, with Qwen's real tokenizer.json when third_party/ has it. Each load runs in a fresh
// process (this program again, with --load), which reports its peak resident set (VmHWM), so
// nothing of the writer counts. Loads are timed twice: with the shards in the page cache (warm)
// and after asking the kernel to drop them (posix_fadvise DONTNEED; cold as far as it allows).
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <random>
#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/hf_tokenizer_json.h"
#include "core/model/checkpoint.h"
#include "core/io/files.h"

extern char** environ;

using namespace layermoe;
namespace fs = std::filesystem;

namespace {

uint64_t status_kb(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key, 0) == 0) return std::stoull(line.substr(std::strlen(key)));
    return 0;
}

ModelConfig qwen_1_8b(int64_t layers) {
    ModelConfig c;
    c.architecture = "Qwen2ForCausalLM";
    c.qkv_bias = true;
    c.tie_embeddings = false;
    c.d_model = 2048;
    c.n_layers = layers;
    c.n_heads = 16;
    c.n_kv_heads = 16;
    c.ffn_size = 5504;
    c.vocab_size = 151936;
    c.max_len = 32768;
    c.rope_theta = 1000000.0;
    c.norm_eps = 1e-6;
    return c;
}

// Shapes of the model's tensors under their Hugging Face names, in the model's order.
std::vector<std::pair<std::string, std::vector<int64_t>>> tensor_shapes(const ModelConfig& c) {
    std::vector<std::pair<std::string, std::vector<int64_t>>> out;
    out.push_back({"model.embed_tokens.weight", {c.vocab_size, c.d_model}});
    for (int64_t i = 0; i < c.n_layers; ++i) {
        const std::string p = fmt::format("model.layers.{}.", i);
        for (const char* proj : {"q_proj", "k_proj", "v_proj"}) {
            out.push_back({p + "self_attn." + proj + ".weight", {c.d_model, c.d_model}});
            out.push_back({p + "self_attn." + proj + ".bias", {c.d_model}});
        }
        out.push_back({p + "self_attn.o_proj.weight", {c.d_model, c.d_model}});
        out.push_back({p + "mlp.gate_proj.weight", {c.ffn_size, c.d_model}});
        out.push_back({p + "mlp.up_proj.weight", {c.ffn_size, c.d_model}});
        out.push_back({p + "mlp.down_proj.weight", {c.d_model, c.ffn_size}});
        out.push_back({p + "input_layernorm.weight", {c.d_model}});
        out.push_back({p + "post_attention_layernorm.weight", {c.d_model}});
    }
    out.push_back({"model.norm.weight", {c.d_model}});
    out.push_back({"lm_head.weight", {c.vocab_size, c.d_model}});
    return out;
}

void write_checkpoint(const fs::path& dir, const ModelConfig& c, int shards) {
    fs::create_directories(dir);
    // BF16 values of a normal(0, 0.02) sample, tiled: the bytes are what a trained model's look like
    // to the loader, which does not care about the values.
    std::vector<uint16_t> pattern(1 << 20);
    std::mt19937 rng(1);
    std::normal_distribution<float> normal(0.0f, 0.02f);
    for (auto& v : pattern) {
        const float f = normal(rng);
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        v = static_cast<uint16_t>(bits >> 16);
    }
    const auto shapes = tensor_shapes(c);
    uint64_t total = 0;
    for (const auto& [name, shape] : shapes) {
        uint64_t n = 1;
        for (auto s : shape) n *= static_cast<uint64_t>(s);
        total += 2 * n;
    }
    const uint64_t per_shard = total / static_cast<uint64_t>(shards) + 1;
    nlohmann::json weight_map = nlohmann::json::object();
    size_t next = 0;
    for (int s = 0; s < shards; ++s) {
        const std::string file = fmt::format("model-{:05d}-of-{:05d}.safetensors", s + 1, shards);
        std::vector<std::vector<uint16_t>> data;
        std::vector<TensorToWrite> tensors;
        uint64_t bytes = 0;
        while (next < shapes.size() && (bytes < per_shard || s == shards - 1)) {
            const auto& [name, shape] = shapes[next++];
            uint64_t n = 1;
            for (auto d : shape) n *= static_cast<uint64_t>(d);
            auto& buf = data.emplace_back(n);
            for (uint64_t i = 0; i < n; i += pattern.size())
                std::memcpy(buf.data() + i, pattern.data(), std::min<uint64_t>(pattern.size(), n - i) * 2);
            tensors.push_back({name, DType::BF16, shape, {reinterpret_cast<const std::byte*>(buf.data()), n * 2}});
            weight_map[name] = file;
            bytes += 2 * n;
        }
        write_safetensors(dir / file, tensors, {{"format", "pt"}});
    }
    atomic_write_file(dir / kWeightsIndexFile,
                      nlohmann::json{{"metadata", {{"total_size", total}}}, {"weight_map", weight_map}}.dump(2));
    auto config = to_hf_dense_config(c);
    config["torch_dtype"] = "bfloat16";
    config["use_sliding_window"] = false;
    atomic_write_file(dir / kConfigFile, config.dump(2));
    const fs::path qwen = fs::path(LAYERMOE_SOURCE_DIR) / "third_party" / "qwen3-tokenizer" / "package" / "models";
    if (fs::exists(qwen / "tokenizer.json")) {
        fs::copy_file(qwen / "tokenizer.json", dir / "tokenizer.json", fs::copy_options::overwrite_existing);
        fs::copy_file(qwen / "tokenizer_config.json", dir / "tokenizer_config.json",
                      fs::copy_options::overwrite_existing);
    } else {
        const auto tok = hf_tokenizer_files(ByteTokenizer{});
        atomic_write_file(dir / "tokenizer.json", tok.tokenizer.dump());
        atomic_write_file(dir / "tokenizer_config.json", tok.config.dump());
    }
}

uint64_t weights_bytes(const fs::path& dir) {
    uint64_t total = 0;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".safetensors") total += e.file_size();
    return total;
}

void drop_from_page_cache(const fs::path& dir) {
    for (const auto& e : fs::directory_iterator(dir)) {
        const int fd = ::open(e.path().c_str(), O_RDONLY);
        if (fd < 0) continue;
        ::fdatasync(fd);
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        ::close(fd);
    }
}

// The child: load, print "seconds peak_kb params".
int load_only(const fs::path& dir, const std::string& dtype) {
    const auto start = std::chrono::steady_clock::now();
    LoadOptions options;
    options.dtype = parse_dtype(dtype);
    auto loaded = load_model_dir(dir, options);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("{:.3f} {} {} {}\n", seconds, status_kb("VmHWM:"), loaded.model->config().parameter_count(),
               loaded.tokenizer->vocab_size());
    return 0;
}

struct Child {
    double seconds = 0;
    uint64_t peak_kb = 0;
    int64_t params = 0, vocab = 0;
};

Child spawn_load(const fs::path& dir, const std::string& dtype) {
    int pipefd[2];
    if (::pipe(pipefd) != 0) throw Error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipefd[0]);
    const std::string self = fs::read_symlink("/proc/self/exe").string(), d = dir.string();
    std::vector<char*> argv = {const_cast<char*>(self.c_str()),  const_cast<char*>("--load"),
                               const_cast<char*>(d.c_str()),     const_cast<char*>("--dtype"),
                               const_cast<char*>(dtype.c_str()), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, self.c_str(), &actions, nullptr, argv.data(), environ) != 0)
        throw Error("cannot start the loader");
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipefd[1]);
    std::string out;
    char buf[256];
    ssize_t n;
    while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    ::close(pipefd[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw Error("the loader failed: " + out);
    Child c;
    std::istringstream in(out);
    in >> c.seconds >> c.peak_kb >> c.params >> c.vocab;
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        fs::path dir = fs::temp_directory_path() / "layermoe-bench-load";
        std::string dtype = "bfloat16";
        bool keep = false;
        int shards = 2;
        int64_t layers = 24;
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc) throw Error(a + " needs a value");
                return argv[++i];
            };
            if (a == "--load") {  // the child: --load DIR --dtype TYPE
                if (argc != 5) throw Error("--load DIR --dtype TYPE");
                return load_only(argv[2], argv[4]);
            }
            if (a == "--dir")
                dir = next();
            else if (a == "--dtype")
                dtype = next();
            else if (a == "--keep")
                keep = true;
            else if (a == "--shards")
                shards = std::stoi(next());
            else if (a == "--layers")
                layers = std::stoll(next());
            else
                throw Error("unknown option " + a + " (see the comment at the top of bench/bench_load.cpp)");
        }
        const ModelConfig config = qwen_1_8b(layers);
        if (!fs::exists(dir / kWeightsIndexFile)) {
            fmt::print("writing a synthetic {:.2f}B-parameter BF16 checkpoint to {} ...\n",
                       static_cast<double>(config.parameter_count()) / 1e9, dir.string());
            const auto t0 = std::chrono::steady_clock::now();
            write_checkpoint(dir, config, shards);
            fmt::print("  written in {:.1f} s\n",
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        const uint64_t file_bytes = weights_bytes(dir);
        fmt::print("checkpoint: {} in {} shards, {:.3f} GB of weights\n", dir.string(), shards,
                   static_cast<double>(file_bytes) / 1e9);
        spawn_load(dir, dtype);  // warms the page cache
        const Child warm = spawn_load(dir, dtype);
        drop_from_page_cache(dir);
        const Child cold = spawn_load(dir, dtype);
        for (const auto& [label, c] : {std::pair{"warm page cache", warm}, std::pair{"after DONTNEED", cold}}) {
            const double ratio = static_cast<double>(c.peak_kb) * 1024.0 / static_cast<double>(file_bytes);
            fmt::print(
                "load as {} ({}): {:.2f} s, {:.2f} GB/s, peak RSS {:.3f} GB = {:.3f}x the weights (target < 1.3x)\n",
                dtype, label, c.seconds, static_cast<double>(file_bytes) / 1e9 / c.seconds,
                static_cast<double>(c.peak_kb) * 1024.0 / 1e9, ratio);
        }
        fmt::print("model: {:.3f}B parameters, tokenizer with {} ids\n", static_cast<double>(warm.params) / 1e9,
                   warm.vocab);
        if (!keep) fs::remove_all(dir);
        return 0;
    } catch (const std::exception& e) {
        fmt::print(stderr, "bench_load: {}\n", e.what());
        return 1;
    }
}
