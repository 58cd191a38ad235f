/*
 * key.h - the database's Ed25519 signing key (libsodium): where it lives,
 * making it once, loading it, signing and verifying detached signatures,
 * and the public key as one line of text for whoever checks offline.
 *
 *	char path[CEU_KEY_PATH_MAX];
 *	struct ceu_key key;
 *	int created;
 *	ceu_key_path(db, db_path, path, sizeof(path));
 *	ceu_key_ensure(db, path, &key, &created);  (ceu init, first use)
 *	ceu_key_sign(db, &key, "ceu-cert-v1", msg, len, sig);
 *	ceu_key_wipe(&key);
 *
 * One key signs everything the database vouches for (the certificates,
 * the journal head).  Every signature is over a context string, a NUL and
 * the message, so that bytes signed as one thing never verify as another:
 * each caller names its context ("ceu-cert-v1", "ceu-journal-head-v1").
 *
 * The key file (SPEC "Storage": FILE.key beside the database, or
 * $CEU_KEY) is one line of ASCII, version 1:
 *
 *	ceu-ed25519-secret-v1 <base64 of the 32-byte Ed25519 seed>
 *
 * mode 0600.  The public key, for `ceu-cert pubkey` and `--pubkey FILE`:
 *
 *	ceu-ed25519-public-v1 <base64 of the 32-byte public key>
 *
 * (base64 is RFC 4648 with padding; a trailing newline is allowed.)
 * Failures are reported the library's way: an enum ceu_exit code returned
 * and the message left in db (ceu_db_fail); db is only an error context.
 */
#ifndef CEU_KEY_H
#define CEU_KEY_H

#include <stddef.h>

#include "db.h"

#define CEU_KEY_PUBLIC_BYTES 32
#define CEU_KEY_SECRET_BYTES 64
#define CEU_KEY_SIG_BYTES 64
#define CEU_KEY_PATH_MAX 4096
/* "ceu-ed25519-public-v1 " + 44 base64 characters + NUL. */
#define CEU_KEY_PUBLIC_TEXT_SIZE 72

struct ceu_key {
	unsigned char pk[CEU_KEY_PUBLIC_BYTES];
	unsigned char sk[CEU_KEY_SECRET_BYTES];	/* seed and pk, libsodium's
						   layout; zero unless
						   has_secret */
	int has_secret;
};

/* The key file of the database at db_path: $CEU_KEY when set and not
 * empty, else db_path with ".key" added.  CEU_EUSAGE when it does not fit
 * in size bytes. */
int ceu_key_path(struct ceu_db *db, const char *db_path, char *out,
    size_t size);

/* Load the key at path, making it first if there is none (ceu init; an
 * older database on first use).  *created says whether this call made it
 * (so that the caller can say so).  A new key is written to a temporary
 * file beside path, mode 0600 whatever the umask, synced, and linked into
 * place only if path still does not exist: an existing key is never
 * overwritten, and path never holds half a key.  CEU_ECANTCREAT when it
 * cannot be made; otherwise as ceu_key_load. */
int ceu_key_ensure(struct ceu_db *db, const char *path, struct ceu_key *key,
    int *created);

/* Load the key at path.  CEU_ENOINPUT when there is none, CEU_EREFUSED
 * when group or others may read or write it (it would sign for anyone),
 * CEU_EDATA when it is not a key file of this format, CEU_EIO when it
 * cannot be read.  On failure key is zeroed. */
int ceu_key_load(struct ceu_db *db, const char *path, struct ceu_key *key);

/* Zero the secret half of key (call when done with it). */
void ceu_key_wipe(struct ceu_key *key);

/* Sign context, a NUL byte and msg[0..len) with key's secret half into sig.
 * CEU_EUSAGE when key holds only a public key. */
int ceu_key_sign(struct ceu_db *db, const struct ceu_key *key,
    const char *context, const void *msg, size_t len,
    unsigned char sig[CEU_KEY_SIG_BYTES]);

/* CEU_OK when sig is pk's signature of context, NUL, msg[0..len);
 * CEU_EREFUSED, with a message, when it is not. */
int ceu_key_verify(struct ceu_db *db, const unsigned char
    pk[CEU_KEY_PUBLIC_BYTES], const char *context, const void *msg,
    size_t len, const unsigned char sig[CEU_KEY_SIG_BYTES]);

/* pk as its one line of text (no newline) in out. */
void ceu_key_public_text(const unsigned char pk[CEU_KEY_PUBLIC_BYTES],
    char out[CEU_KEY_PUBLIC_TEXT_SIZE]);

/* Parse the text of ceu_key_public_text (blanks and a newline around it
 * allowed) into pk.  CEU_EDATA, saying why, for anything else, and in
 * particular for the secret key file. */
int ceu_key_public_parse(struct ceu_db *db, const char *text,
    unsigned char pk[CEU_KEY_PUBLIC_BYTES]);

/* Read a public key file (`ceu-cert verify --pubkey FILE`; "-" is not
 * special here).  CEU_ENOINPUT when missing, CEU_EIO when unreadable,
 * CEU_EDATA when it does not hold one public key line; the message names
 * the file. */
int ceu_key_public_read(struct ceu_db *db, const char *path,
    unsigned char pk[CEU_KEY_PUBLIC_BYTES]);

#endif
