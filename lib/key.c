/*
 * key.c - the database's Ed25519 signing key.  See key.h for the contract
 * and the two text formats.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "alloc.h"
#include "key.h"

#define SECRET_PREFIX "ceu-ed25519-secret-v1"
#define PUBLIC_PREFIX "ceu-ed25519-public-v1"
#define B64_32 45		/* base64 of 32 bytes (44) and a NUL */
#define FILE_MAX 512		/* a key file is one short line */

int
ceu_key_path(struct ceu_db *db, const char *db_path, char *out, size_t size)
{
	const char *env = getenv("CEU_KEY");
	int n;

	if (env != NULL && *env != '\0')
		n = snprintf(out, size, "%s", env);
	else
		n = snprintf(out, size, "%s.key", db_path);
	if (n < 0 || (size_t)n >= size)
		return ceu_db_fail(db, CEU_EUSAGE, "key file name too long");
	return CEU_OK;
}

static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* fsync the folder holding path, so that a new name in it lasts. */
static void
sync_folder(const char *path)
{
	char copy[CEU_KEY_PATH_MAX];
	int fd;

	snprintf(copy, sizeof(copy), "%s", path);
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	fsync(fd);
	close(fd);
}

/* The key file's line for a fresh seed, in line (of FILE_MAX bytes). */
static void
new_key_line(char *line)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	char b64[B64_32];

	randombytes_buf(seed, sizeof(seed));
	sodium_bin2base64(b64, sizeof(b64), seed, sizeof(seed),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(line, FILE_MAX, "%s %s\n", SECRET_PREFIX, b64);
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(b64, sizeof(b64));
}

/* Write a new key to tmp (a mkstemp template beside path) and link it to
 * path unless path exists.  *created is 1 when the link was made. */
static int
create_key(struct ceu_db *db, const char *path, char *tmp, int *created)
{
	char line[FILE_MAX];
	int fd, rc = CEU_OK;

	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create key file "
		    "'%s': %s", path, strerror(errno));
	new_key_line(line);
	/* 0600 whatever the umask: the key signs for the database. */
	if (fchmod(fd, S_IRUSR | S_IWUSR) != 0 ||
	    write_all(fd, line, strlen(line)) != 0 || fsync(fd) != 0)
		rc = ceu_db_fail(db, CEU_ECANTCREAT, "cannot write key file "
		    "'%s': %s", path, strerror(errno));
	sodium_memzero(line, sizeof(line));
	if (close(fd) != 0 && rc == CEU_OK)
		rc = ceu_db_fail(db, CEU_ECANTCREAT, "cannot write key file "
		    "'%s': %s", path, strerror(errno));
	/* link, unlike rename, never replaces: of two processes making the
	 * key at once, one wins and the other loads the winner's. */
	if (rc == CEU_OK && link(tmp, path) == 0)
		*created = 1;
	else if (rc == CEU_OK && errno != EEXIST)
		rc = ceu_db_fail(db, CEU_ECANTCREAT, "cannot create key file "
		    "'%s': %s", path, strerror(errno));
	unlink(tmp);
	if (*created)
		sync_folder(path);
	return rc;
}

int
ceu_key_ensure(struct ceu_db *db, const char *path, struct ceu_key *key,
    int *created)
{
	char tmp[CEU_KEY_PATH_MAX + 8];
	int rc;

	*created = 0;
	memset(key, 0, sizeof(*key));
	if (sodium_init() < 0)
		return ceu_db_fail(db, CEU_EIO, "cannot initialise libsodium");
	if (access(path, F_OK) != 0 && errno == ENOENT) {
		if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >=
		    (int)sizeof(tmp))
			return ceu_db_fail(db, CEU_EUSAGE, "key file name too "
			    "long");
		if ((rc = create_key(db, path, tmp, created)) != CEU_OK)
			return rc;
	}
	return ceu_key_load(db, path, key);
}

/* Read the whole of a small file into buf (NUL-terminated), at most
 * size - 1 bytes.  -1 with errno set, or EFBIG when it is longer. */
static int
read_small(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while ((n = read(fd, buf + len, size - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		len += (size_t)n;
		if (len == size) {
			errno = EFBIG;
			return -1;
		}
	}
	buf[len] = '\0';
	return 0;
}

/* What is wrong with a key line, if anything. */
enum line_error { LINE_OK, LINE_FORMAT, LINE_NO_KEY, LINE_BAD_KEY };

/* Parse "PREFIX BASE64" with optional blanks and newline around it into
 * 32 bytes. */
static enum line_error
parse_line(const char *text, const char *prefix, unsigned char out[32])
{
	size_t plen = strlen(prefix), len;
	const char *b64, *end;
	size_t binlen;

	text += strspn(text, " \t\r\n");
	len = strlen(text);
	while (len > 0 && strchr(" \t\r\n", text[len - 1]) != NULL)
		len--;
	if (len < plen || strncmp(text, prefix, plen) != 0)
		return LINE_FORMAT;
	if (len == plen || text[plen] != ' ')
		return LINE_NO_KEY;
	b64 = text + plen + 1;
	if (sodium_base642bin(out, 32, b64, len - plen - 1, NULL, &binlen,
	    &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != text + len || binlen != 32)
		return LINE_BAD_KEY;
	return LINE_OK;
}

/* The message for a key file whose line is wrong. */
static int
malformed(struct ceu_db *db, const char *path, enum line_error e)
{
	if (e == LINE_FORMAT)
		return ceu_db_fail(db, CEU_EDATA, "key file '%s' is malformed: "
		    "it does not start with '%s'", path, SECRET_PREFIX);
	if (e == LINE_NO_KEY)
		return ceu_db_fail(db, CEU_EDATA, "key file '%s' is malformed: "
		    "no key after '%s'", path, SECRET_PREFIX);
	return ceu_db_fail(db, CEU_EDATA, "key file '%s' is malformed: the "
	    "key is not 32 bytes of base64", path);
}

/* The open key file fd (named path): private, and one good line. */
static int
load_fd(struct ceu_db *db, const char *path, int fd, struct ceu_key *key)
{
	char buf[FILE_MAX];
	unsigned char seed[crypto_sign_SEEDBYTES];
	enum line_error e;
	struct stat st;

	if (fstat(fd, &st) != 0 || read_small(fd, buf, sizeof(buf)) != 0) {
		if (errno == EFBIG)
			return ceu_db_fail(db, CEU_EDATA, "key file '%s' is "
			    "malformed: too long", path);
		return ceu_db_fail(db, CEU_EIO, "cannot read key file '%s': "
		    "%s", path, strerror(errno));
	}
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		return ceu_db_fail(db, CEU_EREFUSED, "key file '%s' may be read "
		    "by others (mode %04o); make it the owner's only: "
		    "chmod 600 '%s'", path, (unsigned)(st.st_mode & 07777),
		    path);
	e = parse_line(buf, SECRET_PREFIX, seed);
	sodium_memzero(buf, sizeof(buf));
	if (e != LINE_OK)
		return malformed(db, path, e);
	crypto_sign_seed_keypair(key->pk, key->sk, seed);
	sodium_memzero(seed, sizeof(seed));
	key->has_secret = 1;
	return CEU_OK;
}

int
ceu_key_load(struct ceu_db *db, const char *path, struct ceu_key *key)
{
	int fd, rc;

	memset(key, 0, sizeof(*key));
	if (sodium_init() < 0)
		return ceu_db_fail(db, CEU_EIO, "cannot initialise libsodium");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return ceu_db_fail(db, CEU_ENOINPUT, "no key file "
			    "'%s'; 'ceu init' makes one", path);
		return ceu_db_fail(db, CEU_EIO, "cannot open key file '%s': "
		    "%s", path, strerror(errno));
	}
	rc = load_fd(db, path, fd, key);
	close(fd);
	if (rc != CEU_OK)
		ceu_key_wipe(key);
	return rc;
}

void
ceu_key_wipe(struct ceu_key *key)
{
	sodium_memzero(key, sizeof(*key));
}

/* context, NUL, msg in one new buffer of *total bytes (caller frees). */
static unsigned char *
signed_bytes(const char *context, const void *msg, size_t len,
    size_t *total)
{
	size_t clen = strlen(context) + 1;
	unsigned char *buf;

	*total = clen + len;
	buf = ceu_malloc(*total);
	memcpy(buf, context, clen);
	if (len > 0)
		memcpy(buf + clen, msg, len);
	return buf;
}

int
ceu_key_sign(struct ceu_db *db, const struct ceu_key *key,
    const char *context, const void *msg, size_t len,
    unsigned char sig[CEU_KEY_SIG_BYTES])
{
	unsigned char *buf;
	size_t total;

	if (!key->has_secret)
		return ceu_db_fail(db, CEU_EUSAGE, "cannot sign with a public "
		    "key alone");
	buf = signed_bytes(context, msg, len, &total);
	crypto_sign_detached(sig, NULL, buf, total, key->sk);
	free(buf);
	return CEU_OK;
}

int
ceu_key_verify(struct ceu_db *db, const unsigned char
    pk[CEU_KEY_PUBLIC_BYTES], const char *context, const void *msg,
    size_t len, const unsigned char sig[CEU_KEY_SIG_BYTES])
{
	unsigned char *buf;
	size_t total;
	int bad;

	buf = signed_bytes(context, msg, len, &total);
	bad = crypto_sign_verify_detached(sig, buf, total, pk);
	free(buf);
	if (bad)
		return ceu_db_fail(db, CEU_EREFUSED, "the signature does not "
		    "match");
	return CEU_OK;
}

void
ceu_key_public_text(const unsigned char pk[CEU_KEY_PUBLIC_BYTES],
    char out[CEU_KEY_PUBLIC_TEXT_SIZE])
{
	char b64[B64_32];

	sodium_bin2base64(b64, sizeof(b64), pk, CEU_KEY_PUBLIC_BYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, CEU_KEY_PUBLIC_TEXT_SIZE, "%s %s", PUBLIC_PREFIX, b64);
}

int
ceu_key_public_parse(struct ceu_db *db, const char *text,
    unsigned char pk[CEU_KEY_PUBLIC_BYTES])
{
	unsigned char tmp[CEU_KEY_PUBLIC_BYTES];

	if (strstr(text, SECRET_PREFIX) != NULL)
		return ceu_db_fail(db, CEU_EDATA, "this is the secret key, not "
		    "the public one: give what 'ceu-cert pubkey' prints");
	if (parse_line(text, PUBLIC_PREFIX, tmp) != LINE_OK)
		return ceu_db_fail(db, CEU_EDATA, "not a ceu public key (one "
		    "line '%s BASE64', as 'ceu-cert pubkey' prints)",
		    PUBLIC_PREFIX);
	memcpy(pk, tmp, sizeof(tmp));
	return CEU_OK;
}

int
ceu_key_public_read(struct ceu_db *db, const char *path,
    unsigned char pk[CEU_KEY_PUBLIC_BYTES])
{
	char buf[FILE_MAX];
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return ceu_db_fail(db, errno == ENOENT ? CEU_ENOINPUT : CEU_EIO,
		    "cannot open public key '%s': %s", path, strerror(errno));
	rc = read_small(fd, buf, sizeof(buf));
	close(fd);
	if (rc != 0 && errno == EFBIG)
		return ceu_db_fail(db, CEU_EDATA, "'%s' is not a ceu public key "
		    "(too long)", path);
	if (rc != 0)
		return ceu_db_fail(db, CEU_EIO, "cannot read public key '%s': "
		    "%s", path, strerror(errno));
	if (ceu_key_public_parse(db, buf, pk) != CEU_OK) {
		char why[sizeof(db->msg)];

		snprintf(why, sizeof(why), "%s", db->msg);
		return ceu_db_fail(db, CEU_EDATA, "'%s': %s", path, why);
	}
	return CEU_OK;
}
