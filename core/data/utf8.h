#pragma once
// Strict UTF-8 validation (RFC 3629): overlong forms, UTF-16 surrogates and code points above
// U+10FFFF are invalid, as is a sequence cut short.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace layermoe {

// On failure, *bad_offset (when given) is the byte offset where the invalid sequence starts.
bool is_valid_utf8(std::string_view s, size_t* bad_offset = nullptr);

// Decodes the sequence starting at s[i] into cp; returns its length, or 0 when it is invalid.
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp);

// Appends code point cp as UTF-8; surrogates and values above U+10FFFF become U+FFFD.
void append_utf8(std::string& out, uint32_t cp);

}  // namespace layermoe
