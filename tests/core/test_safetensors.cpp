// Safetensors reader/writer, 16-bit float conversions, atomic writes and SHA-256.
#include "core/common/error.h"
#include "core/io/dtype.h"
#include "core/io/files.h"
#include "core/io/safetensors.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>

using namespace layermoe;
namespace fs = std::filesystem;

namespace {

template <typename T>
std::vector<std::byte> bytes_of(const std::vector<T>& values) {
    std::vector<std::byte> bytes(values.size() * sizeof(T));
    if (!bytes.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

std::string le64(uint64_t value) {
    std::string bytes(8, '\0');
    for (size_t i = 0; i < 8; ++i) bytes[i] = char(value >> (8 * i));
    return bytes;
}

// A file laid out by hand, so the reader is checked against bytes the writer did not make.
QByteArray st_file(const std::string& header, size_t data_bytes) {
    return QByteArray::fromStdString(le64(header.size()) + header + std::string(data_bytes, 'Z'));
}

QByteArray st_file_raw(uint64_t header_length, const std::string& rest) {
    return QByteArray::fromStdString(le64(header_length) + rest);
}

void write_raw(const fs::path& path, const QByteArray& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.constData(), bytes.size());
}

// The Error message `action` throws, or an empty string when it throws nothing.
QString error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

std::vector<std::string> folder_entries(const fs::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

uint32_t float_bits(float value) { return std::bit_cast<uint32_t>(value); }

// Slow, obvious reference: scan the finite halves for the neighbours, pick the nearer one,
// ties to the even code.
uint16_t float_to_half_reference(float value) {
    const double target = std::fabs(double(value));
    uint16_t below = 0;
    while (below < 0x7bff && double(half_to_float(uint16_t(below + 1))) <= target) ++below;
    const uint16_t above = uint16_t(below + 1);
    // Past 65504 the next step would be 65536, which the format spells as inf (0x7c00).
    const double above_value = above == 0x7c00 ? 65536.0 : double(half_to_float(above));
    const double below_gap = target - double(half_to_float(below));
    const double above_gap = above_value - target;
    const uint16_t nearest = below_gap < above_gap   ? below
                             : above_gap < below_gap ? above
                             : (below & 1)           ? above
                                                     : below;
    return uint16_t(nearest | (std::signbit(value) ? 0x8000 : 0));
}

struct TempFolder {
    QTemporaryDir dir;
    fs::path path() const { return fs::path(dir.path().toStdString()); }
};

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

private slots:
    void roundTripKeepsTensorsBitIdentical();
    void roundTripKeepsMetadata();
    void writerMatchesReferenceLayout();
    void headerIsPaddedTo8_data();
    void headerIsPaddedTo8();
    void readsHandWrittenFile();
    void missingTensorNamesFileAndTensor();
    void rejectsMalformedFile_data();
    void rejectsMalformedFile();
    void rejectsHeaderOverLimitWithoutReadingIt();
    void survivesCorruptedBytes();
    void writerRejectsBadInput_data();
    void writerRejectsBadInput();
    void writeIntoMissingFolderFailsCleanly();
    void failedRenameLeavesNoTempFile();
    void rewriteReplacesWholeFile();
    void readTextFileNamesMissingFile();
    void halfConversion_data();
    void halfConversion();
    void bf16Conversion_data();
    void bf16Conversion();
    void nanStaysNan();
    void everyHalfAndBf16RoundTrips();
    void floatToHalfMatchesReference();
    void sha256KnownVectors_data();
    void sha256KnownVectors();
    void sha256FileMatchesVector();
    void sha256FileAcrossChunksMatchesSha256sum();
};

void TestSafetensors::roundTripKeepsTensorsBitIdentical() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "round.safetensors";
    const float nan_payload = std::bit_cast<float>(0x7fc01234u);
    const auto f32 = bytes_of<float>({1.0f, -2.5f, 3.25f, 0.0f, INFINITY, nan_payload});
    const auto f16 = bytes_of<uint16_t>({0x3c00, 0xc100, 0x7bff, 0x0001});
    const auto bf16 = bytes_of<uint16_t>({0x3f80, 0xc020, 0x7f80, 0x0001});
    const auto i64 = bytes_of<int64_t>({std::numeric_limits<int64_t>::min(), -1, std::numeric_limits<int64_t>::max()});
    const auto u8 = bytes_of<uint8_t>({0, 1, 127, 128, 255});
    const auto scalar = bytes_of<double>({3.14159});
    const std::vector<TensorToWrite> written = {{"layers.0.w", DType::F32, {2, 3}, f32},
                                                {"u8", DType::U8, {5}, u8},
                                                {"half", DType::F16, {4}, f16},
                                                {"brain", DType::BF16, {2, 2}, bf16},
                                                {"empty", DType::F32, {0, 3}, {}},
                                                {"scalar", DType::F64, {}, scalar},
                                                {"i64", DType::I64, {3}, i64}};
    write_safetensors(path, written);

    const SafetensorsFile file = SafetensorsFile::open(path);
    QCOMPARE(file.tensors().size(), written.size());
    for (size_t i = 0; i < written.size(); ++i) {
        const TensorInfo& info = file.tensors()[i];
        QCOMPARE(info.name, written[i].name);
        QVERIFY(info.dtype == written[i].dtype);
        QCOMPARE(info.shape, written[i].shape);
        QCOMPARE(uint64_t(info.numel()) * dtype_size(info.dtype), written[i].data.size());
        const auto bytes = file.bytes(info);
        QCOMPARE(bytes.size(), written[i].data.size());
        QVERIFY(std::equal(bytes.begin(), bytes.end(), written[i].data.begin()));
        QCOMPARE(&file.at(info.name), &info);
    }
    QCOMPARE(file.at("scalar").numel(), int64_t(1));
    QCOMPARE(file.at("empty").numel(), int64_t(0));
    QVERIFY(file.find("absent") == nullptr);
    QCOMPARE(file.file_size(), uint64_t(fs::file_size(path)));
    QVERIFY(file.metadata().empty());
}

void TestSafetensors::roundTripKeepsMetadata() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "meta.safetensors";
    const std::map<std::string, std::string> metadata = {
        {"format", "pt"}, {"note", "ünïcode ✓ \"quoted\"\n"}, {"empty", ""}};
    const auto data = bytes_of<float>({1.0f});
    write_safetensors(path, {{"w", DType::F32, {1}, data}}, metadata);
    QCOMPARE(SafetensorsFile::open(path).metadata(), metadata);
}

void TestSafetensors::writerMatchesReferenceLayout() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "golden.safetensors";
    const auto data = bytes_of<float>({1.0f, 2.0f});
    write_safetensors(path, {{"x", DType::F32, {2}, data}});
    const std::string header = R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
    const std::string expected = le64(56) + header + "  " + std::string(reinterpret_cast<const char*>(data.data()), 8);
    QCOMPARE(read_text_file(path), expected);
}

void TestSafetensors::headerIsPaddedTo8_data() {
    QTest::addColumn<int>("name_length");
    for (int length = 1; length <= 9; ++length) QTest::newRow(QByteArray::number(length).constData()) << length;
}

void TestSafetensors::headerIsPaddedTo8() {
    QFETCH(int, name_length);
    TempFolder tmp;
    const fs::path path = tmp.path() / "pad.safetensors";
    const auto data = bytes_of<uint8_t>({7, 8, 9});
    write_safetensors(path, {{std::string(size_t(name_length), 'n'), DType::U8, {3}, data}});
    const std::string bytes = read_text_file(path);
    uint64_t header_length = 0;
    std::memcpy(&header_length, bytes.data(), 8);
    QCOMPARE(header_length % 8, uint64_t(0));
    QCOMPARE(bytes.size(), size_t(8 + header_length + 3));
    QVERIFY(bytes[8 + header_length - 1] == '}' || bytes[8 + header_length - 1] == ' ');
    QCOMPARE(SafetensorsFile::open(path).data_offset() % 8, uint64_t(0));
}

void TestSafetensors::readsHandWrittenFile() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "hand.safetensors";
    // Header order differs from data order, no padding, metadata last: all legal.
    write_raw(path, st_file(R"({"b":{"dtype":"I16","shape":[1],"data_offsets":[2,4]},)"
                            R"("a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)"
                            R"("__metadata__":{"k":"v"}})",
                            4));
    const SafetensorsFile file = SafetensorsFile::open(path);
    QCOMPARE(file.tensors().size(), size_t(2));
    QCOMPARE(file.tensors()[0].name, std::string("a"));
    QCOMPARE(file.tensors()[1].name, std::string("b"));
    QCOMPARE(file.at("b").begin, uint64_t(2));
    QCOMPARE(file.metadata().at("k"), std::string("v"));
}

void TestSafetensors::missingTensorNamesFileAndTensor() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "few.safetensors";
    write_safetensors(path, {});
    const SafetensorsFile file = SafetensorsFile::open(path);
    const QString message = error_of([&] { file.at("lm_head"); });
    QVERIFY2(message.contains(QStringLiteral("few.safetensors")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("no tensor named 'lm_head'")), qPrintable(message));
}

void TestSafetensors::rejectsMalformedFile_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("phrase");
    const std::string w8 = R"("w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";
    auto row = [](const char* tag, const QByteArray& bytes, const char* phrase) {
        QTest::newRow(tag) << bytes << QString::fromUtf8(phrase);
    };
    row("truncated file", QByteArray("\x10\0\0\0", 4), "too short");
    row("header length 2^62", st_file_raw(uint64_t(1) << 62, "{}"), "larger than the file");
    row("header length past end", st_file_raw(100, "{}      "), "header length 100 is larger");
    row("header length 0", st_file_raw(0, "{}"), "header length is 0");
    row("invalid JSON", st_file(R"({"w":{"dtype":"F32",)", 0), "not valid JSON");
    row("number overflow", st_file(R"({"w":{"dtype":"F32","shape":[1e999],"data_offsets":[0,8]}})", 8),
        "not valid JSON");
    row("trailing garbage", st_file("{} x", 0), "not valid JSON");
    row("header not an object", st_file("[1, 2]", 0), "header is not a JSON object");
    row("header not UTF-8", st_file("{\"w\xff\": 1}", 0), "not valid UTF-8");
    row("overlong UTF-8", st_file("{\"\xc0\xaf\": 1}", 0), "not valid UTF-8");
    row("entry not an object", st_file(R"({"w": 3})", 0), "tensor 'w': entry is not an object");
    row("missing data_offsets", st_file(R"({"w":{"dtype":"F32","shape":[2]}})", 8), "missing \"data_offsets\"");
    row("missing dtype", st_file(R"({"w":{"shape":[2],"data_offsets":[0,8]}})", 8), "missing \"dtype\"");
    row("unknown dtype", st_file(R"({"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}})", 8),
        "unsupported dtype \"Q4\"");
    row("negative shape", st_file(R"({"w":{"dtype":"F32","shape":[-1,2],"data_offsets":[0,8]}})", 8),
        "shape must be a list of non-negative integers");
    row("fractional shape", st_file(R"({"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}})", 8),
        "shape must be a list of non-negative integers");
    row("shape overflows",
        st_file(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,4],)"
                R"("data_offsets":[0,0]}})",
                0),
        "overflows");
    row("size mismatch", st_file(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8), "size mismatch");
    row("offsets out of range", st_file("{" + w8 + "}", 4), "beyond the data section (4 bytes)");
    row("offsets reversed", st_file(R"({"w":{"dtype":"U8","shape":[0],"data_offsets":[8,0]}})", 8),
        "begin 8 is after end 0");
    row("offsets not a pair", st_file(R"({"w":{"dtype":"U8","shape":[0],"data_offsets":[0]}})", 0),
        "two non-negative integers");
    row("negative offset", st_file(R"({"w":{"dtype":"U8","shape":[8],"data_offsets":[-8,0]}})", 8),
        "two non-negative integers");
    row("overlapping tensors",
        st_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                12),
        "'a' and 'b' overlap");
    row("duplicate names", st_file("{" + w8 + "," + w8 + "}", 8), "duplicate tensor name 'w'");
    row("duplicate field",
        st_file(R"({"w":{"dtype":"F32","dtype":"F32","shape":[2],)"
                R"("data_offsets":[0,8]}})",
                8),
        "duplicate key 'dtype'");
    row("metadata non-string value", st_file(R"({"__metadata__":{"step":3}})", 0),
        "value for key 'step' is not a string");
    row("metadata not an object", st_file(R"({"__metadata__":"x"})", 0), "__metadata__ is not an object");
    row("hole in the data",
        st_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                R"("b":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}})",
                20),
        "bytes [8, 12) are not covered by any tensor");
    row("bytes after last tensor", st_file("{" + w8 + "}", 12), "bytes [8, 12) are not covered by any tensor");
}

void TestSafetensors::rejectsMalformedFile() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, phrase);
    TempFolder tmp;
    const fs::path path = tmp.path() / "broken_model.safetensors";
    write_raw(path, bytes);
    const QString message = error_of([&] { SafetensorsFile::open(path); });
    QVERIFY2(message.contains(QStringLiteral("broken_model.safetensors")), qPrintable(message));
    QVERIFY2(message.contains(phrase), qPrintable(message));
}

void TestSafetensors::rejectsHeaderOverLimitWithoutReadingIt() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "huge_header.safetensors";
    write_raw(path, st_file_raw(200'000'000, "{"));
    fs::resize_file(path, 200'000'100);  // sparse: no disk used, and the reader must not parse it
    const QString message = error_of([&] { SafetensorsFile::open(path); });
    QVERIFY2(message.contains(QStringLiteral("huge_header.safetensors")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("exceeds the 100000000-byte limit")), qPrintable(message));
}

void TestSafetensors::survivesCorruptedBytes() {
    TempFolder tmp;
    const fs::path good = tmp.path() / "good.safetensors";
    const auto data = bytes_of<float>({1.0f, 2.0f, 3.0f});
    write_safetensors(good, {{"a", DType::F32, {3}, data}, {"b", DType::U8, {0}, {}}}, {{"k", "v"}});
    const std::string bytes = read_text_file(good);
    const fs::path bad = tmp.path() / "bad.safetensors";
    uint32_t seed = 12345;
    for (size_t round = 0; round < 400; ++round) {
        std::string corrupted = bytes.substr(0, round < bytes.size() ? round : bytes.size());
        if (round >= bytes.size()) {  // then flip random bytes of the header and length
            corrupted = bytes;
            seed = seed * 1664525u + 1013904223u;
            corrupted[(seed >> 8) % 72] = char(seed >> 24);
        }
        write_raw(bad, QByteArray::fromStdString(corrupted));
        try {
            const SafetensorsFile file = SafetensorsFile::open(bad);
            for (const TensorInfo& info : file.tensors()) QVERIFY(file.data_offset() + info.end <= file.file_size());
        } catch (const Error& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("bad.safetensors")));
        }
    }
}

void TestSafetensors::writerRejectsBadInput_data() {
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("size mismatch") << QStringLiteral("size") << QStringLiteral("size mismatch");
    QTest::newRow("duplicate") << QStringLiteral("duplicate") << QStringLiteral("duplicate tensor");
    QTest::newRow("reserved name") << QStringLiteral("reserved") << QStringLiteral("reserved");
    QTest::newRow("negative dim") << QStringLiteral("negative") << QStringLiteral("negative");
}

void TestSafetensors::writerRejectsBadInput() {
    QFETCH(QString, problem);
    QFETCH(QString, phrase);
    TempFolder tmp;
    const fs::path path = tmp.path() / "out.safetensors";
    const auto data = bytes_of<float>({1.0f, 2.0f});
    std::vector<TensorToWrite> tensors = {{"a", DType::F32, {2}, data}};
    if (problem == QStringLiteral("size")) tensors[0].shape = {3};
    if (problem == QStringLiteral("duplicate")) tensors.push_back(tensors[0]);
    if (problem == QStringLiteral("reserved")) tensors[0].name = "__metadata__";
    if (problem == QStringLiteral("negative")) tensors[0].shape = {-2, -1};
    const QString message = error_of([&] { write_safetensors(path, tensors); });
    QVERIFY2(message.contains(QStringLiteral("out.safetensors")), qPrintable(message));
    QVERIFY2(message.contains(phrase), qPrintable(message));
    QVERIFY(folder_entries(tmp.path()).empty());
}

void TestSafetensors::writeIntoMissingFolderFailsCleanly() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "no_such_folder" / "model.safetensors";
    const QString message = error_of([&] { write_safetensors(path, {}); });
    QVERIFY2(message.contains(QString::fromStdString(path.string())), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("No such file or directory")), qPrintable(message));
    QVERIFY(folder_entries(tmp.path()).empty());
}

void TestSafetensors::failedRenameLeavesNoTempFile() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "taken";
    fs::create_directory(path);
    atomic_write_file(path / "keep", "x");  // a non-empty folder cannot be renamed over
    const QString message = error_of([&] { atomic_write_file(path, "new contents"); });
    QVERIFY2(message.contains(QStringLiteral("taken: cannot replace")), qPrintable(message));
    QCOMPARE(folder_entries(tmp.path()), std::vector<std::string>{"taken"});
    QCOMPARE(folder_entries(path), std::vector<std::string>{"keep"});
}

void TestSafetensors::rewriteReplacesWholeFile() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "model.safetensors";
    const std::vector<float> many(1000, 1.5f);
    const auto big = bytes_of(many);
    write_safetensors(path, {{"big", DType::F32, {1000}, big}});
    const auto small = bytes_of<float>({2.0f});
    write_safetensors(path, {{"small", DType::F32, {1}, small}});
    const SafetensorsFile file = SafetensorsFile::open(path);
    QCOMPARE(file.file_size(), uint64_t(fs::file_size(path)));
    QVERIFY(file.file_size() < 100);
    QCOMPARE(file.tensors().size(), size_t(1));
    QCOMPARE(file.tensors()[0].name, std::string("small"));
    QCOMPARE(folder_entries(tmp.path()), std::vector<std::string>{"model.safetensors"});

    const fs::path text = tmp.path() / "notes.txt";
    atomic_write_file(text, "a much longer first version");
    atomic_write_file(text, "v2");
    QCOMPARE(read_text_file(text), std::string("v2"));
}

void TestSafetensors::readTextFileNamesMissingFile() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "missing.json";
    const QString message = error_of([&] { read_text_file(path); });
    QVERIFY2(message.contains(QStringLiteral("missing.json: file not found")), qPrintable(message));
    const QString folder = error_of([&] { read_text_file(tmp.path()); });
    QVERIFY2(folder.contains(QStringLiteral("is a folder")), qPrintable(folder));
    QVERIFY(error_of([&] { SafetensorsFile::open(path); }).contains(QStringLiteral("not found")));
}

void TestSafetensors::halfConversion_data() {
    QTest::addColumn<float>("value");
    QTest::addColumn<quint16>("bits");
    QTest::addColumn<bool>("exact");  // half_to_float(bits) gives value back
    auto row = [](const char* tag, float value, quint16 bits, bool exact) {
        QTest::newRow(tag) << value << bits << exact;
    };
    row("1.0", 1.0f, 0x3c00, true);
    row("-2.5", -2.5f, 0xc100, true);
    row("65504 largest", 65504.0f, 0x7bff, true);
    row("-0", -0.0f, 0x8000, true);
    row("smallest normal 2^-14", 0x1p-14f, 0x0400, true);
    row("smallest subnormal 2^-24", 0x1p-24f, 0x0001, true);
    row("largest subnormal", 1023 * 0x1p-24f, 0x03ff, true);
    row("inf", INFINITY, 0x7c00, true);
    row("-inf", -INFINITY, 0xfc00, true);
    row("0.1", 0.1f, 0x2e66, false);
    row("1e-7 subnormal", 1e-7f, 0x0002, false);
    row("1e-8 underflows to 0", 1e-8f, 0x0000, false);
    row("-1e-8 underflows to -0", -1e-8f, 0x8000, false);
    row("65519 rounds down", 65519.0f, 0x7bff, false);
    row("65520 tie rounds to inf", 65520.0f, 0x7c00, false);
    row("1e6 overflows", 1e6f, 0x7c00, false);
    row("tie 1+2^-11 to even 1.0", 1 + 0x1p-11f, 0x3c00, false);
    row("tie 1+3*2^-11 to even up", 1 + 3 * 0x1p-11f, 0x3c02, false);
    row("past tie rounds up", 1 + 0x1p-11f + 0x1p-20f, 0x3c01, false);
    row("subnormal tie 2.5 to even 2", 2.5f * 0x1p-24f, 0x0002, false);
    row("subnormal tie 3.5 to even 4", 3.5f * 0x1p-24f, 0x0004, false);
    row("2^-25 tie to 0", 0x1p-25f, 0x0000, false);
    row("past 2^-25 rounds up", std::nextafter(0x1p-25f, 1.0f), 0x0001, false);
    row("largest subnormal tie to normal", 1023.5f * 0x1p-24f, 0x0400, false);
}

void TestSafetensors::halfConversion() {
    QFETCH(float, value);
    QFETCH(quint16, bits);
    QFETCH(bool, exact);
    QCOMPARE(float_to_half(value), bits);
    if (exact) QCOMPARE(float_bits(half_to_float(bits)), float_bits(value));
}

void TestSafetensors::bf16Conversion_data() {
    QTest::addColumn<float>("value");
    QTest::addColumn<quint16>("bits");
    QTest::addColumn<bool>("exact");
    auto row = [](const char* tag, float value, quint16 bits, bool exact) {
        QTest::newRow(tag) << value << bits << exact;
    };
    row("1.0", 1.0f, 0x3f80, true);
    row("-2.5", -2.5f, 0xc020, true);
    row("-0", -0.0f, 0x8000, true);
    row("inf", INFINITY, 0x7f80, true);
    row("-inf", -INFINITY, 0xff80, true);
    row("65504 rounds to 65536", 65504.0f, 0x4780, false);
    row("1e-8", 1e-8f, 0x322c, false);
    row("float subnormal 1e-40", 1e-40f, 0x0001, false);
    row("largest float rounds to inf", std::numeric_limits<float>::max(), 0x7f80, false);
    row("tie 1+2^-8 to even 1.0", 1 + 0x1p-8f, 0x3f80, false);
    row("tie 1+3*2^-8 to even up", 1 + 3 * 0x1p-8f, 0x3f82, false);
    row("past tie rounds up", 1 + 0x1p-8f + 0x1p-20f, 0x3f81, false);
}

void TestSafetensors::bf16Conversion() {
    QFETCH(float, value);
    QFETCH(quint16, bits);
    QFETCH(bool, exact);
    QCOMPARE(float_to_bf16(value), bits);
    if (exact) QCOMPARE(float_bits(bf16_to_float(bits)), float_bits(value));
}

void TestSafetensors::nanStaysNan() {
    // Signalling NaNs whose payload sits in the bits that conversion drops: naive
    // truncation turns them into infinity.
    const float signalling = std::bit_cast<float>(0x7f800001u);
    const float negative_nan = std::bit_cast<float>(0xffc00000u);
    for (float nan : {std::numeric_limits<float>::quiet_NaN(), signalling, negative_nan}) {
        QVERIFY(std::isnan(half_to_float(float_to_half(nan))));
        QVERIFY(std::isnan(bf16_to_float(float_to_bf16(nan))));
    }
    QCOMPARE(float_to_half(negative_nan) & 0x8000, 0x8000);
    QCOMPARE(float_to_bf16(negative_nan) & 0x8000, 0x8000);
    QVERIFY(std::isnan(half_to_float(0x7c01)));
    QVERIFY(std::isnan(half_to_float(0xfe00)));
    QVERIFY(std::isnan(bf16_to_float(0x7f81)));
}

void TestSafetensors::everyHalfAndBf16RoundTrips() {
    for (uint32_t code = 0; code <= 0xffff; ++code) {
        const auto bits = uint16_t(code);
        if (!std::isnan(half_to_float(bits))) QCOMPARE(float_to_half(half_to_float(bits)), bits);
        if (!std::isnan(bf16_to_float(bits))) QCOMPARE(float_to_bf16(bf16_to_float(bits)), bits);
    }
}

void TestSafetensors::floatToHalfMatchesReference() {
    uint32_t seed = 2024;
    for (int sample = 0; sample < 3000; ++sample) {
        seed = seed * 1664525u + 1013904223u;
        // Magnitudes from below the subnormals to just past 65504, both signs.
        const uint32_t magnitude = 0x32000000u + seed % (0x47800000u - 0x32000000u);
        const float value = std::bit_cast<float>(magnitude | (seed & 0x80000000u));
        QCOMPARE(float_to_half(value), float_to_half_reference(value));
    }
}

void TestSafetensors::sha256KnownVectors_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("digest");
    auto row = [](const char* tag, const QByteArray& input, const char* digest) {
        QTest::newRow(tag) << input << QString::fromLatin1(digest);
    };
    row("empty", QByteArray(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    row("abc", QByteArray("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    row("448 bits", QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    row("55 bytes, one block", QByteArray(55, 'a'), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    row("56 bytes, padding spills", QByteArray(56, 'a'),
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    row("64 bytes", QByteArray(64, 'a'), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

void TestSafetensors::sha256KnownVectors() {
    QFETCH(QByteArray, input);
    QFETCH(QString, digest);
    const std::string hex = sha256_hex(std::string_view(input.constData(), size_t(input.size())));
    QCOMPARE(QString::fromStdString(hex), digest);
}

void TestSafetensors::sha256FileMatchesVector() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "million_a.bin";
    atomic_write_file(path, std::string(1'000'000, 'a'));  // spans several read chunks
    QCOMPARE(QString::fromStdString(sha256_file(path)),
             QStringLiteral("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    QVERIFY(
        error_of([&] { sha256_file(tmp.path() / "gone.bin"); }).contains(QStringLiteral("gone.bin: file not found")));
}

// sha256_file reads 1 MiB at a time: a file of 3 MiB and 77 bytes of varied content ends in a
// partial read and a partial block. Checked against coreutils' sha256sum, run here, and against
// the in-memory digest of the same bytes.
void TestSafetensors::sha256FileAcrossChunksMatchesSha256sum() {
    TempFolder tmp;
    const fs::path path = tmp.path() / "chunks.bin";
    std::string bytes((size_t(3) << 20) + 77, '\0');
    uint32_t seed = 12345;
    for (char& c : bytes) {
        seed = seed * 1664525u + 1013904223u;
        c = char(seed >> 24);
    }
    atomic_write_file(path, bytes);
    const QString digest = QString::fromStdString(sha256_file(path));
    QCOMPARE(digest.size(), 64);
    QCOMPARE(digest, digest.toLower());
    QCOMPARE(digest, QString::fromStdString(sha256_hex(bytes)));

    const QString tool = QStandardPaths::findExecutable(QStringLiteral("sha256sum"));
    if (tool.isEmpty()) QSKIP("sha256sum is not installed");
    QProcess process;
    process.start(tool, {QString::fromStdString(path.string())});
    QVERIFY2(process.waitForFinished(60000), qPrintable(process.errorString()));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QString line = QString::fromLatin1(process.readAllStandardOutput());
    QCOMPARE(line.section(QLatin1Char(' '), 0, 0), digest);
}

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
