#pragma once
// The languages of a corpus as a table: code, name, script, group (editable: none, old, G1,
// G2) and the amount of training and held-out text, for choosing an experiment's languages.
#include <QAbstractTableModel>
#include <optional>
#include <vector>

#include "core/data/languages.h"

namespace layermoe {

struct LanguageRow {
    std::string code;
    std::optional<LanguageGroup> group;
    int64_t train_documents = -1, heldout_documents = -1;  // -1: not counted yet
    int64_t train_bytes = -1;  // the byte tokenizer's tokens
};

class LanguageTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Code, Name, Script, Group, TrainDocuments, HeldoutDocuments, TrainBytes, ColumnCount };
    explicit LanguageTableModel(QObject* parent = nullptr);

    // The corpus's languages; groups as given (languages in none stay ungrouped).
    void setLanguages(const std::vector<std::string>& codes, const LanguageGroups& groups);
    void setCounts(const std::string& code, int64_t train_documents, int64_t heldout_documents, int64_t train_bytes);
    LanguageGroups groups() const;  // in table order
    const std::vector<LanguageRow>& rows() const { return rows_; }
    int rowOf(const std::string& code) const;  // -1 when absent

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QStringList groupChoices();  // "", "old", "G1", "G2" (the editor's items)

Q_SIGNALS:
    void groupsEdited();

private:
    std::vector<LanguageRow> rows_;
};

}  // namespace layermoe
