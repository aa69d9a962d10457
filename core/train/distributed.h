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
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/train/process_group.h"

namespace layermoe {

class ProcessGroup {
public:
    virtual ~ProcessGroup() = default;
    virtual int rank() const = 0;
    virtual int world_size() const = 0;
    // Sums in place over all ranks. Throws Error naming the ranks that are gone or the timeout.
    virtual void all_reduce_sum(torch::Tensor& tensor) = 0;
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

// Averages gradients of a fixed list of trainable tensors over the ranks, in flat buckets of
// about bucket_bytes. Every rank joins every bucket in the same order whatever its own gradients
// (a tensor without a gradient on a rank, such as an expert that got no token there, joins with
// zeros), so no rank waits for a bucket another never sends. Per tensor a flag counts the ranks
// that had a gradient: a tensor no rank touched keeps no gradient, as in a single process, so the
// optimiser skips it the same way. Frozen tensors are never in the list and never sent.
class GradientBuckets {
public:
    GradientBuckets(std::vector<torch::Tensor> params, int64_t bucket_bytes = 25 << 20);
    // Sums the gradients over the ranks (the training objective is already divided by the global
    // token count, so the sum is the single-process gradient of the global batch).
    void all_reduce(ProcessGroup& group);
    int64_t bucket_count() const { return static_cast<int64_t>(buckets_.size()); }

private:
    std::vector<torch::Tensor> params_;
    std::vector<std::vector<size_t>> buckets_;  // indices into params_
};

}  // namespace layermoe
