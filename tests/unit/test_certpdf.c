/*
 * test_certpdf.c - R12: a certificate as one A4 landscape PDF page in
 * Chinese, its face embedded as a subset, its QR code scanning back to the
 * QR text; files written as a transaction, complete or not there at all.  The PDF is read back with
 * the tools a person would use (poppler-utils, zbar-tools: make deps).
 *
 * One page is kept beside this program as certificate.png (pdftoppm) so
 * that a person can look at it.
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "certpdf.h"
#include "certqr.h"

static struct ceu_db ctx;		/* the error context */
static struct ceu_certpdf *pdf;
static char dir[64], artefact[4096];

/* A QR text as ceu_certqr_text makes them (any ASCII would do here). */
static const char qr_text[] = "CEU1:801S81WHX8V449370H27TK3K0RW9MK9J7AQDG8G"
    "ANGJHRMTW521432D356ZCA1J5TNJSFA3B2HX7D4SW39QWNF68HY6D0HNN3N1761R2WW7"
    "S8QXC0BEG92871S3NGCHG68SM6C1G60R32CHK28T3AC1H60S2MAHA58N2MAHA64S36D0"
    "6WY78QTCXK4DYB3CQWPQ83SDRGBKTSB74Q20E9ENTWTR93SCCQFMSK8G";

static struct ceu_certpage
sample(void)
{
	struct ceu_certpage p = {
		.kind = CEU_CERT_COMPLETION, .serial = "GX2023C0000123",
		.name = "王静", .id_masked = "450102********1234",
		.unit_name = "南宁市第一人民医院", .year = "2023",
		.public_hours = "30", .professional_hours = "60.5",
		.total_hours = "90.5", .issued_on = "2023年12月20日",
		.verify_code = "B7Y6-SNCF-01M0-K0WF", .qr_text = qr_text,
		.issuer = "南宁市人力资源和社会保障局",
	};

	return p;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/ceu-certpdf-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	if (ceu_certpdf_new(&ctx, &pdf) != CEU_OK) {
		fprintf(stderr, "certpdf: %s\n", ctx.msg);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ceu_certpdf_free(pdf);
	return rmdir(dir);
}

/* The standard output of a shell command (static buffer). */
static const char *
run(const char *fmt, ...)
{
	static char out[65536];
	char cmd[8192];
	va_list ap;
	size_t n;
	FILE *fp;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_non_null(fp = popen(cmd, "r"));
	n = fread(out, 1, sizeof(out) - 1, fp);
	out[n] = '\0';
	assert_int_equal(pclose(fp), 0);
	return out;
}

/* How many entries the test folder holds (a temporary file counts). */
static int
entries(void)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void
r12_pdf_is_one_a4_landscape_page_with_its_face_embedded(void **state)
{
	struct ceu_certpage p = sample();
	char path[128];
	const char *out, *line;
	struct stat st;
	mode_t old;

	(void)state;
	snprintf(path, sizeof(path), "%s/GX2023C0000123.pdf", dir);
	old = umask(077);
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, path, 0644, &p), CEU_OK);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(ceu_certpdf_commit(&ctx, pdf), CEU_OK);
	umask(old);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_true(st.st_size < 40 * 1024);
	assert_int_equal(entries(), 1);
	out = run("pdfinfo '%s'", path);
	assert_non_null(strstr(out, "Pages:           1\n"));
	assert_non_null(strstr(out, "841.89 x 595.28 pts (A4)"));
	/* Every font embedded, as a subset (a name with a tag and "yes yes"
	 * under emb and sub), and the face is UMing. */
	out = run("pdffonts '%s' | tail -n +3", path);
	assert_non_null(strstr(out, "UMingCN"));
	for (line = out; *line != '\0'; line = strchr(line, '\n') + 1) {
		assert_true(line[6] == '+');
		assert_non_null(strstr(line, " yes yes "));
	}
	out = run("pdftotext '%s' -", path);
	assert_non_null(strstr(out, "专业技术人员继续教育合格证书"));
	assert_non_null(strstr(out, "王静"));
	assert_non_null(strstr(out, "450102********1234"));
	assert_non_null(strstr(out, "南宁市第一人民医院"));
	assert_non_null(strstr(out, "2023"));
	assert_non_null(strstr(out, "30 学时"));
	assert_non_null(strstr(out, "60.5 学时"));
	assert_non_null(strstr(out, "90.5 学时"));
	assert_non_null(strstr(out, "GX2023C0000123"));
	assert_non_null(strstr(out, "2023年12月20日"));
	assert_non_null(strstr(out, "ceu-cert verify B7Y6-SNCF-01M0-K0WF"));
	if (artefact[0] != '\0')
		run("pdftoppm -png -r 60 -singlefile '%s' '%s'", path,
		    artefact);
	unlink(path);
}

static void
r12_pdf_qr_code_scans_back_to_the_qr_text(void **state)
{
	struct ceu_certpage p = sample();
	char path[128];
	const char *out;

	(void)state;
	snprintf(path, sizeof(path), "%s/c.pdf", dir);
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, path, 0600, &p), CEU_OK);
	assert_int_equal(ceu_certpdf_commit(&ctx, pdf), CEU_OK);
	out = run("pdftoppm -png -r 150 -singlefile '%s' '%s/scan' && "
	    "zbarimg --raw -q '%s/scan.png' 2>/dev/null", path, dir, dir);
	assert_int_equal(strncmp(out, qr_text, strlen(qr_text)), 0);
	assert_string_equal(out + strlen(qr_text), "\n");
	unlink(path);
	snprintf(path, sizeof(path), "%s/scan.png", dir);
	unlink(path);
}

static void
r12_pdf_public_certificate_long_values_wrapped(void **state)
{
	struct ceu_certpage p = sample();
	char path[128];
	const char *out;

	(void)state;
	p.kind = CEU_CERT_PUBLIC;
	p.issuer = NULL;
	p.name = "阿卜杜热合曼·买买提";
	p.unit_name = "广西壮族自治区桂林市临桂区人民医院（桂林医学院附属临桂医院）"
	    "感染性疾病科与重症医学科联合门诊";
	snprintf(path, sizeof(path), "%s/public.pdf", dir);
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, path, 0600, &p), CEU_OK);
	assert_int_equal(ceu_certpdf_commit(&ctx, pdf), CEU_OK);
	out = run("pdftotext '%s' -", path);
	assert_non_null(strstr(out, "公需科目考试合格证书"));
	assert_null(strstr(out, "继续教育合格证书"));
	/* A long unit is wrapped, never cut: its last words are there. */
	assert_non_null(strstr(out, "联合门诊"));
	unlink(path);
}

static void
r12_pdf_merged_file_of_many_pages(void **state)
{
	struct ceu_certpage p = sample();
	char path[128];
	struct stat st;
	int i;

	(void)state;
	snprintf(path, sizeof(path), "%s/unit.pdf", dir);
	assert_int_equal(ceu_certpdf_open(&ctx, pdf, path, 0600), CEU_OK);
	for (i = 0; i < 3; i++) {
		p.kind = i == 1 ? CEU_CERT_PUBLIC : CEU_CERT_COMPLETION;
		assert_int_equal(ceu_certpdf_page(&ctx, pdf, &p), CEU_OK);
	}
	assert_int_equal(ceu_certpdf_close(&ctx, pdf), CEU_OK);
	/* Not there until committed. */
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(ceu_certpdf_commit(&ctx, pdf), CEU_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_non_null(strstr(run("pdfinfo '%s'", path),
	    "Pages:           3\n"));
	assert_int_equal(entries(), 1);
	unlink(path);
}

static void
r12_pdf_files_appear_together_or_not_at_all(void **state)
{
	struct ceu_certpage p = sample();
	char a[128], b[128];

	(void)state;
	snprintf(a, sizeof(a), "%s/a.pdf", dir);
	snprintf(b, sizeof(b), "%s/b.pdf", dir);
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, a, 0644, &p), CEU_OK);
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, b, 0644, &p), CEU_OK);
	ceu_certpdf_rollback(pdf);
	assert_int_equal(entries(), 0);
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, a, 0644, &p), CEU_OK);
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, b, 0644, &p), CEU_OK);
	/* Only the hidden folder they wait in, until commit. */
	assert_int_equal(entries(), 1);
	assert_int_equal(access(a, F_OK), -1);
	assert_int_equal(ceu_certpdf_commit(&ctx, pdf), CEU_OK);
	assert_int_equal(access(a, F_OK), 0);
	assert_int_equal(access(b, F_OK), 0);
	assert_int_equal(entries(), 2);
	unlink(a);
	unlink(b);
}

static void
r12_pdf_nothing_left_behind_on_failure(void **state)
{
	struct ceu_certpage p = sample();
	char path[128], big[8192];
	struct stat before, after;
	struct rlimit lim, small;

	(void)state;
	/* A folder that is not there. */
	snprintf(path, sizeof(path), "%s/missing/c.pdf", dir);
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, path, 0644, &p),
	    CEU_ECANTCREAT);
	assert_non_null(strstr(ctx.msg, path));
	ceu_certpdf_rollback(pdf);
	assert_int_equal(entries(), 0);
	/* An existing file stays as it was when its rewrite fails: */
	snprintf(path, sizeof(path), "%s/c.pdf", dir);
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, path, 0644, &p), CEU_OK);
	assert_int_equal(ceu_certpdf_commit(&ctx, pdf), CEU_OK);
	assert_int_equal(stat(path, &before), 0);
	/* a QR text no QR code holds, */
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	p.qr_text = big;
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, path, 0644, &p),
	    CEU_EDATA);
	ceu_certpdf_rollback(pdf);
	assert_int_equal(entries(), 1);
	p.qr_text = qr_text;
	/* a disk that fills up (a file size limit says the same), */
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &lim);
	small = lim;
	small.rlim_cur = 2000;
	setrlimit(RLIMIT_FSIZE, &small);
	assert_int_equal(ceu_certpdf_write(&ctx, pdf, path, 0644, &p),
	    CEU_EIO);
	setrlimit(RLIMIT_FSIZE, &lim);
	assert_non_null(strstr(ctx.msg, "c.pdf"));
	ceu_certpdf_rollback(pdf);
	assert_int_equal(entries(), 1);
	/* a file opened and dropped, or closed without a page. */
	assert_int_equal(ceu_certpdf_open(&ctx, pdf, path, 0644), CEU_OK);
	ceu_certpdf_rollback(pdf);
	assert_int_equal(ceu_certpdf_open(&ctx, pdf, path, 0644), CEU_OK);
	assert_int_equal(ceu_certpdf_close(&ctx, pdf), CEU_EIO);
	assert_int_equal(ceu_certpdf_commit(&ctx, pdf), CEU_OK);
	assert_int_equal(entries(), 1);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(after.st_size, before.st_size);
	assert_int_equal(after.st_ino, before.st_ino);
	unlink(path);
}

static void
r12_pdf_calls_out_of_order_refused(void **state)
{
	struct ceu_certpage p = sample();
	char path[128], other[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/c.pdf", dir);
	snprintf(other, sizeof(other), "%s/sub/c.pdf", dir);
	assert_int_equal(ceu_certpdf_page(&ctx, pdf, &p), CEU_EUSAGE);
	assert_int_equal(ceu_certpdf_close(&ctx, pdf), CEU_EUSAGE);
	assert_int_equal(ceu_certpdf_open(&ctx, pdf, path, 0644), CEU_OK);
	assert_int_equal(ceu_certpdf_open(&ctx, pdf, path, 0644), CEU_EUSAGE);
	assert_int_equal(ceu_certpdf_commit(&ctx, pdf), CEU_EUSAGE);
	assert_int_equal(ceu_certpdf_page(&ctx, pdf, &p), CEU_OK);
	assert_int_equal(ceu_certpdf_close(&ctx, pdf), CEU_OK);
	/* One folder a transaction. */
	assert_int_equal(ceu_certpdf_open(&ctx, pdf, other, 0644), CEU_EUSAGE);
	snprintf(other, sizeof(other), "%s/", dir);
	assert_int_equal(ceu_certpdf_open(&ctx, pdf, other, 0644), CEU_EUSAGE);
	ceu_certpdf_rollback(pdf);
	assert_int_equal(entries(), 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(r12_pdf_is_one_a4_landscape_page_with_its_face_embedded),
		cmocka_unit_test(r12_pdf_qr_code_scans_back_to_the_qr_text),
		cmocka_unit_test(r12_pdf_public_certificate_long_values_wrapped),
		cmocka_unit_test(r12_pdf_merged_file_of_many_pages),
		cmocka_unit_test(r12_pdf_files_appear_together_or_not_at_all),
		cmocka_unit_test(r12_pdf_nothing_left_behind_on_failure),
		cmocka_unit_test(r12_pdf_calls_out_of_order_refused),
	};
	const char *slash = strrchr(argv[0], '/');

	/* certificate.png beside this program. */
	(void)argc;
	snprintf(artefact, sizeof(artefact), "%.*scertificate",
	    slash != NULL ? (int)(slash - argv[0] + 1) : 0, argv[0]);
	return cmocka_run_group_tests(tests, setup, teardown);
}
