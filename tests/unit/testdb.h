/*
 * testdb.h - a fresh ceu database for a unit test: a file in a temporary
 * folder, created by ceu_db_open as `ceu init` does (with its key beside
 * it, ceu.db.key), removed afterwards.
 */
#ifndef CEU_TESTDB_H
#define CEU_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"

static char testdb_dir[64];
static char testdb_path[128];

static inline struct ceu_db *
testdb_open(void)
{
	struct ceu_db *db;

	snprintf(testdb_dir, sizeof(testdb_dir), "/tmp/ceu-unit-XXXXXX");
	if (mkdtemp(testdb_dir) == NULL)
		abort();
	snprintf(testdb_path, sizeof(testdb_path), "%s/ceu.db", testdb_dir);
	if (ceu_db_open(testdb_path, 1, &db) != CEU_OK) {
		fprintf(stderr, "testdb: %s\n", db->msg);
		abort();
	}
	db->actor = "unit";
	db->today = 20230615;
	return db;
}

static inline void
testdb_close(struct ceu_db *db)
{
	char path[160];

	ceu_db_close(db);
	unlink(testdb_path);
	snprintf(path, sizeof(path), "%s-wal", testdb_path);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", testdb_path);
	unlink(path);
	snprintf(path, sizeof(path), "%s.key", testdb_path);
	unlink(path);
	rmdir(testdb_dir);
}

#endif
