#include "core/data/html_text.h"

#include <algorithm>
#include <charconv>

#include "core/data/text_util.h"
#include "core/data/utf8.h"

namespace layermoe {

namespace {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Start of the next `<p>` or `<p ...>` tag at or after from (not <pre>, <param>, ...).
size_t find_p_open(std::string_view html, size_t from) {
    for (size_t pos = html.find("<p", from); pos != std::string_view::npos; pos = html.find("<p", pos + 2)) {
        const size_t next = pos + 2;
        if (next < html.size() && (html[next] == '>' || is_ascii_space(html[next]))) return pos;
    }
    return std::string_view::npos;
}

// Numeric (&#65; &#x41;) or named entity body without & and ;, as UTF-8; empty when unknown.
std::string entity_text(std::string_view body) {
    if (body.starts_with('#')) {
        const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        const std::string_view digits = body.substr(hex ? 2 : 1);
        uint32_t cp = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
        if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) return {};
        std::string out;
        append_utf8(out, cp == 0 ? 0xFFFD : cp);
        return out;
    }
    if (body == "amp") return "&";
    if (body == "lt") return "<";
    if (body == "gt") return ">";
    if (body == "quot") return "\"";
    if (body == "apos") return "'";
    if (body == "nbsp") return "\xC2\xA0";
    return {};
}

std::string strip_tags(std::string_view fragment) {
    std::string out;
    for (size_t i = 0; i < fragment.size();) {
        if (fragment[i] != '<') {
            out += fragment[i++];
            continue;
        }
        const size_t close = fragment.find('>', i);
        if (close == std::string_view::npos) break;
        if (fragment.substr(i, 3) == "<br") out += ' ';  // a line break separates words
        i = close + 1;
    }
    return out;
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    bool pending_space = false;
    for (char c : trim(text)) {
        if (is_ascii_space(c)) {
            pending_space = true;
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

}  // namespace

std::string decode_html_entities(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const size_t semi = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
        const std::string decoded =
            semi != std::string_view::npos && semi - i <= 12 ? entity_text(text.substr(i + 1, semi - i - 1)) : "";
        if (decoded.empty()) {
            out += text[i];
            continue;
        }
        out += decoded;
        i = semi;
    }
    return out;
}

std::string html_to_text(std::string_view fragment) {
    return collapse_whitespace(decode_html_entities(strip_tags(fragment)));
}

std::vector<std::string> html_paragraphs(std::string_view html) {
    std::vector<std::string> paragraphs;
    for (size_t open = find_p_open(html, 0); open != std::string_view::npos;) {
        const size_t body = html.find('>', open);
        if (body == std::string_view::npos) break;
        // A missing </p> ends the paragraph at the next <p>, as browsers do.
        const size_t next_open = find_p_open(html, body);
        const size_t close = std::min(html.find("</p>", body), next_open);
        std::string text = html_to_text(html.substr(body + 1, std::min(close, html.size()) - body - 1));
        if (!text.empty()) paragraphs.push_back(std::move(text));
        open = next_open;
    }
    return paragraphs;
}

}  // namespace layermoe
