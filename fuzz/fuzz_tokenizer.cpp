// Tokenizer folders: a Hugging Face tokenizer.json (first byte even) or our
// layermoe_tokenizer.json (odd), loaded as a model folder's tokenizer and used to encode text.
#include <filesystem>

#include "core/data/tokenizer.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    if (size < 1) return 0;
    const bool ours = data[0] & 1;
    const auto dir = fuzz::scratch() / "tokenizer";
    std::filesystem::remove_all(dir);
    fuzz::input_file(fuzz::as_text(data + 1, size - 1),
                     ours ? "tokenizer/layermoe_tokenizer.json" : "tokenizer/tokenizer.json");
    fuzz::refuses_or_reads([&] {
        const auto tokenizer = load_tokenizer_dir(dir);
        const auto ids = tokenizer->encode("Hello, wörld! Καλημέρα 123 \n\t 你好");
        (void)tokenizer->decode(ids);
    });
    return 0;
}
