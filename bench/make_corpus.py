#!/usr/bin/env python3
"""A large <code>.jsonl.zst corpus made of FLORES-101 sentences, for bench_tokenize and
bench_shards_rss.sh (the benches of token shards, docs/file-formats.md "Token shards").

    bench/make_corpus.py OUT_DIR [--size 2G] [--code eng] [--langs eng,spa,...]
                         [--sentences-per-doc 1] [--flores DIR] [--seed 1] [--level 3]

Writes OUT_DIR/<code>.jsonl.zst: {"text": ...} lines whose texts are --sentences-per-doc
sentences drawn at random (seeded) from the dev and devtest files of --langs, until --size bytes
of JSONL (uncompressed) are written. Sentences repeat: this measures throughput and memory, not
language. Compressed by the `zstd` program (Debian package zstd); Python's standard library
has no zstd. Standard library only otherwise.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys

DEFAULT_LANGS = "eng,spa,zho_simpl,ell,hun,tur,rus,hin,ara,jpn"


def parse_size(text):
    units = {"K": 10**3, "M": 10**6, "G": 10**9}
    text = text.strip().upper().rstrip("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def read_sentences(flores, langs):
    sentences = []
    for lang in langs:
        for sub, ext in (("dev", ".dev"), ("devtest", ".devtest")):
            path = os.path.join(flores, sub, lang + ext)
            if not os.path.isfile(path):
                sys.exit(f"make_corpus: {path} is missing (--flores names FLORES-101's folder)")
            with open(path, encoding="utf-8") as f:
                sentences.extend(line.strip() for line in f if line.strip())
    return sentences


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out_dir")
    p.add_argument("--size", default="2G", help="bytes of JSONL before compression (2G, 100M, ...)")
    p.add_argument("--code", default="eng", help="language code of the file name")
    p.add_argument("--langs", default=DEFAULT_LANGS, help="FLORES languages the sentences come from")
    p.add_argument("--sentences-per-doc", type=int, default=1)
    p.add_argument("--flores", default=os.path.join(here, "..", "..", "shared", "data", "flores101"))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--level", type=int, default=3, help="zstd level")
    a = p.parse_args()
    if not shutil.which("zstd"):
        sys.exit("make_corpus: the zstd program is not installed (apt-get install zstd)")
    size = parse_size(a.size)
    sentences = read_sentences(a.flores, a.langs.split(","))
    rng = random.Random(a.seed)
    os.makedirs(a.out_dir, exist_ok=True)
    out = os.path.join(a.out_dir, a.code + ".jsonl.zst")
    threads = str(os.cpu_count() or 1)
    with subprocess.Popen(["zstd", "-q", "-f", f"-{a.level}", f"-T{threads}", "-o", out],
                          stdin=subprocess.PIPE) as z:
        written = docs = 0
        batch = []
        while written < size:
            text = " ".join(rng.choice(sentences) for _ in range(a.sentences_per_doc))
            line = (json.dumps({"text": text}, ensure_ascii=False) + "\n").encode("utf-8")
            batch.append(line)
            written += len(line)
            docs += 1
            if len(batch) >= 4096:
                z.stdin.write(b"".join(batch))
                batch.clear()
        z.stdin.write(b"".join(batch))
        z.stdin.close()
        if z.wait() != 0:
            sys.exit("make_corpus: zstd failed")
    print(f"{out}: {docs} documents, {written / 1e6:.1f} MB of JSONL, "
          f"{os.path.getsize(out) / 1e6:.1f} MB compressed")


if __name__ == "__main__":
    main()
