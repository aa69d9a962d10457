#pragma once
// How many cores CPU work uses. Matrix products run on the BLAS library's own threads; Torch's
// OpenMP pool (elementwise ops, memory-bound) is kept at one thread when the BLAS is OpenBLAS,
// because libgomp's spin-waiting threads starve OpenBLAS's threads: a training step of `small`
// on 2 cores took 1.30 s with both pools at 2 threads and 0.51 s this way.
namespace layermoe {

struct CpuThreads {
    int blas = 0;             // threads of the BLAS library
    int torch_intra_op = 0;   // Torch's OpenMP pool
    bool openblas = false;    // OpenBLAS was found and is driven directly
};

// threads <= 0: all cores. Safe to call repeatedly; returns what was set. The first call also
// makes glibc keep freed memory for reuse instead of returning it to the kernel (see the .cpp).
CpuThreads configure_cpu_threads(int threads);

} // namespace layermoe
