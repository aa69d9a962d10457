#include "core/data/shards.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <cstdint>
#include <limits>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/common/error.h"
#include "core/data/corpus_files.h"
#include "core/data/shuffle.h"
#include "core/data/text_util.h"
#include "core/io/files.h"

namespace fs = std::filesystem;

namespace layermoe {

// The files are little-endian, read in place.
static_assert(std::endian::native == std::endian::little, "token shards are read in place as little-endian");

// ---- tokenizer identity ----

nlohmann::json TokenizerIdentity::to_json() const {
    nlohmann::json f = nlohmann::json::array();
    for (const auto& [name, hash] : files) f.push_back({{"name", name}, {"sha256", hash}});
    return {{"kind", kind},     {"sha256", sha256}, {"files", f},      {"vocab_size", vocab_size},
            {"bos_id", bos_id}, {"eos_id", eos_id}, {"pad_id", pad_id}};
}

bool TokenizerIdentity::same_as(const TokenizerIdentity& o) const {
    return kind == o.kind && sha256 == o.sha256 && vocab_size == o.vocab_size && bos_id == o.bos_id &&
           eos_id == o.eos_id && pad_id == o.pad_id;
}

std::string TokenizerIdentity::describe() const {
    if (kind == "byte") return fmt::format("the byte tokenizer (vocab {})", vocab_size);
    return fmt::format("{} tokenizer {} (vocab {})", kind, sha256.substr(0, 12), vocab_size);
}

TokenizerIdentity tokenizer_identity(const Tokenizer& tok) {
    TokenizerIdentity id;
    id.kind = tok.describe().value("type", std::string("?"));
    id.vocab_size = tok.vocab_size();
    id.bos_id = tok.bos_id();
    id.eos_id = tok.eos_id();
    id.pad_id = tok.pad_id();
    const auto files = tok.files();
    if (files.empty()) {
        // A tokenizer without files is defined by its description alone (bytes).
        id.sha256 = id.kind == "byte" ? "byte" : sha256_hex(tok.describe().dump());
        return id;
    }
    std::string digests;
    for (const auto& f : files) {
        id.files.emplace_back(f.filename().string(), sha256_file(f));
        digests += id.files.back().second + "\n";
    }
    id.sha256 = sha256_hex(digests);
    return id;
}

// ---- manifest ----

ShardSource ShardSource::of(const fs::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0)
        throw Error(fmt::format("cannot read source file {}: {}", file.string(), std::strerror(errno)));
    return {fs::absolute(file).lexically_normal().string(), uint64_t(st.st_size),
            int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

nlohmann::json ShardSource::to_json() const { return {{"path", path}, {"size", size}, {"mtime_ns", mtime_ns}}; }

nlohmann::json ShardLanguageInfo::to_json() const {
    nlohmann::json src = nlohmann::json::array();
    for (const auto& s : sources) src.push_back(s.to_json());
    auto pair = [](const uint64_t(&v)[2]) { return nlohmann::json{{"train", v[0]}, {"heldout", v[1]}}; };
    return {{"code", code},
            {"tokens_file", tokens_file},
            {"index_file", index_file},
            {"heldout_file", heldout_file},
            {"dtype", dtype_bytes == 2 ? "uint16" : "uint32"},
            {"documents", pair(documents)},
            {"tokens", pair(tokens)},
            {"bytes", pair(bytes)},
            {"sources", src}};
}

nlohmann::json ShardManifest::to_json() const {
    nlohmann::json langs = nlohmann::json::array();
    for (const auto& l : languages) langs.push_back(l.to_json());
    return {{"format", kShardsFormat},
            {"version", kShardsVersion},
            {"tokenizer", tokenizer.to_json()},
            {"split", {{"seed", split_seed}, {"heldout_fraction", heldout_fraction}}},
            {"corpus", {{"path", corpus_path}, {"format", corpus_format}}},
            {"index_record_bytes", sizeof(ShardDocRecord)},
            {"languages", langs}};
}

namespace {

// Typed access to shards.json with errors naming the file and the key.
class Reader {
public:
    explicit Reader(const std::string& file) : file_(file) {}
    [[noreturn]] void fail(const std::string& key, const std::string& what) const {
        throw Error(fmt::format("{}: key '{}': {}", file_, key, what));
    }
    const nlohmann::json& at(const nlohmann::json& j, const std::string& parent, const char* key) const {
        const std::string path = parent.empty() ? key : parent + "." + key;
        if (!j.is_object() || !j.contains(key)) fail(path, "missing");
        return j.at(key);
    }
    std::string str(const nlohmann::json& j, const std::string& parent, const char* key) const {
        const auto& v = at(j, parent, key);
        if (!v.is_string()) fail(parent.empty() ? key : parent + "." + key, "expected a string");
        return v.get<std::string>();
    }
    template <class T>
    T num(const nlohmann::json& j, const std::string& parent, const char* key) const {
        const auto& v = at(j, parent, key);
        const std::string path = parent.empty() ? key : parent + "." + key;
        if constexpr (std::is_floating_point_v<T>) {
            if (!v.is_number()) fail(path, "expected a number");
        } else {
            if (!v.is_number_integer()) fail(path, "expected an integer");
            if (std::is_unsigned_v<T> && v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() < 0)
                fail(path, "expected a non-negative integer");
        }
        return v.get<T>();
    }

private:
    std::string file_;
};

// A plain file name, so a manifest cannot point outside its folder.
std::string file_name(const Reader& r, const nlohmann::json& j, const std::string& parent, const char* key) {
    const std::string name = r.str(j, parent, key);
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
        r.fail(parent + "." + key, fmt::format("'{}' is not a file name in the shard folder", name));
    return name;
}

}  // namespace

ShardManifest ShardManifest::from_json(const nlohmann::json& j, const std::string& file) {
    const Reader r(file);
    ShardManifest m;
    if (r.str(j, "", "format") != kShardsFormat)
        r.fail("format", fmt::format("expected \"{}\", got \"{}\"", kShardsFormat, r.str(j, "", "format")));
    const int version = r.num<int>(j, "", "version");
    if (version != kShardsVersion)
        r.fail("version",
               fmt::format("version {} is not supported (this program reads version {})", version, kShardsVersion));
    if (r.num<uint64_t>(j, "", "index_record_bytes") != sizeof(ShardDocRecord))
        r.fail("index_record_bytes", fmt::format("expected {}", sizeof(ShardDocRecord)));
    const auto& t = r.at(j, "", "tokenizer");
    m.tokenizer.kind = r.str(t, "tokenizer", "kind");
    m.tokenizer.sha256 = r.str(t, "tokenizer", "sha256");
    m.tokenizer.vocab_size = r.num<int32_t>(t, "tokenizer", "vocab_size");
    m.tokenizer.bos_id = r.num<int32_t>(t, "tokenizer", "bos_id");
    m.tokenizer.eos_id = r.num<int32_t>(t, "tokenizer", "eos_id");
    m.tokenizer.pad_id = r.num<int32_t>(t, "tokenizer", "pad_id");
    if (m.tokenizer.vocab_size < 1) r.fail("tokenizer.vocab_size", "must be at least 1");
    if (t.contains("files") && t.at("files").is_array())
        for (const auto& f : t.at("files"))
            m.tokenizer.files.emplace_back(r.str(f, "tokenizer.files", "name"), r.str(f, "tokenizer.files", "sha256"));
    const auto& split = r.at(j, "", "split");
    m.split_seed = r.num<uint64_t>(split, "split", "seed");
    m.heldout_fraction = r.num<double>(split, "split", "heldout_fraction");
    const auto& corpus = r.at(j, "", "corpus");
    m.corpus_path = r.str(corpus, "corpus", "path");
    m.corpus_format = r.str(corpus, "corpus", "format");
    const auto& langs = r.at(j, "", "languages");
    if (!langs.is_array() || langs.empty()) r.fail("languages", "expected a non-empty array");
    for (size_t i = 0; i < langs.size(); ++i) {
        const std::string key = fmt::format("languages[{}]", i);
        const auto& l = langs[i];
        ShardLanguageInfo info;
        info.code = r.str(l, key, "code");
        for (const auto& other : m.languages)
            if (other.code == info.code) r.fail(key + ".code", fmt::format("language '{}' is listed twice", info.code));
        info.tokens_file = file_name(r, l, key, "tokens_file");
        info.index_file = file_name(r, l, key, "index_file");
        info.heldout_file = file_name(r, l, key, "heldout_file");
        const std::string dtype = r.str(l, key, "dtype");
        if (dtype != "uint16" && dtype != "uint32")
            r.fail(key + ".dtype", fmt::format("expected \"uint16\" or \"uint32\", got \"{}\"", dtype));
        info.dtype_bytes = dtype == "uint16" ? 2 : 4;
        if (info.dtype_bytes != shard_dtype_bytes(m.tokenizer.vocab_size))
            r.fail(key + ".dtype", fmt::format("{} does not match a vocabulary of {}", dtype, m.tokenizer.vocab_size));
        for (auto [name, field] : {std::pair{"documents", &info.documents}, std::pair{"tokens", &info.tokens},
                                   std::pair{"bytes", &info.bytes}}) {
            const auto& v = r.at(l, key, name);
            (*field)[0] = r.num<uint64_t>(v, key + "." + name, "train");
            (*field)[1] = r.num<uint64_t>(v, key + "." + name, "heldout");
        }
        const auto& sources = r.at(l, key, "sources");
        if (!sources.is_array()) r.fail(key + ".sources", "expected an array");
        for (size_t s = 0; s < sources.size(); ++s) {
            const std::string skey = fmt::format("{}.sources[{}]", key, s);
            info.sources.push_back({r.str(sources[s], skey, "path"), r.num<uint64_t>(sources[s], skey, "size"),
                                    r.num<int64_t>(sources[s], skey, "mtime_ns")});
        }
        m.languages.push_back(std::move(info));
    }
    return m;
}

int shard_dtype_bytes(int32_t vocab_size) { return vocab_size <= 65536 ? 2 : 4; }

// ---- mapped files ----

class MappedFile {
public:
    MappedFile(const fs::path& file, uint64_t expected_size, const std::string& manifest) : file_(file) {
        fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0)
            throw Error(fmt::format("{}: cannot open {} listed in {}: {}", file.parent_path().string(),
                                    file.filename().string(), manifest, std::strerror(errno)));
        struct stat st {};
        ::fstat(fd_, &st);
        size_ = uint64_t(st.st_size);
        if (size_ != expected_size) {
            ::close(fd_);
            throw Error(fmt::format("{}: {} bytes, but {} says {} (a shard folder written only in part?)",
                                    file.string(), size_, manifest, expected_size));
        }
        if (size_ > 0) {
            data_ = ::mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd_, 0);
            if (data_ == MAP_FAILED) {
                ::close(fd_);
                throw Error(fmt::format("{}: cannot map it: {}", file.string(), std::strerror(errno)));
            }
            // Blocks are read in shuffled order: no read-ahead beyond what is asked.
            ::madvise(data_, size_, MADV_RANDOM);
        }
    }
    ~MappedFile() {
        if (data_ && data_ != MAP_FAILED) ::munmap(data_, size_);
        if (fd_ >= 0) ::close(fd_);
    }
    const uint8_t* data() const { return static_cast<const uint8_t*>(data_); }
    uint64_t size() const { return size_; }
    int fd() const { return fd_; }
    const fs::path& path() const { return file_; }
    // Drops the pages around [p, p + n) from this process's mapping once they are read. They stay
    // in the page cache, but mapped file pages count in the process's resident memory, and a read
    // maps the whole page-cache folio around it (up to 2 MiB with large folios: about 600 KB a
    // block on ext4 here), which grew a 200-step run by 1 GB on 1 GB of text. So the 2 MiB
    // windows of the file around the read are unmapped, whatever the folio size.
    void release(const uint8_t* p, size_t n) const {
        constexpr uint64_t kWindow = uint64_t(2) << 20;
        const uint64_t begin = uint64_t(p - data()) / kWindow * kWindow;
        const uint64_t end = std::min(size_, (uint64_t(p - data()) + n + kWindow - 1) / kWindow * kWindow);
        if (end > begin) ::madvise(static_cast<uint8_t*>(data_) + begin, size_t(end - begin), MADV_DONTNEED);
    }

private:
    fs::path file_;
    int fd_ = -1;
    void* data_ = nullptr;
    uint64_t size_ = 0;
};

ShardLanguage::ShardLanguage(const fs::path& dir, const ShardLanguageInfo& info) : dir_(dir), info_(info) {
    const std::string manifest = (dir / kShardsFile).string();
    const uint64_t n_tokens = info.tokens[0] + info.tokens[1];
    tokens_ = std::make_unique<MappedFile>(dir / info.tokens_file, n_tokens * uint64_t(info.dtype_bytes), manifest);
    index_ = std::make_unique<MappedFile>(dir / info.index_file, documents() * sizeof(ShardDocRecord), manifest);
    if (!fs::is_regular_file(dir / info.heldout_file))
        throw Error(fmt::format("{}: {} listed in {} is missing", dir.string(), info.heldout_file, manifest));
}

ShardLanguage::~ShardLanguage() = default;

ShardDocRecord ShardLanguage::record(uint64_t row) const {
    ShardDocRecord r;
    const uint8_t* p = index_->data() + row * sizeof(ShardDocRecord);
    std::memcpy(&r, p, sizeof(r));
    index_->release(p, sizeof(r));
    return r;
}

void ShardLanguage::copy_tokens(uint64_t offset, uint64_t count, int32_t* out) const {
    if (info_.dtype_bytes == 2) {
        const uint8_t* p = tokens_->data() + offset * 2;
        for (uint64_t i = 0; i < count; ++i) {
            uint16_t v;
            std::memcpy(&v, p + i * 2, 2);
            out[i] = int32_t(v);
        }
    } else {
        const uint8_t* p = tokens_->data() + offset * 4;
        for (uint64_t i = 0; i < count; ++i) {
            uint32_t v;
            std::memcpy(&v, p + i * 4, 4);
            out[i] = int32_t(v);
        }
    }
    tokens_->release(tokens_->data() + offset * uint64_t(info_.dtype_bytes), count * uint64_t(info_.dtype_bytes));
}

void ShardLanguage::train_documents(size_t max_documents, std::vector<uint32_t>& rows,
                                    std::vector<uint32_t>& counts) const {
    rows.clear();
    counts.clear();
    size_t wanted = size_t(info_.documents[0]);
    if (max_documents > 0) wanted = std::min(wanted, max_documents);
    rows.reserve(wanted);
    counts.reserve(wanted);
    constexpr size_t kBatch = 8192;
    std::vector<ShardDocRecord> buffer(kBatch);
    const uint64_t n = documents();
    for (uint64_t first = 0; first < n && rows.size() < wanted; first += kBatch) {
        const size_t count = size_t(std::min<uint64_t>(kBatch, n - first));
        const size_t want_bytes = count * sizeof(ShardDocRecord);
        size_t got = 0;
        while (got < want_bytes) {
            const ssize_t r = ::pread(index_->fd(), reinterpret_cast<char*>(buffer.data()) + got, want_bytes - got,
                                      off_t(first * sizeof(ShardDocRecord) + got));
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) throw Error(fmt::format("{}: cannot read: {}", index_->path().string(), std::strerror(errno)));
            got += size_t(r);
        }
        for (size_t i = 0; i < count && rows.size() < wanted; ++i)
            if (!buffer[i].heldout) {
                rows.push_back(uint32_t(first + i));
                counts.push_back(buffer[i].token_count);
            }
    }
    // The index was written with the split the manifest counts; anything else is a damaged folder.
    if (rows.size() != wanted)
        throw Error(fmt::format("{}: {} train documents, but {} says {}", index_->path().string(), rows.size(),
                                (dir_ / kShardsFile).string(), info_.documents[0]));
}

std::vector<std::string> ShardLanguage::heldout_text(size_t max_documents) const {
    const fs::path file = dir_ / info_.heldout_file;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(fmt::format("cannot read {}", file.string()));
    std::vector<std::string> docs;
    std::string line;
    size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (max_documents > 0 && docs.size() >= max_documents) break;
        docs.push_back(jsonl_text_field(file, number, line));
    }
    if (max_documents == 0 && docs.size() != info_.documents[1])
        throw Error(fmt::format("{}: {} held-out documents, but {} says {}", file.string(), docs.size(),
                                (dir_ / kShardsFile).string(), info_.documents[1]));
    return docs;
}

// ---- shard set ----

ShardSet::ShardSet(const fs::path& dir) : dir_(dir) {
    const fs::path file = dir / kShardsFile;
    if (!fs::is_regular_file(file))
        throw Error(fmt::format("{}: no {} (not a shard folder)", dir.string(), kShardsFile));
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(read_text_file(file));
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: invalid JSON ({})", file.string(), e.what()));
    }
    manifest_ = ShardManifest::from_json(j, file.string());
    for (const auto& info : manifest_.languages) languages_.push_back(std::make_unique<ShardLanguage>(dir, info));
}

ShardSet::~ShardSet() = default;

std::vector<std::string> ShardSet::codes() const {
    std::vector<std::string> out;
    for (const auto& l : manifest_.languages) out.push_back(l.code);
    return out;
}

bool ShardSet::has(const std::string& code) const {
    for (const auto& l : manifest_.languages)
        if (l.code == code) return true;
    return false;
}

const ShardLanguage& ShardSet::language(const std::string& code) const {
    for (const auto& l : languages_)
        if (l->info().code == code) return *l;
    throw Error(fmt::format("language '{}' is not in shard folder {} (it has: {})", code, dir_.string(),
                            describe_codes(codes())));
}

void ShardSet::check_tokenizer(const TokenizerIdentity& expected, const std::string& whose) const {
    if (manifest_.tokenizer.same_as(expected)) return;
    throw Error(fmt::format("shard folder {} was tokenized with {}, but {} uses {}; tokenize the corpus again "
                            "with that tokenizer (layermoe tokenize --tokenizer DIR)",
                            dir_.string(), manifest_.tokenizer.describe(), whose, expected.describe()));
}

void ShardSet::check_sources() const {
    for (const auto& l : manifest_.languages)
        for (const auto& s : l.sources) {
            std::error_code ec;
            // A source removed since is no change: the shards are the data now.
            if (!fs::exists(s.path, ec)) continue;
            const ShardSource now = ShardSource::of(s.path);
            if (now.size != s.size || now.mtime_ns != s.mtime_ns)
                throw Error(fmt::format("shard folder {} is stale: its source {} changed since it was tokenized "
                                        "({} bytes then, {} now; modified since); tokenize it again",
                                        dir_.string(), s.path, s.size, now.size));
        }
}

bool is_shard_folder(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / kShardsFile, ec);
}

std::vector<std::string> shard_languages(const fs::path& dir) {
    auto codes = ShardSet(dir).codes();
    std::sort(codes.begin(), codes.end());
    return codes;
}

Corpus read_shard_corpus(const fs::path& dir, const std::vector<std::string>& langs, const CorpusOptions& opts) {
    const ShardSet shards(dir);
    shards.check_sources();
    Corpus corpus{dir.string(), "shards", {}};
    for (const auto& code : langs.empty() ? shards.codes() : langs) {
        const ShardLanguage& l = shards.language(code);
        corpus.languages[code] = {code, {}, l.heldout_text(opts.max_documents), (dir / l.info().tokens_file).string()};
    }
    return corpus;
}

// ---- blocks ----

ShardBlocks::ShardBlocks(std::vector<ShardDocs> docs, const TokenizerIdentity& tokenizer, const PackOptions& opts)
    : block_len_(opts.block_len), pad_id_(tokenizer.pad_id), bos_id_(tokenizer.bos_id), eos_id_(tokenizer.eos_id),
      add_bos_(opts.add_bos), add_eos_(opts.add_eos) {
    if (opts.block_len < 1) throw Error(fmt::format("block length must be at least 1, got {}", opts.block_len));
    if (docs.size() > size_t(std::numeric_limits<int16_t>::max()))
        throw Error(
            fmt::format("cannot pack {} languages; at most {}", docs.size(), std::numeric_limits<int16_t>::max()));
    const uint64_t extra = uint64_t(add_bos_) + uint64_t(add_eos_);
    uint64_t n_blocks = 0;
    for (size_t i = 0; i < docs.size(); ++i) {
        for (size_t j = 0; j < i; ++j)
            if (docs[i].code == docs[j].code)
                throw Error(fmt::format("language '{}' is given twice to packing", docs[i].code));
        ShardDocs& d = docs[i];
        // pack_documents' document order: seeded_permutation(n, mix_seed(seed, i)), drawn here on
        // 32-bit indices (the same swaps).
        std::vector<uint32_t> order(d.rows.size());
        for (size_t k = 0; k < order.size(); ++k) order[k] = uint32_t(k);
        seeded_shuffle(order, mix_seed(opts.seed, i));
        Stream s;
        s.language = d.language;
        s.rows.resize(order.size());
        s.starts.resize(order.size() + 1);
        uint64_t pos = 0;
        for (size_t k = 0; k < order.size(); ++k) {
            s.rows[k] = d.rows[order[k]];
            s.starts[k] = pos;
            pos += d.counts[order[k]] + extra;
        }
        s.starts.back() = pos;
        s.first_block = n_blocks;
        n_blocks += (pos + uint64_t(block_len_) - 1) / uint64_t(block_len_);
        real_tokens_ += int64_t(pos);
        codes_.push_back(d.code);
        std::vector<uint32_t>().swap(d.rows);
        std::vector<uint32_t>().swap(d.counts);
        streams_.push_back(std::move(s));
    }
    if (n_blocks > std::numeric_limits<uint32_t>::max())
        throw Error(fmt::format("{} blocks of {} tokens are more than this reader addresses ({}); use longer blocks",
                                n_blocks, block_len_, std::numeric_limits<uint32_t>::max()));
    order_.resize(size_t(n_blocks));
    for (size_t b = 0; b < order_.size(); ++b) order_[b] = uint32_t(b);
    // The same Fisher-Yates draws as pack_documents' shuffle of its block list.
    seeded_shuffle(order_, mix_seed(opts.seed, kBlockOrderSalt));
}

int16_t ShardBlocks::copy_block(int64_t b, int32_t* out) const {
    const uint64_t global = order_[size_t(b)];
    size_t lang = streams_.size() - 1;
    while (streams_[lang].first_block > global) --lang;  // few languages: a scan is enough
    const Stream& s = streams_[lang];
    const uint64_t len = uint64_t(block_len_);
    uint64_t pos = (global - s.first_block) * len;
    const uint64_t end = std::min(pos + len, s.starts.back());
    std::fill_n(out, block_len_, pad_id_);
    // The document holding pos: the last start at or before it.
    size_t k = size_t(std::upper_bound(s.starts.begin(), s.starts.end(), pos) - s.starts.begin()) - 1;
    int32_t* w = out;
    const uint64_t bos = add_bos_ ? 1 : 0;
    while (pos < end) {
        const ShardDocRecord r = s.language->record(s.rows[k]);
        uint64_t local = pos - s.starts[k];  // position within [BOS] tokens [EOS]
        if (bos && local == 0) {
            *w++ = bos_id_;
            ++pos;
            ++local;
        }
        if (pos < end && local - bos < r.token_count) {
            const uint64_t first = local - bos;
            const uint64_t n = std::min<uint64_t>(r.token_count - first, end - pos);
            s.language->copy_tokens(r.token_offset + first, n, w);
            w += n;
            pos += n;
            local += n;
        }
        if (pos < end && add_eos_ && local == bos + r.token_count) {
            *w++ = eos_id_;
            ++pos;
        }
        ++k;
    }
    return int16_t(lang);
}

}  // namespace layermoe
