#include "core/data/utf8.h"

#include <array>
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

// The same rules as an automaton over bytes, for the common case of valid text. A "shift-based"
// DFA: each state is a bit offset (a multiple of 6), and kRows[b] holds, at the offset of every
// state, the offset of the state byte b leads to. The row's load does not depend on the state,
// so from one byte to the next the chain is one shift. On the lines of bench/make_corpus.py (ten
// scripts, one sentence a line) it checked 1.10-1.16 GB/s where the branches of sequence_length
// alone checked 0.47-0.49, which branch comes next being hard to predict on such text.
enum : uint8_t {
    kAccept = 0,  // between sequences
    kReject = 6,  // absorbing
    kCont1 = 12,  // 1, 2 or 3 continuation bytes (80..BF) to go
    kCont2 = 18,
    kCont3 = 24,
    kAfterE0 = 30,  // A0..BF next (not overlong)
    kAfterED = 36,  // 80..9F next (not a surrogate)
    kAfterF0 = 42,  // 90..BF next (not overlong)
    kAfterF4 = 48,  // 80..8F next (not above U+10FFFF)
};

constexpr uint8_t next_state(uint8_t state, unsigned b) {
    const bool cont = (b & 0xC0) == 0x80;
    switch (state) {
    case kAccept:
        if (b < 0x80) return kAccept;
        if (b < 0xC2) return kReject;
        if (b < 0xE0) return kCont1;
        if (b == 0xE0) return kAfterE0;
        if (b == 0xED) return kAfterED;
        if (b < 0xF0) return kCont2;
        if (b == 0xF0) return kAfterF0;
        if (b < 0xF4) return kCont3;
        if (b == 0xF4) return kAfterF4;
        return kReject;
    case kCont1: return cont ? kAccept : kReject;
    case kCont2: return cont ? kCont1 : kReject;
    case kCont3: return cont ? kCont2 : kReject;
    case kAfterE0: return b >= 0xA0 && b <= 0xBF ? kCont1 : kReject;
    case kAfterED: return b >= 0x80 && b <= 0x9F ? kCont1 : kReject;
    case kAfterF0: return b >= 0x90 && b <= 0xBF ? kCont2 : kReject;
    case kAfterF4: return b >= 0x80 && b <= 0x8F ? kCont2 : kReject;
    default: return kReject;
    }
}

constexpr std::array<uint64_t, 256> make_rows() {
    std::array<uint64_t, 256> rows{};
    for (unsigned b = 0; b < 256; ++b)
        for (uint8_t state : {kAccept, kReject, kCont1, kCont2, kCont3, kAfterE0, kAfterED, kAfterF0, kAfterF4})
            rows[b] |= uint64_t(next_state(state, b)) << state;
    return rows;
}

constexpr std::array<uint64_t, 256> kRows = make_rows();

bool valid_by_automaton(const unsigned char* s, size_t n) {
    uint64_t state = kAccept;
    size_t i = 0;
    while (i + 16 <= n) {
        if (state == kAccept && ascii_block(s + i) && ascii_block(s + i + 8)) {
            i += 16;
            continue;
        }
        for (size_t k = 0; k < 16; ++k) state = kRows[s[i + k]] >> (state & 63);
        state &= 63;
        if (state == kReject) return false;
        i += 16;
    }
    for (; i < n; ++i) state = kRows[s[i]] >> (state & 63);
    return (state & 63) == kAccept;
}

}  // namespace

bool is_valid_utf8(std::string_view text, size_t* bad_offset) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    if (valid_by_automaton(s, n)) return true;
    // Invalid: find where, sequence by sequence.
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
    return true;  // not reached: the automaton and sequence_length accept the same texts
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
