#pragma once
// Data-parallel training over PyTorch's c10d (docs/scaling.md): one process per rank, a
// c10d::TCPStore for rendezvous and ProcessGroupGloo (CPU, any network) or ProcessGroupNCCL (a
// CUDA LibTorch) for the collectives. The rendezvous comes from the variables torchrun, Slurm
// and Open MPI set, so the same binary runs under any of them, or under `--nproc-per-node`.
//
// One process group per process, as in PyTorch: init_distributed() (process_group.h, Torch-free)
// once, before any job, and process_group() wherever a job or the trainer needs it.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/train/process_group.h"

namespace layermoe {

// A collective started and not yet waited for (ProcessGroup::start_all_reduce_sum).
class PendingCollective {
public:
    virtual ~PendingCollective() = default;
    // Blocks until it is done. Throws Error naming the ranks that are gone or the timeout.
    virtual void wait() = 0;
};

class ProcessGroup {
public:
    virtual ~ProcessGroup() = default;
    virtual int rank() const = 0;
    virtual int world_size() const = 0;
    // Sums in place over all ranks. Throws Error naming the ranks that are gone or the timeout.
    virtual void all_reduce_sum(torch::Tensor& tensor) = 0;
    // Starts summing `tensor` in place over all ranks and returns at once; the sum is there when
    // wait() returns, and the tensor must not be touched before. Collectives are matched by the
    // order they are started in, which must be the same on every rank.
    virtual std::unique_ptr<PendingCollective> start_all_reduce_sum(torch::Tensor tensor) = 0;
    virtual void broadcast(torch::Tensor& tensor, int root) = 0;
    virtual void barrier() = 0;
};

ProcessGroup* process_group();  // null in a single process (joined by init_distributed, process_group.h)

// Runs `work` on rank 0 first and then, once it is done, on the other ranks (which wait for it):
// work that writes something the others reuse, such as the token-shard cache of a corpus. In a
// single process it just runs `work`.
void rank0_first(const std::function<void()>& work);

// Rank root's text on every rank (a decision one rank makes for all, such as an allocation).
std::string broadcast_text(ProcessGroup& group, const std::string& text, int root = 0);

// Averages gradients of a fixed list of trainable tensors over the ranks, in flat buckets, and
// overlaps that with the backward pass, as PyTorch's DDP reducer does: a hook on each tensor's
// gradient accumulator notes when its gradient is final, and a bucket starts its all-reduce as
// soon as all its tensors are final and every bucket before it has started. The tensors are
// given in the order their gradients are expected (the reverse of the forward pass), so the
// buckets of the last layers travel while the first layers are still being differentiated.
//
// Every rank starts every bucket in the same order whatever its own gradients: a tensor without
// a gradient on a rank (an expert that got no token there) holds its bucket back until the
// backward pass ends, and then joins with zeros, so no rank waits for a bucket another never
// sends. Per tensor a flag counts the ranks that had a gradient: a tensor no rank touched keeps
// no gradient, as in a single process, so the optimiser skips it the same way. Frozen tensors
// are never in the list and never sent.
class GradientBuckets {
public:
    // bucket_bytes 0: an eighth of the gradients, at least 1 MiB and at most 25 MiB (PyTorch's
    // bucket size), so that even a small model has buckets to overlap.
    GradientBuckets(ProcessGroup& group, std::vector<torch::Tensor> params_in_backward_order,
                    int64_t bucket_bytes = 0);
    ~GradientBuckets();
    // Before the backward pass that completes the step's gradients (the last micro-batch's):
    // from then on buckets start as their gradients become final.
    void arm();
    // After that backward pass: starts the buckets still held back, waits for all of them and
    // writes the sums into the gradients (the training objective is already divided by the
    // global token count, so the sum is the single-process gradient of the global batch).
    void finish();
    int64_t bucket_count() const;
    // Of the last finish(): the buckets that started during the backward pass.
    int64_t started_during_backward() const;

    struct State;  // distributed.cpp

private:
    std::shared_ptr<State> state_;  // the hooks hold it weakly: they outlive it harmlessly
};

}  // namespace layermoe
