// The similarity CSV that `layermoe analyze --csv` writes and `allocate --scores` reads.
#include "core/analysis/scores.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    const auto file = fuzz::input_file(fuzz::as_text(data, size), "scores.csv");
    fuzz::refuses_or_reads([&] { (void)read_scores_csv(file); });
    return 0;
}
