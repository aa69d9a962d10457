#include "core/data/bpe_train.h"

#include <queue>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/bpe_bytes.h"
#include "core/data/bpe_pretokenizer.h"
#include "core/data/bpe_spec.h"
#include "core/data/hf_tokenizer_json.h"
#include "core/data/unicode_nfc.h"
#include "core/io/files.h"

namespace layermoe {

namespace {

struct Word {
    std::vector<int32_t> symbols;
    int64_t count = 0;
};

uint64_t key(int32_t a, int32_t b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}
int32_t left_of(uint64_t k) { return static_cast<int32_t>(k >> 32); }
int32_t right_of(uint64_t k) { return static_cast<int32_t>(k & 0xffffffffu); }

// The byte-level spelling of raw bytes (what tokenizer.json's vocab and merges hold).
std::string spelled(const std::string& bytes) {
    std::string out;
    for (unsigned char b : bytes) out += bpe::byte_char(b);
    return out;
}

class Trainer {
public:
    explicit Trainer(std::vector<Word> words) : words_(std::move(words)) {
        for (int b = 0; b < 256; ++b) tokens_.emplace_back(1, static_cast<char>(b));
        for (size_t w = 0; w < words_.size(); ++w) add_pairs(static_cast<int32_t>(w), +1);
        for (const auto& [k, c] : counts_) heap_.push({c, k});
    }

    // The most frequent pair (ties: the smaller pair of ids), or none below min_count.
    std::optional<uint64_t> best(int64_t min_count) {
        while (!heap_.empty()) {
            const auto [count, k] = heap_.top();
            const auto it = counts_.find(k);
            if (it == counts_.end() || it->second != count) {  // stale entry
                heap_.pop();
                continue;
            }
            if (count < min_count) return std::nullopt;
            return k;
        }
        return std::nullopt;
    }

    int32_t merge(uint64_t k) {
        const int32_t a = left_of(k), b = right_of(k);
        const auto id = static_cast<int32_t>(tokens_.size());
        tokens_.push_back(tokens_[static_cast<size_t>(a)] + tokens_[static_cast<size_t>(b)]);
        const auto users = where_[k];  // a copy: merging edits where_
        for (int32_t w : users) {
            add_pairs(w, -1);
            auto& s = words_[static_cast<size_t>(w)].symbols;
            std::vector<int32_t> merged;
            merged.reserve(s.size());
            for (size_t i = 0; i < s.size(); ++i) {
                if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
                    merged.push_back(id);
                    ++i;
                } else {
                    merged.push_back(s[i]);
                }
            }
            s = std::move(merged);
            add_pairs(w, +1);
        }
        counts_.erase(k);
        where_.erase(k);
        for (uint64_t changed : touched_) {
            const auto it = counts_.find(changed);
            if (it != counts_.end()) heap_.push({it->second, changed});
        }
        touched_.clear();
        return id;
    }

    const std::vector<std::string>& tokens() const { return tokens_; }

private:
    void add_pairs(int32_t w, int sign) {
        const Word& word = words_[static_cast<size_t>(w)];
        for (size_t i = 0; i + 1 < word.symbols.size(); ++i) {
            const uint64_t k = key(word.symbols[i], word.symbols[i + 1]);
            auto& c = counts_[k];
            c += sign * word.count;
            if (sign > 0) where_[k].insert(w);
            if (c <= 0) counts_.erase(k);
            touched_.insert(k);
        }
    }

    struct Entry {
        int64_t count;
        uint64_t pair;
        bool operator<(const Entry& o) const { return count != o.count ? count < o.count : pair > o.pair; }
    };
    std::vector<Word> words_;
    std::vector<std::string> tokens_;  // id -> raw bytes
    std::unordered_map<uint64_t, int64_t> counts_;  // pair -> weighted count
    std::unordered_map<uint64_t, std::unordered_set<int32_t>> where_;  // pair -> words that had it
    std::unordered_set<uint64_t> touched_;
    std::priority_queue<Entry> heap_;
};

}  // namespace

BpeTrainResult train_bpe(const std::vector<const std::vector<std::string>*>& documents, const BpeTrainOptions& options,
                         const ProgressFn& progress) {
    if (options.vocab_size < 258)
        throw Error(fmt::format("a BPE vocabulary needs at least 258 ids (256 bytes and 2 special tokens), asked {}",
                                options.vocab_size));
    const std::vector<bpe::PreTokenizeStep> steps = {
        {bpe::StepKind::Split, std::string(bpe::kQwen2Pattern), false, false},
        {bpe::StepKind::ByteLevel, std::string(), false, false}};
    const bpe::PreTokenizer pre(steps, "BPE training");
    std::unordered_map<std::string, int64_t> counts;
    std::vector<std::string_view> pieces;
    std::deque<std::string> arena;
    std::string normalized;
    int64_t docs_total = 0, docs_done = 0;
    for (const auto* docs : documents) docs_total += static_cast<int64_t>(docs->size());
    BpeTrainResult result;
    for (const auto* docs : documents)
        for (const auto& doc : *docs) {
            const std::string_view text =
                nfc_if_needed(doc, normalized) ? std::string_view(normalized) : std::string_view(doc);
            arena.clear();
            pre.split(text, pieces, arena);
            for (auto piece : pieces) ++counts[std::string(piece)];
            if (++docs_done % 2000 == 0 &&
                !report(progress, {Stage::Bpe, docs_done, docs_total, "doc", "counting words"})) {
                result.cancelled = true;
                return result;
            }
        }
    std::vector<Word> words;
    words.reserve(counts.size());
    for (const auto& [text, n] : counts) {
        Word w;
        w.count = n;
        for (unsigned char b : text) w.symbols.push_back(b);
        words.push_back(std::move(w));
    }
    std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.symbols < b.symbols; });
    result.words = static_cast<int64_t>(words.size());

    Trainer trainer(std::move(words));
    nlohmann::json merges = nlohmann::json::array();
    const int32_t target = options.vocab_size - 2;  // the special tokens come last
    while (static_cast<int32_t>(trainer.tokens().size()) < target) {
        const auto pair = trainer.best(std::max<int64_t>(1, options.min_frequency));
        if (!pair) break;
        const auto& tokens = trainer.tokens();
        merges.push_back({spelled(tokens[static_cast<size_t>(left_of(*pair))]),
                          spelled(tokens[static_cast<size_t>(right_of(*pair))])});
        trainer.merge(*pair);
        ++result.merges;
        if (result.merges % 100 == 0 && !report(progress, {Stage::Bpe, static_cast<int64_t>(trainer.tokens().size()),
                                                           target, "token", "merging"})) {
            result.cancelled = true;
            return result;
        }
    }
    report(progress, {Stage::Bpe, target, target, "token", "merging"});
    nlohmann::json vocab = nlohmann::json::object();
    const auto& tokens = trainer.tokens();
    for (size_t id = 0; id < tokens.size(); ++id) vocab[spelled(tokens[id])] = static_cast<int32_t>(id);
    const auto n = static_cast<int32_t>(tokens.size());
    const nlohmann::json byte_level = hf_byte_level_step();
    result.tokenizer = {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", {hf_special_token(n, "<|endoftext|>"), hf_special_token(n + 1, "<|pad|>")}},
        {"normalizer", {{"type", "NFC"}}},
        {"pre_tokenizer",
         {{"type", "Sequence"},
          {"pretokenizers",
           {{{"type", "Split"},
             {"pattern", {{"Regex", std::string(bpe::kQwen2Pattern)}}},
             {"behavior", "Isolated"},
             {"invert", false}},
            byte_level}}}},
        {"post_processor", nullptr},
        {"decoder", byte_level},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", nullptr},
          {"continuing_subword_prefix", ""},
          {"end_of_word_suffix", ""},
          {"fuse_unk", false},
          {"byte_fallback", false},
          {"ignore_merges", false},
          {"vocab", vocab},
          {"merges", merges}}},
    };
    result.config = {{"tokenizer_class", "PreTrainedTokenizerFast"},
                     {"bos_token", nullptr},
                     {"eos_token", "<|endoftext|>"},
                     {"pad_token", "<|pad|>"},
                     {"add_bos_token", false},
                     {"clean_up_tokenization_spaces", false},
                     {"layermoe", {{"trained_words", result.words}, {"merges", result.merges}}}};
    return result;
}

void write_bpe_files(const std::filesystem::path& dir, const BpeTrainResult& result) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw Error(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
    atomic_write_file(dir / "tokenizer.json", result.tokenizer.dump(1) + "\n");
    atomic_write_file(dir / "tokenizer_config.json", result.config.dump(2) + "\n");
}

}  // namespace layermoe
