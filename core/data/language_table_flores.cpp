// The 102 language files of FLORES-101 (101 languages, Chinese in two scripts).
#include "core/data/language_table.h"

namespace layermoe::detail {

namespace {
constexpr LanguageRow kFlores[] = {
    {"afr", "Afrikaans", "Latn"},           {"amh", "Amharic", "Ethi"},
    {"ara", "Arabic", "Arab"},              {"asm", "Assamese", "Beng"},
    {"ast", "Asturian", "Latn"},            {"azj", "North Azerbaijani", "Latn"},
    {"bel", "Belarusian", "Cyrl"},          {"ben", "Bengali", "Beng"},
    {"bos", "Bosnian", "Latn"},             {"bul", "Bulgarian", "Cyrl"},
    {"cat", "Catalan", "Latn"},             {"ceb", "Cebuano", "Latn"},
    {"ces", "Czech", "Latn"},               {"ckb", "Central Kurdish", "Arab"},
    {"cym", "Welsh", "Latn"},               {"dan", "Danish", "Latn"},
    {"deu", "German", "Latn"},              {"ell", "Greek", "Grek"},
    {"eng", "English", "Latn"},             {"est", "Estonian", "Latn"},
    {"fas", "Persian", "Arab"},             {"fin", "Finnish", "Latn"},
    {"fra", "French", "Latn"},              {"ful", "Fula", "Latn"},
    {"gle", "Irish", "Latn"},               {"glg", "Galician", "Latn"},
    {"guj", "Gujarati", "Gujr"},            {"hau", "Hausa", "Latn"},
    {"heb", "Hebrew", "Hebr"},              {"hin", "Hindi", "Deva"},
    {"hrv", "Croatian", "Latn"},            {"hun", "Hungarian", "Latn"},
    {"hye", "Armenian", "Armn"},            {"ibo", "Igbo", "Latn"},
    {"ind", "Indonesian", "Latn"},          {"isl", "Icelandic", "Latn"},
    {"ita", "Italian", "Latn"},             {"jav", "Javanese", "Latn"},
    {"jpn", "Japanese", "Jpan"},            {"kam", "Kamba", "Latn"},
    {"kan", "Kannada", "Knda"},             {"kat", "Georgian", "Geor"},
    {"kaz", "Kazakh", "Cyrl"},              {"kea", "Kabuverdianu", "Latn"},
    {"khm", "Khmer", "Khmr"},               {"kir", "Kyrgyz", "Cyrl"},
    {"kor", "Korean", "Hang"},              {"lao", "Lao", "Laoo"},
    {"lav", "Latvian", "Latn"},             {"lin", "Lingala", "Latn"},
    {"lit", "Lithuanian", "Latn"},          {"ltz", "Luxembourgish", "Latn"},
    {"lug", "Ganda", "Latn"},               {"luo", "Luo", "Latn"},
    {"mal", "Malayalam", "Mlym"},           {"mar", "Marathi", "Deva"},
    {"mkd", "Macedonian", "Cyrl"},          {"mlt", "Maltese", "Latn"},
    {"mon", "Mongolian", "Cyrl"},           {"mri", "Maori", "Latn"},
    {"msa", "Malay", "Latn"},               {"mya", "Burmese", "Mymr"},
    {"nld", "Dutch", "Latn"},               {"nob", "Norwegian Bokmal", "Latn"},
    {"npi", "Nepali", "Deva"},              {"nso", "Northern Sotho", "Latn"},
    {"nya", "Nyanja", "Latn"},              {"oci", "Occitan", "Latn"},
    {"orm", "Oromo", "Latn"},               {"ory", "Odia", "Orya"},
    {"pan", "Punjabi", "Guru"},             {"pol", "Polish", "Latn"},
    {"por", "Portuguese", "Latn"},          {"pus", "Pashto", "Arab"},
    {"ron", "Romanian", "Latn"},            {"rus", "Russian", "Cyrl"},
    {"slk", "Slovak", "Latn"},              {"slv", "Slovenian", "Latn"},
    {"sna", "Shona", "Latn"},               {"snd", "Sindhi", "Arab"},
    {"som", "Somali", "Latn"},              {"spa", "Spanish", "Latn"},
    {"srp", "Serbian", "Cyrl"},             {"swe", "Swedish", "Latn"},
    {"swh", "Swahili", "Latn"},             {"tam", "Tamil", "Taml"},
    {"tel", "Telugu", "Telu"},              {"tgk", "Tajik", "Cyrl"},
    {"tgl", "Tagalog", "Latn"},             {"tha", "Thai", "Thai"},
    {"tur", "Turkish", "Latn"},             {"ukr", "Ukrainian", "Cyrl"},
    {"umb", "Umbundu", "Latn"},             {"urd", "Urdu", "Arab"},
    {"uzb", "Uzbek", "Latn"},               {"vie", "Vietnamese", "Latn"},
    {"wol", "Wolof", "Latn"},               {"xho", "Xhosa", "Latn"},
    {"yor", "Yoruba", "Latn"},              {"zho_simpl", "Chinese (Simplified)", "Hans"},
    {"zho_trad", "Chinese (Traditional)", "Hant"}, {"zul", "Zulu", "Latn"},
};
} // namespace

std::span<const LanguageRow> flores_language_rows() { return kFlores; }

} // namespace layermoe::detail
