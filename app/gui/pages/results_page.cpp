#include "app/gui/pages/results_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelection>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "app/gui/report.h"
#include "app/gui/workspace.h"
#include "core/common/error.h"
#include "core/io/files.h"
#include "core/report/format.h"
#include "core/report/render.h"
#include "core/report/routes.h"
#include "core/store/store.h"
#include "widgets/comparison_chart.h"
#include "widgets/item_export.h"
#include "widgets/metric_plot.h"
#include "widgets/plot_export.h"
#include "widgets/plot_util.h"
#include "widgets/routes_heatmap.h"
#include "widgets/runs_table_model.h"

namespace layermoe {

namespace {

enum Export { ReportExport, TableExport, PlotExport, ModelExport };

QTableWidgetItem* item(const QString& text, bool highlight = false, const QString& tooltip = {}) {
    auto* i = new QTableWidgetItem(text);
    if (highlight) i->setBackground(QColor(0xff, 0xf3, 0xc4));
    if (!tooltip.isEmpty()) i->setToolTip(tooltip);
    return i;
}

// Empties the table and gives it the header and row count.
void reset_table(QTableWidget* table, const QStringList& header, size_t rows) {
    table->clear();
    table->setColumnCount(static_cast<int>(header.size()));
    table->setHorizontalHeaderLabels(header);
    table->setRowCount(static_cast<int>(rows));
}

// Cell text as every rendering of a comparison writes it (core/report/format.h): "-" when missing.
QString bpb(double v) { return QString::fromStdString(format_value(v)); }
QString change(double v) { return QString::fromStdString(format_change(v)); }
QString text(const std::string& s) { return QString::fromStdString(s); }

// "3, 5, 9", the first `most` of them then "...".
QString id_list(const std::vector<int64_t>& ids, size_t most = 20) {
    QStringList out;
    for (size_t i = 0; i < ids.size() && i < most; ++i) out << QString::number(ids[i]);
    if (ids.size() > most) out << QStringLiteral("...");
    return out.join(QStringLiteral(", "));
}

}  // namespace

ResultsPage::ResultsPage(Workspace& workspace, QWidget* parent)
    : QWidget(parent), workspace_(workspace), runs_(new RunsTableModel(this)),
      filtered_(new QSortFilterProxyModel(this)), filter_(new QLineEdit), metric_(new QComboBox),
      compare_(new QPushButton), export_(new QPushButton), pool_seeds_(new QCheckBox), view_(new QTableView),
      tabs_(new QTabWidget), curves_(new QWidget), plot_(new MetricPlot), curves_note_(new QLabel),
      comparison_split_(new QSplitter(Qt::Vertical)), chart_(new ComparisonChart), forgetting_(new QTableWidget),
      tasks_(new QTableWidget), configs_(new QTableWidget), routes_(new QWidget), routes_map_(new RoutesHeatmap),
      routes_layer_(new QComboBox), routes_note_(new QLabel), routes_layer_label_(new QLabel),
      comparison_note_(new QLabel), selection_label_(new QLabel), status_(new QLabel) {
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
    for (QLabel* label : {curves_note_, comparison_note_, selection_label_, status_}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    }
    curves_note_->setVisible(false);
    status_->setOpenExternalLinks(true);
    status_->setTextFormat(Qt::RichText);
    selection_label_->setTextFormat(Qt::RichText);
    comparison_note_->setTextFormat(Qt::PlainText);
    auto* curves_layout = new QVBoxLayout(curves_);
    curves_layout->setContentsMargins(0, 0, 0, 0);
    curves_layout->addWidget(plot_, 1);
    curves_layout->addWidget(curves_note_);
    auto* table_part = new QWidget;
    auto* table_layout = new QVBoxLayout(table_part);
    table_layout->setContentsMargins(0, 0, 0, 0);
    table_layout->addWidget(forgetting_, 1);
    table_layout->addWidget(comparison_note_);
    comparison_split_->addWidget(chart_);
    comparison_split_->addWidget(table_part);
    comparison_split_->setStretchFactor(0, 3);
    comparison_split_->setStretchFactor(1, 2);
    tabs_->addTab(curves_, QString());
    tabs_->addTab(comparison_split_, QString());
    tabs_->addTab(tasks_, QString());
    tabs_->addTab(configs_, QString());
    {
        auto* routes_layout = new QVBoxLayout(routes_);
        auto* layer_row = new QHBoxLayout;
        layer_row->addWidget(routes_layer_label_);
        layer_row->addWidget(routes_layer_);
        layer_row->addStretch(1);
        routes_layout->addLayout(layer_row);
        auto* scroll = new QScrollArea;
        scroll->setWidget(routes_map_);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        routes_layout->addWidget(scroll, 1);
        routes_note_->setWordWrap(true);
        routes_layout->addWidget(routes_note_);
        // Item 0 shows every layer side by side; item i, table layer i - 1.
        connect(routes_layer_, &QComboBox::currentIndexChanged, routes_map_,
                [this](int index) { routes_map_->setLayerIndex(index - 1); });
    }
    tabs_->addTab(routes_, QString());

    auto* top = new QHBoxLayout;
    top->addWidget(filter_, 1);
    top->addWidget(metric_);
    top->addWidget(pool_seeds_);
    top->addWidget(compare_);
    top->addWidget(export_);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(view_);
    split->addWidget(tabs_);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(selection_label_);
    layout->addWidget(split, 1);
    layout->addWidget(status_);
    connect(filter_, &QLineEdit::textChanged, this, &ResultsPage::applyFilter);
    connect(metric_, &QComboBox::currentTextChanged, this, &ResultsPage::showSelected);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ResultsPage::selectionChanged);
    connect(selection_label_, &QLabel::linkActivated, this, &ResultsPage::clearHiddenSelection);
    connect(compare_, &QPushButton::clicked, this, &ResultsPage::compareSelected);
    // A comparison on screen follows the choice.
    connect(pool_seeds_, &QCheckBox::toggled, this, [this] {
        if (comparison_) compareSelected();
    });
    connect(&workspace_, &Workspace::changed, this, &ResultsPage::refresh);
    connect(&workspace_, &Workspace::opened, this, [this] {
        selected_.clear();  // run ids of another store
        comparison_.reset();
        refresh();
    });
    // Exports from the context menus of this page's tables and plots report here too.
    connect(export_notices(), &ExportNotices::saved, this,
            [this](QWidget* source, const QString& file, const QString& message) {
                if (source && (source == this || isAncestorOf(source))) showStatus(message, file);
            });
    connect(export_notices(), &ExportNotices::failed, this, [this](QWidget* source, const QString& message) {
        if (source && (source == this || isAncestorOf(source))) showStatus(message, QString());
    });
    retranslate();
}

void ResultsPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ResultsPage::retranslate() {
    filter_->setPlaceholderText(tr("Filter runs (kind, status, name...)"));
    filter_->setToolTip(tr("Shows the runs that match; the selected runs stay selected while the filter hides them"));
    metric_->setToolTip(tr("The metric to plot for the selected runs"));
    compare_->setText(tr("Compare selected"));
    pool_seeds_->setText(tr("Pool seeds"));
    pool_seeds_->setToolTip(
        tr("Compare and report an experiment's runs that differ only in their seed as one run: the mean over the "
           "seeds, with 95% intervals over the seeds and the held-out documents"));
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
    tabs_->setTabText(4, tr("Routes"));
    routes_layer_label_->setText(tr("MoE layer"));
    if (routes_layer_->count() > 0) routes_layer_->setItemText(0, tr("all layers"));
    for (int i = 1; i < routes_layer_->count() && i <= static_cast<int>(routes_map_->table().layers.size()); ++i)
        routes_layer_->setItemText(i, tr("layer %1").arg(routes_map_->table().layers[static_cast<size_t>(i - 1)].layer));
    updateSelectionLabel();
    showSelected();
    showComparison();
}

void ResultsPage::refresh() {
    if (Store* store = workspace_.store()) {
        std::vector<RunRecord> runs;
        try {
            runs = store->list_runs();
        } catch (const Error&) {
            return;  // tried again at the next change
        }
        const bool new_rows = static_cast<int>(runs.size()) != runs_->rowCount();
        std::erase_if(selected_, [&](int64_t id) {
            return std::none_of(runs.begin(), runs.end(), [id](const RunRecord& r) { return r.id == id; });
        });
        restoring_ = true;
        runs_->setRuns(std::move(runs));
        restoreSelection();
        restoring_ = false;
        if (new_rows) view_->resizeColumnsToContents();
    }
    updateSelectionLabel();
    showSelected();
}

void ResultsPage::applyFilter(const QString& text) {
    restoring_ = true;
    filtered_->setFilterFixedString(text);
    restoreSelection();
    restoring_ = false;
    updateSelectionLabel();
}

void ResultsPage::restoreSelection() {
    QItemSelection selection;
    for (int64_t id : selected_) {
        const int row = runs_->rowOf(id);
        if (row < 0) continue;
        const QModelIndex shown = filtered_->mapFromSource(runs_->index(row, 0));
        if (shown.isValid()) selection.select(shown, shown);
    }
    view_->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void ResultsPage::selectionChanged(const QItemSelection& selected, const QItemSelection& deselected) {
    if (restoring_) return;
    auto id_of = [&](const QModelIndex& shown) -> std::optional<int64_t> {
        if (const RunRecord* run = runs_->runAt(filtered_->mapToSource(shown).row())) return run->id;
        return std::nullopt;
    };
    for (const QModelIndex& index : deselected.indexes())
        if (const auto id = id_of(index)) std::erase(selected_, *id);
    for (const QModelIndex& index : selected.indexes())
        if (const auto id = id_of(index); id && std::find(selected_.begin(), selected_.end(), *id) == selected_.end())
            selected_.push_back(*id);
    std::sort(selected_.begin(), selected_.end());
    updateSelectionLabel();
    showSelected();
}

void ResultsPage::clearHiddenSelection() {
    std::erase_if(selected_, [&](int64_t id) {
        const int row = runs_->rowOf(id);
        return row < 0 || !filtered_->mapFromSource(runs_->index(row, 0)).isValid();
    });
    updateSelectionLabel();
    showSelected();
}

void ResultsPage::updateSelectionLabel() {
    if (selected_.empty()) {
        selection_label_->setText(
            tr("No run selected: select runs (Ctrl or Shift for several) to see their curves and compare them."));
        return;
    }
    std::vector<int64_t> hidden;
    for (int64_t id : selected_) {
        const int row = runs_->rowOf(id);
        if (row >= 0 && !filtered_->mapFromSource(runs_->index(row, 0)).isValid()) hidden.push_back(id);
    }
    const QString ids = id_list(selected_);
    if (hidden.empty())
        selection_label_->setText(tr("Selected runs: %1").arg(ids));
    else
        selection_label_->setText(
            tr("Selected runs: %1. Hidden by the filter but still selected: %2 (<a href=\"#clear\">unselect "
               "them</a>).")
                .arg(ids, id_list(hidden)));
}

void ResultsPage::selectRun(int64_t id) { selectRuns({id}); }

void ResultsPage::selectRuns(const std::vector<int64_t>& ids) {
    selected_.clear();
    for (int64_t id : ids)
        if (runs_->rowOf(id) >= 0 && std::find(selected_.begin(), selected_.end(), id) == selected_.end())
            selected_.push_back(id);
    std::sort(selected_.begin(), selected_.end());
    restoring_ = true;
    restoreSelection();
    restoring_ = false;
    updateSelectionLabel();
    showSelected();
}

std::vector<int64_t> ResultsPage::selectedRuns() const { return selected_; }

void ResultsPage::showRoutesTab() { tabs_->setCurrentWidget(routes_); }

void ResultsPage::showRoutes() {
    Store* store = workspace_.store();
    int64_t shown = 0;
    try {
        for (int64_t id : selected_) {
            const auto run = store ? store->get_run(id) : std::nullopt;
            if (run && run->kind == RunKind::Routes && run->status == RunStatus::Finished) {
                shown = id;
                break;
            }
        }
        if (shown == 0) {
            routes_map_->clear();
            routes_layer_->clear();
            routes_note_->setText(tr("Measure an expanded model's routing with layermoe routes --model DIR --corpus PATH "
                                     "--langs ... --store %1; its run appears in the table above.")
                                      .arg(workspace_.isOpen() ? QDir::toNativeSeparators(workspace_.storePath())
                                                               : QStringLiteral("runs.sqlite")));
            routes_run_ = 0;
            return;
        }
        if (shown == routes_run_) return;
        const RouteTable table = load_routes(*store, shown);
        const int keep = routes_layer_->currentIndex();
        routes_map_->setTable(table);
        {
            const QSignalBlocker block(routes_layer_);
            routes_layer_->clear();
            routes_layer_->addItem(tr("all layers"));
            for (const auto& l : table.layers) routes_layer_->addItem(tr("layer %1").arg(l.layer));
        }
        const int index = keep >= 0 && keep < routes_layer_->count() ? keep : 0;
        routes_layer_->setCurrentIndex(index);
        routes_map_->setLayerIndex(index - 1);
        const auto run = store->get_run(shown);
        routes_note_->setText(tr("Run %1: share of each language's tokens routed to each expert (top-k counted by "
                                 "weight; each row of a layer sums to 1). e0 is the original FFN; * marks a new expert; layers named in orange "
                                 "have a routing classifier (choose one to see how it classed each language). %2")
                                  .arg(shown)
                                  .arg(QString::fromStdString(run->config.value("model", std::string()))));
        routes_run_ = shown;
    } catch (const Error&) {
        // The store is busy: shown at the next refresh.
    }
}

void ResultsPage::showSelected() {
    showRoutes();
    Store* store = workspace_.store();
    const QString metric = metric_->currentText();
    if (!store || selected_.empty()) {
        plot_->setRuns(metric, {}, tr("Select runs to see their %1 curves").arg(metric));
        curves_note_->setVisible(false);
        return;
    }
    std::vector<RunSeries> series;
    QStringList missing;
    QString only_missing;
    try {
        for (int64_t id : selected_) {
            const auto run = store->get_run(id);
            if (!run) continue;
            RunSeries s{id, selected_.size() > 1 ? tr("run %1").arg(id) : QString(),
                        store->metrics(id, metric.toStdString())};
            if (s.points.empty()) {
                const QString kind = QString::fromStdString(std::string(to_string(run->kind)));
                missing << tr("%1 (%2)").arg(id).arg(kind);
                only_missing = tr("Run %1 (%2) has no %3 curve").arg(run->id).arg(kind, metric);
            }
            series.push_back(std::move(s));
        }
    } catch (const Error&) {
        return;  // the store is busy: shown at the next refresh
    }
    const QString empty =
        selected_.size() == 1 ? only_missing : tr("None of the selected runs has a %1 curve").arg(metric);
    plot_->setRuns(metric, series, empty);
    const bool some_missing = !missing.isEmpty() && missing.size() < static_cast<int>(series.size());
    curves_note_->setText(some_missing ? tr("No %1 curve for runs %2.").arg(metric, missing.join(QStringLiteral(", ")))
                                       : QString());
    curves_note_->setVisible(some_missing);
}

bool ResultsPage::compareSelected() {
    Store* store = workspace_.store();
    const auto ids = selectedRuns();
    if (!store || ids.empty()) return false;
    try {
        comparison_ = compare_runs(*store, ids, std::nullopt, true, pool_seeds_->isChecked());
    } catch (const Error& e) {
        comparison_.reset();
        showError(tr("Cannot compare"), QString::fromUtf8(e.what()));
        return false;
    }
    showComparison();
    tabs_->setCurrentWidget(comparison_split_);
    return true;
}

void ResultsPage::showCurvesTab() { tabs_->setCurrentWidget(curves_); }

void ResultsPage::showTasksTab() { tabs_->setCurrentWidget(tasks_); }

void ResultsPage::showComparison() {
    if (!comparison_) return;
    const Comparison& c = *comparison_;
    chart_->setBars(comparison_bars(c));
    // One row per run: absolute bits per byte (groups, then each language) next to the change
    // against the run's base; a rise on an old language (forgetting) is marked.
    const bool g2 = c.has_g2();
    const Wording words = report_wording();
    QStringList header = {tr("Run"),     tr("Base"),   tr("New experts"), tr("New parameters (M)"),
                          tr("bpb old"), tr("bpb new")};
    QStringList tips = {QString(),
                        tr("The run the changes are measured against"),
                        QString(),
                        QString(),
                        tr("Mean held-out bits per byte over the old languages (lower is better)"),
                        tr("Mean held-out bits per byte over the new (G1) languages (lower is better)")};
    if (g2) {
        header << tr("bpb G2");
        tips << tr("Mean held-out bits per byte over the G2 languages (lower is better)");
    }
    header << tr("change old") << tr("change new");
    tips << tr("Mean change against the base over the old languages (above zero = forgetting)")
         << tr("Mean change against the base over the new languages (below zero = learnt)");
    const int first_language = static_cast<int>(header.size());
    std::vector<std::string> langs = c.old_langs;
    langs.insert(langs.end(), c.new_langs.begin(), c.new_langs.end());
    for (const auto& l : langs) {
        const QString code = QString::fromStdString(l);
        header << tr("bpb %1").arg(code) << tr("change %1").arg(code);
        tips << tr("Held-out bits per byte on %1").arg(code) << tr("Change against the base on %1").arg(code);
    }
    reset_table(forgetting_, header, c.runs.size());
    for (int j = 0; j < header.size(); ++j)
        if (!tips[j].isEmpty()) forgetting_->horizontalHeaderItem(j)->setToolTip(tips[j]);
    for (int i = 0; i < static_cast<int>(c.runs.size()); ++i) {
        const size_t r = static_cast<size_t>(i);
        const auto& s = c.runs[r];
        const QString label = QString::fromStdString(s.label);
        const bool is_base = s.base && *s.base == r;
        const QString how = text(base_description(c, r, words));
        forgetting_->setItem(
            i, 0,
            item(is_base ? (s.added ? tr("%1 (base, not selected)").arg(label) : tr("%1 (base)").arg(label)) : label,
                 false, how));
        forgetting_->setItem(i, 1, item(text(base_cell(c, r, words)), false, how));
        forgetting_->setItem(i, 2, item(text(format_count(s.new_experts))));
        forgetting_->setItem(i, 3, item(text(format_millions(s.new_parameters))));
        int col = 4;
        forgetting_->setItem(i, col++, item(bpb(c.group_bpb(r, "old"))));
        forgetting_->setItem(i, col++, item(bpb(c.group_bpb(r, "G1"))));
        if (g2) forgetting_->setItem(i, col++, item(bpb(c.group_bpb(r, "G2"))));
        const double old_mean = c.mean_change(r, true), new_mean = c.mean_change(r, false);
        forgetting_->setItem(i, col++, item(change(old_mean), old_mean > 0, how));
        forgetting_->setItem(i, col++, item(change(new_mean), false, how));
        for (size_t j = 0; j < langs.size(); ++j) {
            const bool old = j < c.old_langs.size();
            const double d = old ? c.old_change[r][j] : c.new_change[r][j - c.old_langs.size()];
            const int at = first_language + 2 * static_cast<int>(j);
            forgetting_->setItem(i, at, item(bpb(c.language_bpb(r, langs[j]))));
            forgetting_->setItem(i, at + 1, item(change(d), old && d > 0, how));
        }
    }
    forgetting_->resizeColumnsToContents();
    QStringList notes;
    for (const auto& note : base_notes(c, words)) notes << text(note);
    if (notes.isEmpty() && c.base)
        notes
            << tr("Changes are against run %1, the selected base.").arg(QString::fromStdString(c.runs[*c.base].label));
    comparison_note_->setText(notes.join(QLatin1Char('\n')));
    comparison_note_->setVisible(!notes.isEmpty());
    // Task scores per group and their change against the base; drops on old languages marked.
    const TaskTable tasks = task_table(c, words);
    QStringList task_header;
    for (const auto& h : tasks.header) task_header << text(h);
    reset_table(tasks_, task_header, tasks.rows.size());
    for (size_t i = 0; i < tasks.rows.size(); ++i)
        for (size_t j = 0; j < tasks.rows[i].size(); ++j)
            tasks_->setItem(static_cast<int>(i), static_cast<int>(j),
                            item(text(tasks.rows[i][j]), tasks.forgets[i][j]));
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
    if (!write_report(*store, ids, tr("LayerMoE Workbench report"), {html, pdf}, error, std::nullopt,
                      pool_seeds_->isChecked()))
        return false;
    saved(html,
          pdf.isEmpty()
              ? tr("Saved the report to %1").arg(QDir::toNativeSeparators(html))
              : tr("Saved the report to %1 and %2").arg(QDir::toNativeSeparators(html), QDir::toNativeSeparators(pdf)));
    return true;
}

bool ResultsPage::exportComparison(const QString& file, QString* error) {
    if (!comparison_ && !compareSelected()) {
        if (error) *error = tr("Select the runs to compare first.");
        return false;
    }
    const bool json = file.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive);
    try {
        atomic_write_file(file.toStdString(),
                          json ? render_json(*comparison_).dump(2) + "\n" : render_csv(*comparison_));
    } catch (const Error& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    saved(file, json ? tr("Saved the comparison as JSON to %1").arg(QDir::toNativeSeparators(file))
                     : tr("Saved the comparison as CSV to %1").arg(QDir::toNativeSeparators(file)));
    return true;
}

QCustomPlot* ResultsPage::shownPlot(QString* why) const {
    if (tabs_->currentWidget() == curves_) {
        if (!plot_->isEmpty()) return plot_->plot();
        *why = selected_.empty()
                   ? tr("Nothing to export: select runs to plot their curves first.")
                   : tr("Nothing to export: the selected runs have no %1 curve.").arg(metric_->currentText());
    } else if (tabs_->currentWidget() == comparison_split_) {
        if (comparison_ && plot_has_data(chart_->plot())) return chart_->plot();
        *why = tr("Nothing to export: compare runs with held-out results first.");
    } else {
        *why = tr("The %1 tab has no plot: show Curves or Comparison to export its plot.")
                   .arg(tabs_->tabText(tabs_->currentIndex()));
    }
    return nullptr;
}

bool ResultsPage::exportPlot(const QString& file, QString* error) {
    QString why;
    QCustomPlot* plot = shownPlot(&why);
    if (!plot) {
        if (error) *error = why;
        return false;
    }
    if (!save_plot(plot, file, 0, 0, error)) return false;
    saved(file, tr("Saved the plot to %1").arg(QDir::toNativeSeparators(file)));
    return true;
}

bool ResultsPage::exportModel(int64_t run, const QString& folder, QString* error) {
    Store* store = workspace_.store();
    if (!store) return false;
    for (const auto& artifact : store->artifacts(run)) {
        if (artifact.kind != "model") continue;
        const std::filesystem::path source = std::filesystem::path(artifact.path).parent_path();
        const std::filesystem::path target = std::filesystem::path(folder.toStdString()) / source.filename();
        auto failed = [&](const std::error_code& ec) {
            if (error)
                *error = tr("Cannot copy %1 to %2: %3")
                             .arg(QString::fromStdString(source.string()), QString::fromStdString(target.string()),
                                  QString::fromStdString(ec.message()));
            return false;
        };
        std::error_code ec;
        std::filesystem::create_directories(target, ec);
        if (ec) return failed(ec);
        for (const char* name : {"model.safetensors", "config.json", "layermoe_tokenizer.json"}) {
            std::filesystem::copy_file(source / name, target / name, std::filesystem::copy_options::overwrite_existing,
                                       ec);
            if (ec) return failed(ec);
        }
        const QString copied = QString::fromStdString(target.string());
        saved(copied, tr("Copied the model of run %1 to %2").arg(run).arg(QDir::toNativeSeparators(copied)));
        return true;
    }
    if (error) *error = tr("Run %1 saved no model.").arg(run);
    return false;
}

void ResultsPage::saved(const QString& file, const QString& message) { notify_saved(this, file, message); }

void ResultsPage::showStatus(const QString& message, const QString& file) {
    QString text = message.toHtmlEscaped();
    if (!file.isEmpty()) {
        const QFileInfo info(file);
        const QString folder = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
        text += QStringLiteral(" &nbsp;<a href=\"%1\">%2</a>")
                    .arg(QUrl::fromLocalFile(folder).toString().toHtmlEscaped(), tr("Open the folder"));
    }
    status_->setText(text);
    status_->setToolTip(message);
}

void ResultsPage::showError(const QString& title, const QString& message) {
    status_->setText(QStringLiteral("<span style=\"color:#b02020\">%1</span>")
                         .arg(tr("%1: %2").arg(title, message).toHtmlEscaped()));
    status_->setToolTip(message);
    // Tests and screenshots run without a person to close a dialog.
    if (!qEnvironmentVariableIsSet("LAYERMOE_NO_DIALOGS")) QMessageBox::warning(this, title, message);
}

void ResultsPage::askExport(int which) {
    QString error;
    bool ok = true;
    const QString reports = workspace_.reportsFolder();
    QDir().mkpath(reports);
    if (which == ReportExport) {
        const QString html = QFileDialog::getSaveFileName(
            this, tr("Save the report"), QDir(reports).filePath(QStringLiteral("report.html")), tr("HTML (*.html)"));
        if (html.isEmpty()) return;
        QString pdf = html;
        pdf.replace(QRegularExpression(QStringLiteral("\\.html?$")), QString());
        ok = exportReport(html, pdf + QStringLiteral(".pdf"), &error);
    } else if (which == TableExport) {
        const QString file = QFileDialog::getSaveFileName(this, tr("Save the comparison"),
                                                          QDir(reports).filePath(QStringLiteral("comparison.csv")),
                                                          tr("CSV (*.csv);;JSON (*.json)"));
        if (file.isEmpty()) return;
        ok = exportComparison(file, &error);
    } else if (which == PlotExport) {
        // Refused before asking for a file name when there is nothing to save.
        if (!shownPlot(&error)) {
            showError(tr("Export failed"), error);
            return;
        }
        const QString file =
            QFileDialog::getSaveFileName(this, tr("Save the plot"), QDir(reports).filePath(QStringLiteral("plot.png")),
                                         tr("PNG (*.png);;SVG (*.svg);;PDF (*.pdf)"));
        if (file.isEmpty()) return;
        ok = exportPlot(file, &error);
    } else {
        const auto ids = selectedRuns();
        if (ids.empty()) {
            showError(tr("Export failed"), tr("Select the run whose model folder to copy first."));
            return;
        }
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Copy the model folder into"));
        if (folder.isEmpty()) return;
        ok = exportModel(ids.front(), folder, &error);
    }
    if (!ok) showError(tr("Export failed"), error);
}

}  // namespace layermoe
