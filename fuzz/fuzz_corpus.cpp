// Corpus documents: a .txt or .jsonl file read as a corpus file streams it (first byte 0 or 1),
// or a UDHR declaration's HTML turned into paragraphs (2).
#include "core/data/doc_stream.h"
#include "core/data/html_text.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    if (size < 1) return 0;
    const std::string_view text = fuzz::as_text(data + 1, size - 1);
    fuzz::refuses_or_reads([&] {
        switch (data[0] % 3) {
        case 0: (void)read_documents_stream(fuzz::input_file(text, "eng.txt")); break;
        case 1: (void)read_documents_stream(fuzz::input_file(text, "eng.jsonl")); break;
        default: (void)html_paragraphs(text); break;
        }
    });
    return 0;
}
