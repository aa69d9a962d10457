#include "app/gui/session.h"

namespace layermoe {

void Session::setModel(const QString& folder, const QString& preset, std::optional<ModelConfig> config) {
    model_folder_ = folder;
    preset_ = preset;
    model_config_ = std::move(config);
    Q_EMIT modelChanged();
}

void Session::setCorpus(const QString& folder) {
    if (folder == corpus_) return;
    corpus_ = folder;
    Q_EMIT corpusChanged();
}

void Session::setGroups(const LanguageGroups& groups) {
    groups_ = groups;
    Q_EMIT groupsChanged();
}

void Session::setAnalysis(int64_t run, std::vector<LayerScore> scores) {
    analysis_run_ = run;
    scores_ = std::move(scores);
    Q_EMIT analysisChanged();
}

void Session::chooseAllocation(const Allocation& allocation, int64_t analysis_run) {
    allocation_ = allocation;
    allocation_analysis_run_ = analysis_run;
    Q_EMIT allocationChosen();
}

void Session::clearChosenAllocation() {
    if (!allocation_) return;
    allocation_.reset();
    allocation_analysis_run_ = 0;
    Q_EMIT allocationChosen();
}

}  // namespace layermoe
