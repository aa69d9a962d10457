#include "core/data/bpe_pretokenizer.h"

#include <unicode/regex.h>
#include <unicode/uchar.h>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/utf8.h"

namespace layermoe::bpe {

struct PreTokenizer::Compiled {
    StepKind kind = StepKind::Split;
    std::unique_ptr<icu::RegexPattern> regex;  // null for Digits and a ByteLevel without regex
    bool add_prefix_space = false;
    bool individual_digits = false;
};

namespace {

std::unique_ptr<icu::RegexPattern> compile(const std::string& pattern, const std::string& file) {
    std::string icu_pattern;
    try {
        icu_pattern = oniguruma_to_icu(pattern);
    } catch (const Error& e) {
        throw Error(fmt::format("{}: pre_tokenizer: {}", file, e.what()));
    }
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    std::unique_ptr<icu::RegexPattern> regex(
        icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(icu_pattern), 0, where, status));
    if (U_FAILURE(status))
        throw Error(fmt::format("{}: pre_tokenizer regex '{}' does not compile ({} at offset {})", file, pattern,
                                u_errorName(status), where.offset));
    return regex;
}

// UTF-16 for ICU, with the UTF-8 offset of every unit (and of the end). Each invalid byte becomes
// one U+FFFD, so the pieces still cover the original bytes exactly.
struct Utf16Text {
    std::u16string units;
    std::vector<uint32_t> offsets;

    void assign(std::string_view s) {
        units.clear();
        offsets.clear();
        for (size_t i = 0; i < s.size();) {
            const auto byte = static_cast<unsigned char>(s[i]);
            if (byte < 0x80) {
                units.push_back(char16_t(byte));
                offsets.push_back(uint32_t(i++));
                continue;
            }
            uint32_t cp = 0;
            size_t len = decode_utf8(s, i, cp);
            if (len == 0) cp = 0xFFFD, len = 1;
            if (cp >= 0x10000) {
                units.push_back(char16_t(0xD800 + ((cp - 0x10000) >> 10)));
                units.push_back(char16_t(0xDC00 + (cp & 0x3FF)));
                offsets.push_back(uint32_t(i));
            } else {
                units.push_back(char16_t(cp));
            }
            offsets.push_back(uint32_t(i));
            i += len;
        }
        offsets.push_back(uint32_t(s.size()));
    }
};

// Matches and the text between them, each a piece (Hugging Face's Isolated behaviour).
void split_regex(icu::RegexMatcher& matcher, Utf16Text& utf16, std::string_view piece,
                 std::vector<std::string_view>& out) {
    utf16.assign(piece);
    const icu::UnicodeString text(false, utf16.units.data(), int32_t(utf16.units.size()));
    matcher.reset(text);
    auto emit = [&](int32_t from, int32_t to) {
        if (from < to) out.push_back(piece.substr(utf16.offsets[from], utf16.offsets[to] - utf16.offsets[from]));
    };
    UErrorCode status = U_ZERO_ERROR;
    int32_t previous = 0;
    while (matcher.find(status) && U_SUCCESS(status)) {
        const int32_t start = matcher.start(status), end = matcher.end(status);
        emit(previous, start);
        emit(start, end);
        previous = end;
    }
    if (U_FAILURE(status)) throw Error(fmt::format("regex matching failed: {}", u_errorName(status)));
    emit(previous, int32_t(utf16.units.size()));
}

bool is_numeric(uint32_t cp) {
    const auto category = u_charType(UChar32(cp));
    return category == U_DECIMAL_DIGIT_NUMBER || category == U_LETTER_NUMBER || category == U_OTHER_NUMBER;
}

// Runs of numeric characters (each numeric character alone when individual) and the runs of
// other characters between them, as the Rust Digits pre-tokenizer splits on char::is_numeric.
void split_digits(std::string_view piece, bool individual, std::vector<std::string_view>& out) {
    size_t run_start = 0;
    int run_numeric = -1;
    for (size_t i = 0; i < piece.size();) {
        uint32_t cp = 0;
        size_t len = decode_utf8(piece, i, cp);
        const bool numeric = len != 0 && is_numeric(cp);
        if (len == 0) len = 1;
        if (i > run_start && (int(numeric) != run_numeric || (numeric && individual))) {
            out.push_back(piece.substr(run_start, i - run_start));
            run_start = i;
        }
        run_numeric = numeric;
        i += len;
    }
    if (run_start < piece.size()) out.push_back(piece.substr(run_start));
}

}  // namespace

PreTokenizer::PreTokenizer(const std::vector<PreTokenizeStep>& steps, const std::string& file) {
    for (const auto& step : steps) {
        auto compiled = std::make_unique<Compiled>();
        compiled->kind = step.kind;
        compiled->add_prefix_space = step.add_prefix_space;
        compiled->individual_digits = step.individual_digits;
        if (!step.pattern.empty()) compiled->regex = compile(step.pattern, file);
        steps_.push_back(std::move(compiled));
    }
}

PreTokenizer::~PreTokenizer() = default;

struct PreTokenizer::Workspace {
    std::vector<std::unique_ptr<icu::RegexMatcher>> matchers;  // by step, null without regex
    Utf16Text utf16;
    std::vector<std::string_view> next;
};

std::unique_ptr<PreTokenizer::Workspace> PreTokenizer::acquire() const {
    {
        std::lock_guard lock(pool_mutex_);
        if (!pool_.empty()) {
            auto workspace = std::move(pool_.back());
            pool_.pop_back();
            return workspace;
        }
    }
    auto workspace = std::make_unique<Workspace>();
    for (const auto& step : steps_) {
        UErrorCode status = U_ZERO_ERROR;
        workspace->matchers.emplace_back(step->regex ? step->regex->matcher(status) : nullptr);
        if (U_FAILURE(status)) throw Error(fmt::format("regex matcher: {}", u_errorName(status)));
    }
    return workspace;
}

void PreTokenizer::release(std::unique_ptr<Workspace> workspace) const {
    std::lock_guard lock(pool_mutex_);
    pool_.push_back(std::move(workspace));
}

void PreTokenizer::split(std::string_view text, std::vector<std::string_view>& pieces,
                         std::deque<std::string>& arena) const {
    pieces.clear();
    if (text.empty()) return;
    pieces.push_back(text);
    auto workspace = acquire();
    auto& next = workspace->next;
    for (size_t s = 0; s < steps_.size(); ++s) {
        const auto& step = *steps_[s];
        auto* matcher = workspace->matchers[s].get();
        next.clear();
        for (auto piece : pieces) {
            if (step.kind == StepKind::Digits) {
                split_digits(piece, step.individual_digits, next);
                continue;
            }
            if (step.add_prefix_space && piece.front() != ' ')
                piece = arena.emplace_back(std::string(" ").append(piece));
            if (matcher)
                split_regex(*matcher, workspace->utf16, piece, next);
            else
                next.push_back(piece);
        }
        pieces.swap(next);
    }
    release(std::move(workspace));
}

}  // namespace layermoe::bpe
