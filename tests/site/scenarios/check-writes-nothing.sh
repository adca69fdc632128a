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
# The annotation sits at the field's own line and column, so GitHub shows
# it on that line of the diff; --strict makes a warning one too.
copy_fixture errors-front-matter
status=0
"$BIN" check -C "$work/errors-front-matter" --format github --strict \
	>"$work/out" 2>"$work/err" || status=$?
[ "$status" -eq 1 ] || die "check --strict exited $status, expected 1"
for want in \
	"::error file=content/p/a.md,line=3,col=9::front matter: 'weight' must be an integer, got \"first\"" \
	"::error file=content/p/a.md,line=4,col=1::front matter: unknown key 'titel' (did you mean 'title'?) [--strict]" \
	"::error file=content/p/a.md,line=5,col=7::front matter: 'tags' must be a list of strings, got \"just-one\""; do
	grep -qxF "$want" "$work/err" || die "no annotation '$want' in: $(cat "$work/err")"
done
