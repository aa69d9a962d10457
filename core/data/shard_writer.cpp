#include "core/data/shard_writer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/data/corpus_files.h"
#include "core/data/doc_stream.h"
#include "core/data/languages.h"
#include "core/data/shards.h"
#include "core/data/text_util.h"
#include "core/data/udhr_index.h"
#include "core/io/files.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace layermoe {

namespace {

constexpr int kDeferred = -1;  // split decided once the file's documents are counted

// Where a language's documents come from: files read line by line, or (UDHR, whose paragraphs
// come out of HTML) documents already in memory.
struct InputFile {
    fs::path path;
    DocFormat format = DocFormat::Txt;
    int split = kDeferred;  // 0 train, 1 held out, kDeferred
};

struct LanguageInput {
    std::string code;
    std::vector<InputFile> files;
    std::vector<std::string> memory_docs[2];  // train, held out (UDHR)
    std::vector<ShardSource> sources;
};

struct DocInfo {
    uint32_t tokens = 0, bytes = 0;
    uint64_t line = 0;
};

// A unit of work: raw lines (or documents) in, their tokens out.
struct Chunk {
    const InputFile* file = nullptr;  // null: documents from memory
    uint8_t source = 0;
    int split = kDeferred;
    std::string text;  // the entries, concatenated
    std::vector<size_t> ends;  // end of each entry in text
    std::vector<uint64_t> lines;  // line number of each entry
    // Filled by a worker.
    std::vector<int32_t> tokens;
    std::vector<DocInfo> docs;
    std::string heldout;  // known held-out documents as lines of <code>.heldout.jsonl
    size_t nonblank = 0;
    std::exception_ptr error;
    bool done = false;
};
using ChunkPtr = std::shared_ptr<Chunk>;

// A document's line of <code>.heldout.jsonl, appended to out (by the workers: the JSON escaping
// of a tenth of the corpus would otherwise hold up the thread that writes the files).
void append_heldout_line(std::string& out, const std::string& text) {
    out += "{\"text\":";
    out += nlohmann::json(text).dump();
    out += "}\n";
}

// Splits a chunk's entries into documents and tokenizes them (throws on a bad line).
void tokenize_chunk(Chunk& c, const Tokenizer& tok) {
    size_t begin = 0;
    for (size_t i = 0; i < c.ends.size(); ++i) {
        const std::string_view raw(c.text.data() + begin, c.ends[i] - begin);
        begin = c.ends[i];
        std::optional<std::string> doc;
        if (c.file) {
            if (!trim(raw).empty()) ++c.nonblank;
            doc = line_document(c.file->path, c.file->format, size_t(c.lines[i]), raw, c.lines[i] == 1);
        } else {
            doc = std::string(raw);
        }
        if (!doc) continue;
        if (doc->size() > std::numeric_limits<uint32_t>::max())
            throw Error(fmt::format("{}:{}: a document of {} bytes; at most 4 GiB",
                                    c.file ? c.file->path.string() : "memory", c.lines[i], doc->size()));
        const size_t before = c.tokens.size();
        tok.encode_append(*doc, c.tokens);
        c.docs.push_back({uint32_t(c.tokens.size() - before), uint32_t(doc->size()), c.lines[i]});
        if (c.split == 1) append_heldout_line(c.heldout, *doc);
    }
}

// The held-out documents of a chunk of lines read again from a text file (split_deferred).
void extract_heldout(Chunk& c) {
    size_t begin = 0;
    for (size_t i = 0; i < c.ends.size(); ++i) {
        const std::string_view raw(c.text.data() + begin, c.ends[i] - begin);
        begin = c.ends[i];
        auto doc = line_document(c.file->path, c.file->format, size_t(c.lines[i]), raw, c.lines[i] == 1);
        if (!doc)
            throw Error(
                fmt::format("{}:{}: the document changed on its second read", c.file->path.string(), c.lines[i]));
        append_heldout_line(c.heldout, *doc);
    }
}

struct Stopped {};

// Reader thread -> worker threads (each chunk through `work`) -> the calling thread, which
// consumes chunks in the order they were read. At most `window` chunks are in flight, which
// bounds the memory. An exception from `work` is rethrown when its chunk's turn to be consumed
// comes.
class Pipeline {
public:
    Pipeline(std::function<void(Chunk&)> work, int threads)
        : process_(std::move(work)), threads_(std::max(1, threads)), window_(4 * threads_) {}

    void run(const std::function<void(const std::function<void(ChunkPtr)>&)>& read,
             const std::function<void(Chunk&)>& consume) {
        std::vector<std::thread> threads;
        auto stop_all = [&] {
            {
                std::lock_guard lock(m_);
                stop_ = true;
            }
            cv_.notify_all();
            for (auto& t : threads)
                if (t.joinable()) t.join();
        };
        try {
            threads.emplace_back([&] { reader(read); });
            for (int i = 0; i < threads_; ++i) threads.emplace_back([&] { worker(); });
            for (;;) {
                ChunkPtr c;
                {
                    std::unique_lock lock(m_);
                    cv_.wait(lock, [&] {
                        return (!inflight_.empty() && inflight_.front()->done) || (inflight_.empty() && reader_done_);
                    });
                    if (inflight_.empty()) break;
                    c = inflight_.front();
                    inflight_.pop_front();
                }
                cv_.notify_all();
                if (c->error) std::rethrow_exception(c->error);
                consume(*c);
            }
            if (reader_error_) std::rethrow_exception(reader_error_);
        } catch (...) {
            stop_all();
            throw;
        }
        stop_all();
    }

private:
    void reader(const std::function<void(const std::function<void(ChunkPtr)>&)>& read) {
        try {
            read([&](ChunkPtr c) {
                std::unique_lock lock(m_);
                cv_.wait(lock, [&] { return stop_ || inflight_.size() < window_; });
                if (stop_) throw Stopped{};
                inflight_.push_back(c);
                work_.push_back(std::move(c));
                lock.unlock();
                cv_.notify_all();
            });
        } catch (const Stopped&) {
        } catch (...) {
            std::lock_guard lock(m_);
            reader_error_ = std::current_exception();
        }
        {
            std::lock_guard lock(m_);
            reader_done_ = true;
        }
        cv_.notify_all();
    }

    void worker() {
        for (;;) {
            ChunkPtr c;
            {
                std::unique_lock lock(m_);
                cv_.wait(lock, [&] { return stop_ || !work_.empty() || reader_done_; });
                if (stop_ || work_.empty()) return;
                c = work_.front();
                work_.pop_front();
            }
            try {
                process_(*c);
            } catch (...) {
                c->error = std::current_exception();
            }
            std::string().swap(c->text);
            std::vector<size_t>().swap(c->ends);
            {
                std::lock_guard lock(m_);
                c->done = true;
            }
            cv_.notify_all();
        }
    }

    std::function<void(Chunk&)> process_;
    int threads_;
    size_t window_;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<ChunkPtr> inflight_, work_;
    bool stop_ = false, reader_done_ = false;
    std::exception_ptr reader_error_;
};

std::vector<LanguageInput> language_inputs(const fs::path& corpus, const std::vector<std::string>& langs_asked,
                                           const std::string& format, const CorpusOptions& opts) {
    std::vector<LanguageInput> out;
    if (format == "udhr") {
        // Small (a few KB a language) and parsed out of HTML: read whole by the corpus reader.
        const Corpus c = read_udhr(corpus, langs_asked, opts);
        for (const auto& [code, text] : c.languages) {
            LanguageInput in{code, {}, {text.train, text.heldout}, {ShardSource::of(text.source)}};
            out.push_back(std::move(in));
        }
        return out;
    }
    if (format == "flores") {
        const auto langs = langs_asked.empty() ? flores_languages(corpus) : langs_asked;
        // Checks the codes and the files, as load_corpus does.
        for (const auto& code : resolve_languages(langs, flores_languages, corpus)) {
            const fs::path dev = corpus / "dev" / (code + ".dev"), devtest = corpus / "devtest" / (code + ".devtest");
            std::error_code ec;
            for (const auto& file : {dev, devtest})
                if (!fs::is_regular_file(file, ec))
                    throw Error(fmt::format("FLORES corpus {} has no {}/{} for language '{}' (it has: {})",
                                            corpus.string(), file.parent_path().filename().string(),
                                            file.filename().string(), code, describe_codes(flores_languages(corpus))));
            LanguageInput in;
            in.code = code;
            in.files = {{dev, DocFormat::Txt, 0}, {devtest, DocFormat::Txt, 1}};
            in.sources = {ShardSource::of(dev), ShardSource::of(devtest)};
            out.push_back(std::move(in));
        }
        return out;
    }
    for (const auto& code : resolve_languages(langs_asked, text_dir_languages, corpus)) {
        const fs::path file = text_corpus_file(corpus, code);
        LanguageInput in;
        in.code = code;
        in.files = {{file, *document_file_format(file), kDeferred}};
        in.sources = {ShardSource::of(file)};
        out.push_back(std::move(in));
    }
    return out;
}

// Everything a language writes, committed together when it is complete.
class LanguageWriter {
public:
    LanguageWriter(const fs::path& out, const std::string& code, int dtype_bytes, int32_t vocab)
        : dtype_bytes_(dtype_bytes), vocab_(vocab), tokens_(out / (code + ".tokens")), index_(out / (code + ".index")),
          heldout_(out / (code + ".heldout.jsonl")) {
        info.code = code;
        info.tokens_file = code + ".tokens";
        info.index_file = code + ".index";
        info.heldout_file = code + ".heldout.jsonl";
        info.dtype_bytes = dtype_bytes;
    }

    void add_tokens(const std::vector<int32_t>& ids, const fs::path& file) {
        buffer_.resize(ids.size() * size_t(dtype_bytes_));
        for (size_t i = 0; i < ids.size(); ++i) {
            const int32_t id = ids[i];
            if (id < 0 || id >= vocab_)
                throw Error(fmt::format("{}: the tokenizer gave id {} outside its vocabulary of {}", file.string(), id,
                                        vocab_));
            if (dtype_bytes_ == 2) {
                const uint16_t v = uint16_t(id);
                std::memcpy(buffer_.data() + i * 2, &v, 2);
            } else {
                const uint32_t v = uint32_t(id);
                std::memcpy(buffer_.data() + i * 4, &v, 4);
            }
        }
        tokens_.write(buffer_);
        n_tokens_ += ids.size();
    }

    ShardDocRecord next_record(const DocInfo& d, uint8_t source, uint8_t heldout) {
        ShardDocRecord r;
        r.token_offset = offset_;
        r.source_line = d.line;
        r.token_count = d.tokens;
        r.byte_count = d.bytes;
        r.heldout = heldout;
        r.source = source;
        offset_ += d.tokens;
        return r;
    }

    void add_record(const ShardDocRecord& r) {
        index_.write(std::string_view(reinterpret_cast<const char*>(&r), sizeof(r)));
        const int s = r.heldout ? 1 : 0;
        info.documents[s] += 1;
        info.tokens[s] += r.token_count;
        info.bytes[s] += r.byte_count;
        if (info.documents[0] + info.documents[1] > std::numeric_limits<uint32_t>::max())
            throw Error(fmt::format("language '{}' has more than {} documents; split it over several languages' "
                                    "files is not supported",
                                    info.code, std::numeric_limits<uint32_t>::max()));
    }

    void add_heldout_lines(const std::string& lines) { heldout_.write(lines); }

    void commit() {
        tokens_.commit();
        index_.commit();
        heldout_.commit();
    }

    ShardLanguageInfo info;

private:
    int dtype_bytes_;
    int32_t vocab_;
    AtomicFileWriter tokens_, index_, heldout_;
    std::string buffer_;
    uint64_t n_tokens_ = 0, offset_ = 0;
};

// Index records of a file whose split is decided after it is read: kept on disk meanwhile.
class ScratchFile {
public:
    explicit ScratchFile(const fs::path& path) : path_(path), f_(std::fopen(path.c_str(), "w+b")) {
        if (!f_) throw Error(fmt::format("cannot create {}", path.string()));
    }
    ~ScratchFile() {
        std::fclose(f_);
        std::error_code ec;
        fs::remove(path_, ec);
    }
    void write(const ShardDocRecord& r) {
        if (std::fwrite(&r, sizeof(r), 1, f_) != 1) throw Error(fmt::format("cannot write {}", path_.string()));
    }
    void rewind() { std::fseek(f_, 0, SEEK_SET); }
    // The next records, up to 64Ki of them; false at the end.
    bool read(std::vector<ShardDocRecord>& records) {
        records.resize(size_t(1) << 16);
        records.resize(std::fread(records.data(), sizeof(ShardDocRecord), records.size(), f_));
        return !records.empty();
    }

private:
    fs::path path_;
    std::FILE* f_;
};

class Tokenization {
public:
    Tokenization(const TokenizeOptions& o, const Tokenizer& tok, const ProgressFn& progress)
        : o_(o), tok_(tok), progress_(progress), start_(Clock::now()), last_report_(start_) {}

    TokenizeResult& result() { return result_; }

    // Reads every input of the language, writes its files; false when cancelled.
    bool language(const LanguageInput& in, ShardLanguageInfo& info) {
        LanguageWriter writer(o_.out, in.code, shard_dtype_bytes(tok_.vocab_size()), tok_.vocab_size());
        const bool deferred =
            std::any_of(in.files.begin(), in.files.end(), [](const auto& f) { return f.split == kDeferred; });
        std::unique_ptr<ScratchFile> scratch;
        if (deferred) scratch = std::make_unique<ScratchFile>(o_.out / ("." + in.code + ".index.pass1"));
        std::vector<uint64_t> docs_of(std::max<size_t>(1, in.files.size()), 0), nonblank_of(docs_of.size(), 0);
        Pipeline pipeline([&](Chunk& c) { tokenize_chunk(c, tok_); }, threads());
        bool cancelled = false;
        try {
            pipeline.run([&](const auto& emit) { read_language(in, emit); },
                         [&](Chunk& c) {
                             const fs::path& where = c.file ? c.file->path : fs::path(in.sources.front().path);
                             writer.add_tokens(c.tokens, where);
                             for (const auto& d : c.docs) {
                                 const auto r = writer.next_record(d, c.source, uint8_t(c.split == 1));
                                 if (scratch)
                                     scratch->write(r);
                                 else
                                     writer.add_record(r);
                             }
                             writer.add_heldout_lines(c.heldout);
                             docs_of[c.source] += c.docs.size();
                             nonblank_of[c.source] += c.nonblank;
                             result_.documents += c.docs.size();
                             result_.tokens += c.tokens.size();
                             for (const auto& d : c.docs) result_.bytes += d.bytes;
                             if (!tick(in.code)) {
                                 cancelled = true;
                                 throw Stopped{};
                             }
                         });
        } catch (const Stopped&) {}
        result_.read_bytes = read_bytes_.load();
        if (cancelled) return false;
        for (size_t f = 0; f < in.files.size(); ++f)
            if (docs_of[f] == 0) throw_no_documents(in.files[f].path, in.files[f].format, nonblank_of[f] > 0);
        if (deferred) split_deferred(in, writer, *scratch, docs_of[0]);
        // A source that changed while it was read gave a mixture of two versions.
        for (size_t s = 0; s < in.sources.size(); ++s) {
            const ShardSource now = ShardSource::of(in.sources[s].path);
            if (now.size != in.sources[s].size || now.mtime_ns != in.sources[s].mtime_ns)
                throw Error(fmt::format("{} changed while it was being tokenized; run again", in.sources[s].path));
        }
        writer.commit();
        info = writer.info;
        info.sources = in.sources;
        return true;
    }

private:
    int threads() const {
        if (o_.threads > 0) return o_.threads;
        return std::max(1, int(std::thread::hardware_concurrency()));
    }

    ChunkPtr fresh_chunk(const InputFile* file, uint8_t source, int split) const {
        auto c = std::make_shared<Chunk>();
        c->file = file;
        c->source = source;
        c->split = split;
        c->text.reserve(o_.chunk_bytes + 4096);
        return c;
    }

    void read_language(const LanguageInput& in, const std::function<void(ChunkPtr)>& emit) {
        for (size_t f = 0; f < in.files.size(); ++f) {
            const InputFile& file = in.files[f];
            LineReader reader(file.path);
            ChunkPtr c = fresh_chunk(&file, uint8_t(f), file.split);
            std::string line;
            uint64_t counted = 0;
            while (reader.next(line)) {
                c->text += line;
                c->ends.push_back(c->text.size());
                c->lines.push_back(reader.line_number());
                if (c->text.size() >= o_.chunk_bytes) {
                    emit(std::move(c));
                    c = fresh_chunk(&file, uint8_t(f), file.split);
                }
                if (reader.bytes_read() - counted >= (1u << 20)) {
                    read_bytes_ += reader.bytes_read() - counted;
                    counted = reader.bytes_read();
                }
            }
            read_bytes_ += reader.bytes_read() - counted;
            if (!c->ends.empty()) emit(std::move(c));
        }
        // Documents in memory: train, then held out, as the corpus reader split them.
        for (int s = 0; s < 2; ++s) {
            ChunkPtr c = fresh_chunk(nullptr, 0, s);
            uint64_t number = 0;
            for (const auto& doc : in.memory_docs[s]) {
                c->text += doc;
                c->ends.push_back(c->text.size());
                c->lines.push_back(++number);
                if (c->text.size() >= o_.chunk_bytes) {
                    emit(std::move(c));
                    c = fresh_chunk(nullptr, 0, s);
                }
            }
            if (!c->ends.empty()) emit(std::move(c));
        }
    }

    // The seeded split of a text file, now that its documents are counted (the choice
    // split_documents makes), and its held-out documents' text, read again from the file: the
    // reader hands over only the held-out lines, the workers extract their text.
    void split_deferred(const LanguageInput& in, LanguageWriter& writer, ScratchFile& scratch, uint64_t n) {
        const InputFile& file = in.files.front();
        const std::vector<char> flags = heldout_flags(size_t(n), in.code, o_.split);
        std::vector<uint64_t> wanted;  // source lines of the held-out documents, ascending
        std::vector<ShardDocRecord> block;
        scratch.rewind();
        for (uint64_t row = 0; scratch.read(block);)
            for (const auto& r : block)
                if (flags[size_t(row++)]) wanted.push_back(r.source_line);
        // The index, now with its split, is written by a thread of its own while the file is
        // read again (it touches the index file only, the pipeline's consumer the held-out file).
        std::exception_ptr index_error;
        std::thread index_writer([&] {
            try {
                std::vector<ShardDocRecord> records;
                scratch.rewind();
                for (uint64_t row = 0; scratch.read(records);)
                    for (auto r : records) {
                        r.heldout = uint8_t(flags[size_t(row++)]);
                        writer.add_record(r);
                    }
            } catch (...) {
                index_error = std::current_exception();
            }
        });
        struct Join {  // also when the pipeline throws
            std::thread& t;
            ~Join() {
                if (t.joinable()) t.join();
            }
        } join{index_writer};
        Pipeline pipeline(extract_heldout, threads());
        pipeline.run(
            [&](const std::function<void(ChunkPtr)>& emit) {
                LineReader lines(file.path);
                std::string line;
                ChunkPtr c = fresh_chunk(&file, 0, 1);
                for (uint64_t number : wanted) {
                    while (lines.line_number() + 1 < number)
                        if (!lines.skip())
                            throw Error(fmt::format("{} ended early on its second read", file.path.string()));
                    if (!lines.next(line))
                        throw Error(fmt::format("{} ended early on its second read", file.path.string()));
                    c->text += line;
                    c->ends.push_back(c->text.size());
                    c->lines.push_back(number);
                    if (c->text.size() >= o_.chunk_bytes) {
                        emit(std::move(c));
                        c = fresh_chunk(&file, 0, 1);
                    }
                }
                if (!c->ends.empty()) emit(std::move(c));
            },
            [&](Chunk& c) {
                writer.add_heldout_lines(c.heldout);
            });
        index_writer.join();
        if (index_error) std::rethrow_exception(index_error);
    }

    bool tick(const std::string& code) {
        const auto now = Clock::now();
        if (now - last_report_ < std::chrono::milliseconds(500)) return true;
        last_report_ = now;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const double mb = double(read_bytes_.load()) / 1e6;
        return report(progress_, {Stage::Load, int64_t(result_.documents), 0, "doc",
                                  fmt::format("tokenizing {}: {} docs, {:.0f} MB read, {:.1f} MB/s", code,
                                              result_.documents, mb, seconds > 0 ? mb / seconds : 0.0)});
    }

    const TokenizeOptions& o_;
    const Tokenizer& tok_;
    const ProgressFn& progress_;
    Clock::time_point start_, last_report_;
    std::atomic<uint64_t> read_bytes_{0};
    TokenizeResult result_;
};

void prepare_out(const fs::path& out) {
    std::error_code ec;
    if (fs::exists(out, ec) && !fs::is_directory(out, ec))
        throw Error(fmt::format("{} exists and is not a folder", out.string()));
    if (fs::is_directory(out, ec) && !fs::is_empty(out, ec) && !is_shard_folder(out))
        throw Error(
            fmt::format("{} is neither empty nor a shard folder; give a new folder for the shards", out.string()));
    fs::create_directories(out, ec);
    if (ec) throw Error(fmt::format("cannot create folder {}: {}", out.string(), ec.message()));
}

}  // namespace

std::vector<fs::path> corpus_source_files(const fs::path& corpus, const std::string& code) {
    const std::string format = detect_corpus_format(corpus);
    require_known_language(code);
    if (format == "flores") return {corpus / "dev" / (code + ".dev"), corpus / "devtest" / (code + ".devtest")};
    if (format == "text") return {text_corpus_file(corpus, code)};
    if (format == "udhr") {
        const fs::path package = *find_udhr_package(corpus);
        const auto mapping = map_udhr_codes(read_udhr_index(package / "index.js"));
        auto it = mapping.find(code);
        if (it == mapping.end())
            throw Error(fmt::format("UDHR package {} has no translation for language '{}' (it has: {})",
                                    package.string(), code, describe_codes(udhr_languages(package))));
        return {package / "declaration" / (it->second + ".html")};
    }
    throw Error(fmt::format("{} holds token shards already", corpus.string()));
}

TokenizeResult tokenize_corpus(const TokenizeOptions& o, const Tokenizer& tok, const ProgressFn& progress) {
    check_options(o.split);
    const std::string format = detect_corpus_format(o.corpus);
    if (format == "shards") throw Error(fmt::format("{} holds token shards already", o.corpus.string()));
    const auto inputs = language_inputs(o.corpus, o.langs, format, o.split);
    prepare_out(o.out);
    // What an existing shard folder there listed, removed once the new manifest is in place.
    std::vector<std::string> old_files;
    if (is_shard_folder(o.out)) {
        try {
            const auto old = ShardManifest::from_json(nlohmann::json::parse(read_text_file(o.out / kShardsFile)),
                                                      (o.out / kShardsFile).string());
            for (const auto& l : old.languages)
                for (const auto& f : {l.tokens_file, l.index_file, l.heldout_file}) old_files.push_back(f);
        } catch (const std::exception&) {
            // A damaged manifest is replaced all the same.
        }
    }

    ShardManifest manifest;
    manifest.tokenizer = tokenizer_identity(tok);
    manifest.split_seed = o.split.seed;
    manifest.heldout_fraction = o.split.heldout_fraction;
    manifest.corpus_path = fs::absolute(o.corpus).lexically_normal().string();
    manifest.corpus_format = format;
    const auto start = Clock::now();
    Tokenization work(o, tok, progress);
    for (const auto& in : inputs) {
        ShardLanguageInfo info;
        if (!work.language(in, info)) {
            work.result().cancelled = true;
            return work.result();
        }
        manifest.languages.push_back(std::move(info));
    }
    atomic_write_file(o.out / kShardsFile, manifest.to_json().dump(2) + "\n");
    for (const auto& f : old_files) {
        bool kept = false;
        for (const auto& l : manifest.languages)
            kept = kept || f == l.tokens_file || f == l.index_file || f == l.heldout_file;
        std::error_code ec;
        if (!kept) fs::remove(o.out / f, ec);
    }
    TokenizeResult& r = work.result();
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return r;
}

}  // namespace layermoe
