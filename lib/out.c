/*
 * out.c - the output formats of the SPEC (out.h): csv, tsv, json, an
 * aligned table and (out_xlsx.c) an Excel workbook; the Chinese of column
 * names and enumerated words; the display width the table is aligned by.
 *
 * CSV is RFC 4180 with LF line ends (what Unix tools expect); fields
 * holding the delimiter, a quote, CR, LF or surrounding blanks are quoted.
 * With a BOM (the output is for Excel), a cell that Excel would run as a
 * formula gets a leading ' (SPEC --bom).  TSV is never quoted: tabs and
 * line breaks in values become spaces.  JSON is an array with one object
 * a line.  The table is kept until ceu_out_close, then aligned by display
 * width (CJK counts 2); it is for a terminal, so its cells show control
 * characters and invalid bytes escaped (text.h), never as they are.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "error.h"
#include "out.h"
#include "out_xlsx.h"
#include "text.h"
#include "values.h"

/* ---- display width ---- */

/* Terminal columns of one code point: East Asian Wide/Fullwidth are 2. */
static int
char_width(unsigned cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0xFE00 && cp <= 0xFE0F))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF &&
	    cp != 0x303F) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	    (cp >= 0x1F300 && cp <= 0x1F64F) ||
	    (cp >= 0x20000 && cp <= 0x3FFFD))
		return 2;
	return 1;
}

size_t
ceu_text_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0, len;

	while (*u != '\0') {
		w += (size_t)char_width(ceu_utf8_decode(u, &len));
		u += len;
	}
	return w;
}

/* ---- writers ---- */

struct ceu_out {
	FILE *fp;
	int format;
	int excel;		/* --bom: neutralise formulas */
	int lang;		/* enum ceu_lang */
	const struct ceu_out_col *cols;
	size_t ncols;
	int failed;		/* the code of error.h, 0 while none */
	size_t nrows;
	char **cells;		/* table: every cell, header first */
	size_t cells_cap;
	const char **said;	/* a row in the output's language */
	struct ceu_xlsx *xlsx;	/* the workbook being built */
	char msg[CEU_MSG_SIZE];	/* why it failed */
};

int
ceu_format_parse(const char *s)
{
	static const char *const names[] = { "csv", "tsv", "json", "table",
	    "xlsx" };
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* ---- the Chinese of column names ---- */

/*
 * Every column any listing or report writes, with its Chinese: the first
 * alias the CSV importers accept for it where they read one (身份证号,
 * 学时, 备案号, ...), so that a Chinese export reads back in (the pending
 * list into ceu-audit apply).  Where two listings share a name they
 * share its Chinese.
 */
static const struct {
	const char *en, *zh;
} col_zh[] = {
	{ "action", "操作" },
	{ "actor", "操作人" },
	{ "added", "新增" },
	{ "after", "修改后" },
	{ "at", "时间" },
	{ "attempts_used", "已用考试次数" },
	{ "batch", "批次" },
	{ "before", "修改前" },
	{ "best_score", "最高成绩" },
	{ "category", "类别" },
	{ "certificates", "证书数" },
	{ "city_code", "城市代码" },
	{ "compliant", "达标" },
	{ "current_year_exam_passed", "本年度公需科目考试通过" },
	{ "date", "日期" },
	{ "days_left", "剩余天数" },
	{ "deadline", "截止日期" },
	{ "decision", "决定" },
	{ "eligible", "符合条件" },
	{ "end_date", "结束日期" },
	{ "entity", "对象" },
	{ "entity_id", "对象编号" },
	{ "evidence", "证明材料" },
	{ "exam_passed", "考试通过" },
	{ "excellent_allowed", "可评优秀" },
	{ "file", "文件" },
	{ "filing_no", "备案号" },
	{ "from_year", "起始年度" },
	{ "hours", "学时" },
	{ "id", "序号" },
	{ "id_no", "身份证号" },
	{ "industry", "行业" },
	{ "issued_on", "发证日期" },
	{ "key", "键" },
	{ "kind", "类型" },
	{ "late_audits", "逾期审核" },
	{ "name", "姓名" },
	{ "passed", "通过" },
	{ "passed_on", "通过日期" },
	{ "pending_hours", "待审核学时" },
	{ "pending_records", "待审核记录" },
	{ "persons", "人数" },
	{ "previous_year_compliant", "上年度达标" },
	{ "professional_hours", "专业科目学时" },
	{ "professional_hours_needed", "尚需专业科目学时" },
	{ "public_hours", "公需科目学时" },
	{ "public_required_passed", "公需科目考试通过" },
	{ "rate", "达标率" },
	{ "reason", "原因" },
	{ "record_id", "记录号" },
	{ "ref", "编号" },
	{ "rejected", "拒绝" },
	{ "revoke_reason", "撤销原因" },
	{ "revoked_at", "撤销时间" },
	{ "round", "轮次" },
	{ "serial", "证书编号" },
	{ "sha256", "SHA256" },
	{ "source", "来源" },
	{ "status", "状态" },
	{ "subject", "科目" },
	{ "title", "名称" },
	{ "total_hours", "总学时" },
	{ "unchanged", "未变" },
	{ "undone_at", "撤销时间" },
	{ "unit_code", "单位代码" },
	{ "unit_name", "单位名称" },
	{ "value", "值" },
	{ "verify_code", "验证码" },
	{ "what", "事项" },
	{ "year", "年度" },
};

static int
col_zh_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const __typeof__(col_zh[0]) *)elem)->en);
}

/* The table is in English order: bsearch. */
const char *
ceu_out_col_name(const char *name, int lang)
{
	const __typeof__(col_zh[0]) *c;

	if (lang != CEU_LANG_ZH)
		return name;
	c = bsearch(name, col_zh, sizeof(col_zh) / sizeof(col_zh[0]),
	    sizeof(col_zh[0]), col_zh_cmp);
	return c != NULL ? c->zh : name;
}

/* The words of row in the output's language: an enumerated column's
 * English said in Chinese (values.h). */
static const char *const *
said(struct ceu_out *o, const char *const *values)
{
	size_t i;

	if (o->lang != CEU_LANG_ZH)
		return values;
	for (i = 0; i < o->ncols; i++) {
		int t = o->cols[i].type;

		o->said[i] = t == CEU_COL_BOOL ?
		    ceu_enum_word(CEU_ENUM_BOOL, values[i], CEU_LANG_ZH) :
		    t >= CEU_COL_ENUM ? ceu_enum_word(t - CEU_COL_ENUM,
		    values[i], CEU_LANG_ZH) : values[i];
	}
	return o->said;
}

static void
put(struct ceu_out *o, const char *s, size_t n)
{
	/* The writer is the stream's only user: no lock per call. */
	if (n > 0 && fwrite_unlocked(s, 1, n, o->fp) != n)
		o->failed = 1;
}

static void
puts_(struct ceu_out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* RFC 4180: quoted when it holds the delimiter, a quote, CR or LF, or
 * starts or ends with a blank (which CSV readers often trim). */
static void
put_csv_field(struct ceu_out *o, const char *s)
{
	size_t n = strlen(s);
	const char *q;

	if (strpbrk(s, ",\"\r\n") == NULL && (n == 0 || (s[0] != ' ' &&
	    s[0] != '\t' && s[n - 1] != ' ' && s[n - 1] != '\t'))) {
		put(o, s, n);
		return;
	}
	put(o, "\"", 1);
	while ((q = strchr(s, '"')) != NULL) {
		put(o, s, (size_t)(q - s) + 1);
		put(o, "\"", 1);
		s = q + 1;
	}
	puts_(o, s);
	put(o, "\"", 1);
}

static void
put_tsv_field(struct ceu_out *o, const char *s)
{
	size_t n;

	while (*s != '\0') {
		n = strcspn(s, "\t\r\n");
		put(o, s, n);
		s += n;
		if (*s != '\0') {
			put(o, " ", 1);
			s++;
		}
	}
}

static void
put_json_string(struct ceu_out *o, const char *s)
{
	char esc[8];
	size_t n;

	put(o, "\"", 1);
	while (*s != '\0') {
		for (n = 0; s[n] != '\0' && s[n] != '"' && s[n] != '\\' &&
		    (unsigned char)s[n] >= 0x20; n++)
			;
		put(o, s, n);
		s += n;
		if (*s == '\0')
			break;
		if (*s == '"' || *s == '\\')
			snprintf(esc, sizeof(esc), "\\%c", *s);
		else if (*s == '\n')
			strcpy(esc, "\\n");
		else if (*s == '\r')
			strcpy(esc, "\\r");
		else if (*s == '\t')
			strcpy(esc, "\\t");
		else
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned char)*s);
		puts_(o, esc);
		s++;
	}
	put(o, "\"", 1);
}

/* Whether s is a JSON number (-?int frac? exp?). */
static int
is_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!(*++s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

static void
put_json_value(struct ceu_out *o, int type, const char *v)
{
	if (type != CEU_COL_NUM && type != CEU_COL_BOOL) {
		if (v == NULL)
			puts_(o, "null");
		else
			put_json_string(o, v);
	} else if (v == NULL || *v == '\0') {
		puts_(o, "null");
	} else if (type == CEU_COL_BOOL && ceu_enum_parse(CEU_ENUM_BOOL, v) ==
	    0) {
		puts_(o, "true");
	} else if (type == CEU_COL_BOOL && ceu_enum_parse(CEU_ENUM_BOOL, v) ==
	    1) {
		puts_(o, "false");
	} else if (type == CEU_COL_NUM && is_json_number(v)) {
		puts_(o, v);
	} else {
		put_json_string(o, v);	/* not what the type promised */
	}
}

int
ceu_out_is_number(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	return *s != '+' && *s != '-' && is_json_number(s);
}

/* SPEC --bom: a cell Excel would run as a formula (=, +, -, @, tab or
 * CR first, and not a number) is neutralised with a leading '. */
static int
is_formula(const char *s)
{
	return *s != '\0' && strchr("=+-@\t\r", *s) != NULL &&
	    !ceu_out_is_number(s);
}

/* One line of CSV or TSV. */
static void
put_delimited(struct ceu_out *o, const char *const *values)
{
	char *quoted = NULL;
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		const char *v = values[i] ? values[i] : "";
		if (o->excel && is_formula(v)) {
			free(quoted);
			if (asprintf(&quoted, "'%s", v) < 0)
				abort();	/* out of memory (alloc.h) */
			v = quoted;
		}
		if (i > 0)
			put(o, o->format == CEU_FMT_CSV ? "," : "\t", 1);
		if (o->format == CEU_FMT_CSV)
			put_csv_field(o, v);
		else
			put_tsv_field(o, v);
	}
	put(o, "\n", 1);
	free(quoted);
}

static void
put_json_row(struct ceu_out *o, const char *const *values)
{
	size_t i;

	puts_(o, o->nrows > 0 ? ",\n{" : "{");
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			put(o, ",", 1);
		put_json_string(o, ceu_out_col_name(o->cols[i].name,
		    o->lang));
		put(o, ":", 1);
		put_json_value(o, o->cols[i].type, values[i]);
	}
	put(o, "}", 1);
}

/* Keep a table row as a terminal may show it: tabs and line breaks
 * become spaces, other controls are escaped (text.h). */
static void
keep_table_row(struct ceu_out *o, const char *const *values)
{
	size_t i, need = (o->nrows + 1) * o->ncols;

	if (need > o->cells_cap) {
		o->cells_cap = need * 2;
		o->cells = ceu_reallocarray(o->cells, o->cells_cap,
		    sizeof(*o->cells));
	}
	for (i = 0; i < o->ncols; i++)
		o->cells[o->nrows * o->ncols + i] =
		    ceu_text_visible(values[i] ? values[i] : "");
}

/* The header: the table keeps it as row 0, the workbook starts with it;
 * JSON has none. */
static void
put_header(struct ceu_out *o)
{
	const char **names = ceu_calloc(o->ncols + 1, sizeof(*names));
	size_t i;

	for (i = 0; i < o->ncols; i++)
		names[i] = ceu_out_col_name(o->cols[i].name, o->lang);
	if (o->format == CEU_FMT_XLSX)
		o->xlsx = ceu_xlsx_open(o->cols, o->ncols, names, o->msg);
	else if (o->format == CEU_FMT_TABLE)
		keep_table_row(o, names);
	else if (o->format != CEU_FMT_JSON)
		put_delimited(o, names);
	free(names);
	o->nrows = o->format == CEU_FMT_TABLE ? 1 : 0;
	if (o->format == CEU_FMT_XLSX && o->xlsx == NULL)
		o->failed = CEU_ECANTCREAT;
}

struct ceu_out *
ceu_out_open(FILE *fp, int format, int flags,
    const struct ceu_out_col *cols, size_t ncols)
{
	struct ceu_out *o;

	if (format < CEU_FMT_CSV || format > CEU_FMT_XLSX)
		return NULL;
	o = ceu_calloc(1, sizeof(*o));
	o->fp = fp;
	o->format = format;
	o->excel = (flags & CEU_OUT_BOM) != 0;
	o->lang = flags & CEU_OUT_ZH ? CEU_LANG_ZH : CEU_LANG_EN;
	o->cols = cols;
	o->ncols = ncols;
	o->said = ceu_calloc(ncols + 1, sizeof(*o->said));
	if (o->excel && (format == CEU_FMT_CSV || format == CEU_FMT_TSV))
		puts_(o, "\xEF\xBB\xBF");
	if (format == CEU_FMT_JSON)
		puts_(o, "[\n");
	put_header(o);
	return o;
}

/* A failed write: the message says why (errno, or the writer's own). */
static int
failed(struct ceu_out *o)
{
	if (!o->failed)
		o->failed = ceu_msg(o->msg, CEU_EIO, "write error: %s",
		    strerror(errno ? errno : EIO));
	return -1;
}

int
ceu_out_row(struct ceu_out *o, const char *const *values)
{
	if (o->failed)
		return -1;
	values = said(o, values);
	switch (o->format) {
	case CEU_FMT_JSON:
		put_json_row(o, values);
		break;
	case CEU_FMT_TABLE:
		keep_table_row(o, values);
		break;
	case CEU_FMT_XLSX:
		o->failed = ceu_xlsx_row(o->xlsx, values, o->msg);
		break;
	default:
		put_delimited(o, values);
		break;
	}
	o->nrows++;
	if (o->failed || ferror(o->fp))
		return failed(o);
	return 0;
}

const char *
ceu_out_error(const struct ceu_out *o, int *code)
{
	if (code != NULL)
		*code = o->failed ? o->failed : CEU_EIO;
	return o->msg;
}

static void
put_spaces(struct ceu_out *o, size_t n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		put(o, spaces, k);
		n -= k;
	}
}

/* Write the kept table, columns two spaces apart, numbers on the right,
 * no blanks at line ends; frees the cells. */
static void
put_table(struct ceu_out *o)
{
	size_t *width = ceu_calloc(o->ncols + 1, sizeof(*width));
	size_t r, i, w;

	for (r = 0; r < o->nrows; r++)
		for (i = 0; i < o->ncols; i++)
			if ((w = ceu_text_width(o->cells[r * o->ncols + i])) >
			    width[i])
				width[i] = w;
	for (r = 0; r < o->nrows; r++) {
		size_t blanks = 0;	/* owed before the next text */
		for (i = 0; i < o->ncols; i++) {
			const char *c = o->cells[r * o->ncols + i];
			size_t pad = width[i] - ceu_text_width(c);
			blanks += (i > 0 ? 2 : 0) +
			    (o->cols[i].type == CEU_COL_NUM ? pad : 0);
			if (*c != '\0') {
				put_spaces(o, blanks);
				puts_(o, c);
				blanks = 0;
			}
			if (o->cols[i].type != CEU_COL_NUM)
				blanks += pad;
			free(o->cells[r * o->ncols + i]);
			o->cells[r * o->ncols + i] = NULL;
		}
		put(o, "\n", 1);
	}
	free(width);
}

int
ceu_out_finish(struct ceu_out *o)
{
	if (o->format == CEU_FMT_TABLE)
		put_table(o);
	else if (o->format == CEU_FMT_JSON)
		puts_(o, o->nrows > 0 ? "\n]\n" : "]\n");
	else if (o->format == CEU_FMT_XLSX && !o->failed)
		o->failed = ceu_xlsx_finish(o->xlsx, o->fp, o->msg);
	if (o->failed)
		return -1;
	if (fflush(o->fp) != 0 || ferror(o->fp))
		return failed(o);
	return 0;
}

void
ceu_out_free(struct ceu_out *o)
{
	size_t i;

	if (o == NULL)
		return;
	if (o->format == CEU_FMT_TABLE && o->cells != NULL)
		for (i = 0; i < o->nrows * o->ncols; i++)
			free(o->cells[i]);
	ceu_xlsx_free(o->xlsx);
	free(o->cells);
	free(o->said);
	free(o);
}

int
ceu_out_close(struct ceu_out *o)
{
	int rc;

	if (o == NULL)
		return 0;
	rc = ceu_out_finish(o);
	ceu_out_free(o);
	return rc;
}
