#include "core/jobs/training_data.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>

#include <fmt/format.h>
#include <unistd.h>

#include "core/common/error.h"
#include "core/data/shard_writer.h"
#include "core/data/shuffle.h"
#include "core/io/files.h"

namespace fs = std::filesystem;

namespace layermoe {

fs::path shard_cache_root(const RunSettings& run) {
    if (!run.store_file.empty()) return fs::absolute(run.store_file).parent_path() / "shards";
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "layermoe" / "shards";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "layermoe" / "shards";
    return fs::temp_directory_path() / "layermoe-shards";
}

namespace {

// The cached folders of language `code` in `root`, other than `keep`, made from exactly the
// files of `sources` when at least one of them has changed since (size or time): no job can ever
// use them again, since a job's key holds what the files are now. Removed, each reported; a
// folder that cannot be read or removed is left as it is. A process still reading one keeps its
// mapped files until it closes them.
void remove_stale_caches(const fs::path& root, const std::string& code, const std::vector<ShardSource>& sources,
                         const fs::path& keep, const ProgressFn& progress) {
    std::vector<std::string> paths;
    for (const auto& s : sources) paths.push_back(s.path);
    std::sort(paths.begin(), paths.end());
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const fs::path dir = entry.path();
        if (dir == keep || !dir.filename().string().starts_with(code + "-") || !is_shard_folder(dir)) continue;
        bool stale = false;
        try {
            const fs::path file = dir / kShardsFile;
            const auto manifest = ShardManifest::from_json(nlohmann::json::parse(read_text_file(file)), file.string());
            for (const auto& language : manifest.languages) {
                if (language.code != code) continue;
                std::vector<std::string> recorded;
                for (const auto& s : language.sources) recorded.push_back(s.path);
                std::sort(recorded.begin(), recorded.end());
                if (recorded != paths) continue;  // another corpus: not ours to judge
                for (const auto& s : language.sources) {
                    const auto now = std::find_if(sources.begin(), sources.end(),
                                                  [&](const ShardSource& c) { return c.path == s.path; });
                    stale = stale || now->size != s.size || now->mtime_ns != s.mtime_ns;
                }
            }
        } catch (const std::exception&) {
            continue;
        }
        std::error_code removed;
        if (stale && fs::remove_all(dir, removed) > 0 && !removed)
            report(progress, {Stage::Load, 0, 0, "",
                              fmt::format("removed {}: the shards of a source that has changed since", dir.string())});
    }
}

// The cache folder of one language of a corpus folder: its name is a digest of everything the
// shards depend on, so a changed source, tokenizer or split is a new folder, never a stale one;
// the folders of the source as it was are removed once the new one is made.
fs::path cached_language(const fs::path& corpus, const std::string& code, const CorpusOptions& opts,
                         const Tokenizer& tokenizer, const TokenizerIdentity& identity, const fs::path& root,
                         const ProgressFn& progress) {
    nlohmann::json key = {
        {"format", kShardsFormat},         {"version", kShardsVersion}, {"code", code},
        {"tokenizer", identity.to_json()}, {"seed", opts.seed},         {"heldout_fraction", opts.heldout_fraction}};
    std::vector<ShardSource> sources;
    for (const auto& file : corpus_source_files(corpus, code)) {
        sources.push_back(ShardSource::of(file));
        key["sources"].push_back(sources.back().to_json());
    }
    const fs::path dir = root / fmt::format("{}-{}", code, sha256_hex(key.dump()).substr(0, 24));
    if (is_shard_folder(dir)) return dir;
    std::error_code ec;
    fs::create_directories(root, ec);
    if (ec) throw Error(fmt::format("cannot create the shard cache {}: {}", root.string(), ec.message()));
    std::random_device rd;
    const fs::path temp = root / fmt::format(".{}.tmp-{}-{:08x}", dir.filename().string(), ::getpid(), rd());
    TokenizeOptions t;
    t.corpus = corpus;
    t.langs = {code};
    t.out = temp;
    t.split = opts;
    try {
        report(progress, {Stage::Load, 0, 0, "",
                          fmt::format("tokenizing {} of {} into {}", code, corpus.string(), dir.string())});
        const auto result = tokenize_corpus(t, tokenizer, progress);
        if (result.cancelled) throw Error("tokenizing the corpus was cancelled");
        // Another process may have made the same folder meanwhile: then theirs is kept.
        fs::rename(temp, dir, ec);
        if (ec && !is_shard_folder(dir))
            throw Error(fmt::format("cannot move {} to {}: {}", temp.string(), dir.string(), ec.message()));
    } catch (...) {
        fs::remove_all(temp, ec);
        throw;
    }
    fs::remove_all(temp, ec);
    remove_stale_caches(root, code, sources, dir, progress);
    return dir;
}

}  // namespace

TrainingCorpus::TrainingCorpus(const fs::path& corpus, const std::vector<std::string>& langs, const CorpusOptions& opts,
                               const Tokenizer& tokenizer, const std::string& tokenizer_owner,
                               const fs::path& cache_root, const ProgressFn& progress)
    : tokenizer_(tokenizer_identity(tokenizer)), opts_(opts) {
    heldout_.path = corpus.string();
    if (is_shard_folder(corpus)) {
        heldout_.format = "shards";
        sets_.push_back(std::make_unique<ShardSet>(corpus));
    } else {
        heldout_.format = detect_corpus_format(corpus);
        for (const auto& code : langs)
            sets_.push_back(std::make_unique<ShardSet>(
                cached_language(corpus, code, opts, tokenizer, tokenizer_, cache_root, progress)));
    }
    for (const auto& set : sets_) {
        set->check_tokenizer(tokenizer_, tokenizer_owner);
        set->check_sources();
    }
    for (size_t i = 0; i < langs.size(); ++i) {
        const std::string& code = langs[i];
        // One folder holding every language, or one cached folder per language.
        const ShardSet& set = heldout_.format == "shards" ? *sets_.front() : *sets_[i];
        const ShardLanguage& l = set.language(code);
        languages_[code] = &l;
        heldout_.languages[code] = {
            code, {}, l.heldout_text(opts.max_documents), (set.dir() / l.info().tokens_file).string()};
    }
}

TrainingCorpus::~TrainingCorpus() = default;

ShardDocs TrainingCorpus::train_docs(const std::string& code) const {
    auto it = languages_.find(code);
    if (it == languages_.end())
        throw Error(fmt::format("language '{}' is not among the languages read from corpus {}", code, heldout_.path));
    ShardDocs d;
    d.code = code;
    d.language = it->second;
    it->second->train_documents(opts_.max_documents, d.rows, d.counts);
    return d;
}

size_t TrainingCorpus::train_documents(const std::string& code) const {
    auto it = languages_.find(code);
    if (it == languages_.end())
        throw Error(fmt::format("language '{}' is not among the languages read from corpus {}", code, heldout_.path));
    const size_t n = size_t(it->second->info().documents[0]);
    return opts_.max_documents > 0 ? std::min(n, opts_.max_documents) : n;
}

std::unique_ptr<ShardBlocks> TrainingCorpus::blocks(const std::vector<std::string>& langs,
                                                    const PackOptions& pack) const {
    std::vector<ShardDocs> docs;
    for (const auto& code : langs) docs.push_back(train_docs(code));
    return std::make_unique<ShardBlocks>(std::move(docs), tokenizer_, pack);
}

std::unique_ptr<ShardBlocks> TrainingCorpus::expansion_blocks(const std::vector<std::string>& old_langs,
                                                              const std::vector<std::string>& new_langs,
                                                              double replay_ratio, uint64_t replay_seed,
                                                              const PackOptions& pack,
                                                              std::vector<size_t>& replayed) const {
    std::vector<ShardDocs> docs;
    if (replay_ratio >= 0) {
        double new_docs = 0;
        for (const auto& l : new_langs) new_docs += static_cast<double>(train_documents(l));
        new_docs /= static_cast<double>(new_langs.size());
        const auto per_old = static_cast<size_t>(std::llround(replay_ratio * new_docs));
        for (size_t i = 0; i < old_langs.size(); ++i) {
            ShardDocs d = train_docs(old_langs[i]);
            // The draw the in-memory replay makes on the documents themselves: the same swaps
            // on their rows and counts.
            std::vector<std::pair<uint32_t, uint32_t>> pairs(d.rows.size());
            for (size_t k = 0; k < pairs.size(); ++k) pairs[k] = {d.rows[k], d.counts[k]};
            seeded_shuffle(pairs, mix_seed(replay_seed, stable_hash(old_langs[i])));
            pairs.resize(std::min(pairs.size(), per_old));
            if (pairs.empty()) continue;
            d.rows.resize(pairs.size());
            d.counts.resize(pairs.size());
            for (size_t k = 0; k < pairs.size(); ++k) std::tie(d.rows[k], d.counts[k]) = pairs[k];
            docs.push_back(std::move(d));
            replayed.push_back(i);
        }
    }
    for (const auto& l : new_langs) docs.push_back(train_docs(l));
    return std::make_unique<ShardBlocks>(std::move(docs), tokenizer_, pack);
}

}  // namespace layermoe
