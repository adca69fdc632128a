/*
 * pool: one function run on several threads at once, the calling thread
 * among them.  The build's passes and the reading of the pages use it;
 * each brings its own queue of work, which the function drains.
 */
#ifndef PREPBOOK_POOL_H
#define PREPBOOK_POOL_H

#include <stddef.h>

/* How many threads to use: jobs (0: one per processor), no more than
 * there are items of work, and at least one. */
int pool_threads(int jobs, size_t items);

/* Runs fn(args + i * arg_size) for i from 0 to n - 1, i = 0 on the
 * calling thread, and returns when all have returned (arg_size 0 hands
 * every thread the same args).  A thread that cannot be started leaves
 * its share of the queue to the others. */
void pool_run(int n, void *(*fn)(void *), void *args, size_t arg_size);

#endif
