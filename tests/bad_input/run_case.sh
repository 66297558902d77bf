#!/usr/bin/env bash
# Runs one case of the bad-input corpus (cases.tsv) through the hedgesim binary and checks that
# it fails cleanly: the expected exit code, exactly the expected one line on stderr, nothing on
# stdout, and no file left behind (no output, no temporary dot-file, nothing in the working or
# temporary directory).
# usage: run_case.sh HEDGESIM_BINARY SOURCE_DIR CASE
#        run_case.sh HEDGESIM_BINARY SOURCE_DIR --check-manifest
set -u
shopt -s nullglob dotglob # globs below list hidden files too, and nothing when there is none
shopt -u patsub_replacement 2>/dev/null # '&' in a path must not stand for the matched text
bin=$1
src=$2
case_name=$3
corpus="$src/tests/bad_input"
manifest="$corpus/cases.tsv"
# shellcheck source=../cli/lib.sh
source "$src/tests/cli/lib.sh"
# A shard index from the environment would hide the missing --shard of some cases.
unset SLURM_ARRAY_TASK_ID

# Inputs too large, too deep or too binary to keep in the repository, made here.
generate() {
  local name=$1 file=$2
  case "$name" in
  deep_lists) # 10,000 nested flow sequences
    { printf 'world: '; head -c 10000 /dev/zero | tr '\0' '['; head -c 10000 /dev/zero | tr '\0' ']'; echo; } >"$file" ;;
  deep_mappings) # 10,000 nested flow mappings
    { printf 'world: '; for ((i = 0; i < 10000; ++i)); do printf '{a: '; done; printf 1
      head -c 10000 /dev/zero | tr '\0' '}'; echo; } >"$file" ;;
  deep_block_lists) # 10,000 nested block sequences on one line: "- - - ... x"
    { printf 'world:\n  '; for ((i = 0; i < 10000; ++i)); do printf -- '- '; done; echo x; } >"$file" ;;
  deep_unclosed) # 10,000 opening brackets and nothing else
    head -c 10000 /dev/zero | tr '\0' '[' >"$file" ;;
  enormous_events) # about 4 MB: 30,000 good events, then one dated after the end
    { printf 'scenario: {name: big, start: 2020-01, end: 2020-12}\n'
      printf 'agents:\n  small: {role: hedger, capability: 0.01}\n  big: {role: great_power, capability: 0.2}\n'
      printf 'events:\n'
      awk 'BEGIN { for (i = 0; i < 30000; ++i)
        printf "  - {id: e%d, at: 2020-06, description: \"scheduled oil price change %d\", effects: [{op: set, path: world.oil_price, value: 50}]}\n", i, i }'
      printf '  - {id: late, at: 2021-06, effects: [{op: set, path: world.oil_price, value: 50}]}\n'; } >"$file" ;;
  alias_chain) # 1,100 anchors, each a list holding the one before: 1,100 levels once expanded
    awk 'BEGIN { print "a0: &a0 [x]"; for (i = 1; i < 1100; ++i) printf "a%d: &a%d [*a%d]\n", i, i, i - 1 }' >"$file" ;;
  runs_10000_digits)
    { printf 'scenario: {name: big, start: 2020-01, end: 2020-12, runs: '
      head -c 10000 /dev/zero | tr '\0' '9'; printf '}\n'
      printf 'agents:\n  small: {role: hedger, capability: 0.01}\n  big: {role: great_power, capability: 0.2}\n'; } >"$file" ;;
  price_10000_digits)
    { printf 'scenario: {name: big, start: 2020-01, end: 2020-12}\nworld:\n  oil_price: 1'
      head -c 9999 /dev/zero | tr '\0' '0'; echo
      printf 'agents:\n  small: {role: hedger, capability: 0.01}\n  big: {role: great_power, capability: 0.2}\n'; } >"$file" ;;
  elf_binary) # the start of an executable
    printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\003\000>\000' >"$file" ;;
  hdf5_file) # the signature of an HDF5 file: a history given where a scenario belongs
    printf '\211HDF\r\n\032\n\000\000\000\000\000\010\010\000' >"$file" ;;
  latin1_text) # a scenario saved in Latin-1, not UTF-8
    printf 'scenario: {name: caf\351, start: 2020-01, end: 2020-12}\n' >"$file" ;;
  *) fail "no generator for '$name'" ;;
  esac
}

# The case lines ("case<TAB>kind<TAB>input<TAB>exit<TAB>message") into the array `lines`.
# Plain bash throughout: the corpus has hundreds of cases, and every process started costs.
lines=()
while IFS= read -r line; do
  [[ $line == '#'* || -z ${line//[[:space:]]/} ]] || lines+=("$line")
done <"$manifest"

# field LINE: sets name, how, input, code and message from one case line; fields=number of fields.
# (An empty input stays empty: `read` would merge adjacent tabs.)
field() {
  local rest=$1 tab=$'\t'
  local parts=()
  while [[ $rest == *"$tab"* ]]; do
    parts+=("${rest%%"$tab"*}")
    rest=${rest#*"$tab"}
  done
  parts+=("$rest")
  fields=${#parts[@]}
  name=${parts[0]} how=${parts[1]-} input=${parts[2]-} code=${parts[3]-} message=${parts[4]-}
}

if [[ $case_name == --check-manifest ]]; then
  # Every case is well formed and named once, and every input file is some case's input.
  declare -A seen inputs
  for line in "${lines[@]}"; do
    field "$line"
    [[ $fields -eq 5 ]] || fail "$name: expected 5 fields separated by tabs, got $fields"
    [[ -z ${seen[$name]-} ]] || fail "case $name is named twice"
    seen[$name]=1
    [[ -z $input ]] || inputs[$input]=1
    [[ $name =~ ^[a-z0-9_]+$ ]] || fail "bad case name '$name'"
    [[ $how =~ ^(scenario|sweep|command)$ ]] || fail "$name: unknown kind '$how'"
    [[ $code =~ ^[0-9]+$ && -n $message ]] || fail "$name: expected an exit code and a message"
    if [[ $how != command && $input != gen:* ]]; then
      [[ -f "$corpus/$input" ]] || fail "$name: no input file $input"
    fi
  done
  (( ${#lines[@]} >= 40 )) || fail "only ${#lines[@]} cases"
  for file in "$corpus"/scenarios/* "$corpus"/sweeps/*; do
    relative=${file#"$corpus/"}
    [[ -n ${inputs[$relative]-} ]] || fail "$relative is the input of no case"
  done
  echo "ok [manifest: ${#lines[@]} cases]"
  exit 0
fi

name=
for line in "${lines[@]}"; do
  [[ ${line%%$'\t'*} == "$case_name" ]] && field "$line" && break
done
[[ $name == "$case_name" ]] || fail "no case '$case_name' in $manifest"
want=$code

file=
if [[ $how != command ]]; then
  if [[ $input == gen:* ]]; then
    mkdir -p "$work/gen"
    file="$work/gen/${input#gen:}.yaml"
    generate "${input#gen:}" "$file"
  else
    file="$corpus/$input"
  fi
fi

# fill TEXT OUT: sets `filled` to TEXT with its placeholders replaced.
fill() {
  local text=$1 out=$2 dir=${file%/*}
  text=${text//\{file\}/$file}
  text=${text//\{dir\}/${dir:-$corpus}}
  text=${text//\{corpus\}/$corpus}
  filled=${text//\{out\}/$out}
}

# check ARGS...: one invocation in fresh, empty directories; {out} in ARGS names its output directory.
runs=0
check() {
  runs=$((runs + 1))
  local at="$work/run$runs"
  mkdir -p "$at/out" "$at/cwd" "$at/tmp"
  local args=() word
  for word in ${@+"$@"}; do
    fill "$word" "$at/out"
    [[ $filled == "''" ]] && filled=
    args+=("$filled")
  done
  (cd "$at/cwd" && TMPDIR="$at/tmp" "$bin" ${args[@]+"${args[@]}"} >"$at/stdout" 2>"$at/stderr")
  local got=$?
  local shown="hedgesim ${args[*]}"
  (( ${#shown} < 300 )) || shown="${shown:0:300}..."
  fill "$message" "$at/out"
  local expected="hedgesim: error: $filled" err=
  IFS= read -r -d '' err <"$at/stderr"
  [[ $got -eq $want ]] || fail "exit $got, wanted $want: $shown -- stderr: ${err:0:2000}"
  # Exactly one line: the message and its newline, nothing before or after.
  [[ $err == "$expected"$'\n' ]] || fail "$shown -- stderr was:
${err:0:2000}
wanted:
$expected"
  [[ ! -s "$at/stdout" ]] || fail "$shown -- wrote to stdout: $(head -c 2000 "$at/stdout")"
  local left=("$at"/out/* "$at"/cwd/* "$at"/tmp/*)
  (( ${#left[@]} == 0 )) || fail "$shown -- left behind: ${left[*]}"
}

case "$how" in
scenario)
  check validate "$file"
  check run "$file" -o '{out}/out.h5'
  ;;
sweep)
  check sweep "$file" -o '{out}/out.h5'
  check sweep "$file" -o '{out}/shards' --shards 2 --shard 0
  ;;
command)
  read -r -a words <<<"$input"
  check ${words[@]+"${words[@]}"}
  ;;
esac
echo "ok [$case_name: $runs run(s)]"
