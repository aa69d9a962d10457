// An experiment file (docs/experiments.md): read and checked as `layermoe experiment FILE` reads
// it, before any model, corpus or store is touched.
#include "core/jobs/experiment_job.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    const auto file = fuzz::input_file(fuzz::as_text(data, size), "experiment.json");
    fuzz::refuses_or_reads([&] {
        const auto spec = ExperimentSpec::from_file(file);
        (void)spec.method_seeds();
        (void)spec.groups();
    });
    return 0;
}
