#!/bin/sh
# run-suite.sh BUILD_DIR SOURCE_DIR - the main job: every case against ref in every profile,
# reports in SOURCE_DIR/reports/<profile>/. Until the harness is built, ref's unit tests.
set -u
build=$1 source=$2
ref="$build/ref/libeseref.so"
echo "libeseref: $ref"
mkdir -p "$source/reports"
if [ ! -x "$build/harness/esecheck" ]; then
  "$build/ref/tests/test_ref" > "$source/reports/ref-unit.txt" 2>&1
  status=$?
  tail -n 3 "$source/reports/ref-unit.txt"
  echo "ref unit tests: reports/ref-unit.txt"
  exit $status
fi
status=0
for profile in documented esent portable; do
  echo "== esecheck --profile $profile"
  "$build/harness/esecheck" --target "$ref" --profile "$profile" \
      --reports "$source/reports/$profile" "$source/cases" || status=1
done
# one page over the three profiles: the clauses x profiles matrix (harness/README.md)
"$build/harness/esecheck" report --html "$source/reports/index.html" \
    "$source/reports/documented/results.json" "$source/reports/esent/results.json" \
    "$source/reports/portable/results.json" && echo "HTML report: reports/index.html" || status=1
exit $status
