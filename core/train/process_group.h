#pragma once
// Which rank this process is of a data-parallel run, and joining the run (Torch-free, for the
// front ends; the collectives are in distributed.h). Rendezvous comes from the variables
// torchrun, Slurm and Open MPI set, so the same binary runs under any of them, or under
// `layermoe ... --nproc-per-node N` (docs/scaling.md).
#include <chrono>
#include <cstdint>
#include <string>

namespace layermoe {

struct DistributedSettings {
    int rank = 0;
    int world_size = 1;
    int local_rank = 0;
    std::string master_addr = "127.0.0.1";
    int master_port = 29500;
    std::string backend = "gloo";  // gloo, nccl
    // A collective that waits longer than this ends the job on every rank (a hung or dead rank).
    std::chrono::seconds timeout{1800};  // PyTorch's default; rank 0 evaluates while the others wait
    std::string interface;  // Gloo's network interface (GLOO_SOCKET_IFNAME); empty = by host name
    // Size of a gradient bucket (LAYERMOE_DIST_BUCKET_KB); 0 = chosen from the model (distributed.h).
    int64_t bucket_bytes = 0;
};

// From RANK / WORLD_SIZE / LOCAL_RANK / MASTER_ADDR / MASTER_PORT (torchrun), else SLURM_PROCID /
// SLURM_NTASKS / SLURM_LOCALID, else OMPI_COMM_WORLD_RANK / _SIZE / _LOCAL_RANK; world size 1 when
// none is set. LAYERMOE_DIST_TIMEOUT (seconds) and LAYERMOE_DIST_BACKEND override the defaults.
// Error naming the variable when one is malformed or inconsistent (RANK >= WORLD_SIZE, ...).
DistributedSettings distributed_settings_from_env();

// Joins the process group when settings.world_size > 1 (waiting up to the timeout for every
// rank); a no-op for a single process. Error when called twice with a different rank or world.
void init_distributed(const DistributedSettings& settings);
// Leaves the group (before exit, so that the other ranks see an orderly close).
void shutdown_distributed();
int current_rank();  // 0 in a single process
int current_world_size();  // 1 in a single process
int current_local_rank();
int64_t current_bucket_bytes();  // of the joined group's settings; 0 = automatic
inline bool is_rank0() { return current_rank() == 0; }
// A TCP port of 127.0.0.1 free now (the kernel's choice), for a local rendezvous. Error when
// none can be had.
int free_loopback_port();
// "cuda" on a rank of a multi-process run is its own GPU, cuda:LOCAL_RANK; anything else as given.
std::string device_for_rank(const std::string& device);

}  // namespace layermoe
