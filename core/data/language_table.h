#pragma once
// The built-in language rows (internal to core/data): plain literals, so the table costs no
// start-up work beyond building the vector once.
#include <span>

namespace layermoe::detail {

struct LanguageRow {
    const char* code;
    const char* name;
    const char* script;
};

std::span<const LanguageRow> flores_language_rows();
std::span<const LanguageRow> udhr_only_language_rows();

}  // namespace layermoe::detail
