#include "core/model/memory_plan.h"

#include <algorithm>

#include <fstream>
#include <numeric>
#include <sstream>

#include <fmt/format.h>
#include <torch/torch.h>

#if __has_include(<cuda_runtime_api.h>)
#include <cuda_runtime_api.h>
#define LAYERMOE_HAVE_CUDA_RUNTIME 1
#endif

#include "core/common/error.h"

namespace layermoe {

namespace {

uint64_t u(int64_t v) { return v > 0 ? static_cast<uint64_t>(v) : 0; }

// Out of line: GCC 12 warns falsely (-Warray-bounds) on short literals moved into an inlined push_back.
[[gnu::noinline]] void add_line(MemoryPlan& plan, const std::string& what, uint64_t bytes) {
    plan.lines.push_back(MemoryLine{what, bytes});
}

struct Shape {
    int64_t tokens, seq, batch, d, kv, ffn, heads, vocab;
};

Shape shape_of(const ModelConfig& c, const Workload& w) {
    const int64_t seq = w.seq_len > 0 ? w.seq_len : c.work_len();
    return {w.batch * seq, seq, w.batch, c.d_model, c.n_kv_heads * c.head_dim(), c.ffn_size, c.n_heads, c.vocab_size};
}

// Experts a token runs through in layer i (top-k of its experts, 1 for a dense layer).
int64_t routed(const ModelConfig& c, int64_t layer) {
    return c.moe.is_moe(layer) ? std::min(c.moe.top_k, c.moe.experts(layer)) : 1;
}

// What every job has besides the model: LibTorch and the program (about 220 MB measured for an
// analysis of the small model), the corpus and tokenizer; and while loading, the mapped pages of
// the tensor being converted, at most the embedding in a 16-bit checkpoint.
void add_fixed_lines(MemoryPlan& plan, const ModelConfig& c) {
    add_line(plan, "runtime, corpus and tokenizer", 256ull << 20);
    add_line(plan, "largest tensor while loading", u(c.vocab_size) * u(c.d_model) * 2);
}

}  // namespace

uint64_t MemoryPlan::total() const {
    return std::accumulate(lines.begin(), lines.end(), uint64_t{0},
                           [](uint64_t a, const MemoryLine& l) { return a + l.bytes; });
}

std::string format_bytes(uint64_t bytes) {
    const double b = static_cast<double>(bytes);
    if (b >= 1024.0 * 1024 * 1024) return fmt::format("{:.1f} GiB", b / (1024.0 * 1024 * 1024));
    if (b >= 1024.0 * 1024) return fmt::format("{:.0f} MiB", b / (1024.0 * 1024));
    return fmt::format("{:.0f} KiB", b / 1024.0);
}

std::string MemoryPlan::summary() const {
    std::string parts;
    for (const auto& l : lines)
        parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", l.what, format_bytes(l.bytes));
    return fmt::format("{} on {}: {} needed ({}), {}", work, device.empty() ? "?" : device, format_bytes(total()),
                       parts, available ? format_bytes(available) + " free" : std::string("free memory unknown"));
}

std::string MemoryPlan::table() const {
    std::string out = fmt::format("memory plan: {} on {}\n", work, device.empty() ? "?" : device);
    for (const auto& l : lines) out += fmt::format("  {:<50} {:>10}\n", l.what, format_bytes(l.bytes));
    out += fmt::format("  {:<50} {:>10}\n", "total (estimate)", format_bytes(total()));
    out += fmt::format("  {:<50} {:>10}\n", "free on the device",
                       available ? format_bytes(available) : std::string("unknown"));
    return out;
}

MemoryPlan plan_inference(const ModelConfig& c, const Workload& w, bool logits, const std::string& work) {
    const Shape s = shape_of(c, w);
    const uint64_t act = u(w.activation_bytes);
    MemoryPlan plan;
    plan.work = work;
    add_line(plan, "weights", u(c.parameter_count()) * u(w.weight_bytes));
    // The largest layer's working set: residual, normed input, q/k/v, attention output, the FFN's
    // gate, up and product for each routed expert; nothing is kept across layers but the residual.
    int64_t widest = 1;
    for (int64_t i = 0; i < c.n_layers; ++i) widest = std::max(widest, routed(c, i));
    const uint64_t per_token = u(4 * s.d + 2 * s.kv + widest * (3 * s.ffn + s.d));
    add_line(plan, fmt::format("activations ({} x {} tokens)", s.batch, s.seq), u(s.tokens) * per_token * act);
    add_line(plan, "attention scores", u(s.batch * s.heads) * u(s.seq) * u(s.seq) * 2 * act);
    if (logits) add_line(plan, "logits", u(s.tokens) * u(s.vocab) * 2 * 4);
    add_fixed_lines(plan, c);
    return plan;
}

MemoryPlan plan_training(const ModelConfig& c, const Workload& w, int64_t trainable, const std::string& work) {
    const Shape s = shape_of(c, w);
    const uint64_t act = u(w.activation_bytes);
    MemoryPlan plan;
    plan.work = work;
    add_line(plan, "weights", u(c.parameter_count()) * u(w.weight_bytes));
    add_line(plan, fmt::format("gradients and AdamW moments ({:.1f}M trainable)", static_cast<double>(trainable) / 1e6),
             u(trainable) * (4 + 8));
    // What autograd keeps per token and layer: the norms' inputs and outputs, q, k, v before and
    // after RoPE, the attention output, and per routed expert its input, gate, up, SiLU and product.
    uint64_t saved = 0;
    for (int64_t i = 0; i < c.n_layers; ++i) saved += u(7 * s.d + 4 * s.kv + routed(c, i) * (s.d + 4 * s.ffn + s.d));
    add_line(plan, fmt::format("activations kept for backward ({} x {} tokens)", s.batch, s.seq),
             u(s.tokens) * saved * act);
    add_line(plan, "attention probabilities kept for backward",
             u(c.n_layers) * u(s.batch * s.heads) * u(s.seq) * u(s.seq) * act);
    add_line(plan, "logits, their softmax and gradient", u(s.tokens) * u(s.vocab) * 3 * 4);
    add_fixed_lines(plan, c);
    return plan;
}

uint64_t device_free_memory(const std::string& device) {
    if (device.rfind("cuda", 0) == 0) {
#ifdef LAYERMOE_HAVE_CUDA_RUNTIME
        const torch::Device d(device);
        int previous = 0;
        cudaGetDevice(&previous);
        cudaSetDevice(d.has_index() ? d.index() : 0);
        size_t free = 0, total = 0;
        const bool ok = cudaMemGetInfo(&free, &total) == cudaSuccess;
        cudaSetDevice(previous);
        return ok ? free : 0;
#else
        return 0;
#endif
    }
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    uint64_t value = 0;
    std::string unit;
    while (meminfo >> key >> value >> unit)
        if (key == "MemAvailable:") return value * 1024;
    return 0;
}

void check_memory(MemoryPlan& plan, const std::string& device, uint64_t resident) {
    plan.device = device;
    plan.available = device_free_memory(device);
    if (plan.available) plan.available += resident;
    if (plan.fits()) return;
    // One line (docs/errors.md): the largest item says what to shrink; `layermoe memory` has the table.
    const auto largest = std::max_element(plan.lines.begin(), plan.lines.end(),
                                          [](const auto& a, const auto& b) { return a.bytes < b.bytes; });
    const bool any = largest != plan.lines.end();
    throw Error(fmt::format("{} needs about {} but {} has {} free (the most: {}, {}); use a smaller --batch or "
                            "--context, or --dtype bfloat16 for analysis and evaluation (`layermoe memory` prints "
                            "the plan)",
                            plan.work, format_bytes(plan.total()), device, format_bytes(plan.available),
                            any ? largest->what : "nothing", format_bytes(any ? largest->bytes : 0)));
}

}  // namespace layermoe
