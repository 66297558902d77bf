#!/usr/bin/env bash
# A disk that fills up mid-run, or that cannot be written at all: each command must stop with
# one clear line and exit 1, leave no partial or temporary file, and leave every earlier result
# byte for byte as it was; a sharded run must go on with --resume once there is room, to the
# same data as an uninterrupted run.
#
# The disk is a 1 MiB tmpfs mounted in a private mount namespace (as root, or as a user through a
# user namespace), so nothing outside this test sees it and it vanishes with the test; read-only
# is a remount, since root writes through any file permissions. Skipped (exit 77) where neither
# namespace is allowed.
# usage: disk_test.sh HEDGESIM_BINARY SOURCE_DIR CASE
set -u
bin=$1
src=$2
case_name=$3

if [[ -z ${HEDGESIM_IN_NAMESPACE:-} ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    namespace=(unshare --mount --propagation private)
  else
    namespace=(unshare --user --map-root-user --mount --propagation private)
  fi
  if ! "${namespace[@]}" true 2>/dev/null; then
    echo "SKIP [$case_name]: cannot make a private mount namespace here" >&2
    exit 77
  fi
  HEDGESIM_IN_NAMESPACE=1 exec "${namespace[@]}" "$0" "$@"
fi

# shellcheck source=lib.sh
source "$src/tests/cli/lib.sh"
reference="$src/scenarios/post_nazarbayev_succession.yaml"
disk="$work/disk"
mkdir -p "$disk"
mount -t tmpfs -o size=1m tmpfs "$disk" || {
  echo "SKIP [$case_name]: cannot mount a tmpfs here" >&2
  exit 77
}
# Unmount before lib.sh's trap removes the directories.
trap 'umount "$disk" 2>/dev/null; rm -rf "$work"' EXIT

# one_error ERR REASON: exactly one stderr line, naming a file and the reason, and no stdout.
one_error() {
  [[ -z $out ]] || fail "expected no stdout, got: $out"
  [[ $(wc -l <<<"$1") -eq 1 ]] || fail "expected one line on stderr, got: $1"
  has_line "$1" "^hedgesim: error: .*: .*$2"
}
full() { one_error "$1" "No space left on device"; }
# mount_ext4: an ext4 file system in a 40 MiB file ($image), loop-mounted on $ext4.
image="$work/ext4.img"
ext4="$work/ext4"
mount_ext4() {
  mkdir -p "$ext4"
  if ! truncate -s 40M "$image" || ! mkfs.ext4 -q -F "$image" >/dev/null 2>&1; then
    echo "SKIP [$case_name]: cannot make an ext4 image (mkfs.ext4)" >&2
    exit 77
  fi
  mount -o loop "$image" "$ext4" 2>/dev/null || {
    echo "SKIP [$case_name]: cannot loop-mount here" >&2
    exit 77
  }
  trap 'umount "$work"/snapshot "$ext4" "$disk" 2>/dev/null; rm -rf "$work"' EXIT
}
# no_temporaries DIR: no file written under a temporary name is left behind.
no_temporaries() {
  local left
  left=$(find "$1" -name '.*.tmp-*')
  [[ -z $left ]] || fail "temporary files left behind: $left"
}

case "$case_name" in
full_run)
  # An earlier result on the disk, then a run that does not fit beside it.
  expect 0 "$bin" run "$reference" -o "$disk/earlier.h5" --runs 2 --quiet
  cp "$disk/earlier.h5" "$work/earlier.h5"
  expect 1 "$bin" run "$reference" -o "$disk/big.h5" --runs 100 --quiet
  full "$err"
  contains "$err" "$disk/big.h5: "
  [[ ! -e $disk/big.h5 ]] || fail "a partial big.h5 was left"
  cmp -s "$disk/earlier.h5" "$work/earlier.h5" || fail "the earlier result changed"
  no_temporaries "$disk"
  # --force over the earlier file: it stays as it was until a whole new one is ready.
  expect 1 "$bin" run "$reference" -o "$disk/earlier.h5" --runs 100 --quiet --force
  full "$err"
  cmp -s "$disk/earlier.h5" "$work/earlier.h5" || fail "--force lost the earlier result on a full disk"
  no_temporaries "$disk"
  ;;
full_run_ext4)
  # The same on a disk file system (ext4 in a 40 MiB file, loop-mounted) rather than memory: the
  # kernel allocates blocks and writes pages back as the writer hands its windows on, so the disk
  # fills after windows have gone to it and out of memory.
  mount_ext4
  expect 0 "$bin" run "$reference" -o "$ext4/earlier.h5" --runs 2 --quiet
  cp "$ext4/earlier.h5" "$work/earlier.h5"
  expect 1 "$bin" run "$reference" -o "$ext4/big.h5" --runs 1000 --threads 2 --quiet
  full "$err"
  contains "$err" "$ext4/big.h5: "
  [[ ! -e $ext4/big.h5 ]] || fail "a partial big.h5 was left"
  cmp -s "$ext4/earlier.h5" "$work/earlier.h5" || fail "the earlier result changed"
  no_temporaries "$ext4"
  # Room for a smaller run, which is whole on the disk after it is written.
  expect 0 "$bin" run "$reference" -o "$ext4/fits.h5" --runs 300 --quiet
  expect 0 "$bin" run "$reference" -o "$work/fits.h5" --runs 300 --quiet
  same "$work/fits.h5" "$ext4/fits.h5"
  ;;
power_cut)
  # The disk as a power cut right after each command would leave it: a copy of the ext4 image,
  # which holds what the kernel has sent to the disk and nothing it still keeps in memory,
  # mounted (replaying its journal) and read. A new output and a --force replacement must each be
  # there whole; without the sync before the rename the copy holds an empty file or none.
  mount_ext4
  expect 0 "$bin" run "$reference" -o "$work/new.h5" --runs 40 --quiet
  expect 0 "$bin" run "$reference" -o "$work/replaced.h5" --runs 40 --seed 7 --quiet
  expect 0 "$bin" run "$reference" -o "$ext4/out.h5" --runs 40 --quiet
  cp "$image" "$work/cut1.img"
  expect 0 "$bin" run "$reference" -o "$ext4/out.h5" --runs 40 --seed 7 --quiet --force
  cp "$image" "$work/cut2.img"
  mkdir -p "$work/snapshot"
  for cut in cut1:new cut2:replaced; do
    mount -o loop "$work/${cut%:*}.img" "$work/snapshot" || fail "cannot mount the copy ${cut%:*}"
    [[ -s $work/snapshot/out.h5 ]] || fail "${cut%:*}: out.h5 is missing or empty after the cut"
    same "$work/${cut#*:}.h5" "$work/snapshot/out.h5"
    no_temporaries "$work/snapshot"
    umount "$work/snapshot"
  done
  # A shard's manifest, blocks and progress file: on the copy, --resume finds the shard done,
  # and the other shard and the merge complete it to the data of an uninterrupted run.
  args=(run "$reference" -o "$ext4/shards" --runs 32 --shards 2 --block-size 8 --quiet)
  expect 0 "$bin" "${args[@]}" --shard 0
  cp "$image" "$work/cut3.img"
  mount -o loop "$work/cut3.img" "$work/snapshot" || fail "cannot mount the copy cut3"
  args[3]="$work/snapshot/shards"
  expect 0 "$bin" "${args[@]}" --shard 0 --resume
  expect 0 "$bin" "${args[@]}" --shard 1
  expect 0 "$bin" merge "$work/snapshot/shards" -o "$work/merged.h5"
  expect 0 "$bin" run "$reference" -o "$work/threads.h5" --runs 32 --threads 2 --quiet
  same "$work/threads.h5" "$work/merged.h5"
  ;;
full_sweep)
  expect 0 "$bin" run "$reference" -o "$disk/earlier.h5" --runs 2 --quiet
  cp "$disk/earlier.h5" "$work/earlier.h5"
  # The shipped sweep with every variable at every step, so that it does not fit.
  sed -e "s|scenario: ../post_nazarbayev_succession.yaml|scenario: $reference|" -e '/^output:/,$d' \
    "$src/scenarios/sweeps/russia_revisionism.yaml" >"$work/sweep.yaml"
  expect 1 "$bin" sweep "$work/sweep.yaml" -o "$disk/sweep.h5" --quiet
  full "$err"
  [[ ! -e $disk/sweep.h5 ]] || fail "a partial sweep.h5 was left"
  cmp -s "$disk/earlier.h5" "$work/earlier.h5" || fail "the earlier result changed"
  no_temporaries "$disk"
  ;;
full_shard_resume)
  # Shard 0 fills the disk part way: its finished blocks and manifest stay, and --resume, once
  # there is room, completes it to the same data as a run that never stopped.
  args=(run "$reference" -o "$disk/shards" --runs 64 --shards 2 --shard 0 --block-size 8 --quiet)
  expect 1 "$bin" "${args[@]}"
  full "$err"
  [[ -f $disk/shards/manifest.json ]] || fail "the manifest was lost"
  no_temporaries "$disk"
  mount -o remount,size=64m "$disk" || fail "cannot make room on the test disk"
  expect 0 "$bin" "${args[@]}" --resume
  expect 0 "$bin" run "$reference" -o "$disk/shards" --runs 64 --shards 2 --shard 1 --block-size 8 --quiet
  expect 0 "$bin" merge "$disk/shards" -o "$disk/merged.h5"
  expect 0 "$bin" run "$reference" -o "$work/threads.h5" --runs 64 --threads 2 --quiet
  same "$work/threads.h5" "$disk/merged.h5"
  ;;
full_merge)
  # Blocks made with room to spare; the merged file does not fit beside them.
  mount -o remount,size=64m "$disk" || fail "cannot make room on the test disk"
  for i in 0 1; do
    expect 0 "$bin" run "$reference" -o "$disk/shards" --runs 64 --shards 2 --shard "$i" --quiet
  done
  (cd "$disk/shards" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$work/before"
  used=$(du -sk "$disk" | cut -f1)
  mount -o remount,size=$((used + 256))k "$disk" || fail "cannot shrink the test disk"
  expect 1 "$bin" merge "$disk/shards" -o "$disk/merged.h5"
  full "$err"
  [[ ! -e $disk/merged.h5 ]] || fail "a partial merged.h5 was left"
  (cd "$disk/shards" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"$work/after"
  cmp -s "$work/before" "$work/after" || fail "the blocks changed"
  no_temporaries "$disk"
  ;;
read_only)
  # Every kind of output to a file system that refuses writes; the earlier result stays.
  expect 0 "$bin" run "$reference" -o "$disk/earlier.h5" --runs 2 --quiet
  cp "$disk/earlier.h5" "$work/earlier.h5"
  mkdir "$disk/sub"
  mount -o remount,ro "$disk" || fail "cannot make the test disk read-only"
  expect 1 "$bin" run "$reference" -o "$disk/out.h5" --runs 2 --quiet
  one_error "$err" "Read-only file system"
  contains "$err" "$disk/out.h5: "
  expect 1 "$bin" run "$reference" -o "$disk/earlier.h5" --runs 2 --quiet --force
  one_error "$err" "Read-only file system"
  expect 1 "$bin" run "$reference" -o "$disk/new/out.h5" --runs 2 --quiet
  one_error "$err" "cannot create directory '$disk/new': Read-only file system"
  expect 1 "$bin" run "$reference" -o "$disk/shards" --runs 8 --shards 2 --shard 0 --quiet
  one_error "$err" "Read-only file system"
  expect 1 "$bin" sweep "$src/scenarios/sweeps/russia_revisionism.yaml" -o "$disk/sub/sweep.h5" --quiet
  one_error "$err" "Read-only file system"
  cmp -s "$disk/earlier.h5" "$work/earlier.h5" || fail "the earlier result changed"
  [[ $(find "$disk" -mindepth 1 | wc -l) -eq 2 ]] || fail "files appeared: $(find "$disk")"
  ;;
*)
  fail "unknown case"
  ;;
esac
echo "PASS [$case_name]"
