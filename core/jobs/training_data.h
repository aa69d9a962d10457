#pragma once
// The text a training job reads (pretraining, expansion stages): a corpus folder or a folder of
// token shards (docs/file-formats.md "Token shards"). Training always reads tokens through
// ShardBlocks: a shard folder as it is, a corpus folder tokenized once per language into a cache
// keyed by its source files (paths, sizes, times), the tokenizer, the split seed and the
// held-out fraction, and reused while they stay the same. The blocks equal pack_documents'
// over the same documents (shards.h), so a run trains the same on either.
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/common/progress.h"
#include "core/common/run_settings.h"
#include "core/data/corpus.h"
#include "core/data/packing.h"
#include "core/data/shards.h"
#include "core/data/tokenizer.h"

namespace layermoe {

// Where tokenized caches of corpus folders go: shards/ beside the store file (the workspace),
// else $XDG_CACHE_HOME/layermoe/shards (~/.cache/layermoe/shards).
std::filesystem::path shard_cache_root(const RunSettings& run);

class TrainingCorpus {
public:
    // langs: every language the job reads (held-out text of all, training text of some).
    // tokenizer_owner names the tokenizer's owner in errors ("model DIR", "tokenizer DIR").
    // Errors: a shard folder made by another tokenizer, a source changed since, a language missing.
    TrainingCorpus(const std::filesystem::path& corpus, const std::vector<std::string>& langs,
                   const CorpusOptions& opts, const Tokenizer& tokenizer, const std::string& tokenizer_owner,
                   const std::filesystem::path& cache_root, const ProgressFn& progress = {});
    ~TrainingCorpus();

    // Held-out documents of every language (train left empty: training reads tokens).
    const Corpus& heldout() const { return heldout_; }
    size_t train_documents(const std::string& code) const;  // after opts.max_documents
    // pack_documents' blocks of the train documents of langs, in that order.
    std::unique_ptr<ShardBlocks> blocks(const std::vector<std::string>& langs, const PackOptions& pack) const;
    // An expansion stage's blocks: with replay_ratio >= 0, first each old language's replay (its
    // train documents in a seeded order salted by the language, cut to replay_ratio times the
    // new languages' mean train document count; the indices into old_langs of those that keep
    // any are appended to replayed), then every new language's train documents.
    std::unique_ptr<ShardBlocks> expansion_blocks(const std::vector<std::string>& old_langs,
                                                  const std::vector<std::string>& new_langs, double replay_ratio,
                                                  uint64_t replay_seed, const PackOptions& pack,
                                                  std::vector<size_t>& replayed) const;

private:
    ShardDocs train_docs(const std::string& code) const;
    std::vector<std::unique_ptr<ShardSet>> sets_;
    std::map<std::string, const ShardLanguage*> languages_;
    TokenizerIdentity tokenizer_;
    CorpusOptions opts_;
    Corpus heldout_;
};

}  // namespace layermoe
