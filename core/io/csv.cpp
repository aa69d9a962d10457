#include "core/io/csv.h"

#include <cmath>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/io/files.h"

namespace layermoe {

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string quoted;
    quoted.reserve(text.size() + 2);
    quoted.push_back('"');
    for (char ch : text) {
        if (ch == '"') quoted.push_back('"');
        quoted.push_back(ch);
    }
    quoted.push_back('"');
    return quoted;
}

std::string csv_number(double value) { return std::isnan(value) ? std::string() : fmt::format("{}", value); }

CsvWriter::CsvWriter(const std::vector<std::string>& header) : columns_(header.size()) {
    if (header.empty()) throw Error("a CSV table needs at least one column");
    for (const auto& name : header) field(csv_field(name));
    in_row_ = 0;
    out_.push_back('\n');
}

void CsvWriter::field(std::string_view raw) {
    if (in_row_ > 0) out_.push_back(',');
    out_.append(raw);
    ++in_row_;
}

CsvWriter& CsvWriter::text(std::string_view value) {
    field(csv_field(value));
    return *this;
}

CsvWriter& CsvWriter::number(double value) {
    field(csv_number(value));
    return *this;
}

CsvWriter& CsvWriter::integer(int64_t value) {
    field(std::to_string(value));
    return *this;
}

CsvWriter& CsvWriter::empty() {
    field({});
    return *this;
}

void CsvWriter::end_row() {
    if (in_row_ != columns_)
        throw Error(
            fmt::format("CSV row {} has {} fields, but the header has {} columns", rows_ + 1, in_row_, columns_));
    out_.push_back('\n');
    in_row_ = 0;
    ++rows_;
}

void CsvWriter::write(const std::filesystem::path& file) const { atomic_write_file(file, out_); }

}  // namespace layermoe
