#pragma once
// The data and model page: the base model (a preset to pretrain, or a model folder), the corpus,
// and its languages in a table where each gets its group (old, G1, G2).
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace layermoe {

class LanguageTableModel;
class Session;

class DataPage : public QWidget {
    Q_OBJECT
public:
    DataPage(Session& session, QWidget* parent = nullptr);
    void setCorpus(const QString& folder);  // also what the Browse and Built-in buttons do
    void setModelFolder(const QString& folder);
    void usePreset(const QString& preset);
    void applyPaperGroups();  // eng, spa, zho_simpl old; ell, hun, tur G1; ben, hin, npi G2
    // The corpus and model folder used last (QSettings); without a corpus, the built-in one.
    void restoreLast();
    LanguageTableModel* languages() const { return languages_; }
    QTableView* languageTable() const { return table_; }
    QLineEdit* languageSearch() const { return search_; }
    bool countsPending() const { return counting_; }

Q_SIGNALS:
    void countsReady();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void modelInputsChanged();
    void countLanguages();
    void showModelSummary();
    void rememberModel();  // the model's source, preset and folder, for restoreLast()

    Session& session_;
    LanguageTableModel* languages_;
    QRadioButton *preset_radio_, *folder_radio_;
    QComboBox* preset_;
    QLineEdit *model_folder_, *corpus_;
    QLabel *model_summary_, *corpus_summary_, *model_title_, *corpus_title_, *languages_title_;
    QTableView* table_;
    QPushButton *browse_model_, *browse_corpus_, *builtin_corpus_, *paper_groups_, *clear_groups_;
    QLineEdit* search_;
    QSortFilterProxyModel* filter_;
    bool counting_ = false;
    int count_generation_ = 0;
};

}  // namespace layermoe
