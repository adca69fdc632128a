# The sandbox's string.find, match, gmatch and gsub (generator/pattern.c
# and plugin_lib.c mirror Lua's) against the stock lua5.4 interpreter: the
# cases of lua-patterns/plugins/patterns.lua run as plugin blocks in a
# build by the real binary, and under lua5.4 through lua-patterns/stock.lua;
# the two transcripts of every call's results or error must be identical.
. "$(dirname "$0")/lib.sh"
handbook=$(cd "$(dirname "$0")/lua-patterns" && pwd)
command -v lua5.4 >/dev/null 2>&1 ||
	die "lua5.4 is missing: install the Debian package lua5.4 (make test does)"

parts=$(grep -c '^```patterns$' "$handbook/content/index.md")
"$BIN" build -C "$handbook" -o "$work/site" >"$work/build.log" 2>&1 ||
	die "the build failed: $(cat "$work/build.log")"
[ ! -s "$work/build.log" ] || die "the build said: $(cat "$work/build.log")"

# Each block prints its part between these two lines.
sed -n '/^<pre class="lua-patterns">$/,/^<\/pre>$/p' "$work/site/index.html" |
	grep -v '^<pre class="lua-patterns">$' | grep -v '^</pre>$' \
	>"$work/sandbox.txt" || true
lua5.4 "$handbook/stock.lua" "$parts" >"$work/stock.txt" ||
	die "lua5.4 could not run the cases"

cases=$(grep -c '^case ' "$work/stock.txt")
[ "$cases" -gt 2000 ] || die "lua5.4 ran only $cases cases"
if ! diff -u "$work/stock.txt" "$work/sandbox.txt" >"$work/diff"; then
	echo "the sandbox's pattern functions differ from lua5.4 (- lua5.4, + sandbox):" >&2
	head -80 "$work/diff" >&2
	exit 1
fi
echo "lua-patterns: $cases cases, the sandbox agrees with lua5.4"
