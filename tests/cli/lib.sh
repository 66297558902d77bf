# Shared helpers of the command-line test scripts; source it after setting bin, src, case_name.
# Sets `work` (a temporary directory removed on exit) and defines fail, expect, contains, lacks,
# has_line and same.
work=$(mktemp -d "${TMPDIR:-/tmp}/hedgesim_${case_name}.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL [$case_name]: $*" >&2; exit 1; }

# expect CODE COMMAND...: runs the command, keeps stdout/stderr in $out/$err, checks the exit code.
expect() {
  local want=$1; shift
  "$@" >"$work/stdout" 2>"$work/stderr"
  local got=$?
  out=$(cat "$work/stdout"); err=$(cat "$work/stderr")
  [[ $got -eq $want ]] || fail "exit $got, wanted $want: $* -- stdout: $out -- stderr: $err"
}
contains() { [[ "$1" == *"$2"* ]] || fail "expected to find '$2' in: $1"; }
lacks() { [[ "$1" != *"$2"* ]] || fail "did not expect '$2' in: $1"; }
# has_line TEXT REGEX: some line of TEXT matches the extended regex.
has_line() { grep -Eq -- "$2" <<<"$1" || fail "no line matches /$2/ in: $1"; }
# same A.h5 B.h5: `hedgesim diff` finds the two history files' data identical.
same() { expect 0 "$bin" diff "$1" "$2"; contains "$out" "identical:"; }
