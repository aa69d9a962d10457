// `layermoe tokenizer`: train a byte-level BPE tokenizer on a corpus, for the built-in model
// (`layermoe pretrain --tokenizer DIR`).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/data/bpe_train.h"
#include "core/data/corpus.h"
#include "core/data/languages.h"
#include "core/data/tokenizer.h"

namespace layermoe::cli {

namespace {

struct TokenizerArgs {
    std::string corpus, langs, out = "tokenizer";
    int32_t vocab = 4096;
    int64_t min_frequency = 2;
    bool json = false;
};

void run_tokenizer(const TokenizerArgs& a) {
    const auto langs = parse_language_list(a.langs);
    if (langs.empty()) throw Error("no languages given (--langs)");
    const Corpus corpus = load_corpus(a.corpus, langs);
    std::vector<const std::vector<std::string>*> docs;
    for (const auto& l : langs) docs.push_back(&corpus.at(l).train);
    BpeTrainOptions options;
    options.vocab_size = a.vocab;
    options.min_frequency = a.min_frequency;
    ProgressLine line(a.json);
    const auto result = train_bpe(docs, options, line.callback());
    line.finish();
    if (result.cancelled) throw Error("tokenizer training cancelled");
    write_bpe_files(a.out, result);
    const auto tokenizer = load_tokenizer_dir(a.out);
    // Bytes per token on each language's held-out text: how much the merges compress it.
    nlohmann::json per_lang = nlohmann::json::object();
    for (const auto& l : langs) {
        int64_t bytes = 0, tokens = 0;
        for (const auto& d : corpus.at(l).heldout) {
            bytes += static_cast<int64_t>(d.size());
            tokens += static_cast<int64_t>(tokenizer->encode(d).size());
        }
        per_lang[l] = tokens ? static_cast<double>(bytes) / static_cast<double>(tokens) : 0.0;
    }
    if (a.json) {
        fmt::print("{}\n", nlohmann::json{{"out", a.out},
                                          {"vocab_size", tokenizer->vocab_size()},
                                          {"merges", result.merges},
                                          {"words", result.words},
                                          {"bytes_per_token", per_lang}}
                               .dump(2));
        return;
    }
    fmt::print("{}: byte-level BPE, {} ids ({} merges from {} distinct words)\nbytes per token on held-out text:",
               a.out, tokenizer->vocab_size(), result.merges, result.words);
    for (const auto& l : langs) fmt::print(" {} {:.2f}", l, per_lang[l].get<double>());
    fmt::print("\n");
}

}  // namespace

void add_tokenizer_verb(CLI::App& app) {
    auto args = std::make_shared<TokenizerArgs>();
    auto* cmd = app.add_subcommand("tokenizer", "Train a byte-level BPE tokenizer on a corpus (tokenizer.json)");
    cmd->add_option("--corpus", args->corpus, "Corpus")->required();
    cmd->add_option("--langs", args->langs, "Languages whose training text it learns from")->required();
    cmd->add_option("--vocab", args->vocab, "Ids in all: 256 bytes, merges, 2 special tokens")->capture_default_str();
    cmd->add_option("--min-frequency", args->min_frequency, "Pairs seen fewer times are not merged")
        ->capture_default_str();
    cmd->add_option("--out", args->out, "Folder for tokenizer.json and tokenizer_config.json")->capture_default_str();
    cmd->add_flag("--json", args->json, "Print the summary as JSON");
    cmd->callback([args] { run_tokenizer(*args); });
}

}  // namespace layermoe::cli
