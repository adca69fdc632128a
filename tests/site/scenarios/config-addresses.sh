# The config's addresses pass the build's one scheme allow-list: an
# address that is not absolute http(s) with a host, in base_url or
# repo_url, is an error at its value, and no site is written, whatever
# the spelling (case, leading spaces, a tab inside the scheme, which a
# browser would drop).
. "$(dirname "$0")/lib.sh"
copy_fixture basic
hb=$work/basic
for key in base_url repo_url; do
	while IFS= read -r value; do
		printf 'title: Addresses\n%s: %s\n' "$key" "$value" >"$hb/handbook.yml"
		rm -rf "$work/site"
		status=0
		"$BIN" build -C "$hb" -o "$work/site" 2>"$work/err" >/dev/null || status=$?
		[ "$status" -eq 1 ] || die "$key: $value: exit $status, not 1"
		grep -q "^handbook.yml:2:$((${#key} + 3)): error: handbook.yml: '$key' must be an absolute http(s) address" "$work/err" ||
			die "$key: $value: no error at the value: $(cat "$work/err")"
		[ ! -e "$work/site" ] || die "$key: $value: a site was written"
	done <<'VALUES'
"javascript:alert(1)//"
"JAVASCRIPT:alert(1)"
"  javascript:alert(1)"
"java\tscript:alert(1)"
"data:text/html,<script>alert(1)</script>"
"vbscript:x"
"https://"
"//example.org/x"
"ftp://example.org/x"
VALUES
done
# A good address still builds, and is what the pages link to.
printf 'title: Addresses\nbase_url: https://example.org/hb\nrepo_url: https://example.org/repo\n' >"$hb/handbook.yml"
"$BIN" build -C "$hb" -o "$work/site" 2>"$work/err" >/dev/null || die "good addresses failed: $(cat "$work/err")"
grep -q 'href="https://example.org/repo' "$work/site/index.html" || die "the repo_url link is missing"

# Names that become part of a file or a link: the custom domain, the
# branch of the edit links, the pages' language; and the required title.
while IFS='|' read -r line want; do
	case $line in
	title:*) printf '%s\n' "$line" >"$hb/handbook.yml" ;;
	*) printf 'title: Names\n%s\n' "$line" >"$hb/handbook.yml" ;;
	esac
	rm -rf "$work/site"
	status=0
	"$BIN" build -C "$hb" -o "$work/site" 2>"$work/err" >/dev/null || status=$?
	[ "$status" -eq 1 ] || die "$line: exit $status, not 1"
	grep -qF "$want" "$work/err" || die "$line: expected '$want', got: $(cat "$work/err")"
	[ ! -e "$work/site" ] || die "$line: a site was written"
done <<'NAMES'
cname: https://evil.example/x|handbook.yml:2:8: error: handbook.yml: 'cname' must be a host name
cname: "evil.example\nx"|handbook.yml:2:8: error: handbook.yml: 'cname' must be a host name
branch: "../../x?y#z"|handbook.yml:2:9: error: handbook.yml: 'branch' must be a branch name
language: en us|handbook.yml:2:11: error: handbook.yml: 'language' must be a language tag
title: ""|handbook.yml:1:8: error: handbook.yml: 'title' must be a non-empty string
NAMES
printf 'title: Names\ncname: docs.example.org\nbranch: release/2.x\nlanguage: pt-BR\nbase_url: https://docs.example.org\n' >"$hb/handbook.yml"
"$BIN" build -C "$hb" -o "$work/site" 2>"$work/err" >/dev/null || die "good names failed: $(cat "$work/err")"
[ "$(cat "$work/site/CNAME")" = "docs.example.org" ] || die "CNAME is not the domain"
