/*
 * alloc.h - the allocator of libceu and of the programs over it: like
 * git's xmalloc, it never returns NULL but aborts when memory runs out,
 * the one failure that is not reported through a handle (error.h).
 *
 *	struct ceu_csv *r = ceu_calloc(1, sizeof(*r));
 */
#ifndef CEU_ALLOC_H
#define CEU_ALLOC_H

#include <stddef.h>

/* malloc(n), never NULL; n == 0 gives a unique pointer as well. */
void *ceu_malloc(size_t n);

/* calloc(n, size), never NULL; n * size checked for overflow. */
void *ceu_calloc(size_t n, size_t size);

/* realloc(p, n * size), never NULL; n * size checked for overflow. */
void *ceu_reallocarray(void *p, size_t n, size_t size);

/* A copy of s, never NULL. */
char *ceu_strdup(const char *s);

#endif
