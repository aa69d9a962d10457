// Opening a damaged experiment store: the bytes as runs.sqlite, opened and listed.
#include "core/store/store.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    std::error_code ec;
    for (const char* extra : {"runs.sqlite-wal", "runs.sqlite-shm"})
        std::filesystem::remove(fuzz::scratch() / extra, ec);
    const auto file = fuzz::input_file(fuzz::as_text(data, size), "runs.sqlite");
    fuzz::refuses_or_reads([&] {
        Store store(file);
        for (const auto& run : store.list_runs()) (void)store.get_run(run.id);
    });
    return 0;
}
