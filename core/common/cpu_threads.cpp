#include "core/common/cpu_threads.h"

#include <dlfcn.h>

#include <algorithm>
#include <thread>

#include <torch/torch.h>

namespace layermoe {

namespace {

using SetThreadsFn = void (*)(int);

// Looked up at run time, so a LibTorch built on MKL (or a CUDA build) needs no OpenBLAS.
SetThreadsFn openblas_set_num_threads_fn() {
    static const auto fn = reinterpret_cast<SetThreadsFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    return fn;
}

} // namespace

CpuThreads configure_cpu_threads(int threads) {
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

} // namespace layermoe
