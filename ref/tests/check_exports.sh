#!/bin/sh
# check_exports.sh LIBRARY SPEC_INCLUDE REF_INCLUDE
# Fails unless the library's dynamic symbols are exactly: every function of api.def, its A
# alias where api.def says ESE_ANSI, and every hook of esehook.def. Nothing missing, nothing
# extra (ref's internals stay hidden).
set -eu
lib=$1 spec=$2 ref=$3
expected=$(mktemp) actual=$(mktemp)
trap 'rm -f "$expected" "$actual"' EXIT
{
  sed -n 's/^ESE_API(\([A-Za-z0-9]*\), *ESE_[A-Z]*.*/\1/p' "$spec/ese/api.def"
  sed -n 's/^ESE_API(\([A-Za-z0-9]*\), *ESE_ANSI.*/\1A/p' "$spec/ese/api.def"
  sed -n 's/^ESEHOOK(\([a-z_]*\),.*/\1/p' "$ref/esehook.def"
} | sort > "$expected"
nm -D --defined-only "$lib" | awk '$2 ~ /^[TtWi]$/ {print $3}' | sort > "$actual"
if ! diff -u "$expected" "$actual"; then
  echo "FAIL: exports of $lib differ from api.def + esehook.def (- missing, + extra)" >&2
  exit 1
fi
echo "1 passed, 0 failed"
