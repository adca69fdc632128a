# A build's plugin blocks share one output budget (256 MiB): five
# thousand blocks of a megabyte, ten to a page so that every page stays
# under its own 16 MiB, once wrote gigabytes.  The block that passes the
# budget says so at its line, the build fails (exit 1) within its time and
# memory bounds, and nothing is published.
. "$(dirname "$0")/lib.sh"
hb=$work/hb
mkdir -p "$hb/content" "$hb/plugins"
printf 'title: Big blocks\nbase_url: https://example.org/big\n' >"$hb/handbook.yml"
cat >"$hb/plugins/big.lua" <<'LUA'
-- Just under the per-block output limit.
return { render = function() return string.rep("x", (1 << 20) - 16) end }
LUA
page=$(
	printf -- '---\ntitle: Ten big blocks\n---\n'
	i=0
	while [ "$i" -lt 10 ]; do
		printf '\n```big\n```\n'
		i=$((i + 1))
	done
)
printf '%s\n' "$page" >"$hb/content/index.md"
n=1
while [ "$n" -lt 500 ]; do
	printf '%s\n' "$page" >"$hb/content/p$(printf %03d "$n").md"
	n=$((n + 1))
done
# One thread renders the pages in reading order, so the same block is
# the one over the budget: the 257th (the 7th of the 26th page).
build_capped -C "$hb" -o "$work/site" -j 1
expect_failure 1 "content/p025.md:23:1: error: big: the build's plugin blocks made more than 256 MiB of HTML and ids together; the limit stops a plugin from filling the disk"
[ ! -e "$work/site" ] || die "a failed build wrote the site"
# With threads, which block passes the budget first depends on how they
# ran; there is still one message, and the same failure.
build_capped -C "$hb" -o "$work/site" -j 2
[ "$status" -eq 1 ] || die "-j 2: exit status $status, expected 1"
grep -Eqx "content/(index|p[0-9]{3})\.md:[0-9]+:1: error: big: the build's plugin blocks made more than 256 MiB of HTML and ids together; the limit stops a plugin from filling the disk" "$work/err" ||
	die "-j 2: unexpected messages: $(head -c 1000 "$work/err")"
[ "$(wc -l <"$work/err")" -eq 1 ] || die "-j 2: more than one message: $(head -c 1000 "$work/err")"
[ ! -e "$work/site" ] || die "a failed build wrote the site"
