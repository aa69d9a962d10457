// Encoding throughput of BpeTokenizer on Qwen3's tokenizer.json against Hugging Face's JavaScript
// tokenizers (tools/bpe_reference.mjs, run with node on the same text): every FLORES-101 devtest
// sentence of 24 languages in 17 scripts (UDHR paragraphs when FLORES is absent), best of N
// rounds, once with the pre-token cache cleared before each round (cold) and once kept (warm).
// Usage: bench_bpe [rounds=5] [folder with tokenizer.json and tokenizer_config.json]
#include "core/data/bpe_tokenizer.h"
#include "core/data/corpus.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const std::vector<std::string> kLanguages = {"eng", "fra", "tur",       "vie", "hun", "rus", "ukr", "ell",
                                             "ara", "fas", "heb",       "hin", "npi", "ben", "tam", "tha",
                                             "kat", "hye", "zho_simpl", "jpn", "kor", "amh", "khm", "mya"};

std::vector<std::string> read_texts(std::string& source) {
    const fs::path flores = fs::path(LAYERMOE_SOURCE_DIR) / ".." / "shared" / "data" / "flores101";
    const bool have_flores = fs::is_directory(flores / "devtest");
    const fs::path path = have_flores ? flores : fs::path(LAYERMOE_SOURCE_DIR) / "third_party" / "udhr" / "package";
    std::vector<std::string> codes;
    const auto offered = layermoe::available_languages(path);
    for (const auto& code : kLanguages)
        if (std::find(offered.begin(), offered.end(), code) != offered.end()) codes.push_back(code);
    layermoe::CorpusOptions options;
    options.heldout_fraction = 0;
    const auto corpus = layermoe::load_corpus(path, codes, options);
    std::vector<std::string> texts;
    for (const auto& [code, language] : corpus.languages)
        texts.insert(texts.end(), language.heldout.begin(), language.heldout.end());  // FLORES: devtest
    if (!have_flores)
        for (const auto& [code, language] : corpus.languages)
            texts.insert(texts.end(), language.train.begin(), language.train.end());
    source = fmt::format("{} ({}, {} languages)", path.string(), have_flores ? "FLORES-101 devtest" : "UDHR",
                         corpus.languages.size());
    return texts;
}

struct Speed {
    double cold = 0, warm = 0;  // MB/s, best round
    size_t ids = 0;
};

Speed ours(const layermoe::BpeTokenizer& tok, const std::vector<std::string>& texts, size_t bytes, int rounds) {
    Speed speed;
    std::vector<int32_t> ids;
    for (bool cold : {true, false}) {
        double best = 1e30;
        for (int r = 0; r < rounds; ++r) {
            if (cold) tok.clear_cache();
            ids.clear();
            const auto start = Clock::now();
            for (const auto& text : texts) tok.encode_append(text, ids);
            best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
        }
        (cold ? speed.cold : speed.warm) = double(bytes) / 1e6 / best;
    }
    speed.ids = ids.size();
    return speed;
}

std::string quoted(const fs::path& p) { return fmt::format("'{}'", p.string()); }

Speed reference(const fs::path& dir, const std::vector<std::string>& texts, int rounds) {
    const fs::path input = fs::temp_directory_path() / fmt::format("bench_bpe_{}.jsonl", getpid());
    {
        std::ofstream out(input, std::ios::binary);
        for (const auto& text : texts) out << nlohmann::json(text).dump() << '\n';
    }
    const std::string command = fmt::format(
        "node {} {} {} {} --repeat {} --no-ids", quoted(fs::path(LAYERMOE_SOURCE_DIR) / "tools" / "bpe_reference.mjs"),
        quoted(dir / "tokenizer.json"), quoted(dir / "tokenizer_config.json"), quoted(input), rounds);
    fmt::print("reference command: {}\n", command);
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
        if (pclose(pipe) != 0) output.clear();
    }
    fs::remove(input);
    if (output.empty())
        throw std::runtime_error("the node reference failed (node and third_party/hf-tokenizers needed)");
    const auto result = nlohmann::json::parse(output);
    return {result.at("cold_mb_per_s").get<double>(), result.at("warm_mb_per_s").get<double>(),
            result.at("ids").get<size_t>()};
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
    const fs::path dir = argc > 2
                             ? fs::path(argv[2])
                             : fs::path(LAYERMOE_SOURCE_DIR) / "third_party" / "qwen3-tokenizer" / "package" / "models";
    if (rounds <= 0) return std::fprintf(stderr, "usage: bench_bpe [rounds>0] [tokenizer folder]\n"), 2;
    try {
        std::string source;
        const auto texts = read_texts(source);
        size_t bytes = 0;
        for (const auto& text : texts) bytes += text.size();
        const auto load_start = Clock::now();
        const auto tok = layermoe::BpeTokenizer::from_files(dir / "tokenizer.json", dir / "tokenizer_config.json");
        const double load_s = std::chrono::duration<double>(Clock::now() - load_start).count();
        fmt::print("bpe bench: {} texts, {:.2f} MB from {}\ntokenizer {} ({} ids), loaded in {:.2f} s\n", texts.size(),
                   double(bytes) / 1e6, source, (dir / "tokenizer.json").string(), tok->vocab_size(), load_s);
        const Speed mine = ours(*tok, texts, bytes, rounds);
        fmt::print("BpeTokenizer      cold {:7.2f} MB/s  warm {:7.2f} MB/s  ({} ids, best of {})\n", mine.cold,
                   mine.warm, mine.ids, rounds);
        const Speed js = reference(dir, texts, rounds);
        fmt::print("tokenizers.js     cold {:7.2f} MB/s  warm {:7.2f} MB/s  ({} ids, best of {})\n", js.cold, js.warm,
                   js.ids, rounds);
        fmt::print("ratio (ours / js) cold {:.2f}x  warm {:.2f}x{}\n", mine.cold / js.cold, mine.warm / js.warm,
                   mine.ids == js.ids ? "" : "  (WARNING: the id counts differ)");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_bpe: %s\n", e.what());
        return 1;
    }
    return 0;
}
