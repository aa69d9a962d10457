// Reference token ids from Hugging Face's JavaScript tokenizers (@huggingface/tokenizers), for
// tests and benchmarks of BpeTokenizer (core/data/bpe_tokenizer.h).
//
// node tools/bpe_reference.mjs TOKENIZER_JSON TOKENIZER_CONFIG_JSON INPUT [--repeat N] [--no-ids]
//   INPUT      one text per line; a file ending in .jsonl holds one JSON string per line, so a
//              text may contain newlines
//   stdout     the ids of each text as a JSON array, one line each, encoded without special
//              tokens (no BOS/EOS); with --repeat N, then one JSON line of timings: every text
//              encoded N rounds, the cache cleared before each round ("cold"), and N more
//              rounds with the cache kept ("warm"), best round each, in MB/s of UTF-8 input
// The package is imported from third_party/hf-tokenizers/package (scripts/setup.sh fetches it)
// unless LAYERMOE_HF_TOKENIZERS_JS names its dist/tokenizers.mjs.
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const usage = "usage: bpe_reference.mjs TOKENIZER_JSON TOKENIZER_CONFIG_JSON INPUT [--repeat N] [--no-ids]";
const args = process.argv.slice(2);
const positional = [];
let repeat = 0;
let printIds = true;
for (let i = 0; i < args.length; ++i) {
  if (args[i] === "--repeat") repeat = Number(args[++i]);
  else if (args[i] === "--no-ids") printIds = false;
  else positional.push(args[i]);
}
if (positional.length !== 3 || !(repeat >= 0)) {
  console.error(usage);
  process.exit(2);
}
const [tokenizerPath, configPath, inputPath] = positional;

const here = dirname(fileURLToPath(import.meta.url));
const modulePath = process.env.LAYERMOE_HF_TOKENIZERS_JS ||
  join(here, "..", "third_party", "hf-tokenizers", "package", "dist", "tokenizers.mjs");
const { Tokenizer } = await import(pathToFileURL(modulePath).href);

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
let config = {};
try {
  config = readJson(configPath);
} catch (e) {
  if (e.code !== "ENOENT") throw e;  // a tokenizer without tokenizer_config.json
}
const tokenizer = new Tokenizer(readJson(tokenizerPath), config);

const raw = readFileSync(inputPath, "utf8");
let texts = raw.split("\n");
if (texts.length && texts[texts.length - 1] === "") texts.pop();
if (inputPath.endsWith(".jsonl")) texts = texts.map((line) => JSON.parse(line));

const encode = (text) => tokenizer.encode(text, { add_special_tokens: false }).ids;

if (printIds) {
  const out = texts.map((text) => JSON.stringify(encode(text))).join("\n");
  process.stdout.write(out + (texts.length ? "\n" : ""));
}

if (repeat > 0) {
  const bytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text, "utf8"), 0);
  const round = (clear) => {
    if (clear) tokenizer.model.clear_cache();
    const start = process.hrtime.bigint();
    let ids = 0;
    for (const text of texts) ids += encode(text).length;
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, ids };
  };
  const best = (clear) => {
    let fastest = Infinity, ids = 0;
    for (let r = 0; r < repeat; ++r) {
      const result = round(clear);
      fastest = Math.min(fastest, result.seconds);
      ids = result.ids;
    }
    return { fastest, ids };
  };
  const cold = best(true);
  const warm = best(false);
  process.stdout.write(JSON.stringify({
    texts: texts.length, bytes, ids: warm.ids, rounds: repeat,
    cold_mb_per_s: bytes / 1e6 / cold.fastest, warm_mb_per_s: bytes / 1e6 / warm.fastest,
  }) + "\n");
}
