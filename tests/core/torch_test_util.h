#pragma once
// Helpers shared by the Torch tests: a small corpus written to disk, tiny models.
#include <QTemporaryDir>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace layermoe::test {

// A FLORES-style corpus (dev/ + devtest/) of pseudo-sentences per language, written under dir.
inline void write_flores_corpus(const std::filesystem::path& dir, const std::vector<std::string>& langs,
                                int dev_lines = 60, int test_lines = 12) {
    static const char* words[] = {"the",  "river", "people", "light", "house", "water", "north", "market",
                                  "song", "el",    "agua",   "casa",  "gente", "luz",   "norte", "mercado"};
    std::filesystem::create_directories(dir / "dev");
    std::filesystem::create_directories(dir / "devtest");
    for (size_t li = 0; li < langs.size(); ++li) {
        std::mt19937 rng(static_cast<unsigned>(li * 31 + 7));
        for (const auto& [sub, ext, n] :
             {std::tuple{"dev", ".dev", dev_lines}, std::tuple{"devtest", ".devtest", test_lines}}) {
            std::ofstream out(dir / sub / (langs[li] + ext));
            for (int i = 0; i < n; ++i) {
                std::string line;
                const int len = 5 + static_cast<int>(rng() % 12);
                for (int w = 0; w < len; ++w) line += std::string(w ? " " : "") + words[(rng() + li * 3) % 16];
                out << line << ".\n";
            }
        }
    }
}

}  // namespace layermoe::test
