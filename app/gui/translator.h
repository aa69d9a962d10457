#pragma once
// The interface language: the workbench's translations (compiled into it) and Qt's own, switched
// at run time; every page re-translates on QEvent::LanguageChange.
#include <QString>
#include <QStringList>

namespace layermoe {

QStringList interface_languages();  // "en", "zh_CN", "es", "de"
QString interface_language_name(const QString& code);  // in that language: "Deutsch"
// Installs the translators of `code` ("en" removes them). false when the workbench has none.
bool set_interface_language(const QString& code);
QString current_interface_language();

}  // namespace layermoe
