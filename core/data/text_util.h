#pragma once
// Small string helpers shared by the corpus readers and language lists.
#include <string>
#include <string_view>
#include <vector>

namespace layermoe {

std::string_view trim(std::string_view s);  // drops ASCII whitespace at both ends
std::vector<std::string_view> split(std::string_view s, char sep);
std::string join(const std::vector<std::string>& items, std::string_view sep);
std::string to_lower_ascii(std::string_view s);
bool ends_with(std::string_view s, std::string_view suffix);

}  // namespace layermoe
