# `prepbook check` validates like a build and writes nothing; with
# --format github its errors are workflow annotations.
. "$(dirname "$0")/lib.sh"
copy_fixture basic
copy_fixture errors-links
"$BIN" check -C "$work/basic" || die "check of a good handbook failed"
[ ! -e "$work/basic/site" ] || die "check wrote site/"
status=0
"$BIN" check -C "$work/errors-links" --format github >"$work/out" 2>"$work/err" || status=$?
[ "$status" -eq 1 ] || die "check exited $status, expected 1"
grep -q '^::error file=content/index.md,line=7,col=22::link: no page' "$work/err" ||
	die "no annotation: $(cat "$work/err")"
[ ! -e "$work/errors-links/site" ] || die "check wrote site/"
