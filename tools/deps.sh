#!/bin/sh
# deps.sh - installs, as root on Debian 12, the packages esecheck builds and tests with.
# Only what is missing is installed; nothing is downloaded from anywhere but Debian.
#   cmake, gcc, make, libc6-dev, pkg-config   the build
#   libjansson-dev                             JSON (catalogue, scenarios, reports)
#   libcmocka-dev                              unit tests
#   lcov                                       coverage of ref by the cases
#   python3-jsonschema                         validates cases/ against cases/schema.json in CI
#   libxml2-utils                              xmllint: checks the JUnit report is well-formed XML
#   binutils                                   nm: checks ref's exported symbols
#   clang, libclang-rt-14-dev                  libFuzzer (clang -fsanitize=fuzzer and its runtime): the
#                                              loaders' fuzz targets in CI (harness/fuzz/)
#   chromium                                   headless: the HTML report's test loads the page,
#                                              runs its script, clicks a cell (harness.report.html)
set -eu
packages="cmake gcc make libc6-dev pkg-config libjansson-dev libcmocka-dev lcov python3-jsonschema libxml2-utils binutils clang libclang-rt-14-dev chromium"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $missing >/dev/null
fi
