#!/usr/bin/env bash
# Fails when docs/scenario-reference.md no longer matches the parameter dictionary.
# usage: check_generated.sh HEDGESIM_BINARY SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
doc="$src/docs/scenario-reference.md"
expected=$(mktemp)
trap 'rm -f "$expected"' EXIT
{
  cat "$src/docs/scenario-reference.md.head"
  echo '<!-- BEGIN GENERATED: hedgesim params --markdown -->'
  "$bin" params --markdown
  echo '<!-- END GENERATED -->'
} >"$expected"
if ! diff -u "$doc" "$expected"; then
  echo "docs/scenario-reference.md is out of date: run scripts/update-docs" >&2
  exit 1
fi
