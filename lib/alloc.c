/*
 * alloc.c - allocation that aborts when memory runs out (alloc.h).
 *
 * A library that returned "out of memory" from every function that
 * allocates would make every caller handle a failure it cannot recover
 * from; like git and mandoc, ceu stops instead.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void *
ceu_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

void *
ceu_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		abort();
	return p;
}

void *
ceu_reallocarray(void *p, size_t n, size_t size)
{
	size_t total;
	void *q;

	if (size != 0 && n > SIZE_MAX / size)
		abort();
	total = n * size;
	if ((q = realloc(p, total > 0 ? total : 1)) == NULL)
		abort();
	return q;
}

char *
ceu_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(ceu_malloc(n), s, n);
}
