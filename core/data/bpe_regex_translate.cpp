// Oniguruma (Ruby syntax, as the Rust tokenizers library compiles split patterns) to ICU regex.
// Only constructs with the same meaning in both, or a known rewrite, pass; the rest is refused:
//   \s, \S     Oniguruma: U+0009..U+000D, U+0085 and the Z categories, which is exactly Unicode's
//              White_Space. ICU documents its \s as [\t\n\f\r\p{Z}] (without U+000B, U+0085);
//              ICU 72 in fact matches White_Space, but \p{White_Space} does not depend on that.
//   .          Oniguruma excludes only \n; ICU also \r, U+0085, U+2028, U+2029: [^\n].
//   \v         Oniguruma's vertical tab U+000B; ICU's vertical-whitespace class: \x{0B}.
//   {,n}       Oniguruma's {0,n}; ICU does not know it. X{n,m}+ repeats in Oniguruma but is
//              possessive in ICU, so it is refused, as are anchors, \w, \b, \h and back references.
#include <cctype>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/data/bpe_pretokenizer.h"

namespace layermoe::bpe {

namespace {

[[noreturn]] void refuse(std::string_view pattern, size_t at, std::string_view what) {
    throw Error(fmt::format("unsupported regex construct {} at offset {} of '{}'", what, at, pattern));
}

bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || std::isalpha(static_cast<unsigned char>(c)); }

// Copies a braced escape body \p{Name}, \x{hex}; returns the index after '}'.
size_t copy_braced(std::string_view p, size_t i, std::string& out) {
    const size_t close = p.find('}', i + 2);
    if (i + 2 >= p.size() || p[i + 2] != '{' || close == std::string_view::npos)
        refuse(p, i, fmt::format("'\\{}' without {{...}}", p[i + 1]));
    const auto body = p.substr(i + 3, close - i - 3);
    const bool hex = p[i + 1] == 'x';
    for (char c : body) {
        const bool ok =
            hex ? std::isxdigit(static_cast<unsigned char>(c)) != 0 : (is_ascii_alnum(c) || c == '_' || c == '=');
        if (!ok || body.empty()) refuse(p, i, fmt::format("'{}'", p.substr(i, close + 1 - i)));
    }
    out.append(p.substr(i, close + 1 - i));
    return close + 1;
}

// Translates the escape at p[i] == '\\'; returns the index after it.
size_t translate_escape(std::string_view p, size_t i, std::string& out) {
    if (i + 1 >= p.size()) refuse(p, i, "'\\' at the end");
    const char c = p[i + 1];
    switch (c) {
    case 's': out += "\\p{White_Space}"; return i + 2;
    case 'S': out += "\\P{White_Space}"; return i + 2;
    case 'v': out += "\\x{0B}"; return i + 2;
    case 'a': out += "\\x{07}"; return i + 2;
    case 'e': out += "\\x{1B}"; return i + 2;
    case 'd':
    case 'D':
    case 'r':
    case 'n':
    case 't':
    case 'f': out.append(p.substr(i, 2)); return i + 2;
    case 'p':
    case 'P': return copy_braced(p, i, out);
    case 'x':
        if (i + 2 < p.size() && p[i + 2] == '{') return copy_braced(p, i, out);
        if (i + 3 < p.size() && std::isxdigit(static_cast<unsigned char>(p[i + 2])) &&
            std::isxdigit(static_cast<unsigned char>(p[i + 3]))) {
            out.append(p.substr(i, 4));
            return i + 4;
        }
        refuse(p, i, "'\\x' without two hex digits");
    default: break;
    }
    if (static_cast<unsigned char>(c) >= 0x80) return i + 1;  // "\é" is é: copy it unescaped
    if (is_ascii_alnum(c)) refuse(p, i, fmt::format("'\\{}'", c));
    out += '\\';
    out += c;
    return i + 2;
}

// A valid Oniguruma interval {n}, {n,}, {n,m}, {,m} at p[i]; its length, 0 when it is a literal.
size_t interval_length(std::string_view p, size_t i) {
    size_t j = i + 1, digits = 0, commas = 0;
    for (; j < p.size() && p[j] != '}'; ++j) {
        if (p[j] == ',')
            ++commas;
        else if (std::isdigit(static_cast<unsigned char>(p[j])))
            ++digits;
        else
            return 0;
    }
    if (j >= p.size() || digits == 0 || commas > 1) return 0;
    return j + 1 - i;
}

size_t translate_group(std::string_view p, size_t i, std::string& out) {
    if (i + 1 >= p.size() || p[i + 1] != '?') {
        out += '(';
        return i + 1;
    }
    for (std::string_view prefix : {"(?:", "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?i:"}) {
        if (p.substr(i, prefix.size()) == prefix) {
            out.append(prefix);
            return i + prefix.size();
        }
    }
    refuse(p, i, fmt::format("'{}'", p.substr(i, 4)));
}

}  // namespace

std::string oniguruma_to_icu(std::string_view p) {
    std::string out;
    int class_depth = 0;
    bool class_start = false;  // just after '[' or '[^'
    for (size_t i = 0; i < p.size();) {
        const char c = p[i];
        const char next = i + 1 < p.size() ? p[i + 1] : '\0';
        if (c == '\\') {
            i = translate_escape(p, i, out);
        } else if (c == '[') {
            if (class_depth > 0 && next == ':') refuse(p, i, "POSIX bracket '[:'");
            out += '[';
            ++class_depth;
            ++i;
            if (i < p.size() && p[i] == '^') out += p[i++];
            if (i < p.size() && p[i] == ']') refuse(p, i, "']' first in a class");
            class_start = true;
            continue;
        } else if (class_depth > 0) {
            if (c == ']') {
                --class_depth;
                out += c;
            } else if ((c == '&' && next == '&') || (c == '-' && next == '-')) {
                refuse(p, i, fmt::format("'{}{}' in a class", c, next));
            } else if (c == '-' && !class_start && next != ']') {
                out += c;  // a range
            } else if (std::ispunct(static_cast<unsigned char>(c))) {
                out += '\\';  // ICU gives some punctuation meaning inside sets; Oniguruma none here
                out += c;
            } else {
                out += c;
            }
            ++i;
        } else if (c == '.') {
            out += "[^\\n]";
            ++i;
        } else if (c == '^' || c == '$') {
            refuse(p, i, fmt::format("anchor '{}'", c));
        } else if (c == '(') {
            i = translate_group(p, i, out);
        } else if (c == '{') {
            const size_t len = interval_length(p, i);
            if (len == 0) {
                out += "\\{";
                ++i;
                continue;
            }
            if (i + len < p.size() && p[i + len] == '+') refuse(p, i, "'{n,m}+'");
            out += p[i + 1] == ',' ? "{0" : "{";
            out.append(p.substr(i + 1, len - 1));
            i += len;
        } else if (c == '}') {
            out += "\\}";
            ++i;
        } else {
            out += c;
            ++i;
        }
        class_start = false;
    }
    if (class_depth != 0) refuse(p, p.size(), "unterminated class '['");
    return out;
}

}  // namespace layermoe::bpe
