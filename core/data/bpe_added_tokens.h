#pragma once
// Added tokens (special or not) are cut out of the text before anything else, as literal byte
// strings: at each position the longest one that starts there, scanning left to right (the
// leftmost-longest matching of the Rust tokenizers library). Internal to core/data.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace layermoe::bpe {

class AddedTokenSplitter {
public:
    void add(std::string content, int32_t id);  // content not empty
    bool empty() const { return count_ == 0; }

    // Calls on_text(view) for each non-empty stretch between matches and on_token(id) for each
    // match, in text order.
    template <class OnText, class OnToken>
    void split(std::string_view text, OnText&& on_text, OnToken&& on_token) const {
        size_t start = 0;
        for (size_t i = 0; i < text.size();) {
            const Entry* match = longest_at(text, i);
            if (!match) {
                ++i;
                continue;
            }
            if (i > start) on_text(text.substr(start, i - start));
            on_token(match->id);
            i += match->content.size();
            start = i;
        }
        if (start < text.size()) on_text(text.substr(start));
    }

private:
    struct Entry {
        std::string content;
        int32_t id;
    };
    const Entry* longest_at(std::string_view text, size_t i) const {
        for (const auto& e : by_first_byte_[static_cast<unsigned char>(text[i])])  // longest first
            if (text.compare(i, e.content.size(), e.content) == 0) return &e;
        return nullptr;
    }
    std::array<std::vector<Entry>, 256> by_first_byte_;
    size_t count_ = 0;
};

}  // namespace layermoe::bpe
