#include "app/gui/pages/playground_page.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTextEdit>
#include <QVBoxLayout>
#include <memory>

#include "app/gui/job_runner.h"
#include "app/gui/settings_dialog.h"
#include "app/gui/workspace.h"
#include "core/jobs/generate_job.h"
#include "widgets/routing_strip.h"

namespace layermoe {

namespace {

// A model folder: its config.json and weights (one file or an index of shards).
bool is_model_folder(const QDir& dir) {
    return dir.exists(QStringLiteral("config.json")) &&
           (dir.exists(QStringLiteral("model.safetensors")) || dir.exists(QStringLiteral("model.safetensors.index.json")));
}

// The default model of a column: the base, a LayerMoE model, a MoE-LPR model (an experiment's
// finished stage 2, seed 1 first); empty when the workspace has none.
QString default_model(const QStringList& models, int column) {
    const auto find = [&](const QString& part, bool stage2) {
        for (const auto& m : models)
            if (m.contains(part) && (!stage2 || m.endsWith(QStringLiteral("stage2")))) return m;
        return QString();
    };
    switch (column) {
    case 0: {
        const QString base = find(QStringLiteral("base"), false);
        return base.isEmpty() && !models.isEmpty() ? models.front() : base;
    }
    case 1: {
        const QString m = find(QStringLiteral("layermoe"), true);
        return m.isEmpty() ? find(QStringLiteral("layermoe"), false) : m;
    }
    default: {
        const QString m = find(QStringLiteral("moe-lpr"), true);
        return m.isEmpty() ? find(QStringLiteral("moe-lpr"), false) : m;
    }
    }
}

StripToken strip_token(const GeneratedToken& t) {
    StripToken out;
    out.text = QString::fromStdString(t.text);
    for (const auto& r : t.routing) out.layers.push_back({r.layer, r.experts, r.weights, r.routing_class});
    return out;
}

}  // namespace

PlaygroundPage::PlaygroundPage(Workspace& workspace, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), workspace_(workspace), jobs_(jobs), prompt_(new QPlainTextEdit), max_new_(new QSpinBox),
      top_k_(new QSpinBox), seed_(new QSpinBox), temperature_(new QDoubleSpinBox), top_p_(new QDoubleSpinBox),
      generate_(new QPushButton), stop_(new QPushButton), legend_(new QLabel), status_(new QLabel) {
    prompt_->setMaximumHeight(prompt_->fontMetrics().lineSpacing() * 4 + 12);
    max_new_->setRange(1, 4096);
    max_new_->setValue(64);
    temperature_->setRange(0.0, 5.0);
    temperature_->setSingleStep(0.1);
    temperature_->setDecimals(2);
    temperature_->setValue(0.0);
    top_k_->setRange(0, 1'000'000);
    top_p_->setRange(0.01, 1.0);
    top_p_->setSingleStep(0.05);
    top_p_->setValue(1.0);
    seed_->setRange(0, 999'999);
    seed_->setValue(1);
    stop_->setEnabled(false);
    for (QLabel* label : {legend_, status_}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }

    // Two rows, so that the page fits a small window.
    auto* options = new QGridLayout;
    const std::array<QWidget*, 5> fields{max_new_, temperature_, top_k_, top_p_, seed_};
    for (size_t i = 0; i < fields.size(); ++i) {
        option_labels_[i] = new QLabel;
        const int row = i < 3 ? 0 : 1, column = 2 * static_cast<int>(i < 3 ? i : i - 3);
        options->addWidget(option_labels_[i], row, column);
        options->addWidget(fields[i], row, column + 1);
    }
    options->setColumnStretch(6, 1);
    options->addWidget(generate_, 1, 7);
    options->addWidget(stop_, 1, 8);

    auto* grid = new QGridLayout;
    for (int c = 0; c < kColumns; ++c) {
        auto& col = columns_[static_cast<size_t>(c)];
        col.model = new QComboBox;
        col.model->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        col.model->setMinimumContentsLength(12);
        col.text = new QTextEdit;
        col.text->setReadOnly(true);
        col.text->setMinimumHeight(70);
        col.speed = new QLabel;
        col.speed->setWordWrap(true);
        col.strip = new RoutingStrip;
        col.strip_scroll = new QScrollArea;
        col.strip_scroll->setWidget(col.strip);
        col.strip_scroll->setWidgetResizable(true);
        col.strip_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        col.strip_scroll->setFixedHeight(40);
        grid->addWidget(col.model, 0, c);
        grid->addWidget(col.text, 1, c);
        grid->addWidget(col.speed, 2, c);
        grid->addWidget(col.strip_scroll, 3, c);
        grid->setColumnStretch(c, 1);
    }
    grid->setRowStretch(1, 1);

    auto* layout = new QVBoxLayout(this);
    option_labels_[5] = new QLabel;
    layout->addWidget(option_labels_[5]);
    layout->addWidget(prompt_);
    layout->addLayout(options);
    layout->addLayout(grid, 1);
    layout->addWidget(legend_);
    layout->addWidget(status_);

    connect(generate_, &QPushButton::clicked, this, [this] { generate(); });
    connect(stop_, &QPushButton::clicked, this, [this] { stop(); });
    connect(&workspace_, &Workspace::opened, this, [this] { refreshModels(); });
    retranslate();
}

void PlaygroundPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void PlaygroundPage::showEvent(QShowEvent* event) {
    // Models an experiment (or the CLI) made since are offered when the page is shown again.
    if (!running_) refreshModels();
    QWidget::showEvent(event);
}

void PlaygroundPage::retranslate() {
    option_labels_[0]->setText(tr("New tokens"));
    option_labels_[1]->setText(tr("Temperature"));
    option_labels_[2]->setText(tr("Top-k"));
    option_labels_[3]->setText(tr("Top-p"));
    option_labels_[4]->setText(tr("Seed"));
    option_labels_[5]->setText(tr("Prompt"));
    temperature_->setToolTip(tr("0 = greedy: the most likely token each time"));
    top_k_->setToolTip(tr("Sample among the k most likely tokens (0 = all)"));
    top_p_->setToolTip(tr("Sample among the fewest tokens whose probabilities reach p"));
    prompt_->setPlaceholderText(tr("Text the models continue, e.g. a sentence in a new language"));
    generate_->setText(tr("Generate"));
    stop_->setText(tr("Stop"));
    legend_->setText(tr("Under each text: one row per MoE layer (L), one cell per generated token, coloured by the "
                        "expert that carried most of its weight: light gray is expert 0, the original FFN; colours "
                        "are new experts. Hover a cell for the token's experts and weights in every layer."));
    for (auto& col : columns_) {
        if (col.model->count() > 0) col.model->setItemText(0, tr("(none)"));
    }
}

void PlaygroundPage::applySettings(const WorkbenchSettings& settings) {
    device_ = settings.device;
    threads_ = settings.threads;
}

void PlaygroundPage::refreshModels() {
    models_.clear();
    if (workspace_.isOpen()) {
        const QDir root(workspace_.modelsFolder());
        QDirIterator it(root.path(), QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString relative = root.relativeFilePath(path);
            // Checkpoints are a stage's state for resuming, not a model to read.
            if (relative.contains(QStringLiteral("checkpoint")) || relative.count(QLatin1Char('/')) > 2) continue;
            if (is_model_folder(QDir(path))) models_ << relative;
        }
        models_.sort();
    }
    for (int c = 0; c < kColumns; ++c) {
        auto* box = columns_[static_cast<size_t>(c)].model;
        const QString previous = box->currentIndex() > 0 ? box->currentText() : QString();
        const bool had_items = box->count() > 0;
        box->clear();
        box->addItem(tr("(none)"));
        box->addItems(models_);
        const QString wanted = had_items && models_.contains(previous) ? previous : default_model(models_, c);
        const int index = box->findText(wanted);
        box->setCurrentIndex(wanted.isEmpty() || index < 0 ? 0 : index);
    }
}

bool PlaygroundPage::generate() {
    const QString prompt = prompt_->toPlainText();
    if (running_ || jobs_.isRunning()) {
        status_->setText(tr("Another job is running; generate when it has finished."));
        return false;
    }
    if (!workspace_.isOpen()) {
        status_->setText(tr("Open a workspace first (File > Open Workspace)."));
        return false;
    }
    if (prompt.trimmed().isEmpty()) {
        status_->setText(tr("Write a prompt first."));
        return false;
    }
    std::vector<std::pair<int, std::filesystem::path>> chosen;
    for (int c = 0; c < kColumns; ++c) {
        auto* box = columns_[static_cast<size_t>(c)].model;
        if (box->currentIndex() > 0)
            chosen.emplace_back(c, QDir(workspace_.modelsFolder()).filePath(box->currentText()).toStdString());
    }
    if (chosen.empty()) {
        status_->setText(tr("Choose a model in at least one column (the workspace's models folder has %n model(s)).", "",
                            static_cast<int>(models_.size())));
        return false;
    }
    SamplingOptions sampling;
    sampling.max_new = max_new_->value();
    sampling.temperature = temperature_->value();
    sampling.top_k = top_k_->value();
    sampling.top_p = top_p_->value();
    sampling.seed = static_cast<uint64_t>(seed_->value());
    sampling.routing = true;
    RunSettings run;
    run.device = device_.toStdString();
    run.threads = threads_;
    for (auto& col : columns_) {
        col.text->clear();
        col.speed->clear();
        col.strip->clear();
        col.tokens = 0;
    }
    const std::string prompt_text = prompt.toStdString();
    const bool started = jobs_.start(tr("Generate"), [this, chosen, sampling, run, prompt_text](const ProgressFn& progress) {
        const int64_t total = sampling.max_new * static_cast<int64_t>(chosen.size());
        int64_t made = 0;
        for (size_t i = 0; i < chosen.size(); ++i) {
            const int column = chosen[i].first;
            QMetaObject::invokeMethod(this, [this, column, prompt_text] { begin(column, QString::fromStdString(prompt_text)); },
                                      Qt::QueuedConnection);
            bool go_on = true;
            const auto on_token = [&](size_t, const GeneratedToken& token) {
                QMetaObject::invokeMethod(this, [this, column, token] { appendToken(column, token); },
                                          Qt::QueuedConnection);
                go_on = report(progress, {Stage::Generate, ++made, total, "token", ""});
                return go_on;
            };
            const auto result = run_generate_job(chosen[i].second, {prompt_text}, sampling, run, on_token, progress);
            const Generation g = result.generations.front();
            const double load = result.load_seconds;
            QMetaObject::invokeMethod(this, [this, column, g, load] { finish(column, g, load); }, Qt::QueuedConnection);
            if (!go_on) return;
        }
    });
    if (!started) {
        status_->setText(tr("Another job is running; generate when it has finished."));
        return false;
    }
    setRunning(true);
    status_->setText(tr("Generating with %n model(s), one after another.", "", static_cast<int>(chosen.size())));
    auto done = std::make_shared<QMetaObject::Connection>();
    *done = connect(&jobs_, &JobRunner::finished, this, [this, done](bool ok, bool cancelled, const QString& error) {
        disconnect(*done);
        setRunning(false);
        status_->setText(cancelled ? tr("Stopped.") : ok ? tr("Done.") : tr("Generation failed: %1").arg(error));
        Q_EMIT generationFinished();
    });
    return true;
}

void PlaygroundPage::stop() {
    if (running_) jobs_.cancel();
}

void PlaygroundPage::setRunning(bool running) {
    running_ = running;
    generate_->setEnabled(!running);
    stop_->setEnabled(running);
    for (auto& col : columns_) col.model->setEnabled(!running);
}

void PlaygroundPage::fitStrip(int column) {
    // Tokens wrap at the column's width; the strip is as tall as its lines, up to a limit, then
    // it scrolls. Its height follows the width it has (RoutingStrip::heightForWidth).
    auto& col = columns_[static_cast<size_t>(column)];
    const int width = col.strip_scroll->viewport()->width();
    const int needed = col.strip->heightForWidth(width);
    col.strip->setMinimumHeight(needed);
    col.strip_scroll->setFixedHeight(std::min(needed, 200) + 2 * col.strip_scroll->frameWidth());
}

void PlaygroundPage::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    for (int c = 0; c < kColumns; ++c) fitStrip(c);
}

void PlaygroundPage::begin(int column, const QString& prompt) {
    auto& col = columns_[static_cast<size_t>(column)];
    col.text->clear();
    QTextCharFormat gray;
    gray.setForeground(palette().color(QPalette::PlaceholderText));
    QTextCursor cursor = col.text->textCursor();
    cursor.insertText(prompt, gray);
    col.speed->setText(tr("loading the model..."));
    clock_.restart();
    col.first_token_ms = -1;
}

void PlaygroundPage::appendToken(int column, const GeneratedToken& token) {
    auto& col = columns_[static_cast<size_t>(column)];
    QTextCursor cursor = col.text->textCursor();
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(QString::fromStdString(token.text), QTextCharFormat());
    col.text->setTextCursor(cursor);
    col.text->ensureCursorVisible();
    col.strip->appendToken(strip_token(token));
    fitStrip(column);
    col.strip_scroll->verticalScrollBar()->setValue(col.strip_scroll->verticalScrollBar()->maximum());
    ++col.tokens;
    if (col.first_token_ms < 0) col.first_token_ms = clock_.elapsed();
    const double seconds = static_cast<double>(clock_.elapsed() - col.first_token_ms) / 1000.0;
    if (seconds > 0.2)
        col.speed->setText(tr("%1 tokens, %2 tokens/s").arg(col.tokens).arg(static_cast<double>(col.tokens) / seconds, 0, 'f', 1));
    else
        col.speed->setText(tr("%1 tokens").arg(col.tokens));
}

void PlaygroundPage::finish(int column, const Generation& g, double load_seconds) {
    auto& col = columns_[static_cast<size_t>(column)];
    // The end a stop string held back, when none came.
    const QString shown = QString::fromStdString(g.text);
    QTextCursor cursor = col.text->textCursor();
    cursor.movePosition(QTextCursor::End);
    const int generated = col.text->toPlainText().size() - prompt_->toPlainText().size();
    if (shown.size() > generated && generated >= 0) cursor.insertText(shown.mid(generated), QTextCharFormat());
    QString stop;
    switch (g.stop) {
    case StopReason::Length: stop = tr("token limit"); break;
    case StopReason::Eos: stop = tr("end of text"); break;
    case StopReason::StopString: stop = tr("stop text"); break;
    case StopReason::Context: stop = tr("context full"); break;
    case StopReason::Cancelled: stop = tr("stopped"); break;
    }
    QStringList classes;
    for (const auto& [layer, c] : g.classes) classes << tr("L%1: %2").arg(layer).arg(c);
    QString text = tr("%1 tokens, %2 tokens/s (%3; loaded in %4 s)")
                       .arg(g.tokens.size())
                       .arg(g.tokens_per_second(), 0, 'f', 1)
                       .arg(stop)
                       .arg(load_seconds, 0, 'f', 1);
    if (!classes.isEmpty()) text += QLatin1Char('\n') + tr("routing class: %1").arg(classes.join(QStringLiteral(", ")));
    col.speed->setText(text);
}

}  // namespace layermoe
