#include "app/gui/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <torch/version.h>

#include "core/common/error.h"
#include "core/store/store.h"
#include "widgets/metric_plot.h"
#include "widgets/runs_table_model.h"

namespace layermoe {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), runs_model_(new RunsTableModel(this)), runs_view_(new QTableView),
      loss_plot_(new MetricPlot), status_label_(new QLabel), refresh_timer_(new QTimer(this)) {
    setWindowTitle(tr("LayerMoE Workbench"));
    runs_view_->setModel(runs_model_);
    runs_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    runs_view_->setSelectionMode(QAbstractItemView::SingleSelection);
    runs_view_->horizontalHeader()->setStretchLastSection(true);
    runs_view_->verticalHeader()->hide();
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(runs_view_);
    splitter->addWidget(loss_plot_);
    splitter->setStretchFactor(1, 2);
    setCentralWidget(splitter);
    statusBar()->addWidget(status_label_, 1);
    buildMenus();
    connect(runs_view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::showSelectedRun);
    connect(refresh_timer_, &QTimer::timeout, this, &MainWindow::refreshRuns);
    refresh_timer_->start(2000);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!isVisible() && settings.value(QStringLiteral("window/geometry")).isNull()) resize(1000, 700);
    status_label_->setText(tr("No workspace open. File > Open Workspace... (Ctrl+O)"));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Workspace..."), QKeySequence::Open, this, &MainWindow::chooseWorkspace);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About"), this, &MainWindow::showAbout);
}

void MainWindow::chooseWorkspace() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open workspace"), workspace_);
    if (!folder.isEmpty()) openWorkspace(folder);
}

bool MainWindow::openWorkspace(const QString& folder) {
    const QString file = QDir(folder).filePath(QStringLiteral("runs.sqlite"));
    try {
        QDir().mkpath(folder);
        store_ = std::make_unique<Store>(file.toStdString());
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Cannot open workspace"),
                             tr("%1\n\nChoose another folder, or move the damaged file away.").arg(QString::fromUtf8(e.what())));
        return false;
    }
    workspace_ = folder;
    QSettings().setValue(QStringLiteral("workspace/last"), folder);
    setWindowTitle(tr("LayerMoE Workbench - %1").arg(QDir::toNativeSeparators(folder)));
    refreshRuns();
    selectNewestRunWithCurve();
    return true;
}

void MainWindow::selectNewestRunWithCurve() {
    for (int row = runs_model_->rowCount() - 1; row >= 0; --row) {
        if (row == 0 || store_->metric_count(runs_model_->runAt(row)->id, "loss") > 0) {
            runs_view_->selectRow(row);
            return;
        }
    }
}

void MainWindow::openLastWorkspace() {
    const QString last = QSettings().value(QStringLiteral("workspace/last")).toString();
    if (!last.isEmpty() && QDir(last).exists()) openWorkspace(last);
}

void MainWindow::refreshRuns() {
    if (!store_) return;
    try {
        store_->mark_dead_runs_interrupted();
        runs_model_->setRuns(store_->list_runs());
        status_label_->setText(tr("%1 runs in %2").arg(runs_model_->rowCount()).arg(QString::fromStdString(store_->path().string())));
    } catch (const Error& e) {
        status_label_->setText(QString::fromUtf8(e.what()));
    }
}

void MainWindow::showSelectedRun() {
    const auto rows = runs_view_->selectionModel()->selectedRows();
    const RunRecord* run = rows.isEmpty() ? nullptr : runs_model_->runAt(rows.constFirst().row());
    if (!run || !store_) return;
    try {
        loss_plot_->setSeries(tr("training loss (run %1)").arg(run->id), store_->metrics(run->id, "loss"),
                              tr("Run %1 (%2) has no training curve").arg(run->id).arg(QString::fromStdString(run->kind)));
    } catch (const Error& e) {
        status_label_->setText(QString::fromUtf8(e.what()));
    }
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About LayerMoE Workbench"),
                       tr("<b>LayerMoE Workbench</b> %1<br>Layer-wise Mixture-of-Experts expansion of language models."
                          "<br><br>Qt %2, LibTorch %3")
                           .arg(QStringLiteral(LAYERMOE_VERSION), QString::fromLatin1(qVersion()),
                                QStringLiteral(TORCH_VERSION)));
}

bool MainWindow::saveScreenshot(const QString& file) {
    QApplication::processEvents();
    return grab().save(file);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    event->accept();
}

} // namespace layermoe
