// safetensors files: open() validates the header; every tensor it hands out must lie inside the
// mapping (each byte of every tensor is read, so ASan sees any that does not).
#include "core/io/safetensors.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    const auto file = fuzz::input_file(fuzz::as_text(data, size), "model.safetensors");
    fuzz::refuses_or_reads([&] {
        const auto st = SafetensorsFile::open(file);
        unsigned sum = 0;
        for (const auto& t : st.tensors())
            for (std::byte b : st.bytes(t)) sum += static_cast<unsigned>(b);
        (void)st.metadata();
        return sum;
    });
    return 0;
}
