#pragma once
// Memory planning: what analysis, evaluation or training of a model needs, estimated from its
// shape before anything is allocated, against what the device has. The estimate counts the
// weights, the trainable parameters' gradients and AdamW moments, the activations one forward
// (and backward) pass keeps at the given batch and sequence length, attention scores, and the
// logits, and the runtime.
#include <cstdint>
#include <string>
#include <vector>

#include "core/model/config.h"

namespace layermoe {

struct MemoryLine {
    std::string what;
    uint64_t bytes = 0;
};

struct MemoryPlan {
    std::string work;  // "analysis", "training (stage1)", ...
    std::string device;  // "cpu", "cuda:0"
    std::vector<MemoryLine> lines;
    uint64_t available = 0;  // what the device has free; 0 = unknown
    uint64_t total() const;
    bool fits() const { return available == 0 || total() <= available; }
    std::string
    summary() const;  // one line: "analysis on cpu: 5.1 GiB needed (weights 3.4 GiB, ...), 20.3 GiB available"
    std::string table() const;  // one line per item, then the total and what is available
};

struct Workload {
    int64_t batch = 16;  // sequences per forward pass
    int64_t seq_len = 0;  // tokens per sequence; 0 = the model's working context
    int64_t weight_bytes = 4;  // per parameter: 4 float32, 2 bfloat16 / float16
    int64_t activation_bytes = 4;  // per activation value (2 under bf16 autocast)
};

// Inference: hidden states only (analysis) or with logits (evaluation).
MemoryPlan plan_inference(const ModelConfig& config, const Workload& load, bool logits, const std::string& work);
// Training with AdamW on `trainable_parameters` (float32 master values).
MemoryPlan plan_training(const ModelConfig& config, const Workload& load, int64_t trainable_parameters,
                         const std::string& work);

// Free memory of a device ("cpu": MemAvailable of /proc/meminfo; "cuda[:N]": the driver's free
// memory when built against a CUDA LibTorch). 0 when it cannot be told.
uint64_t device_free_memory(const std::string& device);

// Fills in the device and what it has free; when the work will not fit, an Error of one line:
// the total, the largest item, and what to change (batch size, context, dtype).
// `resident`: bytes of the plan already allocated (the weights of a loaded model), which the
// device's free memory no longer counts.
void check_memory(MemoryPlan& plan, const std::string& device, uint64_t resident = 0);

std::string format_bytes(uint64_t bytes);  // "512 MiB", "3.4 GiB"

}  // namespace layermoe
