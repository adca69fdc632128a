# Exit statuses and the commands around the build.
. "$(dirname "$0")/lib.sh"
expect() {
	want=$1; shift
	status=0
	"$@" >"$work/out" 2>"$work/err" || status=$?
	[ "$status" -eq "$want" ] || die "$* exited $status, expected $want: $(cat "$work/err")"
}
expect 0 "$BIN" --version
grep -q '^prepbook [0-9]' "$work/out" || die "no version"
expect 0 "$BIN" --help
grep -q 'prepbook render' "$work/out" || die "help lacks render"
expect 2 "$BIN"
expect 2 "$BIN" frobnicate
expect 2 "$BIN" build --no-such-option
expect 2 "$BIN" build -j zero
expect 2 "$BIN" check --format xml
grep -q 'prepbook serve' "$work/err" || die "usage lacks serve"
expect 2 "$BIN" serve --port 65536
grep -q -- '--port wants a number from 0 to 65535' "$work/err" || die "bad port: $(cat "$work/err")"
expect 2 "$BIN" serve --port ''
expect 2 "$BIN" serve extra
expect 2 "$BIN" serve -C "$work/no-such-folder"
# TEST-NET-1: no machine has it, so binding it fails at once.
expect 3 "$BIN" serve -C "$work" --host 192.0.2.1 --port 0
grep -q 'cannot listen on 192.0.2.1 port 0' "$work/err" || die "bad host: $(cat "$work/err")"
mkdir "$work/hb"
echo 'title: New' >"$work/hb/handbook.yml"
expect 0 "$BIN" new content/intro/first-steps.md --title 'First "steps"' -C "$work/hb"
expect 1 "$BIN" new content/intro/first-steps.md --title 'Again' -C "$work/hb"
grep -q 'already exists' "$work/err" || die "overwrite not refused"
expect 2 "$BIN" new notes/x.md --title X -C "$work/hb"
# A new page is a draft until its author removes the line.
sed -i '/^draft: true/d' "$work/hb/content/intro/first-steps.md"
expect 0 "$BIN" build -C "$work/hb"
grep -q 'First &quot;steps&quot;' "$work/hb/site/intro/first-steps.html" || die "new page not built"
expect 0 "$BIN" build -C "$work/hb" -o "$work/deep/er/site"
[ -f "$work/deep/er/site/index.html" ] || die "-o with missing parents"
expect 2 "$BIN" build -C "$work/no-such-folder"
expect 0 "$BIN" build -C "$work/hb" --base-url https://example.org/hb/
grep -q '<loc>https://example.org/hb/index.html</loc>' "$work/hb/site/sitemap.xml" ||
	die "--base-url with a final slash: $(cat "$work/hb/site/sitemap.xml")"
grep -qx 'Sitemap: https://example.org/hb/sitemap.xml' "$work/hb/site/robots.txt" ||
	die "robots.txt: $(cat "$work/hb/site/robots.txt")"
[ ! -s "$work/err" ] || die "a build with --base-url warned: $(cat "$work/err")"
# --base-url is an absolute http(s) address with a host, or a usage error.
for bad in example.org/x ftp://example.org/x https:// 'https://example.org/x?y' \
	'https://user@example.org/'; do
	expect 2 "$BIN" build -C "$work/hb" --base-url "$bad"
	grep -q "^prepbook: --base-url wants an absolute http(s) address" "$work/err" ||
		die "--base-url $bad: $(cat "$work/err")"
done
expect 0 "$BIN" check -C "$work/hb" --base-url HTTP://Example.org:8080/a/b
expect 3 "$BIN" render "$work/hb"
grep -q 'cannot read: Is a directory' "$work/err" || die "render of a folder: $(cat "$work/err")"
# Progress shows on a terminal (script(1) gives the build one) and not
# elsewhere: the site tests already require a silent stderr off a terminal.
env -u CI script -qc "'$BIN' build -C '$work/hb' -o '$work/tty-site'" /dev/null >"$work/tty" 2>&1 ||
	die "build on a terminal failed: $(cat "$work/tty")"
grep -q 'rendered 3/3 pages' "$work/tty" || die "no progress on a terminal: $(cat "$work/tty")"
# Without base_url there is no sitemap and no robots.txt (both need
# absolute URLs), and a warning says why; cname writes CNAME.
expect 0 "$BIN" build -C "$work/hb"
[ ! -e "$work/hb/site/sitemap.xml" ] || die "a sitemap without base_url"
[ ! -e "$work/hb/site/robots.txt" ] || die "robots.txt without base_url"
grep -q '^handbook.yml: warning: no base_url: sitemap.xml and robots.txt are not written' "$work/err" ||
	die "no warning without base_url: $(cat "$work/err")"
[ ! -e "$work/hb/site/CNAME" ] || die "CNAME without cname"
echo 'cname: docs.example.org' >>"$work/hb/handbook.yml"
expect 0 "$BIN" build -C "$work/hb"
[ "$(cat "$work/hb/site/CNAME")" = docs.example.org ] || die "CNAME: $(cat "$work/hb/site/CNAME")"
# Options in the forms other tools accept: a value joined to a short
# option or after '=' on a long one, options after positional arguments.
expect 0 "$BIN" build -C"$work/hb" -j1 -o"$work/joined" --base-url=https://docs.example.org
grep -q 'https://docs.example.org/' "$work/joined/sitemap.xml" || die "--base-url=URL was not taken"
expect 2 "$BIN" build -C "$work/hb" -x
grep -q "^prepbook: unknown option '-x'" "$work/err" || die "-x: $(cat "$work/err")"
expect 2 "$BIN" build -C "$work/hb" --port=x
grep -q "^prepbook: --port wants a number from 0 to 65535" "$work/err" || die "--port=x: $(cat "$work/err")"
