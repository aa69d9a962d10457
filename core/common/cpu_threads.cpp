#include "core/common/cpu_threads.h"

#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <thread>

#include <torch/torch.h>

namespace layermoe {

namespace {

using SetThreadsFn = void (*)(int);
using GetThreadsFn = int (*)();

// Looked up at run time, so a LibTorch built on MKL (or a CUDA build) needs no OpenBLAS.
SetThreadsFn openblas_set_num_threads_fn() {
    static const auto fn = reinterpret_cast<SetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    return fn;
}

GetThreadsFn openblas_get_num_threads_fn() {
    static const auto fn = reinterpret_cast<GetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    return fn;
}

// glibc hands blocks above its mmap threshold (at most 32 MiB) to mmap and returns them on free,
// and trims the heap's free top: a training step's large activations and gradients then come back
// as fresh pages each step, each page faulted in and zeroed by the kernel. Keeping freed memory in
// the heap for reuse halved the time of a `small` training step on this project's 2-core VMs
// (bench_train, bench_moe: 1.8M minor page faults -> 0.3M). Both options are set together: either
// alone turns off glibc's own adaptive threshold and is slower still. Process-wide, set once.
void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
    static const bool done = [] {
        mallopt(M_MMAP_THRESHOLD, 1 << 30);  // blocks up to 1 GiB come from the heap
        mallopt(M_TRIM_THRESHOLD, 1 << 30);  // and their memory is kept for the next step
        return true;
    }();
    (void)done;
#endif
}

}  // namespace

CpuThreads configure_cpu_threads(int threads) {
    keep_freed_memory_for_reuse();
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const int wanted = threads > 0 ? threads : cores;
    CpuThreads set;
    set.blas = wanted;
    if (const auto openblas = openblas_set_num_threads_fn()) {
        openblas(wanted);
        set.openblas = true;
        set.torch_intra_op = 1;
    } else {
        set.torch_intra_op = wanted;  // MKL and Torch's own kernels follow this pool
    }
    torch::set_num_threads(set.torch_intra_op);
    return set;
}

int blas_parallel_workers() {
    const auto get = openblas_get_num_threads_fn();
    // Torch's pool at one thread too (configure_cpu_threads with OpenBLAS): otherwise each worker
    // would start its own OpenMP team.
    if (!get || !openblas_set_num_threads_fn() || torch::get_num_threads() != 1) return 1;
    return std::max(1, get());
}

SingleThreadedBlas::SingleThreadedBlas() {
    const auto get = openblas_get_num_threads_fn();
    const auto set = openblas_set_num_threads_fn();
    if (!get || !set) return;
    before_ = get();
    set(1);
}

SingleThreadedBlas::~SingleThreadedBlas() {
    if (before_ > 0) openblas_set_num_threads_fn()(before_);
}

}  // namespace layermoe
