#pragma once
// The playground: one prompt, up to three models of the workspace side by side (by default the
// base, a LayerMoE and a MoE-LPR model), their text streamed into each column as it is made, with
// tokens/s, and Stop. Under each text a routing strip (widgets/routing_strip.h): a row per MoE
// layer, a cell per generated token, coloured by its expert; hovering shows the experts and
// weights per layer. The models generate one after another on the job runner's thread
// (core/jobs/generate_job.h); Stop (or the status bar's Cancel) ends the generation at the next token.
#include <QElapsedTimer>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <array>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QTextEdit;

namespace layermoe {

class JobRunner;
class RoutingStrip;
class Workspace;
struct GeneratedToken;
struct Generation;
struct WorkbenchSettings;

class PlaygroundPage : public QWidget {
    Q_OBJECT
public:
    static constexpr int kColumns = 3;

    PlaygroundPage(Workspace& workspace, JobRunner& jobs, QWidget* parent = nullptr);
    QPlainTextEdit* promptEdit() const { return prompt_; }
    QComboBox* modelBox(int column) const { return columns_[static_cast<size_t>(column)].model; }
    QTextEdit* output(int column) const { return columns_[static_cast<size_t>(column)].text; }
    QLabel* speedLabel(int column) const { return columns_[static_cast<size_t>(column)].speed; }
    RoutingStrip* strip(int column) const { return columns_[static_cast<size_t>(column)].strip; }
    QSpinBox* maxNewSpin() const { return max_new_; }
    QDoubleSpinBox* temperatureSpin() const { return temperature_; }
    QSpinBox* topKSpin() const { return top_k_; }
    QDoubleSpinBox* topPSpin() const { return top_p_; }
    QSpinBox* seedSpin() const { return seed_; }
    QPushButton* generateButton() const { return generate_; }
    QPushButton* stopButton() const { return stop_; }
    QLabel* statusLabel() const { return status_; }

    // The model folders of the workspace (under its models folder, relative to it), found again.
    void refreshModels();
    QStringList modelFolders() const { return models_; }
    // Starts generating in every column with a model; false (and why, in the status line) when it
    // cannot start.
    bool generate();
    void stop();
    bool isGenerating() const { return running_; }
    void applySettings(const WorkbenchSettings& settings);

Q_SIGNALS:
    void generationFinished();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Column {
        QComboBox* model = nullptr;
        QTextEdit* text = nullptr;
        QLabel* speed = nullptr;
        RoutingStrip* strip = nullptr;
        QScrollArea* strip_scroll = nullptr;
        qint64 tokens = 0;
        qint64 first_token_ms = 0;
    };
    void retranslate();
    void begin(int column, const QString& prompt);
    void appendToken(int column, const GeneratedToken& token);
    void finish(int column, const Generation& generation, double load_seconds);
    void setRunning(bool running);
    void fitStrip(int column);

    Workspace& workspace_;
    JobRunner& jobs_;
    QPlainTextEdit* prompt_;
    QSpinBox *max_new_, *top_k_, *seed_;
    QDoubleSpinBox *temperature_, *top_p_;
    QPushButton *generate_, *stop_;
    QLabel *legend_, *status_;
    std::array<QLabel*, 6> option_labels_{};
    std::array<Column, kColumns> columns_;
    QStringList models_;
    QString device_ = QStringLiteral("cpu");
    int threads_ = 0;
    bool running_ = false;
    QElapsedTimer clock_;  // since the column's model began loading
};

}  // namespace layermoe
