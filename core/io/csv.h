#pragma once
// The one CSV writer (RFC 4180): fields separated by commas; a field holding a comma, a double
// quote, a CR or an LF is enclosed in double quotes, each double quote in it doubled; every other
// field is written as it is. Lines end with LF, as every CSV this project has written (readers of
// RFC 4180 accept it). A missing number is an empty field, never 0. Used by the comparison CSV
// (core/report), `layermoe runs metrics --csv` and the analysis's scores CSV.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace layermoe {

// One field as RFC 4180 writes it: "a,b" -> "\"a,b\"", say "hi" -> "\"say \"\"hi\"\"\"".
std::string csv_field(std::string_view text);
// A number as the shortest text that reads back as the same double ("0.25", "3", "1e-07");
// empty for NaN, the mark of a missing value.
std::string csv_number(double value);

class CsvWriter {
public:
    explicit CsvWriter(const std::vector<std::string>& header);

    // The fields of the current row, left to right.
    CsvWriter& text(std::string_view field);  // quoted when it needs to be
    CsvWriter& number(double value);  // csv_number: empty when NaN
    CsvWriter& integer(int64_t value);
    CsvWriter& empty();  // a missing value
    // Ends the row; Error when it has not as many fields as the header.
    void end_row();

    size_t columns() const { return columns_; }
    size_t rows() const { return rows_; }
    // Everything written so far: the header and the rows ended.
    const std::string& str() const { return out_; }
    // Writes str() atomically (core/io/files.h); Error naming the file.
    void write(const std::filesystem::path& file) const;

private:
    void field(std::string_view raw);

    std::string out_;
    size_t columns_ = 0, rows_ = 0, in_row_ = 0;
};

}  // namespace layermoe
