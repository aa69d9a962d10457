#include "core/data/bpe_bytes.h"

#include <array>

#include "core/data/utf8.h"

namespace layermoe::bpe {

namespace {

struct ByteTable {
    std::array<std::string, 256> chars;
    std::array<int16_t, 512> byte_of;  // every character of the table is below U+0200
};

const ByteTable& table() {
    static const ByteTable t = [] {
        ByteTable out;
        out.byte_of.fill(-1);
        uint32_t next = 256;
        for (uint32_t b = 0; b < 256; ++b) {
            const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
            const uint32_t cp = printable ? b : next++;
            append_utf8(out.chars[b], cp);
            out.byte_of[cp] = int16_t(b);
        }
        return out;
    }();
    return t;
}

}  // namespace

std::string_view byte_char(uint8_t b) { return table().chars[b]; }

int byte_of_char(uint32_t cp) { return cp < 512 ? table().byte_of[cp] : -1; }

std::string token_bytes(std::string_view token) {
    std::string bytes;
    for (size_t i = 0; i < token.size();) {
        uint32_t cp = 0;
        const size_t len = decode_utf8(token, i, cp);
        const int b = len ? byte_of_char(cp) : -1;
        if (b < 0) return std::string(token);
        bytes += char(b);
        i += len;
    }
    return bytes;
}

}  // namespace layermoe::bpe
