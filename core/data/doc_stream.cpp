#include "core/data/doc_stream.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>
#include <zlib.h>
#include <zstd.h>

#include "core/common/error.h"
#include "core/data/corpus_files.h"
#include "core/data/text_util.h"
#include "core/data/utf8.h"

namespace fs = std::filesystem;

namespace layermoe {

namespace {

constexpr size_t kReadChunk = size_t(1) << 20;

bool name_ends_with(const fs::path& file, std::string_view suffix) {
    return ends_with(file.filename().string(), suffix);
}

}  // namespace

const std::vector<std::string>& document_file_suffixes() {
    static const std::vector<std::string> suffixes = {".txt", ".jsonl", ".jsonl.gz", ".jsonl.zst"};
    return suffixes;
}

std::optional<DocFormat> document_file_format(const fs::path& file) {
    if (name_ends_with(file, ".txt")) return DocFormat::Txt;
    for (const char* s : {".jsonl", ".jsonl.gz", ".jsonl.zst"})
        if (name_ends_with(file, s)) return DocFormat::Jsonl;
    return std::nullopt;
}

std::string document_file_code(const fs::path& file) {
    const std::string name = file.filename().string();
    // Longest suffix first: "eng.jsonl.gz" is eng, not "eng.jsonl".
    for (const char* s : {".jsonl.zst", ".jsonl.gz", ".jsonl", ".txt"})
        if (ends_with(name, s) && name.size() > std::strlen(s)) return name.substr(0, name.size() - std::strlen(s));
    return {};
}

// Reads decompressed bytes into a buffer; 0 at the end.
class LineReader::Source {
public:
    virtual ~Source() = default;
    virtual size_t read(char* out, size_t capacity) = 0;
};

namespace {

class PlainSource final : public LineReader::Source {
public:
    explicit PlainSource(const fs::path& file) : file_(file), f_(std::fopen(file.c_str(), "rb")) {
        if (!f_) throw Error(fmt::format("cannot open corpus file {}: {}", file.string(), std::strerror(errno)));
    }
    ~PlainSource() override { std::fclose(f_); }
    size_t read(char* out, size_t capacity) override {
        const size_t n = std::fread(out, 1, capacity, f_);
        if (n == 0 && std::ferror(f_)) throw Error(fmt::format("cannot read corpus file {}", file_.string()));
        return n;
    }

private:
    fs::path file_;
    std::FILE* f_;
};

// gzread also reads concatenated gzip members, as `gzip -d` does.
class GzipSource final : public LineReader::Source {
public:
    explicit GzipSource(const fs::path& file) : file_(file), gz_(gzopen(file.c_str(), "rb")) {
        if (!gz_) throw Error(fmt::format("cannot open corpus file {}: {}", file.string(), std::strerror(errno)));
        gzbuffer(gz_, unsigned(kReadChunk));
    }
    ~GzipSource() override { gzclose(gz_); }
    size_t read(char* out, size_t capacity) override {
        const int n = gzread(gz_, out, unsigned(std::min<size_t>(capacity, size_t(1) << 30)));
        if (n < 0) {
            int code = 0;
            const char* message = gzerror(gz_, &code);
            throw Error(fmt::format("{}: not a readable gzip file ({})", file_.string(), message ? message : "?"));
        }
        return size_t(n);
    }

private:
    fs::path file_;
    gzFile gz_;
};

class ZstdSource final : public LineReader::Source {
public:
    explicit ZstdSource(const fs::path& file)
        : file_(file), raw_(file), ctx_(ZSTD_createDCtx()), in_(ZSTD_DStreamInSize(), '\0') {
        if (!ctx_) throw Error(fmt::format("{}: cannot create a zstd decompressor", file.string()));
    }
    ~ZstdSource() override { ZSTD_freeDCtx(ctx_); }
    size_t read(char* out, size_t capacity) override {
        ZSTD_outBuffer output{out, capacity, 0};
        while (output.pos == 0) {
            if (input_.pos == input_.size) {
                const size_t n = raw_.read(in_.data(), in_.size());
                if (n == 0) {
                    // A frame cut short: the decoder still waits for bytes when the file ends.
                    if (last_ != 0)
                        throw Error(fmt::format("{}: the zstd stream ends in the middle of a frame", file_.string()));
                    return 0;
                }
                input_ = {in_.data(), n, 0};
            }
            last_ = ZSTD_decompressStream(ctx_, &output, &input_);
            if (ZSTD_isError(last_))
                throw Error(fmt::format("{}: not a readable zstd file ({})", file_.string(), ZSTD_getErrorName(last_)));
        }
        return output.pos;
    }

private:
    fs::path file_;
    PlainSource raw_;
    ZSTD_DCtx* ctx_;
    std::string in_;
    ZSTD_inBuffer input_{nullptr, 0, 0};
    size_t last_ = 0;
};

}  // namespace

LineReader::LineReader(const fs::path& file) : file_(file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw Error(fmt::format("corpus file {} does not exist", file.string()));
    if (name_ends_with(file, ".gz"))
        source_ = std::make_unique<GzipSource>(file);
    else if (name_ends_with(file, ".zst"))
        source_ = std::make_unique<ZstdSource>(file);
    else
        source_ = std::make_unique<PlainSource>(file);
}

LineReader::~LineReader() = default;

bool LineReader::fill() {
    if (eof_) return false;
    buffer_.erase(0, pos_);
    pos_ = 0;
    const size_t old = buffer_.size();
    buffer_.resize(old + kReadChunk);
    const size_t n = source_->read(buffer_.data() + old, kReadChunk);
    buffer_.resize(old + n);
    bytes_ += n;
    if (n == 0) eof_ = true;
    return n > 0;
}

bool LineReader::next(std::string& line) {
    size_t searched = pos_;
    for (;;) {
        const size_t nl = buffer_.find('\n', searched);
        if (nl != std::string::npos) {
            line.assign(buffer_, pos_, nl - pos_);
            pos_ = nl + 1;
            ++line_;
            return true;
        }
        searched = buffer_.size() - pos_;  // relative: fill() moves the unread part to the front
        if (!fill()) {
            if (pos_ >= buffer_.size()) return false;
            line.assign(buffer_, pos_);  // the last line has no '\n'
            pos_ = buffer_.size();
            ++line_;
            return true;
        }
    }
}

bool LineReader::skip() {
    bool partial = false;  // part of the line is behind pos_ already
    for (;;) {
        const size_t nl = buffer_.find('\n', pos_);
        if (nl != std::string::npos) {
            pos_ = nl + 1;
            ++line_;
            return true;
        }
        partial = partial || pos_ < buffer_.size();
        pos_ = buffer_.size();  // nothing of this line is needed: fill() keeps none of it
        if (!fill()) {
            if (!partial) return false;
            ++line_;  // the last line has no '\n'
            return true;
        }
    }
}

std::optional<std::string> line_document(const fs::path& file, DocFormat format, size_t line_number,
                                         std::string_view line, bool first_line) {
    size_t bad = 0;
    if (!is_valid_utf8(line, &bad))
        throw Error(fmt::format("{}:{}: invalid UTF-8 at byte {}", file.string(), line_number, bad + 1));
    if (first_line && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // BOM written by some editors
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (trim(line).empty()) return std::nullopt;  // blank = no document
    if (format == DocFormat::Txt) return std::string(line);
    std::string text = jsonl_text_field(file, line_number, line);
    if (text.empty()) return std::nullopt;
    return text;
}

void throw_no_documents(const fs::path& file, DocFormat format, bool had_nonblank_line) {
    if (format == DocFormat::Jsonl && had_nonblank_line)
        throw Error(fmt::format("corpus file {} has no document with non-empty \"text\"", file.string()));
    throw Error(fmt::format("corpus file {} is empty (no non-empty line)", file.string()));
}

std::vector<std::string> read_documents_stream(const fs::path& file) {
    const auto format = document_file_format(file);
    if (!format)
        throw Error(fmt::format("{}: not a document file (.txt, .jsonl, .jsonl.gz, .jsonl.zst)", file.string()));
    LineReader reader(file);
    std::vector<std::string> docs;
    std::string line;
    bool nonblank = false;
    while (reader.next(line)) {
        const size_t number = reader.line_number();
        auto doc = line_document(file, *format, number, line, number == 1);
        if (!doc && !nonblank && !trim(line).empty()) nonblank = true;
        if (doc) {
            nonblank = true;
            docs.push_back(std::move(*doc));
        }
    }
    if (docs.empty()) throw_no_documents(file, *format, nonblank);
    return docs;
}

}  // namespace layermoe
