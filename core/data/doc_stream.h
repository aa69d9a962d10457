#pragma once
// Documents of a file read as a stream, with memory bounded by the longest line: what `layermoe
// tokenize` needs for corpora of any size. Files are .txt (one document a line), .jsonl
// ({"text": ...} a line), and .jsonl.gz / .jsonl.zst (the same, compressed with gzip or zstd).
// The rules are read_documents_txt's and read_documents_jsonl's (corpus_files.h): a leading BOM
// and trailing CRs dropped, blank lines and empty "text" no document, "FILE:LINE: ..." errors;
// so a file streamed here gives the documents load_corpus reads.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace layermoe {

enum class DocFormat { Txt, Jsonl };

// The format of a document file by its name: .txt, .jsonl, .jsonl.gz, .jsonl.zst; nullopt else.
std::optional<DocFormat> document_file_format(const std::filesystem::path& file);
// "eng" for eng.txt, eng.jsonl, eng.jsonl.gz, eng.jsonl.zst; empty for other names.
std::string document_file_code(const std::filesystem::path& file);
// The suffixes document_file_format accepts, in the order a corpus folder is searched.
const std::vector<std::string>& document_file_suffixes();

// Lines of a plain, gzip or zstd file (by its name), decompressed as they are read.
class LineReader {
public:
    explicit LineReader(const std::filesystem::path& file);  // Error naming the file when it cannot be opened
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;
    // The next line without its '\n' (CR and BOM left for the caller); false at the end.
    bool next(std::string& line);
    // Passes over the next line without copying it; false at the end.
    bool skip();
    size_t line_number() const { return line_; }  // 1-based number of the line next() gave
    uint64_t bytes_read() const { return bytes_; }  // decompressed bytes so far

    class Source;  // a plain file, gzip or zstd

private:
    bool fill();
    std::filesystem::path file_;
    std::unique_ptr<Source> source_;
    std::string buffer_;
    size_t pos_ = 0;
    bool eof_ = false;
    size_t line_ = 0;
    uint64_t bytes_ = 0;
};

// The document a raw line holds, or nullopt for a blank line (and, in JSONL, an empty "text").
// Errors "FILE:LINE: invalid UTF-8 at byte N", "FILE:LINE: invalid JSON (...)", "FILE:LINE:
// expected a JSON object with a string field "text"". first_line: drop a leading BOM.
std::optional<std::string> line_document(const std::filesystem::path& file, DocFormat format, size_t line_number,
                                         std::string_view raw_line, bool first_line);

// Every document of a file through LineReader (for the compressed formats in load_corpus).
// Error when the file has no document, as read_documents_txt / read_documents_jsonl say it.
std::vector<std::string> read_documents_stream(const std::filesystem::path& file);
// The errors a file without documents gives, shared with the streaming tokenizer.
[[noreturn]] void throw_no_documents(const std::filesystem::path& file, DocFormat format, bool had_nonblank_line);

}  // namespace layermoe
