/*
 * assets: hashed publication of plugin assets.  See assets.h.
 */
#include "assets.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "file.h"
#include "mem.h"

struct published {
	char *path;	 /* on disk */
	char *name;	 /* as the plugin declared it */
	char *site_path; /* assets/plugins/<stem>.<hash>.<ext> */
	struct buf bytes;
};

struct assets {
	pthread_mutex_t lock;
	struct published *items;
	size_t len, cap;
};

struct assets *assets_new(void)
{
	struct assets *a = mem_calloc(1, sizeof *a);

	pthread_mutex_init(&a->lock, NULL);
	return a;
}

void assets_free(struct assets *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->len; i++) {
		free(a->items[i].path);
		free(a->items[i].name);
		free(a->items[i].site_path);
		buf_release(&a->items[i].bytes);
	}
	free(a->items);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

uint64_t assets_hash(const char *data, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static char *hashed_path(const char *name, const struct buf *bytes)
{
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	const char *dot = strrchr(base, '.');
	unsigned long long h = assets_hash(buf_str(bytes), bytes->len);
	struct buf path = BUF_INIT;

	if (dot && dot != base)
		buf_printf(&path, "assets/plugins/%.*s.%08llx%s",
			   (int)(dot - name), name, h & 0xffffffffULL, dot);
	else
		buf_printf(&path, "assets/plugins/%s.%08llx", name,
			   h & 0xffffffffULL);
	return buf_detach(&path);
}

static const char *publish_locked(struct assets *a, const char *dir,
				  const char *name, struct pos at,
				  struct diag *d)
{
	struct published *p;
	char *path = file_join(dir, name);

	for (size_t i = 0; i < a->len; i++)
		if (strcmp(a->items[i].path, path) == 0) {
			free(path);
			return a->items[i].site_path;
		}
	a->items = mem_grow(a->items, &a->cap, a->len + 1, sizeof *a->items);
	p = &a->items[a->len];
	buf_init(&p->bytes);
	if (file_read(path, &p->bytes) != 0) {
		diag_error(d, at, "asset '%s' cannot be read: %s", name,
			   DIAG_STRERROR(errno));
		buf_release(&p->bytes);
		free(path);
		return NULL;
	}
	p->path = path;
	p->name = mem_strdup(name);
	p->site_path = hashed_path(name, &p->bytes);
	a->len++;
	return p->site_path;
}

const char *assets_publish(struct assets *a, const char *dir, const char *name,
			   struct pos at, struct diag *d)
{
	const char *path;

	pthread_mutex_lock(&a->lock);
	path = publish_locked(a, dir, name, at, d);
	pthread_mutex_unlock(&a->lock);
	return path;
}

int assets_write(struct assets *a, struct output *o, struct diag *d)
{
	int status = 0;

	for (size_t i = 0; i < a->len; i++) {
		char *source = file_join("plugins/assets", a->items[i].name);

		if (output_write(o, a->items[i].site_path, source,
				 buf_str(&a->items[i].bytes),
				 a->items[i].bytes.len, d) != 0)
			status = -1;
		free(source);
	}
	return status;
}
