#pragma once
// Reading document files and splitting them, shared by the corpus readers (internal to core/data).
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace layermoe {

struct CorpusOptions;

struct NumberedLine {
    size_t line = 0;  // 1-based
    std::string text;
};

std::string read_file_bytes(const std::filesystem::path& file);  // Error when unreadable
// Throws "FILE:LINE: invalid UTF-8 at byte N" (N 1-based within that line) on bad content.
void check_utf8_content(const std::filesystem::path& file, std::string_view content);
// Non-blank lines (trailing CR and a leading BOM dropped), each checked for UTF-8. Error when
// the file is missing or has no non-blank line.
std::vector<NumberedLine> read_nonempty_lines(const std::filesystem::path& file);
std::vector<std::string> read_documents_txt(const std::filesystem::path& file);
std::vector<std::string> read_documents_jsonl(const std::filesystem::path& file);
// The "text" of one JSONL line; Error "FILE:LINE: invalid JSON (...)" or "... expected a JSON
// object with a string field "text"".
std::string jsonl_text_field(const std::filesystem::path& file, size_t line_number, std::string_view line);

struct DocumentSplit {
    std::vector<std::string> train, heldout;
};
// Seeded split by opts.heldout_fraction (at least one held-out document when there are two or
// more, and at least one train document), each part in file order, then max_documents applied.
// Which of n documents are held out (1) for the language `code`: the seeded choice
// split_documents makes, also used by `layermoe tokenize` once it has counted a file's documents
// (4 bytes a document while it draws, 1 byte a document after).
std::vector<char> heldout_flags(size_t n, const std::string& code, const CorpusOptions& opts);
DocumentSplit split_documents(std::vector<std::string> docs, const std::string& code, const CorpusOptions& opts);
void truncate_documents(std::vector<std::string>& docs, size_t max_documents);
void check_options(const CorpusOptions& opts);

// "eng, spa, ..." shortened after 30 codes, for error messages that list what a corpus has.
std::string describe_codes(const std::vector<std::string>& codes);
void require_directory(const std::filesystem::path& dir);  // Error "corpus folder X does not exist"
using LanguageLister = std::vector<std::string> (*)(const std::filesystem::path&);
// The codes to read: langs, or all that offered(dir) lists when langs is empty; each known.
std::vector<std::string> resolve_languages(const std::vector<std::string>& langs, LanguageLister offered,
                                           const std::filesystem::path& dir);
std::vector<std::string> flores_languages(const std::filesystem::path& dir);  // sorted
std::vector<std::string> text_dir_languages(const std::filesystem::path& dir);  // sorted
// The one document file of `code` in a text corpus folder (.txt, .jsonl, .jsonl.gz or
// .jsonl.zst); Error when there is none or more than one.
std::filesystem::path text_corpus_file(const std::filesystem::path& dir, const std::string& code);

}  // namespace layermoe
