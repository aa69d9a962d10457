#pragma once
// Long work reports through a callback that may ask it to stop (returns false). The stage is a
// value front ends switch on (the workbench names it in its own language, the CLI prints
// to_string), never text they parse.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace layermoe {

enum class Stage {
    Load,  // reading a model folder or a corpus
    Memory,  // the memory plan of the work about to start
    Bpe,  // training a BPE tokenizer
    Pretrain,  // training a base model
    Stage1,  // expansion stage 1
    Stage2,  // expansion stage 2
    Analyze,  // capturing hidden states for the similarity (mean)
    AnalyzeAligned,  // the same, sentence by sentence (aligned)
    Eval,  // held-out bits per byte
    Tasks,  // multiple-choice scoring
    Export,  // writing a Hugging Face folder
    Generate,  // generating text
    Routes,  // measuring expert usage per language
};

constexpr std::string_view to_string(Stage stage) {
    switch (stage) {
    case Stage::Load: return "load";
    case Stage::Memory: return "memory";
    case Stage::Bpe: return "bpe";
    case Stage::Pretrain: return "pretrain";
    case Stage::Stage1: return "stage1";
    case Stage::Stage2: return "stage2";
    case Stage::Analyze: return "analyze";
    case Stage::AnalyzeAligned: return "analyze aligned";
    case Stage::Eval: return "eval";
    case Stage::Tasks: return "tasks";
    case Stage::Export: return "export";
    case Stage::Generate: return "generate";
    case Stage::Routes: return "routes";
    }
    return "?";
}

struct Progress {
    Stage stage = Stage::Load;
    int64_t done = 0;  // units finished (steps, documents, tokens)
    int64_t total = 0;  // units planned, 0 when unknown
    std::string unit;  // "step", "doc", "token"
    std::string message;  // short human text, e.g. "loss 2.31"
};

// Return false to ask the work to stop at the next safe point.
using ProgressFn = std::function<bool(const Progress&)>;

inline bool report(const ProgressFn& fn, const Progress& p) { return fn ? fn(p) : true; }

}  // namespace layermoe
