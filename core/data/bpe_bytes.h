#pragma once
// GPT-2's byte-to-unicode table (internal to core/data): a byte-level BPE vocabulary spells
// byte b as one printable character, b itself for bytes 33..126, 161..172 and 174..255, and
// U+0100, U+0101, ... in byte order for the others.
#include <cstdint>
#include <string>
#include <string_view>

namespace layermoe::bpe {

std::string_view byte_char(uint8_t b);  // the character's UTF-8 (one or two bytes)
int byte_of_char(uint32_t cp);  // the byte cp stands for, -1 when none

// The bytes a vocabulary token stands for: each character mapped back to its byte; a token with
// a character outside the table is its own UTF-8 (as the Hugging Face ByteLevel decoder does).
std::string token_bytes(std::string_view token);

}  // namespace layermoe::bpe
