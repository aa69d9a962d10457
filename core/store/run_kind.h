#pragma once
// What a run of the store is (its kind) and where it stands (its status). The store keeps both
// as text (docs/file-formats.md, "runs"); these are the only places that text is spelled.
#include <optional>
#include <string_view>

namespace layermoe {

enum class RunKind {
    Pretrain,  // a base model trained from scratch
    Eval,  // a saved model evaluated (held-out bits per byte, or multiple-choice tasks)
    Analyze,  // per-layer language similarity of a model
    Allocate,  // experts per layer chosen from an analysis (or uniformly)
    Stage1,  // new experts (and routers) trained on new-language text
    Stage2,  // routers (and classifiers) trained on new text plus a replay of old text
    Experiment,  // groups the runs of one experiment (base, methods, comparison)
    Routes,  // expert usage per layer and language of a model (core/report/routes.h)
    Unknown,  // a kind this version does not know (a store written by a later version)
};

enum class RunStatus {
    Running,
    Finished,
    Failed,
    Cancelled,  // stopped on request; a training run wrote a checkpoint first
    Interrupted,  // its process died (found by the next process that opens the store)
};

std::string_view to_string(RunKind kind);
std::string_view to_string(RunStatus status);
// Unknown text gives RunKind::Unknown.
RunKind parse_run_kind(std::string_view text);
std::optional<RunStatus> parse_run_status(std::string_view text);

// A status a run ends in (every one but Running).
inline bool is_final(RunStatus status) { return status != RunStatus::Running; }
// Training stages whose progress has a loss curve.
inline bool is_training(RunKind kind) {
    return kind == RunKind::Pretrain || kind == RunKind::Stage1 || kind == RunKind::Stage2;
}
inline bool is_stage(RunKind kind) { return kind == RunKind::Stage1 || kind == RunKind::Stage2; }

}  // namespace layermoe
