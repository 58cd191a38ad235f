/*
 * certpdf.c - certificates as PDF pages.  See certpdf.h for the contract.
 *
 * The libraries are reached through one table of function pointers filled
 * by dlopen(3) on first use: their headers give every pointer its exact
 * type (__typeof__), so a call is checked as if linked, while a program
 * start does not load cairo, pango, glib, fontconfig, freetype and
 * harfbuzz (some forty libraries, milliseconds at every start).  They stay
 * loaded until the process ends (glib is not made to be unloaded).
 *
 * Reused across files and pages: the font map with its private
 * fontconfig configuration (one folder, so no scan of the system's fonts),
 * one pango context and a layout per text style; a file costs only its
 * surface, its text and the subset of the face it uses.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <qrencode.h>

#include "alloc.h"
#include "certpdf.h"
#include "certqr.h"

/* The shared objects, by the names the Debian runtime packages install
 * (libpangocairo-1.0-0, libqrencode4); the first brings cairo, pango,
 * pangoft2, fontconfig and gobject as its dependencies. */
static const char *const libraries[] = {
	"libpangocairo-1.0.so.0", "libqrencode.so.4",
};

#define FUNCTIONS(X) \
	X(cairo_create) X(cairo_destroy) X(cairo_fill) X(cairo_line_to) \
	X(cairo_move_to) X(cairo_pdf_surface_create_for_stream) \
	X(cairo_pdf_surface_set_metadata) X(cairo_rectangle) X(cairo_restore) \
	X(cairo_save) X(cairo_set_line_width) X(cairo_set_source_rgb) \
	X(cairo_show_page) X(cairo_status) X(cairo_stroke) \
	X(cairo_surface_destroy) X(cairo_surface_finish) \
	X(cairo_surface_status) X(cairo_image_surface_create) \
	X(cairo_image_surface_get_data) X(cairo_image_surface_get_stride) \
	X(cairo_mask) X(cairo_pattern_create_for_surface) \
	X(cairo_pattern_destroy) X(cairo_pattern_set_filter) X(cairo_scale) \
	X(cairo_surface_flush) X(cairo_surface_mark_dirty) X(cairo_translate) \
	X(FcConfigBuildFonts) X(FcConfigCreate) X(FcConfigDestroy) \
	X(FcConfigGetFonts) X(FcConfigParseAndLoadFromMemory) \
	X(FcPatternGetString) \
	X(g_object_unref) \
	X(pango_attr_letter_spacing_new) X(pango_attr_list_insert) \
	X(pango_attr_list_new) X(pango_attr_list_unref) \
	X(pango_cairo_font_map_new) X(pango_cairo_font_map_set_resolution) \
	X(pango_cairo_show_layout) X(pango_cairo_update_context) \
	X(pango_context_set_language) X(pango_fc_font_map_set_config) \
	X(pango_font_description_free) X(pango_font_description_new) \
	X(pango_font_description_set_family) \
	X(pango_font_description_set_size) X(pango_font_map_create_context) \
	X(pango_language_from_string) X(pango_layout_context_changed) \
	X(pango_layout_get_size) X(pango_layout_new) \
	X(pango_layout_set_attributes) \
	X(pango_layout_set_font_description) X(pango_layout_set_text) \
	X(pango_layout_set_width) X(pango_layout_set_wrap) \
	X(QRcode_encodeString) X(QRcode_free)

/* The table: each member has the type of the function it names. */
static struct functions {
#define MEMBER(f) __typeof__(f) *f;
	FUNCTIONS(MEMBER)
#undef MEMBER
} lib;
static int lib_loaded;

static const struct {
	const char *name;
	size_t offset;
} symbols[] = {
#define ENTRY(f) { #f, offsetof(struct functions, f) },
	FUNCTIONS(ENTRY)
#undef ENTRY
};

/* Fill lib, once; CEU_EIO naming what is missing. */
static int
load_libraries(struct ceu_db *db)
{
	void *handle[sizeof(libraries) / sizeof(libraries[0])];
	size_t i, h;

	if (lib_loaded)
		return CEU_OK;
	for (h = 0; h < sizeof(libraries) / sizeof(libraries[0]); h++)
		if ((handle[h] = dlopen(libraries[h], RTLD_NOW | RTLD_LOCAL)) ==
		    NULL)
			return ceu_db_fail(db, CEU_EIO, "cannot print PDF: %s "
			    "(install libpangocairo-1.0-0 and libqrencode4)",
			    dlerror());
	for (i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		void *p = NULL;

		for (h = 0; p == NULL && h < sizeof(handle) / sizeof(*handle);
		    h++)
			p = dlsym(handle[h], symbols[i].name);
		if (p == NULL)
			return ceu_db_fail(db, CEU_EIO, "cannot print PDF: no "
			    "function %s in the libraries", symbols[i].name);
		/* POSIX: a dlsym result converts to a function pointer. */
		memcpy((char *)&lib + symbols[i].offset, &p, sizeof(p));
	}
	lib_loaded = 1;
	return CEU_OK;
}

/* The text styles of a page: a layout each. */
enum style {
	S_TITLE, S_LABEL, S_TEXT, S_SMALL, S_TINY, S_CODE,
	S_VALUE, S_VALUE_M, S_VALUE_S, S_VALUE_XS,	/* largest that fits */
	S_NSTYLES
};

/* The holder's values are written on rules this wide from VALUE_X; a
 * longer value wraps, never cut. */
#define LABEL_X 168.0
#define VALUE_X 276.0
#define VALUE_W 400.0

static const struct {
	double size;		/* points */
	double spacing;		/* letter spacing, points */
	double width;		/* wraps at this width, or 0 */
} styles[S_NSTYLES] = {
	[S_TITLE] = { 36, 6, 0 },
	[S_LABEL] = { 16, 0, 0 },
	[S_TEXT] = { 15, 0, 0 },
	[S_SMALL] = { 11, 0, 0 },
	[S_TINY] = { 9.5, 0, 0 },
	[S_CODE] = { 14, 1, 0 },
	[S_VALUE] = { 18, 0.5, VALUE_W - 16 },
	[S_VALUE_M] = { 15, 0.5, VALUE_W - 16 },
	[S_VALUE_S] = { 12.5, 0.3, VALUE_W - 16 },
	[S_VALUE_XS] = { 10.5, 0, VALUE_W - 16 },
};

struct ceu_certpdf {
	FcConfig *fc;
	PangoFontMap *fontmap;
	PangoContext *context;
	PangoLayout *layout[S_NSTYLES];
	/* The transaction: files closed wait in a hidden folder inside the
	 * one they go to, until commit moves them all. */
	char *folder;		/* where they go */
	char *stage;		/* FOLDER/.ceu-pdf-XXXXXX, or NULL */
	/* The file open in it. */
	char *name;		/* its name, in stage and in folder */
	FILE *fp;
	cairo_surface_t *surface;
	cairo_t *cr;
	int pages;
	int write_errno;	/* the first write error, or 0 */
};

/* A4 landscape, in points. */
#define PAGE_W 841.89
#define PAGE_H 595.28
/* The QR code's side: 3 cm; its top, and the band between the title and
 * it that the holder's fields, the hours and the attestation share. */
#define QR_SIDE (30 / 25.4 * 72)
#define QR_TOP (PAGE_H - 72 - QR_SIDE)
#define BAND_TOP 118.0
#define BAND_BOTTOM (QR_TOP - 10)
/* What the band holds below the fields: gap, hours table, gap, a line. */
#define BELOW_FIELDS 118.0

/* A fontconfig of one folder: the face is found by name in it alone, and
 * the system's cache of that folder is used when there is one. */
static int
make_fontconfig(struct ceu_db *db, struct ceu_certpdf *pdf)
{
	static const char xml[] = "<?xml version=\"1.0\"?><fontconfig>"
	    "<dir>" CEU_CERTPDF_FONT_DIR "</dir>"
	    "<cachedir>/var/cache/fontconfig</cachedir>"
	    "<cachedir prefix=\"xdg\">fontconfig</cachedir></fontconfig>";
	FcFontSet *set;
	FcChar8 *family;
	int i;

	if ((pdf->fc = lib.FcConfigCreate()) == NULL ||
	    !lib.FcConfigParseAndLoadFromMemory(pdf->fc,
	    (const FcChar8 *)xml, FcFalse) || !lib.FcConfigBuildFonts(pdf->fc))
		return ceu_db_fail(db, CEU_EIO, "cannot print PDF: fontconfig "
		    "failed");
	set = lib.FcConfigGetFonts(pdf->fc, FcSetSystem);
	for (i = 0; set != NULL && i < set->nfont; i++)
		if (lib.FcPatternGetString(set->fonts[i], FC_FAMILY, 0,
		    &family) == FcResultMatch &&
		    strcmp((const char *)family, CEU_CERTPDF_FONT_FAMILY) == 0)
			return CEU_OK;
	return ceu_db_fail(db, CEU_EIO, "cannot print PDF: no font '%s' in "
	    "'%s' (install fonts-arphic-uming)", CEU_CERTPDF_FONT_FAMILY,
	    CEU_CERTPDF_FONT_DIR);
}

/* One layout of style s. */
static PangoLayout *
make_layout(struct ceu_certpdf *pdf, int s)
{
	PangoLayout *l = lib.pango_layout_new(pdf->context);
	PangoFontDescription *fd = lib.pango_font_description_new();

	lib.pango_font_description_set_family(fd, CEU_CERTPDF_FONT_FAMILY);
	lib.pango_font_description_set_size(fd,
	    (int)(styles[s].size * PANGO_SCALE));
	lib.pango_layout_set_font_description(l, fd);
	lib.pango_font_description_free(fd);
	if (styles[s].spacing > 0) {
		PangoAttrList *attrs = lib.pango_attr_list_new();

		lib.pango_attr_list_insert(attrs,
		    lib.pango_attr_letter_spacing_new(
		    (int)(styles[s].spacing * PANGO_SCALE)));
		lib.pango_layout_set_attributes(l, attrs);
		lib.pango_attr_list_unref(attrs);
	}
	if (styles[s].width > 0) {
		lib.pango_layout_set_width(l, (int)(styles[s].width *
		    PANGO_SCALE));
		lib.pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	return l;
}

int
ceu_certpdf_new(struct ceu_db *db, struct ceu_certpdf **out)
{
	struct ceu_certpdf *pdf;
	int s;

	*out = NULL;
	if (load_libraries(db) != CEU_OK)
		return db->code;
	pdf = ceu_calloc(1, sizeof(*pdf));
	if (make_fontconfig(db, pdf) != CEU_OK) {
		ceu_certpdf_free(pdf);
		return db->code;
	}
	pdf->fontmap = lib.pango_cairo_font_map_new();
	lib.pango_fc_font_map_set_config((PangoFcFontMap *)pdf->fontmap,
	    pdf->fc);
	/* 72 dpi: a point size is a size in points on the page. */
	lib.pango_cairo_font_map_set_resolution(
	    (PangoCairoFontMap *)pdf->fontmap, 72);
	pdf->context = lib.pango_font_map_create_context(pdf->fontmap);
	lib.pango_context_set_language(pdf->context,
	    lib.pango_language_from_string("zh-cn"));
	for (s = 0; s < S_NSTYLES; s++)
		pdf->layout[s] = make_layout(pdf, s);
	*out = pdf;
	return CEU_OK;
}

void
ceu_certpdf_free(struct ceu_certpdf *pdf)
{
	int s;

	if (pdf == NULL)
		return;
	ceu_certpdf_rollback(pdf);
	for (s = 0; s < S_NSTYLES; s++)
		if (pdf->layout[s] != NULL)
			lib.g_object_unref(pdf->layout[s]);
	if (pdf->context != NULL)
		lib.g_object_unref(pdf->context);
	if (pdf->fontmap != NULL)
		lib.g_object_unref(pdf->fontmap);
	if (pdf->fc != NULL)
		lib.FcConfigDestroy(pdf->fc);
	free(pdf);
}

/* cairo's output, into the file open.  The first error is kept: cairo
 * does not always pass it on to the surface's status. */
static cairo_status_t
write_out(void *closure, const unsigned char *data, unsigned int len)
{
	struct ceu_certpdf *pdf = closure;

	if (pdf->write_errno == 0 && fwrite(data, 1, len, pdf->fp) != len)
		pdf->write_errno = errno ? errno : EIO;
	return pdf->write_errno ? CAIRO_STATUS_WRITE_ERROR :
	    CAIRO_STATUS_SUCCESS;
}

/* stage/name, in a new string. */
static char *
join(const char *folder, const char *name)
{
	size_t size = strlen(folder) + strlen(name) + 2;
	char *p = ceu_malloc(size);

	snprintf(p, size, "%s/%s", folder, name);
	return p;
}

/* Split path into its folder and name; make the stage for the folder
 * unless the transaction has it.  CEU_EUSAGE for a path without a name or
 * in another folder than the transaction's. */
static int
open_stage(struct ceu_db *db, struct ceu_certpdf *pdf, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *folder, *stage;

	if (slash == NULL)
		folder = ceu_strdup(".");
	else if (slash == path)
		folder = ceu_strdup("/");
	else {
		folder = ceu_malloc((size_t)(slash - path) + 1);
		memcpy(folder, path, (size_t)(slash - path));
		folder[slash - path] = '\0';
	}
	pdf->name = ceu_strdup(slash != NULL ? slash + 1 : path);
	if (pdf->folder != NULL && strcmp(pdf->folder, folder) != 0) {
		free(folder);
		return ceu_db_fail(db, CEU_EUSAGE, "'%s' is not in '%s': one "
		    "folder a transaction", path, pdf->folder);
	}
	if (pdf->folder != NULL) {
		free(folder);
		return CEU_OK;
	}
	stage = join(folder, ".ceu-pdf-XXXXXX");
	if (mkdtemp(stage) == NULL) {
		free(folder);
		free(stage);
		return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': %s",
		    path, strerror(errno));
	}
	pdf->folder = folder;
	pdf->stage = stage;
	return CEU_OK;
}

/* The open file's surface and context; the layouts follow them. */
static void
open_surface(struct ceu_certpdf *pdf)
{
	int s;

	pdf->write_errno = 0;
	pdf->pages = 0;
	pdf->surface = lib.cairo_pdf_surface_create_for_stream(write_out,
	    pdf, PAGE_W, PAGE_H);
	lib.cairo_pdf_surface_set_metadata(pdf->surface,
	    CAIRO_PDF_METADATA_CREATOR, "ceu");
	pdf->cr = lib.cairo_create(pdf->surface);
	lib.pango_cairo_update_context(pdf->cr, pdf->context);
	for (s = 0; s < S_NSTYLES; s++)
		lib.pango_layout_context_changed(pdf->layout[s]);
}

int
ceu_certpdf_open(struct ceu_db *db, struct ceu_certpdf *pdf,
    const char *path, int mode)
{
	char *file;
	int fd, err;

	if (pdf->fp != NULL)
		return ceu_db_fail(db, CEU_EUSAGE, "a PDF file is already "
		    "open");
	if (open_stage(db, pdf, path) != CEU_OK) {
		free(pdf->name);
		pdf->name = NULL;
		return db->code;
	}
	if (*pdf->name == '\0' || strcmp(pdf->name, ".") == 0 ||
	    strcmp(pdf->name, "..") == 0) {
		free(pdf->name);
		pdf->name = NULL;
		return ceu_db_fail(db, CEU_EUSAGE, "'%s' names no file", path);
	}
	file = join(pdf->stage, pdf->name);
	if ((fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) < 0 || fchmod(fd, (mode_t)mode) != 0 ||
	    (pdf->fp = fdopen(fd, "w")) == NULL) {
		err = errno;
		if (fd >= 0) {
			close(fd);
			unlink(file);
		}
		free(file);
		free(pdf->name);
		pdf->name = NULL;
		return ceu_db_fail(db, CEU_ECANTCREAT, "cannot create '%s': %s",
		    path, strerror(err));
	}
	free(file);
	open_surface(pdf);
	return CEU_OK;
}

/* Drop the file open, if any, from the stage. */
static void
drop_open(struct ceu_certpdf *pdf)
{
	char *file;

	if (pdf->cr != NULL)
		lib.cairo_destroy(pdf->cr);
	if (pdf->surface != NULL) {
		lib.cairo_surface_finish(pdf->surface);
		lib.cairo_surface_destroy(pdf->surface);
	}
	if (pdf->fp != NULL) {
		fclose(pdf->fp);
		file = join(pdf->stage, pdf->name);
		unlink(file);
		free(file);
	}
	free(pdf->name);
	pdf->cr = NULL;
	pdf->surface = NULL;
	pdf->fp = NULL;
	pdf->name = NULL;
}

/* Close the finished file fp.  CEU_OK, or CEU_EIO with the message. */
static int
close_file(struct ceu_db *db, struct ceu_certpdf *pdf, FILE *fp,
    cairo_status_t st)
{
	int err = pdf->write_errno;

	if (pdf->pages == 0) {
		fclose(fp);
		return ceu_db_fail(db, CEU_EIO, "cannot write '%s/%s': no "
		    "page", pdf->folder, pdf->name);
	}
	if (st != CAIRO_STATUS_SUCCESS && err == 0) {
		fclose(fp);
		return ceu_db_fail(db, CEU_EIO, "cannot write '%s/%s': cairo "
		    "error %d", pdf->folder, pdf->name, (int)st);
	}
	if (err == 0 && (fflush(fp) != 0 || ferror(fp)))
		err = errno ? errno : EIO;
	if (fclose(fp) != 0 && err == 0)
		err = errno ? errno : EIO;
	if (err != 0)
		return ceu_db_fail(db, CEU_EIO, "cannot write '%s/%s': %s",
		    pdf->folder, pdf->name, strerror(err));
	return CEU_OK;
}

int
ceu_certpdf_close(struct ceu_db *db, struct ceu_certpdf *pdf)
{
	cairo_status_t st;
	FILE *fp = pdf->fp;
	int rc;

	if (fp == NULL)
		return ceu_db_fail(db, CEU_EUSAGE, "no PDF file open");
	lib.cairo_destroy(pdf->cr);
	pdf->cr = NULL;
	lib.cairo_surface_finish(pdf->surface);
	st = lib.cairo_surface_status(pdf->surface);
	lib.cairo_surface_destroy(pdf->surface);
	pdf->surface = NULL;
	pdf->fp = NULL;
	rc = close_file(db, pdf, fp, st);
	if (rc != CEU_OK) {
		char *file = join(pdf->stage, pdf->name);

		unlink(file);
		free(file);
	}
	free(pdf->name);
	pdf->name = NULL;
	return rc;
}

int
ceu_certpdf_write(struct ceu_db *db, struct ceu_certpdf *pdf,
    const char *path, int mode, const struct ceu_certpage *page)
{
	if (ceu_certpdf_open(db, pdf, path, mode) != CEU_OK)
		return db->code;
	if (ceu_certpdf_page(db, pdf, page) != CEU_OK) {
		drop_open(pdf);
		return db->code;
	}
	return ceu_certpdf_close(db, pdf);
}

/* Move every file of the stage into the folder, or remove them (folder
 * NULL).  Entries are taken until none is left, so that none is missed
 * while the folder changes under readdir.  CEU_OK, or CEU_ECANTCREAT at
 * the first file that cannot be moved. */
static int
empty_stage(struct ceu_db *db, struct ceu_certpdf *pdf, int into)
{
	struct dirent *e;
	DIR *d;
	int moved, sfd, ffd = -1, rc = CEU_OK;

	if ((d = opendir(pdf->stage)) == NULL)
		return ceu_db_fail(db, CEU_EIO, "cannot read '%s': %s",
		    pdf->stage, strerror(errno));
	sfd = dirfd(d);
	if (into && (ffd = open(pdf->folder, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) < 0)
		rc = ceu_db_fail(db, CEU_ECANTCREAT, "cannot open '%s': %s",
		    pdf->folder, strerror(errno));
	do {
		moved = 0;
		rewinddir(d);
		while (rc == CEU_OK && (e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			if (!into)
				unlinkat(sfd, e->d_name, 0);
			else if (renameat(sfd, e->d_name, ffd, e->d_name) != 0)
				rc = ceu_db_fail(db, CEU_ECANTCREAT, "cannot "
				    "create '%s/%s': %s", pdf->folder,
				    e->d_name, strerror(errno));
			moved++;
		}
	} while (moved > 0 && rc == CEU_OK);
	if (ffd >= 0) {
		fsync(ffd);	/* the new names last */
		close(ffd);
	}
	closedir(d);
	return rc;
}

/* Forget the stage (removed, or already empty). */
static void
end_stage(struct ceu_certpdf *pdf)
{
	rmdir(pdf->stage);
	free(pdf->stage);
	free(pdf->folder);
	pdf->stage = pdf->folder = NULL;
}

int
ceu_certpdf_commit(struct ceu_db *db, struct ceu_certpdf *pdf)
{
	int fd;

	if (pdf->fp != NULL)
		return ceu_db_fail(db, CEU_EUSAGE, "a PDF file is still open");
	if (pdf->stage == NULL)
		return CEU_OK;
	/* One sync for all the files: on disk before they take their
	 * names, so that a power cut never leaves half a file. */
	if ((fd = open(pdf->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    syncfs(fd) != 0) {
		int err = errno;

		if (fd >= 0)
			close(fd);
		return ceu_db_fail(db, CEU_EIO, "cannot write '%s': %s",
		    pdf->folder, strerror(err));
	}
	close(fd);
	if (empty_stage(db, pdf, 1) != CEU_OK)
		return db->code;
	end_stage(pdf);
	return CEU_OK;
}

void
ceu_certpdf_rollback(struct ceu_certpdf *pdf)
{
	struct ceu_db quiet;

	drop_open(pdf);
	if (pdf->stage == NULL)
		return;
	empty_stage(&quiet, pdf, 0);
	end_stage(pdf);
}

/* Drawing. */

enum align { LEFT, CENTRE, RIGHT };

static void
ink(cairo_t *cr)
{
	lib.cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
}

static void
red(cairo_t *cr)
{
	lib.cairo_set_source_rgb(cr, 0.62, 0.08, 0.08);
}

/* text in style s with its top at y, placed by x as align says; returns
 * the height it took, in points. */
static double
show(struct ceu_certpdf *pdf, int s, const char *text, double x, double y,
    enum align align)
{
	PangoLayout *l = pdf->layout[s];
	int w, h;

	lib.pango_layout_set_text(l, text, -1);
	lib.pango_layout_get_size(l, &w, &h);
	if (align == CENTRE)
		x -= (double)w / PANGO_SCALE / 2;
	else if (align == RIGHT)
		x -= (double)w / PANGO_SCALE;
	lib.cairo_move_to(pdf->cr, x, y);
	lib.pango_cairo_show_layout(pdf->cr, l);
	return (double)h / PANGO_SCALE;
}

/* A rectangle inset d from the page's edges, line width w. */
static void
frame_line(cairo_t *cr, double d, double w)
{
	lib.cairo_set_line_width(cr, w);
	lib.cairo_rectangle(cr, d, d, PAGE_W - 2 * d, PAGE_H - 2 * d);
	lib.cairo_stroke(cr);
}

/* The border: a heavy line, a fine one inside it, and a square at each
 * inner corner. */
static void
draw_frame(cairo_t *cr)
{
	static const double corner[4][2] = { { 0, 0 }, { 1, 0 }, { 0, 1 },
	    { 1, 1 } };
	const double in = 32, sq = 7;
	int i;

	red(cr);
	frame_line(cr, 20, 3.5);
	frame_line(cr, 27, 0.8);
	frame_line(cr, in, 0.8);
	for (i = 0; i < 4; i++)
		lib.cairo_rectangle(cr, in + corner[i][0] * (PAGE_W - 2 * in) -
		    sq / 2, in + corner[i][1] * (PAGE_H - 2 * in) - sq / 2, sq,
		    sq);
	lib.cairo_fill(cr);
}

/* The hours as a table of three columns: subject over hours. */
static void
draw_hours(struct ceu_certpdf *pdf, const struct ceu_certpage *p, double y)
{
	const char *head[3] = { "公需科目", "专业科目", "合计" };
	const char *value[3] = { p->public_hours, p->professional_hours,
	    p->total_hours };
	const double cw = 150, rh = 34, x0 = (PAGE_W - 3 * cw) / 2;
	char buf[64];
	int i;

	red(pdf->cr);
	lib.cairo_set_line_width(pdf->cr, 0.8);
	lib.cairo_rectangle(pdf->cr, x0, y, 3 * cw, 2 * rh);
	lib.cairo_move_to(pdf->cr, x0, y + rh);
	lib.cairo_line_to(pdf->cr, x0 + 3 * cw, y + rh);
	for (i = 1; i < 3; i++) {
		lib.cairo_move_to(pdf->cr, x0 + i * cw, y);
		lib.cairo_line_to(pdf->cr, x0 + i * cw, y + 2 * rh);
	}
	lib.cairo_stroke(pdf->cr);
	ink(pdf->cr);
	for (i = 0; i < 3; i++) {
		snprintf(buf, sizeof(buf), "%s 学时", value[i]);
		show(pdf, S_TEXT, head[i], x0 + (i + 0.5) * cw, y + 8, CENTRE);
		show(pdf, S_TEXT, buf, x0 + (i + 0.5) * cw, y + rh + 8, CENTRE);
	}
}

/* The QR code of text, QR_SIDE wide, its top left at (x, y): the modules
 * as a mask image of one pixel each, drawn in ink and scaled without
 * smoothing (a few hundred bytes in the file, sharp at any size). */
static int
draw_qr(struct ceu_db *db, struct ceu_certpdf *pdf, const char *text,
    double x, double y)
{
	cairo_surface_t *img;
	cairo_pattern_t *mask;
	unsigned char *px;
	QRcode *qr;
	int r, c, stride, w;

	/* Level M (15% may be lost) for paper; the text is alphanumeric, so
	 * libqrencode codes it in that mode. */
	if ((qr = lib.QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
	    1)) == NULL)
		return ceu_db_fail(db, errno == ERANGE ? CEU_EDATA : CEU_EIO,
		    "cannot make the QR code: %s", strerror(errno));
	w = qr->width;
	img = lib.cairo_image_surface_create(CAIRO_FORMAT_A8, w, w);
	lib.cairo_surface_flush(img);
	px = lib.cairo_image_surface_get_data(img);
	stride = lib.cairo_image_surface_get_stride(img);
	for (r = 0; px != NULL && r < w; r++)
		for (c = 0; c < w; c++)
			px[r * stride + c] = qr->data[r * w + c] & 1 ? 255 : 0;
	lib.cairo_surface_mark_dirty(img);
	lib.QRcode_free(qr);
	mask = lib.cairo_pattern_create_for_surface(img);
	lib.cairo_pattern_set_filter(mask, CAIRO_FILTER_NEAREST);
	lib.cairo_save(pdf->cr);
	lib.cairo_translate(pdf->cr, x, y);
	lib.cairo_scale(pdf->cr, QR_SIDE / w, QR_SIDE / w);
	ink(pdf->cr);
	lib.cairo_mask(pdf->cr, mask);
	lib.cairo_restore(pdf->cr);
	lib.cairo_pattern_destroy(mask);
	lib.cairo_surface_destroy(img);
	return px == NULL ? ceu_db_fail(db, CEU_EIO, "cannot make the QR "
	    "code: out of memory") : CEU_OK;
}

/* The height of text in style s, in points. */
static double
height(struct ceu_certpdf *pdf, int s, const char *text)
{
	int w, h;

	lib.pango_layout_set_text(pdf->layout[s], text, -1);
	lib.pango_layout_get_size(pdf->layout[s], &w, &h);
	return (double)h / PANGO_SCALE;
}

/* The holder's name, ID number, unit and the year: a label and a value on
 * a rule a line, the values in style vs.  With draw, drawn from y down;
 * either way, returns the height they take. */
static double
fields(struct ceu_certpdf *pdf, const struct ceu_certpage *p, int vs,
    double y, int draw)
{
	const char *label[4] = { "姓　　名", "身份证号", "工作单位",
	    "年　　度" };
	const char *value[4] = { p->name, p->id_masked, p->unit_name,
	    p->year };
	double h, top = y;
	int i;

	for (i = 0; i < 4; i++) {
		if ((h = height(pdf, vs, value[i])) < 24)
			h = 24;
		if (draw) {
			ink(pdf->cr);
			show(pdf, S_LABEL, label[i], LABEL_X, y + 3, LEFT);
			show(pdf, vs, value[i], VALUE_X + 8, y, LEFT);
			red(pdf->cr);
			lib.cairo_set_line_width(pdf->cr, 0.6);
			lib.cairo_move_to(pdf->cr, VALUE_X, y + h + 2);
			lib.cairo_line_to(pdf->cr, VALUE_X + VALUE_W, y + h + 2);
			lib.cairo_stroke(pdf->cr);
		}
		y += h + 12;
	}
	return y - top;
}

/* The fields, the hours and the attestation, centred in the band; a long
 * name or unit is set smaller until it fits, never cut. */
static void
draw_body(struct ceu_certpdf *pdf, const struct ceu_certpage *p)
{
	char buf[256];
	double h, y;
	int vs;

	for (vs = S_VALUE; vs < S_VALUE_XS; vs++)
		if (fields(pdf, p, vs, 0, 0) + BELOW_FIELDS <=
		    BAND_BOTTOM - BAND_TOP)
			break;
	h = fields(pdf, p, vs, 0, 0);
	y = BAND_TOP + (BAND_BOTTOM - BAND_TOP - h - BELOW_FIELDS) / 2;
	if (y < BAND_TOP)
		y = BAND_TOP;
	y += fields(pdf, p, vs, y, 1);
	draw_hours(pdf, p, y + 10);
	/* R12: what the certificate attests, by kind.  (Every distinct
	 * character is a glyph embedded in every file: the words are few.) */
	snprintf(buf, sizeof(buf), p->kind == CEU_CERT_PUBLIC ?
	    "该同志 %s 年度公需科目考试合格，特发此证。" :
	    "该同志 %s 年度继续教育学时经审核合格，特发此证。", p->year);
	ink(pdf->cr);
	show(pdf, S_TEXT, buf, PAGE_W / 2, y + 98, CENTRE);
}

/* The bottom: QR code and how to verify on the left, issuer and date on
 * the right. */
static int
draw_foot(struct ceu_db *db, struct ceu_certpdf *pdf,
    const struct ceu_certpage *p)
{
	const double qx = 76, qy = QR_TOP, tx = qx + QR_SIDE + 16;
	char buf[512];

	if (draw_qr(db, pdf, p->qr_text, qx, qy) != CEU_OK)
		return db->code;
	ink(pdf->cr);
	/* Below the code's quiet zone of four modules (2.3 mm at 3 cm). */
	show(pdf, S_TINY, "扫码核验", qx + QR_SIDE / 2, qy + QR_SIDE + 8,
	    CENTRE);
	show(pdf, S_SMALL, "核验码", tx, qy + 22, LEFT);
	show(pdf, S_CODE, p->verify_code, tx, qy + 38, LEFT);
	snprintf(buf, sizeof(buf), "核验方法：ceu-cert verify %s",
	    p->verify_code);
	show(pdf, S_TINY, buf, tx, qy + 62, LEFT);
	if (p->issuer != NULL)
		show(pdf, S_TEXT, p->issuer, PAGE_W - 96, qy + 30, RIGHT);
	snprintf(buf, sizeof(buf), "发证日期：%s", p->issued_on);
	show(pdf, S_TEXT, buf, PAGE_W - 96, qy + 58, RIGHT);
	return CEU_OK;
}

int
ceu_certpdf_page(struct ceu_db *db, struct ceu_certpdf *pdf,
    const struct ceu_certpage *p)
{
	char buf[256];

	if (pdf->cr == NULL)
		return ceu_db_fail(db, CEU_EUSAGE, "no PDF file open");
	if (pdf->pages == 0)
		lib.cairo_pdf_surface_set_metadata(pdf->surface,
		    CAIRO_PDF_METADATA_TITLE, p->serial);
	draw_frame(pdf->cr);
	snprintf(buf, sizeof(buf), "证书编号 %s", p->serial);
	ink(pdf->cr);
	show(pdf, S_SMALL, buf, PAGE_W - 58, 42, RIGHT);
	red(pdf->cr);
	show(pdf, S_TITLE, p->kind == CEU_CERT_PUBLIC ? "公需科目考试合格证书" :
	    "专业技术人员继续教育合格证书", PAGE_W / 2, 68, CENTRE);
	draw_body(pdf, p);
	if (draw_foot(db, pdf, p) != CEU_OK)
		return db->code;
	lib.cairo_show_page(pdf->cr);
	if (lib.cairo_status(pdf->cr) != CAIRO_STATUS_SUCCESS)
		return ceu_db_fail(db, CEU_EIO, "cannot draw the certificate: "
		    "cairo error %d", (int)lib.cairo_status(pdf->cr));
	pdf->pages++;
	return CEU_OK;
}
