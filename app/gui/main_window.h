#pragma once
// The workbench window: a workspace (store, models, reports), the pages in a side list, one job
// runner whose progress and Cancel sit in the status bar, menus with shortcuts, and settings
// (window layout, last workspace, interface language) kept with QSettings.
#include <QMainWindow>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace layermoe {

class AllocationPage;
class DataPage;
class GuideDialog;
class ExperimentPage;
class JobRunner;
class PlaygroundPage;
class ResultsPage;
class SimilarityPage;
class Session;
class Workspace;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { Data, Similarity, Allocation, Experiment, Results, Playground };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;
    // Opens the workspace in `folder`; a folder that is missing or empty becomes a new one, any
    // other folder without a store only when the user agrees.
    bool openWorkspace(const QString& folder);
    bool newWorkspace(const QString& folder);  // File > New Workspace: creates the store
    void openLastWorkspace();
    void showPage(int page);
    bool saveScreenshot(const QString& file);
    GuideDialog* guide() const { return guide_; }  // null until Help > Getting Started was opened

    Workspace& workspace() { return *workspace_; }
    Session& session() { return *session_; }
    JobRunner& jobs() { return *jobs_; }
    DataPage* dataPage() const { return data_page_; }
    SimilarityPage* similarityPage() const { return similarity_page_; }
    AllocationPage* allocationPage() const { return allocation_page_; }
    ExperimentPage* experimentPage() const { return experiment_page_; }
    ResultsPage* resultsPage() const { return results_page_; }
    PlaygroundPage* playgroundPage() const { return playground_page_; }

protected:
    void closeEvent(class QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildMenus();
    void retranslate();
    void chooseWorkspace();
    void showAbout();
    void showGuide();
    void fitToScreen();  // never larger than the screen's available area
    void setJobText(const QString& text);
    void showSettings();
    void applySettings();
    void showError(const QString& title, const QString& message);

    Workspace* workspace_;
    Session* session_;
    JobRunner* jobs_;
    QListWidget* nav_;
    QStackedWidget* pages_;
    DataPage* data_page_;
    SimilarityPage* similarity_page_;
    AllocationPage* allocation_page_;
    ExperimentPage* experiment_page_;
    ResultsPage* results_page_;
    PlaygroundPage* playground_page_;
    QLabel *status_label_, *job_label_;
    QProgressBar* job_progress_;
    QPushButton* job_cancel_;
    class QMenu *file_menu_, *run_menu_, *help_menu_, *recent_menu_;
    class QAction *new_action_, *open_action_, *settings_action_, *quit_action_, *cancel_action_, *about_action_,
        *guide_action_;
    GuideDialog* guide_ = nullptr;
};

}  // namespace layermoe
