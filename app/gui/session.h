#pragma once
// What the pages share: the model and corpus chosen on the data page, the language groups, the
// analysis the similarity page shows and the allocation the allocation page hands on. Pages
// change it through the setters; the signals tell the other pages.
#include <QObject>
#include <QString>
#include <optional>
#include <vector>

#include "core/analysis/allocation.h"
#include "core/analysis/scores.h"
#include "core/data/languages.h"
#include "core/model/config.h"

namespace layermoe {

class Session : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // The base: a model folder, or (folder empty) a preset the experiment pretrains first.
    QString modelFolder() const { return model_folder_; }
    QString preset() const { return preset_; }
    std::optional<ModelConfig> modelConfig() const { return model_config_; }  // of the folder or preset
    void setModel(const QString& folder, const QString& preset, std::optional<ModelConfig> config);

    QString corpus() const { return corpus_; }
    void setCorpus(const QString& folder);

    const LanguageGroups& groups() const { return groups_; }
    void setGroups(const LanguageGroups& groups);

    int64_t analysisRun() const { return analysis_run_; }  // 0 = none
    const std::vector<LayerScore>& scores() const { return scores_; }
    void setAnalysis(int64_t run, std::vector<LayerScore> scores);

    // The allocation "Use this allocation" handed on: the experiment trains exactly these experts
    // per layer and classifier layers, recorded with the analyze run they came from (0 = none).
    const std::optional<Allocation>& chosenAllocation() const { return allocation_; }
    int64_t chosenAnalysisRun() const { return allocation_analysis_run_; }
    void chooseAllocation(const Allocation& allocation, int64_t analysis_run);
    void clearChosenAllocation();  // back to the default: a new analysis of the base

Q_SIGNALS:
    void modelChanged();
    void corpusChanged();
    void groupsChanged();
    void analysisChanged();
    void allocationChosen();

private:
    QString model_folder_, preset_ = QStringLiteral("small"), corpus_;
    std::optional<ModelConfig> model_config_;
    LanguageGroups groups_;
    int64_t analysis_run_ = 0;
    std::vector<LayerScore> scores_;
    std::optional<Allocation> allocation_;
    int64_t allocation_analysis_run_ = 0;
};

}  // namespace layermoe
