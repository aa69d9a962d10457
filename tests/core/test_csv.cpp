// The one CSV writer (RFC 4180): which fields are quoted and how, missing numbers, rows that do
// not match the header, and the file it writes.
#include <QtTest>

#include <cmath>
#include <limits>

#include "core/common/error.h"
#include "core/io/csv.h"
#include "core/io/files.h"

using namespace layermoe;

namespace {

// A minimal RFC 4180 reader, to read back what the writer wrote.
std::vector<std::vector<std::string>> parse(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false, was_quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field.push_back('"');
                ++i;
            } else if (ch == '"') {
                quoted = false;
            } else {
                field.push_back(ch);
            }
        } else if (ch == '"' && field.empty() && !was_quoted) {
            quoted = was_quoted = true;
        } else if (ch == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
            was_quoted = false;
        } else if (ch == '\n') {
            rows.back().push_back(std::move(field));
            field.clear();
            was_quoted = false;
            rows.emplace_back();
        } else {
            field.push_back(ch);
        }
    }
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

}  // namespace

class TestCsv : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Quoted exactly when a field holds a comma, a double quote, a CR or an LF; quotes doubled.
    void fields_are_quoted_as_rfc_4180_says() {
        QCOMPARE(csv_field("plain"), std::string("plain"));
        QCOMPARE(csv_field(""), std::string(""));
        QCOMPARE(csv_field(" spaces stay "), std::string(" spaces stay "));
        QCOMPARE(csv_field("eng;spa"), std::string("eng;spa"));
        QCOMPARE(csv_field("Ελληνικά"), std::string("Ελληνικά"));
        QCOMPARE(csv_field("a,b"), std::string("\"a,b\""));
        QCOMPARE(csv_field("say \"hi\""), std::string("\"say \"\"hi\"\"\""));
        QCOMPARE(csv_field("\""), std::string("\"\"\"\""));
        QCOMPARE(csv_field("two\nlines"), std::string("\"two\nlines\""));
        QCOMPARE(csv_field("cr\rhere"), std::string("\"cr\rhere\""));
        QCOMPARE(csv_field("all, \"of\"\r\nthem"), std::string("\"all, \"\"of\"\"\r\nthem\""));
    }

    // Numbers read back exactly; a missing one (NaN) is an empty field, never 0.
    void numbers_and_missing_values() {
        QCOMPARE(csv_number(0.25), std::string("0.25"));
        QCOMPARE(csv_number(3.0), std::string("3"));
        QCOMPARE(csv_number(-5.0), std::string("-5"));
        QCOMPARE(std::stod(csv_number(0.1 + 0.2)), 0.1 + 0.2);
        QCOMPARE(csv_number(std::nan("")), std::string());
        CsvWriter csv({"name", "value", "count"});
        csv.text("a").number(std::numeric_limits<double>::quiet_NaN()).integer(3);
        csv.end_row();
        csv.empty().number(1.5).integer(-2);
        csv.end_row();
        QCOMPARE(csv.str(), std::string("name,value,count\na,,3\n,1.5,-2\n"));
        QCOMPARE(csv.rows(), size_t(2));
        QCOMPARE(csv.columns(), size_t(3));
    }

    // Whatever the fields hold, a reader of RFC 4180 gets them back, header included.
    void rows_read_back() {
        const std::vector<std::string> header = {"run", "label, quoted", "kind"};
        const std::vector<std::vector<std::string>> rows = {
            {"1", "base, \"v2\"\nsecond line", "eval"}, {"2", "", "stage2"}, {"3", "\"\"", "a\r\nb"}};
        CsvWriter csv(header);
        for (const auto& row : rows) {
            for (const auto& field : row) csv.text(field);
            csv.end_row();
        }
        const auto back = parse(csv.str());
        QCOMPARE(back.size(), size_t(4));
        QCOMPARE(back[0], header);
        for (size_t i = 0; i < rows.size(); ++i) QCOMPARE(back[i + 1], rows[i]);
    }

    // A row with too few or too many fields is an error naming the row; the file is written whole.
    void rows_match_the_header() {
        CsvWriter csv({"a", "b"});
        csv.text("1");
        QVERIFY_THROWS_EXCEPTION(Error, csv.end_row());
        CsvWriter wide({"a"});
        wide.text("1").text("2");
        try {
            wide.end_row();
            QFAIL("a row of 2 fields under a header of 1 was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("row 1 has 2 fields") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, CsvWriter(std::vector<std::string>{}));
        QTemporaryDir dir;
        const std::string file = (dir.path() + QStringLiteral("/t.csv")).toStdString();
        CsvWriter ok({"x", "y"});
        ok.text("a,b").number(2);
        ok.end_row();
        ok.write(file);
        QCOMPARE(read_text_file(file), std::string("x,y\n\"a,b\",2\n"));
    }
};

QTEST_APPLESS_MAIN(TestCsv)
#include "test_csv.moc"
