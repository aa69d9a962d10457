#include "app/gui/pages/results_page.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>
#include <filesystem>

#include "app/gui/report.h"
#include "app/gui/workspace.h"
#include "core/common/error.h"
#include "core/io/files.h"
#include "core/store/store.h"
#include "widgets/comparison_chart.h"
#include "widgets/item_export.h"
#include "widgets/metric_plot.h"
#include "widgets/plot_export.h"
#include "widgets/runs_table_model.h"

namespace layermoe {

namespace {

enum Export { ReportExport, TableExport, PlotExport, ModelExport };

QTableWidgetItem* item(const QString& text, bool highlight = false) {
    auto* i = new QTableWidgetItem(text);
    if (highlight) i->setBackground(QColor(0xff, 0xf3, 0xc4));
    return i;
}

// Empties the table and gives it the header and row count.
void reset_table(QTableWidget* table, const QStringList& header, size_t rows) {
    table->clear();
    table->setColumnCount(static_cast<int>(header.size()));
    table->setHorizontalHeaderLabels(header);
    table->setRowCount(static_cast<int>(rows));
}

} // namespace

ResultsPage::ResultsPage(Workspace& workspace, QWidget* parent)
    : QWidget(parent), workspace_(workspace), runs_(new RunsTableModel(this)), filtered_(new QSortFilterProxyModel(this)),
      filter_(new QLineEdit), metric_(new QComboBox), compare_(new QPushButton), export_(new QPushButton),
      view_(new QTableView), tabs_(new QTabWidget), plot_(new MetricPlot), chart_(new ComparisonChart),
      forgetting_(new QTableWidget), tasks_(new QTableWidget), configs_(new QTableWidget) {
    filtered_->setSourceModel(runs_);
    filtered_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    filtered_->setFilterKeyColumn(-1);  // any column
    view_->setModel(filtered_);
    view_->setSortingEnabled(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->verticalHeader()->hide();
    view_->setWordWrap(false);
    metric_->addItems({QStringLiteral("loss"), QStringLiteral("bpb"), QStringLiteral("lr"), QStringLiteral("grad_norm"),
                       QStringLiteral("lpr"), QStringLiteral("balance"), QStringLiteral("cls")});
    for (QTableWidget* t : {forgetting_, tasks_, configs_}) {
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->verticalHeader()->hide();
        add_table_export_menu(t);
    }
    add_table_export_menu(view_);
    auto* export_menu = new QMenu(export_);
    for (int which : {ReportExport, TableExport, PlotExport, ModelExport})
        export_menu->addAction(QString(), this, [this, which] { askExport(which); });
    export_->setMenu(export_menu);
    auto* comparison = new QSplitter(Qt::Vertical);
    comparison->addWidget(chart_);
    comparison->addWidget(forgetting_);
    comparison->setStretchFactor(0, 3);
    comparison->setStretchFactor(1, 2);
    tabs_->addTab(plot_, QString());
    tabs_->addTab(comparison, QString());
    tabs_->addTab(tasks_, QString());
    tabs_->addTab(configs_, QString());

    auto* top = new QHBoxLayout;
    top->addWidget(filter_, 1);
    top->addWidget(metric_);
    top->addWidget(compare_);
    top->addWidget(export_);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(view_);
    split->addWidget(tabs_);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
    connect(filter_, &QLineEdit::textChanged, filtered_, &QSortFilterProxyModel::setFilterFixedString);
    connect(metric_, &QComboBox::currentTextChanged, this, &ResultsPage::showSelected);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ResultsPage::showSelected);
    connect(compare_, &QPushButton::clicked, this, &ResultsPage::compareSelected);
    connect(&workspace_, &Workspace::changed, this, &ResultsPage::refresh);
    retranslate();
}

void ResultsPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ResultsPage::retranslate() {
    filter_->setPlaceholderText(tr("Filter runs (kind, status, name...)"));
    metric_->setToolTip(tr("The metric to plot for the selected run"));
    compare_->setText(tr("Compare selected"));
    compare_->setToolTip(tr("Compare the selected runs: results per group and language, forgetting, configs"));
    export_->setText(tr("Export"));
    const QStringList exports = {tr("Report (HTML and PDF)..."), tr("Comparison table (CSV or JSON)..."),
                                 tr("Plot (PNG, SVG or PDF)..."), tr("Model folder of the selected run...")};
    const auto actions = export_->menu()->actions();
    for (int i = 0; i < actions.size() && i < exports.size(); ++i) actions[i]->setText(exports[i]);
    tabs_->setTabText(0, tr("Curves"));
    tabs_->setTabText(1, tr("Comparison"));
    tabs_->setTabText(2, tr("Tasks"));
    tabs_->setTabText(3, tr("Configs"));
    showSelected();
    showComparison();
}

void ResultsPage::refresh() {
    if (Store* store = workspace_.store()) {
        try {
            runs_->setRuns(store->list_runs());
        } catch (const Error&) {
            return;  // tried again at the next change
        }
        view_->resizeColumnsToContents();
    }
    showSelected();
}

void ResultsPage::selectRun(int64_t id) { selectRuns({id}); }

void ResultsPage::selectRuns(const std::vector<int64_t>& ids) {
    view_->clearSelection();
    for (int row = 0; row < runs_->rowCount(); ++row)
        if (std::find(ids.begin(), ids.end(), runs_->runAt(row)->id) != ids.end())
            view_->selectionModel()->select(filtered_->mapFromSource(runs_->index(row, 0)),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

std::vector<int64_t> ResultsPage::selectedRuns() const {
    std::vector<int64_t> ids;
    for (const auto& index : view_->selectionModel()->selectedRows())
        if (const RunRecord* run = runs_->runAt(filtered_->mapToSource(index).row())) ids.push_back(run->id);
    std::sort(ids.begin(), ids.end());
    return ids;
}

void ResultsPage::showSelected() {
    const auto ids = selectedRuns();
    Store* store = workspace_.store();
    if (ids.empty() || !store) return;
    const auto run = store->get_run(ids.front());
    if (!run) return;
    try {
        plot_->setSeries(tr("%1 (run %2)").arg(metric_->currentText()).arg(run->id), store->metrics(run->id, metric_->currentText().toStdString()),
                         tr("Run %1 (%2) has no %3 curve").arg(run->id).arg(QString::fromStdString(run->kind), metric_->currentText()));
    } catch (const Error&) {
    }
}

bool ResultsPage::compareSelected() {
    Store* store = workspace_.store();
    const auto ids = selectedRuns();
    if (!store || ids.empty()) return false;
    try {
        comparison_ = compare_runs(*store, ids);
    } catch (const Error& e) {
        comparison_.reset();
        QMessageBox::warning(this, tr("Cannot compare"), QString::fromUtf8(e.what()));
        return false;
    }
    showComparison();
    tabs_->setCurrentIndex(1);
    return true;
}

void ResultsPage::showTasksTab() { tabs_->setCurrentWidget(tasks_); }

void ResultsPage::showComparison() {
    if (!comparison_) return;
    const Comparison& c = *comparison_;
    std::vector<ComparisonBar> bars;
    for (const auto& s : c.runs) {
        if (s.groups.empty()) continue;
        auto group = [&](const char* g) { return s.groups.count(g) ? s.groups.at(g) : std::nan(""); };
        bars.push_back({QString::fromStdString(s.label), group("old"), group("G1")});
    }
    chart_->setBars(bars);
    // Forgetting: one row per run, the change against the base per old language.
    QStringList header = {tr("Run"), tr("New experts"), tr("New parameters (M)")};
    for (const auto& l : c.old_langs) header << tr("change %1").arg(QString::fromStdString(l));
    reset_table(forgetting_, header, c.runs.size());
    for (int i = 0; i < static_cast<int>(c.runs.size()); ++i) {
        const auto& s = c.runs[static_cast<size_t>(i)];
        const bool base = c.base && *c.base == static_cast<size_t>(i);
        forgetting_->setItem(i, 0, item(base ? tr("%1 (base)").arg(QString::fromStdString(s.label)) : QString::fromStdString(s.label)));
        forgetting_->setItem(i, 1, item(s.new_experts ? QString::number(*s.new_experts) : QStringLiteral("-")));
        forgetting_->setItem(i, 2, item(s.new_parameters ? QString::number(static_cast<double>(*s.new_parameters) / 1e6, 'f', 2) : QStringLiteral("-")));
        for (size_t j = 0; j < c.old_langs.size(); ++j) {
            const double d = c.old_change[static_cast<size_t>(i)][j];
            forgetting_->setItem(i, 3 + static_cast<int>(j), item(std::isnan(d) ? QStringLiteral("-") : QString::asprintf("%+.4f", d), d > 0));
        }
    }
    forgetting_->resizeColumnsToContents();
    // Task scores per group and their change against the base; drops on old languages marked.
    const TaskTable tasks = task_table(c);
    reset_table(tasks_, tasks.header, tasks.rows.size());
    for (size_t i = 0; i < tasks.rows.size(); ++i)
        for (int j = 0; j < tasks.rows[i].size(); ++j)
            tasks_->setItem(static_cast<int>(i), j, item(tasks.rows[i][j], tasks.forgets[i][static_cast<size_t>(j)]));
    tasks_->resizeColumnsToContents();
    // Configs side by side; the keys whose values differ are highlighted.
    QStringList runs_header = {tr("Key")};
    for (const auto& s : c.runs) runs_header << QString::number(s.run.id);
    reset_table(configs_, runs_header, c.configs.size());
    for (int i = 0; i < static_cast<int>(c.configs.size()); ++i) {
        const auto& row = c.configs[static_cast<size_t>(i)];
        configs_->setItem(i, 0, item(QString::fromStdString(row.key), row.differs));
        for (size_t j = 0; j < row.values.size(); ++j)
            configs_->setItem(i, 1 + static_cast<int>(j), item(QString::fromStdString(row.values[j]), row.differs));
    }
    configs_->resizeColumnsToContents();
}

bool ResultsPage::exportReport(const QString& html, const QString& pdf, QString* error) {
    Store* store = workspace_.store();
    const auto ids = selectedRuns();
    if (!store || ids.empty()) {
        if (error) *error = tr("Select the runs to report first.");
        return false;
    }
    return write_report(*store, ids, tr("LayerMoE Workbench report"), {html, pdf}, error);
}

bool ResultsPage::exportComparison(const QString& file, QString* error) {
    if (!comparison_ && !compareSelected()) {
        if (error) *error = tr("Select the runs to compare first.");
        return false;
    }
    try {
        const bool json = file.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
        atomic_write_file(file.toStdString(), json ? comparison_->to_json().dump(2) + "\n" : comparison_->to_csv());
    } catch (const Error& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    return true;
}

bool ResultsPage::exportPlot(const QString& file, QString* error) {
    return save_plot(tabs_->currentIndex() == 1 ? chart_->plot() : plot_->plot(), file, 0, 0, error);
}

bool ResultsPage::exportModel(int64_t run, const QString& folder, QString* error) {
    Store* store = workspace_.store();
    if (!store) return false;
    for (const auto& artifact : store->artifacts(run)) {
        if (artifact.kind != "model") continue;
        const std::filesystem::path source = std::filesystem::path(artifact.path).parent_path();
        const std::filesystem::path target = std::filesystem::path(folder.toStdString()) / source.filename();
        std::error_code ec;
        std::filesystem::create_directories(target, ec);
        for (const char* name : {"model.safetensors", "config.json", "layermoe_tokenizer.json"})
            std::filesystem::copy_file(source / name, target / name, std::filesystem::copy_options::overwrite_existing, ec);
        if (ec) {
            if (error) *error = tr("Cannot copy %1 to %2: %3").arg(QString::fromStdString(source.string()),
                                                                  QString::fromStdString(target.string()),
                                                                  QString::fromStdString(ec.message()));
            return false;
        }
        return true;
    }
    if (error) *error = tr("Run %1 saved no model.").arg(run);
    return false;
}

void ResultsPage::askExport(int which) {
    QString error;
    bool ok = true;
    const QString reports = workspace_.reportsFolder();
    QDir().mkpath(reports);
    if (which == ReportExport) {
        const QString html = QFileDialog::getSaveFileName(this, tr("Save the report"), QDir(reports).filePath(QStringLiteral("report.html")),
                                                          tr("HTML (*.html)"));
        if (html.isEmpty()) return;
        QString pdf = html;
        pdf.replace(QRegularExpression(QStringLiteral("\\.html?$")), QString());
        ok = exportReport(html, pdf + QStringLiteral(".pdf"), &error);
    } else if (which == TableExport) {
        const QString file = QFileDialog::getSaveFileName(this, tr("Save the comparison"), QDir(reports).filePath(QStringLiteral("comparison.csv")),
                                                          tr("CSV (*.csv);;JSON (*.json)"));
        if (file.isEmpty()) return;
        ok = exportComparison(file, &error);
    } else if (which == PlotExport) {
        const QString file = QFileDialog::getSaveFileName(this, tr("Save the plot"), QDir(reports).filePath(QStringLiteral("plot.png")),
                                                          tr("PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"));
        if (file.isEmpty()) return;
        ok = exportPlot(file, &error);
    } else {
        const auto ids = selectedRuns();
        if (ids.empty()) return;
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Copy the model folder into"));
        if (folder.isEmpty()) return;
        ok = exportModel(ids.front(), folder, &error);
    }
    if (!ok) QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace layermoe
