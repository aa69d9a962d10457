#pragma once
// Unicode NFC through ICU, for tokenizers whose tokenizer.json asks for it (internal to core/data).
#include <string>
#include <string_view>

namespace layermoe {

// When text is not in NFC, writes its NFC form to out and returns true; otherwise returns false
// and leaves out alone, so the caller keeps using text. Invalid UTF-8 bytes are copied unchanged
// and normalization does not reach across them.
bool nfc_if_needed(std::string_view text, std::string& out);

}  // namespace layermoe
