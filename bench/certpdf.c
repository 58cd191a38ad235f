/*
 * certpdf.c - the certificate writer alone (R12, issue "ceu-cert", speed):
 * sign N varied certificates, make their verify codes and QR texts, and
 * write each as a PDF file of its own (one transaction, as `ceu-cert issue
 * --pdf DIR` would), then the first M again as one merged file.  bench/certpdf.sh times it as a whole process.
 *
 *	certpdf [-n N] [-m M] DIR
 *
 * Prints one line of figures: pdfs, bytes of the one-page files, pages and
 * bytes of the merged file, the QR text's length.  Nothing is asserted.
 */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certpdf.h"
#include "certqr.h"
#include "key.h"
#include "values.h"
#include "verifycode.h"

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨",
    "黄", "赵", "吴", "周", "韦", "覃", "蒙", "莫", "梁", "蓝" };
static const char *const given[] = { "静", "伟", "芳", "娜", "秀英", "敏",
    "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀兰", "霞", "平", "刚", "桂英", "华" };
static const char *const units[] = { "南宁市第一人民医院",
    "柳州市第二中学", "桂林建工集团有限公司", "广西壮族自治区人民医院",
    "梧州市工人医院", "北海市农业科学研究所", "玉林市第一职业中等专业学校",
    "百色市右江区人民医院", "钦州港经济技术开发区管理委员会",
    "防城港市疾病预防控制中心" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The n-th certificate's fields. */
static void
fields_of(int n, struct ceu_certfields *f)
{
	memset(f, 0, sizeof(*f));
	f->kind = n % 5 == 0 ? CEU_CERT_PUBLIC : CEU_CERT_COMPLETION;
	f->year = 2023;
	f->issued_on = 20231220;
	f->public_hours = 300 + n % 7 * 10;
	f->professional_hours = 600 + n % 13 * 5;
	f->total_hours = f->public_hours + f->professional_hours;
	snprintf(f->serial, sizeof(f->serial), "GX2023%c%07d",
	    f->kind == CEU_CERT_PUBLIC ? 'P' : 'C', n + 1);
	snprintf(f->id_masked, sizeof(f->id_masked), "4501%02d********%04d",
	    n % 30, n * 7 % 10000);
	snprintf(f->name, sizeof(f->name), "%s%s",
	    surnames[n % COUNT(surnames)], given[n / 3 % COUNT(given)]);
	snprintf(f->unit_name, sizeof(f->unit_name), "%s",
	    units[n / 7 % COUNT(units)]);
}

/* What the page prints for f, in the buffers of text. */
struct printed {
	char year[8], pub[24], prof[24], total[24], date[32];
	char code[CEU_VERIFYCODE_DISPLAY_SIZE];
	char qr[CEU_CERTQR_TEXT_MAX];
};

static int
page_of(struct ceu_db *db, const struct ceu_key *key,
    const struct ceu_certfields *f, struct printed *t, struct ceu_certpage *p)
{
	unsigned char sig[CEU_KEY_SIG_BYTES];
	char code[CEU_VERIFYCODE_LEN + 1];

	if (ceu_certqr_sign(db, key, f, sig) != CEU_OK ||
	    ceu_certqr_text(db, f, sig, t->qr, sizeof(t->qr)) != CEU_OK)
		return db->code;
	ceu_verifycode_from_signature(sig, code);
	ceu_verifycode_display(code, t->code);
	snprintf(t->year, sizeof(t->year), "%d", f->year);
	ceu_hours_format(f->public_hours, t->pub);
	ceu_hours_format(f->professional_hours, t->prof);
	ceu_hours_format(f->total_hours, t->total);
	snprintf(t->date, sizeof(t->date), "%d年%d月%d日",
	    f->issued_on / 10000, f->issued_on / 100 % 100,
	    f->issued_on % 100);
	*p = (struct ceu_certpage){ .kind = f->kind, .serial = f->serial,
	    .name = f->name, .id_masked = f->id_masked,
	    .unit_name = f->unit_name, .year = t->year,
	    .public_hours = t->pub, .professional_hours = t->prof,
	    .total_hours = t->total, .issued_on = t->date,
	    .verify_code = t->code, .qr_text = t->qr };
	return CEU_OK;
}

static long long
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

int
main(int argc, char **argv)
{
	static struct ceu_db db;	/* the error context */
	struct ceu_certpdf *pdf;
	struct ceu_certfields f;
	struct ceu_certpage p;
	struct printed t;
	struct ceu_key key;
	char path[4096];
	long long bytes = 0;
	int n = 1000, m = 100, i, c, created;

	while ((c = getopt(argc, argv, "n:m:")) != -1) {
		if (c == 'n')
			n = atoi(optarg);
		else if (c == 'm')
			m = atoi(optarg);
		else
			return 64;
	}
	if (optind != argc - 1 || n < 1 || m < 1) {
		fprintf(stderr, "usage: certpdf [-n N] [-m M] DIR\n");
		return 64;
	}
	snprintf(path, sizeof(path), "%s/bench.key", argv[optind]);
	if (ceu_key_ensure(&db, path, &key, &created) != CEU_OK ||
	    ceu_certpdf_new(&db, &pdf) != CEU_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		fields_of(i, &f);
		snprintf(path, sizeof(path), "%s/%s.pdf", argv[optind],
		    f.serial);
		if (page_of(&db, &key, &f, &t, &p) != CEU_OK ||
		    ceu_certpdf_write(&db, pdf, path, 0644, &p) != CEU_OK)
			goto fail;
	}
	if (ceu_certpdf_commit(&db, pdf) != CEU_OK)
		goto fail;
	for (i = 0; i < n; i++) {
		fields_of(i, &f);
		snprintf(path, sizeof(path), "%s/%s.pdf", argv[optind],
		    f.serial);
		bytes += file_size(path);
	}
	snprintf(path, sizeof(path), "%s/merged.pdf", argv[optind]);
	if (ceu_certpdf_open(&db, pdf, path, 0644) != CEU_OK)
		goto fail;
	for (i = 0; i < m; i++) {
		fields_of(i, &f);
		if (page_of(&db, &key, &f, &t, &p) != CEU_OK ||
		    ceu_certpdf_page(&db, pdf, &p) != CEU_OK)
			goto fail;
	}
	if (ceu_certpdf_close(&db, pdf) != CEU_OK ||
	    ceu_certpdf_commit(&db, pdf) != CEU_OK)
		goto fail;
	printf("pdfs %d bytes %lld merged_pages %d merged_bytes %lld "
	    "qr_chars %zu\n", n, bytes, m, file_size(path), strlen(t.qr));
	ceu_certpdf_free(pdf);
	ceu_key_wipe(&key);
	return 0;
fail:
	fprintf(stderr, "certpdf: %s\n", db.msg);
	return db.code ? db.code : 1;
}
