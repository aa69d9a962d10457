#include "core/data/unicode_nfc.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/utf8.h"

namespace layermoe {

namespace {

const icu::Normalizer2& nfc() {
    static const icu::Normalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const auto* n = icu::Normalizer2::getNFCInstance(status);
        if (U_FAILURE(status)) throw Error(fmt::format("ICU has no NFC data: {}", u_errorName(status)));
        return n;
    }();
    return *instance;
}

// Code points below U+0300 are NFC and never combine with what precedes them.
bool below_combining_marks(std::string_view text) {
    for (unsigned char c : text)
        if (c >= 0xCC) return false;
    return true;
}

bool is_nfc(std::string_view valid) {
    UErrorCode status = U_ZERO_ERROR;
    const bool yes = nfc().isNormalizedUTF8(icu::StringPiece(valid.data(), int32_t(valid.size())), status);
    return U_SUCCESS(status) && yes;
}

void append_nfc(std::string_view valid, std::string& out) {
    UErrorCode status = U_ZERO_ERROR;
    icu::StringByteSink<std::string> sink(&out);
    nfc().normalizeUTF8(0, icu::StringPiece(valid.data(), int32_t(valid.size())), sink, nullptr, status);
    if (U_FAILURE(status)) throw Error(fmt::format("NFC normalization failed: {}", u_errorName(status)));
}

// Calls f(run, valid) for the maximal valid UTF-8 runs and the single invalid bytes, in order.
template <class F>
void for_each_run(std::string_view text, F&& f) {
    size_t start = 0;
    while (start < text.size()) {
        size_t bad = 0;
        const auto rest = text.substr(start);
        if (is_valid_utf8(rest, &bad)) {
            f(rest, true);
            return;
        }
        if (bad > 0) f(rest.substr(0, bad), true);
        f(rest.substr(bad, 1), false);
        start += bad + 1;
    }
}

}  // namespace

bool nfc_if_needed(std::string_view text, std::string& out) {
    if (below_combining_marks(text)) return false;
    bool normalized = true;
    for_each_run(text, [&](std::string_view run, bool valid) {
        if (valid && normalized && !is_nfc(run)) normalized = false;
    });
    if (normalized) return false;
    out.clear();
    for_each_run(text, [&](std::string_view run, bool valid) {
        if (valid)
            append_nfc(run, out);
        else
            out.append(run);
    });
    return true;
}

}  // namespace layermoe
