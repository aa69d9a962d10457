#pragma once
// Main window: the workspace's runs (refreshed live, so CLI runs appear while it is open) and
// the loss curve of the selected run. The pages of the full workbench grow from here.
#include <QMainWindow>
#include <memory>

class QTableView;
class QLabel;
class QTimer;

namespace layermoe {

class Store;
class RunsTableModel;
class MetricPlot;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;
    bool openWorkspace(const QString& folder);
    void openLastWorkspace();
    bool saveScreenshot(const QString& file);

private:
    void buildMenus();
    void chooseWorkspace();
    void refreshRuns();
    void selectNewestRunWithCurve();
    void showSelectedRun();
    void showAbout();
    void closeEvent(QCloseEvent* event) override;

    std::unique_ptr<Store> store_;
    QString workspace_;
    RunsTableModel* runs_model_;
    QTableView* runs_view_;
    MetricPlot* loss_plot_;
    QLabel* status_label_;
    QTimer* refresh_timer_;
};

} // namespace layermoe
