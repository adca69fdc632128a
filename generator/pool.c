/*
 * pool: threads over a queue.  See pool.h.
 */
#include "pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "mem.h"

int pool_threads(int jobs, size_t items)
{
	long n = jobs > 0 ? jobs : sysconf(_SC_NPROCESSORS_ONLN);

	if ((size_t)n > items)
		n = (long)items;
	return n < 1 ? 1 : (int)n;
}

void pool_run(int n, void *(*fn)(void *), void *args, size_t arg_size)
{
	pthread_t *threads = mem_calloc((size_t)n, sizeof *threads);
	bool *started = mem_calloc((size_t)n, sizeof *started);
	char *base = args;

	for (int i = 1; i < n; i++)
		started[i] = pthread_create(&threads[i], NULL, fn,
					    base + (size_t)i * arg_size) == 0;
	fn(base);
	for (int i = 1; i < n; i++)
		if (started[i])
			pthread_join(threads[i], NULL);
	free(started);
	free(threads);
}
