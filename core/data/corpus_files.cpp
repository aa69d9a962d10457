#include "core/data/corpus_files.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/corpus.h"
#include "core/data/shuffle.h"
#include "core/data/text_util.h"
#include "core/data/utf8.h"

namespace fs = std::filesystem;

namespace layermoe {

std::string read_file_bytes(const fs::path& file) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw Error(fmt::format("corpus file {} does not exist", file.string()));
    std::ifstream in(file, std::ios::binary);
    std::string bytes;
    bytes.resize(size_t(fs::file_size(file, ec)));
    if (!in || ec || !in.read(bytes.data(), std::streamsize(bytes.size())))
        throw Error(fmt::format("cannot read corpus file {}", file.string()));
    return bytes;
}

void check_utf8_content(const fs::path& file, std::string_view content) {
    size_t bad = 0;
    if (is_valid_utf8(content, &bad)) return;
    const size_t line = size_t(std::count(content.begin(), content.begin() + bad, '\n')) + 1;
    const size_t line_start = bad == 0 ? std::string_view::npos : content.rfind('\n', bad - 1);
    const size_t column = line_start == std::string_view::npos ? bad + 1 : bad - line_start;
    throw Error(fmt::format("{}:{}: invalid UTF-8 at byte {}", file.string(), line, column));
}

std::vector<NumberedLine> read_nonempty_lines(const fs::path& file) {
    std::string content = read_file_bytes(file);
    check_utf8_content(file, content);
    std::string_view rest(content);
    if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);  // BOM written by some editors
    std::vector<NumberedLine> lines;
    for (size_t number = 1; !rest.empty(); ++number) {
        const size_t end = std::min(rest.find('\n'), rest.size());
        std::string_view line = rest.substr(0, end);
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (!trim(line).empty()) lines.push_back({number, std::string(line)});  // blank = no document
        rest.remove_prefix(std::min(end + 1, rest.size()));
    }
    if (lines.empty()) throw Error(fmt::format("corpus file {} is empty (no non-empty line)", file.string()));
    return lines;
}

std::vector<std::string> read_documents_txt(const fs::path& file) {
    std::vector<std::string> docs;
    for (auto& line : read_nonempty_lines(file)) docs.push_back(std::move(line.text));
    return docs;
}

void check_options(const CorpusOptions& opts) {
    if (!(opts.heldout_fraction >= 0.0 && opts.heldout_fraction < 1.0))
        throw Error(fmt::format("held-out fraction must be in [0, 1), got {}", opts.heldout_fraction));
}

void truncate_documents(std::vector<std::string>& docs, size_t max_documents) {
    if (max_documents > 0 && docs.size() > max_documents) docs.resize(max_documents);
}

namespace {

// The first k entries of seeded_permutation(n, seed), drawn with indices of type Index: the
// same swaps, in half the memory when the documents fit 32 bits.
template <class Index>
void mark_first(size_t n, size_t k, uint64_t seed, std::vector<char>& flags) {
    std::vector<Index> order(n);
    for (size_t i = 0; i < n; ++i) order[i] = Index(i);
    seeded_shuffle(order, seed);
    for (size_t i = 0; i < k; ++i) flags[size_t(order[i])] = 1;
}

}  // namespace

std::vector<char> heldout_flags(size_t n, const std::string& code, const CorpusOptions& opts) {
    size_t n_heldout = 0;
    if (n >= 2) n_heldout = std::clamp<size_t>(size_t(std::llround(double(n) * opts.heldout_fraction)), 1, n - 1);
    // Salted with the code so that languages of equal size do not share one split pattern.
    const uint64_t seed = mix_seed(opts.seed, stable_hash(code));
    std::vector<char> flags(n, 0);
    if (n <= size_t(UINT32_MAX))
        mark_first<uint32_t>(n, n_heldout, seed, flags);
    else
        mark_first<uint64_t>(n, n_heldout, seed, flags);
    return flags;
}

DocumentSplit split_documents(std::vector<std::string> docs, const std::string& code, const CorpusOptions& opts) {
    const size_t n = docs.size();
    const std::vector<char> is_heldout = heldout_flags(n, code, opts);
    DocumentSplit split;
    for (size_t i = 0; i < n; ++i) (is_heldout[i] ? split.heldout : split.train).push_back(std::move(docs[i]));
    truncate_documents(split.train, opts.max_documents);
    truncate_documents(split.heldout, opts.max_documents);
    return split;
}

}  // namespace layermoe
