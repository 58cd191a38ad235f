/*
 * test_key.c - the database's signing key (R12 certificates, R16 journal
 * head): made once, 0600 whatever the umask, never overwritten, a
 * malformed or exposed file refused, signatures that fail for any change.
 */
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>

#include "key.h"
#include "testdb.h"

static char key_path[CEU_KEY_PATH_MAX];

/* A fresh database and the path of its key beside it, which the tests
 * make themselves: the key the database was made with is removed. */
static struct ceu_db *
open_db(void)
{
	struct ceu_db *db;

	unsetenv("CEU_KEY");
	db = testdb_open();
	assert_int_equal(ceu_key_path(db, testdb_path, key_path,
	    sizeof(key_path)), CEU_OK);
	unlink(key_path);
	return db;
}

static void
close_db(struct ceu_db *db)
{
	unlink(key_path);
	testdb_close(db);
}

/* The whole of a small file as a string (static buffer). */
static const char *
slurp(const char *path)
{
	static char buf[1024];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf) - 1);
	assert_true(n >= 0);
	buf[n] = '\0';
	close(fd);
	return buf;
}

static void
put(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static void
r12_key_path_beside_database_or_env(void **state)
{
	struct ceu_db *db = open_db();
	char path[CEU_KEY_PATH_MAX], want[CEU_KEY_PATH_MAX];

	(void)state;
	snprintf(want, sizeof(want), "%s.key", testdb_path);
	assert_string_equal(key_path, want);
	setenv("CEU_KEY", "/elsewhere/signing.key", 1);
	assert_int_equal(ceu_key_path(db, testdb_path, path, sizeof(path)),
	    CEU_OK);
	assert_string_equal(path, "/elsewhere/signing.key");
	setenv("CEU_KEY", "", 1);
	assert_int_equal(ceu_key_path(db, testdb_path, path, sizeof(path)),
	    CEU_OK);
	assert_string_equal(path, want);
	assert_int_equal(ceu_key_path(db, testdb_path, path, 8), CEU_EUSAGE);
	unsetenv("CEU_KEY");
	close_db(db);
}

static void
r12_key_created_0600_whatever_the_umask(void **state)
{
	struct ceu_db *db = open_db();
	struct ceu_key key;
	struct stat st;
	mode_t old = umask(0);
	int created = 0;
	DIR *dir;
	struct dirent *e;

	(void)state;
	assert_int_equal(ceu_key_ensure(db, key_path, &key, &created), CEU_OK);
	umask(old);
	assert_int_equal(created, 1);
	assert_int_equal(key.has_secret, 1);
	assert_int_equal(stat(key_path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_non_null(strstr(slurp(key_path), "ceu-ed25519-secret-v1 "));
	/* Nothing but the database and its key: no temporary file. */
	assert_non_null(dir = opendir(testdb_dir));
	while ((e = readdir(dir)) != NULL)
		assert_true(strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, "ceu.db") == 0 ||
		    strcmp(e->d_name, "ceu.db-wal") == 0 ||
		    strcmp(e->d_name, "ceu.db-shm") == 0 ||
		    strcmp(e->d_name, "ceu.db.key") == 0);
	closedir(dir);
	ceu_key_wipe(&key);
	close_db(db);
}

static void
r12_key_never_overwritten(void **state)
{
	struct ceu_db *db = open_db();
	struct ceu_key a, b;
	char before[1024];
	int created;

	(void)state;
	assert_int_equal(ceu_key_ensure(db, key_path, &a, &created), CEU_OK);
	assert_int_equal(created, 1);
	snprintf(before, sizeof(before), "%s", slurp(key_path));
	assert_int_equal(ceu_key_ensure(db, key_path, &b, &created), CEU_OK);
	assert_int_equal(created, 0);
	assert_string_equal(slurp(key_path), before);
	assert_memory_equal(a.pk, b.pk, sizeof(a.pk));
	assert_memory_equal(a.sk, b.sk, sizeof(a.sk));
	close_db(db);
}

static void
r12_key_ensure_keeps_a_malformed_file(void **state)
{
	struct ceu_db *db = open_db();
	struct ceu_key key;
	int created = 1;

	(void)state;
	put(key_path, "not a key\n", 0600);
	assert_int_equal(ceu_key_ensure(db, key_path, &key, &created),
	    CEU_EDATA);
	assert_int_equal(created, 0);
	assert_string_equal(slurp(key_path), "not a key\n");
	assert_int_equal(key.has_secret, 0);
	close_db(db);
}

static void
r12_key_malformed_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"ceu-ed25519-secret-v1\n",
		"ceu-ed25519-secret-v1 \n",
		"ceu-ed25519-secret-v2 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"ceu-ed25519-secret-v1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n",
		"ceu-ed25519-secret-v1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
		"ceu-ed25519-secret-v1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA*=\n",
		"ceu-ed25519-secret-v1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= x\n",
		"ceu-ed25519-public-v1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
	};
	struct ceu_db *db = open_db();
	struct ceu_key key;
	char big[2048];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put(key_path, bad[i], 0600);
		assert_int_equal(ceu_key_load(db, key_path, &key), CEU_EDATA);
		assert_non_null(strstr(db->msg, "malformed"));
		assert_non_null(strstr(db->msg, key_path));
		assert_int_equal(key.has_secret, 0);
	}
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	put(key_path, big, 0600);
	assert_int_equal(ceu_key_load(db, key_path, &key), CEU_EDATA);
	/* The good line loads, with blanks around it. */
	put(key_path, "  ceu-ed25519-secret-v1 "
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n", 0600);
	assert_int_equal(ceu_key_load(db, key_path, &key), CEU_OK);
	close_db(db);
}

static void
r12_key_readable_by_others_refused(void **state)
{
	struct ceu_db *db = open_db();
	struct ceu_key key;
	int created;

	(void)state;
	assert_int_equal(ceu_key_ensure(db, key_path, &key, &created), CEU_OK);
	assert_int_equal(chmod(key_path, 0640), 0);
	assert_int_equal(ceu_key_load(db, key_path, &key), CEU_EREFUSED);
	assert_non_null(strstr(db->msg, "chmod 600"));
	assert_int_equal(key.has_secret, 0);
	assert_int_equal(chmod(key_path, 0604), 0);
	assert_int_equal(ceu_key_ensure(db, key_path, &key, &created),
	    CEU_EREFUSED);
	assert_int_equal(chmod(key_path, 0600), 0);
	assert_int_equal(ceu_key_load(db, key_path, &key), CEU_OK);
	close_db(db);
}

static void
r12_key_missing_or_uncreatable(void **state)
{
	struct ceu_db *db = open_db();
	struct ceu_key key;
	char path[CEU_KEY_PATH_MAX];
	int created;

	(void)state;
	assert_int_equal(ceu_key_load(db, key_path, &key), CEU_ENOINPUT);
	assert_non_null(strstr(db->msg, "ceu init"));
	assert_int_equal(access(key_path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/no/such/folder/ceu.db.key",
	    testdb_dir);
	assert_int_equal(ceu_key_ensure(db, path, &key, &created),
	    CEU_ECANTCREAT);
	assert_int_equal(created, 0);
	close_db(db);
}

static void
r12_sign_verify_and_any_flipped_bit_fails(void **state)
{
	struct ceu_db *db = open_db();
	unsigned char msg[40], sig[CEU_KEY_SIG_BYTES];
	struct ceu_key key, other;
	int created, bit;

	(void)state;
	memset(msg, 0x5a, sizeof(msg));
	assert_int_equal(ceu_key_ensure(db, key_path, &key, &created), CEU_OK);
	assert_int_equal(ceu_key_sign(db, &key, "ceu-test-v1", msg,
	    sizeof(msg), sig), CEU_OK);
	assert_int_equal(ceu_key_verify(db, key.pk, "ceu-test-v1", msg,
	    sizeof(msg), sig), CEU_OK);
	for (bit = 0; bit < (int)sizeof(msg) * 8; bit++) {
		msg[bit / 8] ^= (unsigned char)(1 << bit % 8);
		assert_int_equal(ceu_key_verify(db, key.pk, "ceu-test-v1", msg,
		    sizeof(msg), sig), CEU_EREFUSED);
		msg[bit / 8] ^= (unsigned char)(1 << bit % 8);
	}
	for (bit = 0; bit < CEU_KEY_SIG_BYTES * 8; bit += 7) {
		sig[bit / 8] ^= (unsigned char)(1 << bit % 8);
		assert_int_equal(ceu_key_verify(db, key.pk, "ceu-test-v1", msg,
		    sizeof(msg), sig), CEU_EREFUSED);
		sig[bit / 8] ^= (unsigned char)(1 << bit % 8);
	}
	/* Another context (what the bytes are signed as) does not verify. */
	assert_int_equal(ceu_key_verify(db, key.pk, "ceu-journal-head-v1", msg,
	    sizeof(msg), sig), CEU_EREFUSED);
	/* Nor another database's key. */
	unlink(key_path);
	assert_int_equal(ceu_key_ensure(db, key_path, &other, &created),
	    CEU_OK);
	assert_int_equal(created, 1);
	assert_int_equal(ceu_key_verify(db, other.pk, "ceu-test-v1", msg,
	    sizeof(msg), sig), CEU_EREFUSED);
	/* A public key alone does not sign. */
	other.has_secret = 0;
	assert_int_equal(ceu_key_sign(db, &other, "ceu-test-v1", msg,
	    sizeof(msg), sig), CEU_EUSAGE);
	close_db(db);
}

static void
r12_public_key_text_round_trip(void **state)
{
	struct ceu_db *db = open_db();
	unsigned char pk[CEU_KEY_PUBLIC_BYTES];
	char text[CEU_KEY_PUBLIC_TEXT_SIZE], line[128], pub[CEU_KEY_PATH_MAX];
	struct ceu_key key;
	int created;

	(void)state;
	assert_int_equal(ceu_key_ensure(db, key_path, &key, &created), CEU_OK);
	ceu_key_public_text(key.pk, text);
	assert_int_equal(strncmp(text, "ceu-ed25519-public-v1 ", 22), 0);
	assert_int_equal(strlen(text), 22 + 44);
	assert_int_equal(ceu_key_public_parse(db, text, pk), CEU_OK);
	assert_memory_equal(pk, key.pk, sizeof(pk));
	/* As a file, with its newline, the way `ceu-cert pubkey > F` is. */
	snprintf(pub, sizeof(pub), "%s/pub", testdb_dir);
	snprintf(line, sizeof(line), "%s\n", text);
	put(pub, line, 0644);
	memset(pk, 0, sizeof(pk));
	assert_int_equal(ceu_key_public_read(db, pub, pk), CEU_OK);
	assert_memory_equal(pk, key.pk, sizeof(pk));
	/* The secret file is refused as a public key, with a reason. */
	assert_int_equal(ceu_key_public_read(db, key_path, pk), CEU_EDATA);
	assert_non_null(strstr(db->msg, "secret"));
	put(pub, "ceu-ed25519-public-v1 abc\n", 0644);
	assert_int_equal(ceu_key_public_read(db, pub, pk), CEU_EDATA);
	assert_non_null(strstr(db->msg, pub));
	unlink(pub);
	assert_int_equal(ceu_key_public_read(db, pub, pk), CEU_ENOINPUT);
	close_db(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r12_key_path_beside_database_or_env),
		cmocka_unit_test(r12_key_created_0600_whatever_the_umask),
		cmocka_unit_test(r12_key_never_overwritten),
		cmocka_unit_test(r12_key_ensure_keeps_a_malformed_file),
		cmocka_unit_test(r12_key_malformed_refused),
		cmocka_unit_test(r12_key_readable_by_others_refused),
		cmocka_unit_test(r12_key_missing_or_uncreatable),
		cmocka_unit_test(r12_sign_verify_and_any_flipped_bit_fails),
		cmocka_unit_test(r12_public_key_text_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
