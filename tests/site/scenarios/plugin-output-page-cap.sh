# A page's plugin blocks share an output budget: each block may write up
# to 1 MiB, but twenty such blocks on one page stop at the seventeenth
# with a clear error, and the build's memory stays bounded (a page of
# five thousand once grew the process to 4 GiB).
. "$(dirname "$0")/lib.sh"
hb=$work/hb
mkdir -p "$hb/content" "$hb/plugins"
printf 'title: Big blocks\nbase_url: https://example.org/big\n' >"$hb/handbook.yml"
cat >"$hb/plugins/big.lua" <<'LUA'
-- Just under the per-block output limit.
return { render = function() return string.rep("x", (1 << 20) - 16) end }
LUA
{
	printf -- '---\ntitle: Many big blocks\n---\n'
	i=0
	while [ "$i" -lt 20 ]; do
		printf '\n```big\n```\n'
		i=$((i + 1))
	done
} >"$hb/content/index.md"
build_capped -C "$hb" -o "$work/site"
expect_failure 1 "content/index.md:53:1: error: big: the page's plugin blocks wrote more than 16 MiB of HTML together; split the page"
