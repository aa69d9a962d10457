#include "core/data/bpe_added_tokens.h"

#include <algorithm>

namespace layermoe::bpe {

void AddedTokenSplitter::add(std::string content, int32_t id) {
    auto& bucket = by_first_byte_[static_cast<unsigned char>(content.front())];
    const auto same = std::find_if(bucket.begin(), bucket.end(), [&](const Entry& e) { return e.content == content; });
    if (same != bucket.end()) {
        same->id = id;  // a later duplicate wins, as in a map
        return;
    }
    bucket.push_back({std::move(content), id});
    std::stable_sort(bucket.begin(), bucket.end(),
                     [](const Entry& a, const Entry& b) { return a.content.size() > b.content.size(); });
    ++count_;
}

}  // namespace layermoe::bpe
