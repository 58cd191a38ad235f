/*
 * certqr.c - a certificate's QR text: canonical bytes of the printed
 * fields, their signature, Crockford's base32.  See certqr.h for the
 * format.
 */
#include <libintl.h>
#include <stdint.h>
#include <string.h>

#include "base32.h"
#include "certqr.h"
#include "values.h"

/* A word of this library in the user's language (see ceu_db_fail). */
#define _(s) dgettext("ceu", s)

/* Hours above this (tenths) are no certificate's; it bounds the varints. */
#define HOURS_MAX 999999L

static const char *const kind_names[] = {
	[CEU_CERT_PUBLIC] = "public",
	[CEU_CERT_COMPLETION] = "completion",
};

const char *
ceu_cert_kind_name(int kind)
{
	if (kind != CEU_CERT_PUBLIC && kind != CEU_CERT_COMPLETION)
		return NULL;
	return kind_names[kind];
}

int
ceu_cert_kind_parse(const char *name)
{
	if (strcmp(name, "public") == 0)
		return CEU_CERT_PUBLIC;
	if (strcmp(name, "completion") == 0)
		return CEU_CERT_COMPLETION;
	return -1;
}

int
ceu_certqr_set(struct ceu_db *db, char *dst, size_t size, const char *what,
    const char *value)
{
	size_t len = strlen(value);

	if (len >= size)
		return ceu_db_fail(db, CEU_EDATA, "certificate %s is too long "
		    "(%zu bytes, at most %zu)", what, len, size - 1);
	memcpy(dst, value, len + 1);
	return CEU_OK;
}

/* Is s UTF-8 without control characters (C0, DEL, C1), overlong forms or
 * surrogates?  Names and units are printed and signed as they are. */
static int
clean_utf8(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s != '\0') {
		uint32_t cp;
		int n, i;

		if (*s < 0x80) {
			if (*s < 0x20 || *s == 0x7f)
				return 0;
			s++;
			continue;
		}
		if (*s >= 0xc2 && *s <= 0xdf)
			n = 1, cp = *s & 0x1f;
		else if (*s >= 0xe0 && *s <= 0xef)
			n = 2, cp = *s & 0x0f;
		else if (*s >= 0xf0 && *s <= 0xf4)
			n = 3, cp = *s & 0x07;
		else
			return 0;
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    (cp >= 0x80 && cp <= 0x9f))
			return 0;
		s += n + 1;
	}
	return 1;
}

/* One text field: present when it must be, clean, short enough. */
static int
check_text(struct ceu_db *db, const char *field, const char *value,
    size_t max, int required)
{
	size_t len = strnlen(value, max + 1);

	if (len > max)
		return ceu_db_fail(db, CEU_EDATA, "certificate %s is too long "
		    "(more than %zu bytes)", field, max);
	if (required && len == 0)
		return ceu_db_fail(db, CEU_EDATA, "certificate %s is empty",
		    field);
	if (!clean_utf8(value))
		return ceu_db_fail(db, CEU_EDATA, "certificate %s is not "
		    "UTF-8 text", field);
	return CEU_OK;
}

/* Is ymd a real date, 2000-01-01 or later? */
static int
valid_date(int ymd)
{
	char buf[16];
	int back;

	if (ymd < 20000101 || ymd > 29991231)
		return 0;
	ceu_date_format(ymd, buf);
	return ceu_date_parse(buf, &back) == 0 && back == ymd;
}

/* Everything ceu_certqr_bytes refuses. */
static int
check_fields(struct ceu_db *db, const struct ceu_certfields *f)
{
	if (ceu_cert_kind_name(f->kind) == NULL)
		return ceu_db_fail(db, CEU_EDATA, "unknown certificate kind "
		    "%d", f->kind);
	if (f->year < 1900 || f->year > 2999)
		return ceu_db_fail(db, CEU_EDATA, "certificate year %d out of "
		    "range", f->year);
	if (!valid_date(f->issued_on))
		return ceu_db_fail(db, CEU_EDATA, "certificate issue date %d "
		    "is not a date", f->issued_on);
	if (f->public_hours < 0 || f->public_hours > HOURS_MAX ||
	    f->professional_hours < 0 || f->professional_hours > HOURS_MAX ||
	    f->total_hours < 0 || f->total_hours > HOURS_MAX)
		return ceu_db_fail(db, CEU_EDATA, "certificate hours out of "
		    "range");
	if (check_text(db, _("serial"), f->serial, CEU_CERT_SERIAL_MAX, 1) ||
	    check_text(db, _("ID number"), f->id_masked, CEU_CERT_ID_MAX, 1) ||
	    check_text(db, _("name"), f->name, CEU_CERT_NAME_MAX, 1) ||
	    check_text(db, _("unit name"), f->unit_name, CEU_CERT_UNIT_MAX,
	    0))
		return db->code;
	return CEU_OK;
}

static unsigned char *
put_varint(unsigned char *p, unsigned long v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static unsigned char *
put_text(unsigned char *p, const char *s)
{
	size_t len = strlen(s);

	p = put_varint(p, len);
	memcpy(p, s, len);
	return p + len;
}

/* The packed issue date: (year - 2000) << 9 | month << 5 | day. */
static unsigned long
pack_date(int ymd)
{
	return (unsigned long)(ymd / 10000 - 2000) << 9 |
	    (unsigned long)(ymd / 100 % 100) << 5 | (unsigned long)(ymd % 100);
}

int
ceu_certqr_bytes(struct ceu_db *db, const struct ceu_certfields *f,
    unsigned char *out, size_t *len)
{
	unsigned char *p = out;

	if (check_fields(db, f) != CEU_OK)
		return db->code;
	*p++ = (unsigned char)f->kind;
	p = put_varint(p, (unsigned long)f->year);
	p = put_varint(p, pack_date(f->issued_on));
	p = put_varint(p, (unsigned long)f->public_hours);
	p = put_varint(p, (unsigned long)f->professional_hours);
	p = put_varint(p, (unsigned long)f->total_hours);
	p = put_text(p, f->serial);
	p = put_text(p, f->id_masked);
	p = put_text(p, f->name);
	p = put_text(p, f->unit_name);
	*len = (size_t)(p - out);
	return CEU_OK;
}

int
ceu_certqr_sign(struct ceu_db *db, const struct ceu_key *key,
    const struct ceu_certfields *f, unsigned char sig[CEU_KEY_SIG_BYTES])
{
	unsigned char buf[CEU_CERTQR_BYTES_MAX];
	size_t len;

	if (ceu_certqr_bytes(db, f, buf, &len) != CEU_OK)
		return db->code;
	return ceu_key_sign(db, key, CEU_CERTQR_CONTEXT, buf, len, sig);
}

int
ceu_certqr_text(struct ceu_db *db, const struct ceu_certfields *f,
    const unsigned char sig[CEU_KEY_SIG_BYTES], char *out, size_t size)
{
	unsigned char buf[CEU_KEY_SIG_BYTES + CEU_CERTQR_BYTES_MAX];
	size_t len, plen = strlen(CEU_CERTQR_PREFIX);

	if (ceu_certqr_bytes(db, f, buf + CEU_KEY_SIG_BYTES, &len) != CEU_OK)
		return db->code;
	memcpy(buf, sig, CEU_KEY_SIG_BYTES);
	len += CEU_KEY_SIG_BYTES;
	if (plen + ceu_base32_encoded_len(len) + 1 > size)
		return ceu_db_fail(db, CEU_EUSAGE, "QR text buffer too small");
	memcpy(out, CEU_CERTQR_PREFIX, plen);
	ceu_base32_encode(buf, len, out + plen);
	return CEU_OK;
}

/* Reading canonical bytes back: a cursor that fails once and stays so. */
struct reader {
	const unsigned char *p, *end;
	int bad;
};

static unsigned long
get_varint(struct reader *r)
{
	unsigned long v = 0;
	int shift = 0;

	for (;;) {
		unsigned char b;

		if (r->bad || r->p == r->end || shift > 28) {
			r->bad = 1;
			return 0;
		}
		b = *r->p++;
		v |= (unsigned long)(b & 0x7f) << shift;
		shift += 7;
		if ((b & 0x80) == 0) {
			/* The fewest bytes: one value, one encoding. */
			if (b == 0 && shift > 7)
				r->bad = 1;
			return v;
		}
	}
}

static void
get_text(struct reader *r, char *out, size_t max)
{
	unsigned long len = get_varint(r);

	if (r->bad || len > max || len > (unsigned long)(r->end - r->p)) {
		r->bad = 1;
		out[0] = '\0';
		return;
	}
	memcpy(out, r->p, len);
	out[len] = '\0';
	r->p += len;
	/* A NUL inside would be cut off here, and so not signed as read. */
	if (strlen(out) != len)
		r->bad = 1;
}

/* A varint of at most max; beyond it the reader goes bad. */
static unsigned long
get_bounded(struct reader *r, unsigned long max)
{
	unsigned long v = get_varint(r);

	if (v > max)
		r->bad = 1;
	return r->bad ? 0 : v;
}

/* The canonical bytes back into f; -1 unless they are exactly that. */
static int
parse_fields(const unsigned char *buf, size_t len, struct ceu_certfields *f)
{
	struct reader r = { buf, buf + len, 0 };
	unsigned long v;

	memset(f, 0, sizeof(*f));
	if (len < 1)
		return -1;
	f->kind = *r.p++;
	f->year = (int)get_bounded(&r, 9999);
	v = get_bounded(&r, 999UL << 9 | 15 << 5 | 31);
	f->issued_on = (int)((v >> 9) + 2000) * 10000 +
	    (int)(v >> 5 & 15) * 100 + (int)(v & 31);
	f->public_hours = (long)get_bounded(&r, HOURS_MAX);
	f->professional_hours = (long)get_bounded(&r, HOURS_MAX);
	f->total_hours = (long)get_bounded(&r, HOURS_MAX);
	get_text(&r, f->serial, CEU_CERT_SERIAL_MAX);
	get_text(&r, f->id_masked, CEU_CERT_ID_MAX);
	get_text(&r, f->name, CEU_CERT_NAME_MAX);
	get_text(&r, f->unit_name, CEU_CERT_UNIT_MAX);
	return r.bad || r.p != r.end ? -1 : 0;
}

/* The signed bytes of a QR text (blanks around it trimmed) into buf. */
static int
decode_text(struct ceu_db *db, const char *text, unsigned char *buf,
    size_t size, size_t *len)
{
	size_t plen = strlen(CEU_CERTQR_PREFIX), n;

	text += strspn(text, " \t\r\n");
	n = strlen(text);
	while (n > 0 && strchr(" \t\r\n", text[n - 1]) != NULL)
		n--;
	if (n < plen || strncmp(text, CEU_CERTQR_PREFIX, plen) != 0) {
		if (n > 4 && strncmp(text, "CEU", 3) == 0 && text[3] != '1' &&
		    memchr(text, ':', n) != NULL)
			return ceu_db_fail(db, CEU_EDATA, "the QR text is of "
			    "another version than this ceu reads (%s)",
			    CEU_CERTQR_PREFIX);
		return ceu_db_fail(db, CEU_EDATA, "not a certificate's QR text "
		    "(it starts with %s)", CEU_CERTQR_PREFIX);
	}
	if (ceu_base32_decode(text + plen, n - plen, buf, size, len) != 0 ||
	    *len <= CEU_KEY_SIG_BYTES)
		return ceu_db_fail(db, CEU_EDATA, "the QR text is damaged: not "
		    "a whole certificate in base32 after %s",
		    CEU_CERTQR_PREFIX);
	return CEU_OK;
}

int
ceu_certqr_verify(struct ceu_db *db,
    const unsigned char pk[CEU_KEY_PUBLIC_BYTES], const char *text,
    struct ceu_certfields *f, unsigned char sig[CEU_KEY_SIG_BYTES])
{
	unsigned char buf[CEU_KEY_SIG_BYTES + CEU_CERTQR_BYTES_MAX];
	struct ceu_certfields tmp;
	size_t len;

	if (decode_text(db, text, buf, sizeof(buf), &len) != CEU_OK)
		return db->code;
	/* The signature first: whatever else a changed byte breaks, the
	 * answer for it is "forged". */
	if (ceu_key_verify(db, pk, CEU_CERTQR_CONTEXT, buf + CEU_KEY_SIG_BYTES,
	    len - CEU_KEY_SIG_BYTES, buf) != CEU_OK)
		return ceu_db_fail(db, CEU_EREFUSED, "forged: the QR text is "
		    "not what this database's key signed (altered, or signed "
		    "by another key)");
	if (parse_fields(buf + CEU_KEY_SIG_BYTES, len - CEU_KEY_SIG_BYTES,
	    &tmp) != 0 || check_fields(db, &tmp) != CEU_OK)
		return ceu_db_fail(db, CEU_EDATA, "the QR text is signed but "
		    "its fields cannot be read");
	if (f != NULL)
		*f = tmp;
	if (sig != NULL)
		memcpy(sig, buf, CEU_KEY_SIG_BYTES);
	return CEU_OK;
}
