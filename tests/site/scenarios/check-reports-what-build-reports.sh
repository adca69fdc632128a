# `prepbook check` reports exactly what a build of the same handbook
# reports: every fixture that must fail gives its expected-errors.txt
# under check too (two sources for one site path included, which check
# finds without writing).
. "$(dirname "$0")/lib.sh"
for dir in "$fixtures"/*/; do
	[ -f "$dir/expected-errors.txt" ] || continue
	name=$(basename "$dir")
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	status=0
	# shellcheck disable=SC2086
	"$BIN" check -C "$dir" $args >"$work/out" 2>"$work/err" || status=$?
	[ "$status" -eq 1 ] || die "$name: check exited $status, expected 1"
	diff -u "$dir/expected-errors.txt" "$work/err" ||
		die "$name: check's diagnostics differ from the build's"
	[ ! -e "$dir/site" ] || die "$name: check wrote site/"
done
