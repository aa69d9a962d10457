#include "core/data/utf8.h"

#include <cstring>

namespace layermoe {

namespace {

// Length of the valid sequence starting at s[i], or 0 when it is invalid.
size_t sequence_length(const unsigned char* s, size_t i, size_t n) {
    const unsigned char b0 = s[i];
    auto cont = [&](size_t k) { return i + k < n && (s[i + k] & 0xC0) == 0x80; };
    if (b0 < 0x80) return 1;
    if (b0 < 0xC2) return 0;  // stray continuation byte or overlong 2-byte form
    if (b0 < 0xE0) return cont(1) ? 2 : 0;
    if (b0 < 0xF0) {
        if (!cont(1) || !cont(2)) return 0;
        if (b0 == 0xE0 && s[i + 1] < 0xA0) return 0;  // overlong
        if (b0 == 0xED && s[i + 1] >= 0xA0) return 0;  // surrogate D800..DFFF
        return 3;
    }
    if (b0 < 0xF5) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (b0 == 0xF0 && s[i + 1] < 0x90) return 0;  // overlong
        if (b0 == 0xF4 && s[i + 1] >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

bool ascii_block(const unsigned char* p) {
    uint64_t word;
    std::memcpy(&word, p, sizeof word);
    return (word & 0x8080808080808080ULL) == 0;
}

}  // namespace

bool is_valid_utf8(std::string_view text, size_t* bad_offset) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        // Most corpus text is largely ASCII: skip it eight bytes at a time.
        if (i + 8 <= n && ascii_block(s + i)) {
            i += 8;
            continue;
        }
        const size_t len = sequence_length(s, i, n);
        if (len == 0) {
            if (bad_offset) *bad_offset = i;
            return false;
        }
        i += len;
    }
    return true;
}

size_t decode_utf8(std::string_view text, size_t i, uint32_t& cp) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t len = sequence_length(s, i, text.size());
    switch (len) {
    case 1: cp = s[i]; break;
    case 2: cp = (uint32_t(s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F); break;
    case 3: cp = (uint32_t(s[i] & 0x0F) << 12) | (uint32_t(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F); break;
    case 4:
        cp = (uint32_t(s[i] & 0x07) << 18) | (uint32_t(s[i + 1] & 0x3F) << 12) | (uint32_t(s[i + 2] & 0x3F) << 6) |
             (s[i + 3] & 0x3F);
        break;
    default: break;
    }
    return len;
}

void append_utf8(std::string& out, uint32_t cp) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

}  // namespace layermoe
