#!/bin/sh
# coverage.sh BUILD_DIR SOURCE_DIR - how much of ref/ the cases reach.
#
# Builds ref with --coverage in BUILD_DIR/coverage (a build of its own, so the normal build
# stays uninstrumented), runs esecheck over cases/ in every profile (the cases only, not the
# unit tests), writes lcov's HTML to SOURCE_DIR/reports/coverage/ and a one-line summary, and
# fails when lines or branches fall below the floors in tools/coverage-floors.
set -eu
build=$1 source=$2
cov="$build/coverage"
out="$source/reports/coverage"
rc="--rc lcov_branch_coverage=1"
cmake -S "$source" -B "$cov" -DESECHECK_COVERAGE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$cov" -j2 --target eseref esecheck >/dev/null
lcov --zerocounters --directory "$cov/ref" -q
suite_status=0
for profile in documented esent portable; do
  "$cov/harness/esecheck" --target "$cov/ref/libeseref.so" --profile "$profile" -j 2 -q \
      "$source/cases" || suite_status=1
done
# Once in-process too: there esehook_reset has instances to free between scenarios.
"$cov/harness/esecheck" --target "$cov/ref/libeseref.so" --no-fork -q "$source/cases" || suite_status=1
# (Debian's lcov 1.16 prints perl "redefined" warnings: kept in a log, not on the console.)
lcov --capture --directory "$cov/ref" $rc -q -o "$cov/all.info" 2>"$cov/lcov.log"
lcov --extract "$cov/all.info" "$source/ref/src/*" $rc -q -o "$cov/ref.info"
rm -rf "$out"
genhtml "$cov/ref.info" --branch-coverage -q -o "$out" --title "ref/ by esecheck's cases"
summary=$(lcov --summary "$cov/ref.info" $rc 2>&1)
lines=$(echo "$summary" | sed -n 's/.*lines\.*: \([0-9.]*\)%.*/\1/p')
branches=$(echo "$summary" | sed -n 's/.*branches\.*: \([0-9.]*\)%.*/\1/p')
floor_lines=$(sed -n 's/^lines \([0-9.]*\).*/\1/p' "$source/tools/coverage-floors")
floor_branches=$(sed -n 's/^branches \([0-9.]*\).*/\1/p' "$source/tools/coverage-floors")
echo "coverage of ref/ by the cases: lines $lines% (floor $floor_lines%), branches $branches% (floor $floor_branches%)" | tee "$out/summary.txt"
echo "HTML: $out/index.html"
below=$(awk -v l="$lines" -v fl="$floor_lines" -v b="$branches" -v fb="$floor_branches" \
  'BEGIN { print (l + 0 < fl + 0 || b + 0 < fb + 0) ? 1 : 0 }')
if [ "$below" = 1 ]; then
  echo "FAIL: coverage below the floors in tools/coverage-floors" >&2
  exit 1
fi
if [ "$suite_status" != 0 ]; then
  echo "FAIL: the suite did not pass against the instrumented ref" >&2
  exit 1
fi
