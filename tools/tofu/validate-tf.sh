#!/usr/bin/env bash
# validate-tf.sh TOFU TF_DIR WORK_DIR MODE
#
# Runs OpenTofu on a root module and its modules, the way `make validate-tf` and `make test-tf`
# call it (mk/tofu.mk sets TF_CLI_CONFIG_FILE to the CLI config with the local provider mirror).
#
#   MODE=all   tofu init -backend=false + tofu validate on TF_DIR and on every folder holding .tf
#              files under TF_DIR/modules, then tofu test in TF_DIR when TF_DIR/tests/*.tftest.hcl
#              exist. Every step runs; the script fails at the end if any failed.
#   MODE=test  tofu init -backend=false + tofu test in TF_DIR only.
#
# Everything runs in a shadow copy of TF_DIR's parent folder under WORK_DIR: real folders,
# symbolic links to the real files. So a module can read files beside TF_DIR (the root module reads
# ../registry/*.json), error messages name the same relative paths, and nothing is written into
# TF_DIR: not .terraform/, and not a .terraform.lock.hcl holding the checksum of our own provider
# build, which the registry's package would never match. TF_DATA_DIR keeps each module's
# .terraform under WORK_DIR/data between runs.
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 TOFU TF_DIR WORK_DIR all|test" >&2
  exit 2
fi
tofu=$1
mode=$4
case "$mode" in all | test) ;; *) echo "error: MODE must be all or test, not '$mode'" >&2; exit 2 ;; esac
[ -x "$tofu" ] || { echo "error: $tofu is missing: run make tofu" >&2; exit 2; }
[ -d "$2" ] || { echo "error: $2 is not a folder" >&2; exit 2; }
[ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ -f "$TF_CLI_CONFIG_FILE" ] || {
  echo "error: TF_CLI_CONFIG_FILE must name the CLI config with the local provider mirror (make tofu writes it)" >&2; exit 2; }
unset TF_PLUGIN_CACHE_DIR TF_WORKSPACE TF_DATA_DIR

src=$(cd "$2" && pwd -P)
parent=$(dirname "$src")
name=$(basename "$src")
mkdir -p "$3"
work=$(cd "$3" && pwd -P)
case "$work/" in "$src/"*) echo "error: WORK_DIR must be outside TF_DIR" >&2; exit 2 ;; esac

# A key for this TF_DIR, so that fixtures and the real tree keep separate data dirs.
key=$(printf '%s' "$src" | cksum | cut -d' ' -f1)
data=$work/data-$key
mkdir -p "$data"
printf '%s\n' "$src" > "$data/.source"
# Forget the data dirs of folders that are gone (the tests' scratch copies).
for old in "$work"/data-*/.source; do
  if [ -e "$old" ] && [ ! -d "$(cat "$old")" ]; then rm -rf "$(dirname "$old")"; fi
done
# One shadow tree per run (removed at exit), so that two runs never share one.
tree=$(mktemp -d "$work/tree-$key.XXXXXX")
trap 'rm -rf "$tree"' EXIT

# The shadow tree: TF_DIR as real folders holding links to its files, and every other entry of its
# parent folder as one link. Left out: .terraform/, state, plans, and a committed
# .terraform.lock.hcl, whose registry checksums our own provider build would never match.
for entry in "$parent"/* "$parent"/.[!.]*; do
  [ -e "$entry" ] || continue
  [ "$entry" = "$src" ] && continue
  case "$work/" in "$entry/"*) continue ;; esac # never link the folder that holds WORK_DIR
  ln -s "$entry" "$tree/$(basename "$entry")"
done
(
  cd "$src"
  find . -name .terraform -prune -o -type d -print | while read -r dir; do mkdir -p "$tree/$name/$dir"; done
  find . -name .terraform -prune -o -type f ! -name .terraform.lock.hcl ! -name '*.tfstate*' ! -name '*.tfplan' -print |
    while read -r file; do ln -s "$src/$file" "$tree/$name/$file"; done
)

root=$tree/$name
show() { local rel=${1#"$tree"/}; printf '%s' "${rel:-.}"; }
now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1fs", e - s }'; }

failed=()
# tofu_in DIR ARGS...: run tofu in DIR with that module's own data dir.
tofu_in() {
  local dir=$1
  shift
  local dkey
  dkey=$(show "$dir" | tr '/' '_')
  TF_DATA_DIR=$data/$dkey "$tofu" -chdir="$dir" "$@"
}

init() {
  local dir=$1 start out
  start=$(now)
  if out=$(tofu_in "$dir" init -backend=false -input=false -no-color 2>&1); then
    echo "    init ok ($(since "$start"))"
    return 0
  fi
  echo "$out" | sed 's/^/    | /'
  echo "    init FAILED ($(since "$start"))"
  failed+=("init $(show "$dir")")
  return 1
}

validate() {
  local dir=$1 start out status=0
  start=$(now)
  out=$(tofu_in "$dir" validate -no-color -compact-warnings 2>&1) || status=$?
  if [ $status -eq 0 ]; then
    # Warnings (deprecated arguments, say) do not fail the check, but are shown.
    if grep -q 'Warning' <<<"$out"; then echo "$out" | grep -v '^$' | sed 's/^/    | /'; fi
    echo "    validate ok ($(since "$start")): $(echo "$out" | grep -v '^$' | tail -1)"
  else
    echo "$out" | sed 's/^/    | /'
    echo "    validate FAILED ($(since "$start"))"
    failed+=("validate $(show "$dir")")
  fi
}

# tofu test: tests/environment*.tftest.hcl once per environments/<env>.tfvars (with -var-file and
# TF_WORKSPACE=<env>, since the root module refuses a workspace that differs from var.environment),
# every other tests/*.tftest.hcl once.
test_run() {
  local label=$1 start status=0
  shift
  echo "==> tofu test $name: $label"
  start=$(now)
  tofu_in "$root" test -no-color "$@" 2>&1 | sed 's/^/    | /' || status=$?
  if [ $status -eq 0 ]; then
    echo "    tofu test ok ($(since "$start"))"
  else
    echo "    tofu test FAILED ($(since "$start"))"
    failed+=("test $name: $label")
  fi
}

run_tests() {
  local env_filters=() other_filters=() file env
  for file in "$root"/tests/*.tftest.hcl; do
    [ -e "$file" ] || continue
    case "$(basename "$file")" in
      environment*.tftest.hcl) env_filters+=("-filter=tests/$(basename "$file")") ;;
      *) other_filters+=("-filter=tests/$(basename "$file")") ;;
    esac
  done
  if [ ${#env_filters[@]} -eq 0 ] && [ ${#other_filters[@]} -eq 0 ]; then
    echo "==> tofu test $name: no tests/*.tftest.hcl"
    return 0
  fi
  echo "==> tofu init $name (for tofu test)"
  init "$root" || return 0
  if [ ${#env_filters[@]} -gt 0 ]; then
    local envs=()
    for file in "$root"/environments/*.tfvars; do [ -e "$file" ] && envs+=("$(basename "$file" .tfvars)"); done
    if [ ${#envs[@]} -eq 0 ]; then
      echo "    no environments/*.tfvars for ${env_filters[*]#-filter=}"
      failed+=("test $name: no environments")
    fi
    for env in "${envs[@]}"; do
      TF_WORKSPACE=$env test_run "${env_filters[*]#-filter=} with environments/$env.tfvars" \
        "${env_filters[@]}" -var-file="environments/$env.tfvars"
    done
  fi
  if [ ${#other_filters[@]} -gt 0 ]; then
    test_run "${other_filters[*]#-filter=}" "${other_filters[@]}"
  fi
}

total=$(now)
echo "==> $("$tofu" version | head -1), CLI config $TF_CLI_CONFIG_FILE"
if [ "$mode" = all ]; then
  dirs=("$root")
  if [ -d "$root/modules" ]; then
    while read -r dir; do dirs+=("$dir"); done < <(find "$root/modules" -name '*.tf' -printf '%h\n' | LC_ALL=C sort -u)
  fi
  for dir in "${dirs[@]}"; do
    echo "==> tofu validate $(show "$dir")"
    if init "$dir"; then validate "$dir"; fi
  done
fi
run_tests

if [ ${#failed[@]} -gt 0 ]; then
  echo "==> FAILED ($(since "$total")): ${failed[*]}"
  exit 1
fi
echo "==> all passed ($(since "$total"))"
