#include "app/gui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <torch/version.h>

#include "app/gui/guide_dialog.h"
#include "app/gui/job_runner.h"
#include "app/gui/pages/allocation_page.h"
#include "app/gui/pages/data_page.h"
#include "app/gui/pages/experiment_page.h"
#include "app/gui/pages/playground_page.h"
#include "app/gui/pages/results_page.h"
#include "app/gui/pages/similarity_page.h"
#include "app/gui/session.h"
#include "app/gui/settings_dialog.h"
#include "app/gui/translator.h"
#include "app/gui/workspace.h"

namespace layermoe {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), workspace_(new Workspace(this)), session_(new Session(this)), jobs_(new JobRunner(this)),
      nav_(new QListWidget), pages_(new QStackedWidget), status_label_(new QLabel), job_label_(new QLabel),
      job_progress_(new QProgressBar), job_cancel_(new QPushButton) {
    data_page_ = new DataPage(*session_);
    similarity_page_ = new SimilarityPage(*session_, *workspace_, *jobs_);
    allocation_page_ = new AllocationPage(*session_, *workspace_);
    experiment_page_ = new ExperimentPage(*session_, *workspace_, *jobs_);
    results_page_ = new ResultsPage(*workspace_);
    playground_page_ = new PlaygroundPage(*workspace_, *jobs_);
    for (QWidget* page : std::initializer_list<QWidget*>{data_page_, similarity_page_, allocation_page_,
                                                         experiment_page_, results_page_, playground_page_}) {
        // A page never dictates the window's size: when its content wants more room than the
        // window has (a small screen, a long progress message), the page scrolls instead of the
        // window growing past the screen.
        auto* scroll = new QScrollArea;
        scroll->setWidget(page);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        pages_->addWidget(scroll);
        nav_->addItem(QString());
    }
    nav_->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    setWindowIcon(QIcon(QStringLiteral(":/icons/layermoe-workbench.svg")));
    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->addWidget(nav_);
    layout->addWidget(pages_, 1);
    setCentralWidget(central);
    connect(nav_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);
    connect(allocation_page_, &AllocationPage::allocationUsed, this, [this] { showPage(Experiment); });

    job_progress_->setMaximumWidth(220);
    job_progress_->setVisible(false);
    // The job's title and stage change while it runs: elided to a fixed width so the status bar
    // never widens the window.
    job_label_->setFixedWidth(320);
    status_label_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    job_cancel_->setVisible(false);
    statusBar()->addWidget(status_label_, 1);
    statusBar()->addPermanentWidget(job_label_);
    statusBar()->addPermanentWidget(job_progress_);
    statusBar()->addPermanentWidget(job_cancel_);
    connect(job_cancel_, &QPushButton::clicked, jobs_, &JobRunner::cancel);
    connect(jobs_, &JobRunner::started, this, [this](const QString& title) {
        setJobText(title);
        job_progress_->setValue(0);
        job_progress_->setVisible(true);
        job_cancel_->setVisible(true);
        cancel_action_->setEnabled(true);
    });
    connect(jobs_, &JobRunner::progress, this, [this](Stage stage, qint64 done, qint64 total, const QString&) {
        setJobText(tr("%1: %2").arg(jobs_->title(), stage_display_name(stage)));
        job_progress_->setRange(0, total > 0 ? static_cast<int>(std::min<qint64>(total, INT32_MAX)) : 0);
        job_progress_->setValue(static_cast<int>(std::min<qint64>(done, INT32_MAX)));
    });
    connect(jobs_, &JobRunner::finished, this, [this](bool ok, bool cancelled, const QString& error) {
        job_progress_->setVisible(false);
        job_cancel_->setVisible(false);
        cancel_action_->setEnabled(false);
        setJobText(cancelled ? tr("%1: cancelled").arg(jobs_->title())
                   : ok      ? tr("%1: done").arg(jobs_->title())
                             : tr("%1: failed").arg(jobs_->title()));
        if (!ok && !cancelled) showError(tr("The job failed"), error);
    });
    connect(workspace_, &Workspace::opened, this, [this](const QString& folder) {
        session_->clearChosenAllocation();  // an allocation of another workspace's analysis
        setWindowTitle(tr("LayerMoE Workbench - %1").arg(QDir::toNativeSeparators(folder)));
        status_label_->setText(tr("Workspace %1").arg(QDir::toNativeSeparators(folder)));
        status_label_->setToolTip(status_label_->text());
    });

    buildMenus();
    retranslate();
    applySettings();
    nav_->setCurrentRow(Data);
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) resize(1200, 780);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    fitToScreen();
}

void MainWindow::fitToScreen() {
    const QScreen* screen = this->screen();
    if (!screen || isMaximized() || isFullScreen()) return;
    const QRect available = screen->availableGeometry();
    const QSize size(std::min(width(), available.width()), std::min(height(), available.height()));
    if (size != this->size()) resize(size);
}

void MainWindow::setJobText(const QString& text) {
    job_label_->setToolTip(text);
    job_label_->setText(job_label_->fontMetrics().elidedText(text, Qt::ElideMiddle, job_label_->width()));
    job_progress_->setToolTip(text);
    job_progress_->setAccessibleName(text);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    file_menu_ = menuBar()->addMenu(QString());
    new_action_ = file_menu_->addAction(QString(), QKeySequence::New, this, [this] {
        const QString folder = QFileDialog::getSaveFileName(this, tr("New workspace folder"), workspace_->folder(),
                                                            QString(), nullptr, QFileDialog::ShowDirsOnly);
        if (!folder.isEmpty()) newWorkspace(folder);
    });
    open_action_ = file_menu_->addAction(QString(), QKeySequence::Open, this, &MainWindow::chooseWorkspace);
    recent_menu_ = file_menu_->addMenu(QString());
    connect(recent_menu_, &QMenu::aboutToShow, this, [this] {
        recent_menu_->clear();
        for (const QString& folder : Workspace::recentFolders())
            recent_menu_->addAction(QDir::toNativeSeparators(folder), this, [this, folder] { openWorkspace(folder); });
    });
    file_menu_->addSeparator();
    settings_action_ =
        file_menu_->addAction(QString(), QKeySequence(Qt::CTRL | Qt::Key_Comma), this, &MainWindow::showSettings);
    file_menu_->addSeparator();
    quit_action_ = file_menu_->addAction(QString(), QKeySequence::Quit, this, &QWidget::close);
    run_menu_ = menuBar()->addMenu(QString());
    cancel_action_ =
        run_menu_->addAction(QString(), QKeySequence(Qt::CTRL | Qt::Key_Period), jobs_, &JobRunner::cancel);
    cancel_action_->setEnabled(false);
    help_menu_ = menuBar()->addMenu(QString());
    guide_action_ = help_menu_->addAction(QString(), QKeySequence::HelpContents, this, &MainWindow::showGuide);
    about_action_ = help_menu_->addAction(QString(), this, &MainWindow::showAbout);
    for (int page = 0; page < pages_->count(); ++page) {
        auto* go = new QAction(this);
        go->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + page)));
        connect(go, &QAction::triggered, this, [this, page] { showPage(page); });
        addAction(go);
    }
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate() {
    const QStringList names = {tr("Data and model"), tr("Similarity"), tr("Allocation"), tr("Experiment"),
                               tr("Results"),        tr("Playground")};
    for (int i = 0; i < nav_->count() && i < names.size(); ++i) nav_->item(i)->setText(names[i]);
    // As wide as the longest page name in this language, and no wider: the pages get the rest.
    nav_->setFixedWidth(nav_->sizeHintForColumn(0) + 2 * nav_->frameWidth() + 12);
    file_menu_->setTitle(tr("&File"));
    new_action_->setText(tr("&New Workspace..."));
    open_action_->setText(tr("&Open Workspace..."));
    settings_action_->setText(tr("&Preferences..."));
    recent_menu_->setTitle(tr("Open &Recent"));
    quit_action_->setText(tr("&Quit"));
    run_menu_->setTitle(tr("&Run"));
    cancel_action_->setText(tr("&Cancel the Running Job"));
    help_menu_->setTitle(tr("&Help"));
    guide_action_->setText(tr("&Getting Started"));
    about_action_->setText(tr("&About"));
    job_progress_->setFormat(tr("%p%"));
    job_cancel_->setText(tr("Cancel"));
    if (workspace_->isOpen()) {
        setWindowTitle(tr("LayerMoE Workbench - %1").arg(QDir::toNativeSeparators(workspace_->folder())));
        status_label_->setText(tr("Workspace %1").arg(QDir::toNativeSeparators(workspace_->folder())));
    } else {
        setWindowTitle(tr("LayerMoE Workbench"));
        status_label_->setText(tr("No workspace open: File > Open Workspace (Ctrl+O) chooses or creates one."));
    }
}

void MainWindow::applySettings() {
    const WorkbenchSettings settings = WorkbenchSettings::load();
    experiment_page_->applySettings(settings);
    similarity_page_->applySettings(settings);
    playground_page_->applySettings(settings);
}

void MainWindow::showSettings() {
    SettingsDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    const WorkbenchSettings settings = dialog.values();
    settings.save();
    set_interface_language(settings.language);  // every widget gets QEvent::LanguageChange
    applySettings();
}

void MainWindow::showPage(int page) { nav_->setCurrentRow(page); }

void MainWindow::chooseWorkspace() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Open or create a workspace folder"), workspace_->folder());
    if (!folder.isEmpty()) openWorkspace(folder);
}

bool MainWindow::openWorkspace(const QString& folder) {
    if (!Workspace::hasStore(folder)) {
        // A missing or empty folder is an obvious new workspace; a folder with other files in it
        // becomes one only when the user says so.
        const QDir dir(folder);
        const bool empty = !dir.exists() || dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        if (!empty) {
            const QString question = tr("%1 has no experiment store (runs.sqlite). Make this folder a workspace?")
                                         .arg(QDir::toNativeSeparators(QDir(folder).absolutePath()));
            if (qEnvironmentVariableIsSet("LAYERMOE_NO_DIALOGS") ||
                QMessageBox::question(this, tr("Open workspace"), question) != QMessageBox::Yes) {
                status_label_->setText(tr("Not opened: %1").arg(question));
                return false;
            }
        }
    }
    return newWorkspace(folder);
}

bool MainWindow::newWorkspace(const QString& folder) {
    if (jobs_->isRunning()) {
        showError(tr("Cannot open the workspace"),
                  tr("A job is running in this workspace; wait for it or cancel it first."));
        return false;
    }
    QString error;
    if (!workspace_->open(folder, &error, /*create=*/true)) {
        showError(tr("Cannot open the workspace"),
                  tr("%1\n\nChoose another folder, or fix what the message above names.").arg(error));
        return false;
    }
    QSettings().setValue(QStringLiteral("workspace/last"), workspace_->folder());
    return true;
}

void MainWindow::openLastWorkspace() {
    const QString last = QSettings().value(QStringLiteral("workspace/last")).toString();
    if (!last.isEmpty() && QDir(last).exists()) openWorkspace(last);
}

void MainWindow::showError(const QString& title, const QString& message) {
    // Tests and screenshots run without a person to close a dialog.
    if (qEnvironmentVariableIsSet("LAYERMOE_NO_DIALOGS")) {
        status_label_->setText(title + QStringLiteral(": ") + message);
        return;
    }
    QMessageBox::warning(this, title, message);
}

void MainWindow::showGuide() {
    if (!guide_) guide_ = new GuideDialog(this);
    guide_->show();
    guide_->raise();
    guide_->activateWindow();
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About LayerMoE Workbench"),
        tr("<b>LayerMoE Workbench</b> %1<br>Teach a language model new languages with layer-wise "
           "Mixture-of-Experts expansion, and compare it with MoE-LPR and dense training."
           "<br><br>Qt %2, LibTorch %3<br>GPL-3.0-or-later")
            .arg(QStringLiteral(LAYERMOE_VERSION), QString::fromLatin1(qVersion()), QStringLiteral(TORCH_VERSION)));
}

bool MainWindow::saveScreenshot(const QString& file) {
    QApplication::processEvents();
    return grab().save(file);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (jobs_->isRunning()) {
        jobs_->cancel();  // the job keeps a checkpoint; Resume continues it
        jobs_->waitForFinished(-1);
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

}  // namespace layermoe
