#pragma once
// How many cores CPU work uses. Matrix products run on the BLAS library's own threads; Torch's
// OpenMP pool (elementwise ops, memory-bound) is kept at one thread when the BLAS is OpenBLAS,
// because libgomp's spin-waiting threads starve OpenBLAS's threads: a training step of `small`
// on 2 cores took 1.30 s with both pools at 2 threads and 0.51 s this way.
namespace layermoe {

struct CpuThreads {
    int blas = 0;  // threads of the BLAS library
    int torch_intra_op = 0;  // Torch's OpenMP pool
    bool openblas = false;  // OpenBLAS was found and is driven directly
};

// threads <= 0: all cores. Safe to call repeatedly; returns what was set. The first call also
// makes glibc keep freed memory for reuse instead of returning it to the kernel (see the .cpp).
CpuThreads configure_cpu_threads(int threads);

// Independent pieces of CPU work too small to keep several BLAS threads busy (inference batches
// of a few thousand tokens of a small model) go faster on that many workers with one BLAS thread
// each: OpenBLAS's hand-off between its threads cost about 30% of the cycles of multiple-choice
// scoring, and Torch's elementwise kernels run on one core. The number of workers this process
// can use that way: OpenBLAS's current thread count, or 1 when the BLAS is not OpenBLAS (MKL
// follows Torch's own pool, which is not per thread) or Torch's pool has more than one thread.
int blas_parallel_workers();

// While alive, OpenBLAS computes on its caller's thread only (openblas_set_num_threads(1)); the
// count before is restored at the end. Does nothing when the BLAS is not OpenBLAS.
class SingleThreadedBlas {
public:
    SingleThreadedBlas();
    ~SingleThreadedBlas();
    SingleThreadedBlas(const SingleThreadedBlas&) = delete;
    SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

private:
    int before_ = 0;
};

}  // namespace layermoe
