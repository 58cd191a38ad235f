/*
 * ceu-gen - write a deterministic synthetic province as CSV files that
 * ceu-import loads: units, persons, filed classes with their rosters,
 * hours from an integrated industry system (and the system, as a source
 * to register), exam attempts and the policy; with --registrations, own
 * registrations pending the unit's audit.
 *
 *	ceu-gen --persons 200000 --seed 7 --year 2023 --out demo
 *	export CEU_TODAY=2024-01-15	(the year's work, in January)
 *	for k in policy units persons filings sources roster exams; do
 *		ceu-import $k demo/$k.csv; done
 *	ceu-import hours --source hr-system demo/hours.csv
 *
 * The same arguments always give byte-identical files.  Each file draws
 * from its own random stream, so that changing --hours-per-person, say,
 * leaves units.csv and persons.csv as they were.  The numbers are chosen
 * so that most people comply with R2a and a realistic minority does not:
 * too few hours, a professional share below 2/3 (R2), or no pass in the
 * public required exam (R6).
 *
 * Every value this file writes comes from the tables below or is a
 * number, a date or a code: none holds a comma, a quote or a newline, so
 * no field needs CSV quoting.
 *
 * With --gb18030 the files mimic Excel on Chinese Windows: GB18030 bytes,
 * CRLF line ends and these Chinese headers (values stay as they are):
 *	units.csv	单位代码,单位名称,城市代码,行业
 *	persons.csv	身份证号,姓名,单位代码,专业,职称
 *	filings.csv	备案号,主办单位,名称,科目,类别,开始日期,结束日期,学时
 *	roster.csv	备案号,身份证号,姓名,学时
 *	hours.csv	身份证号,年度,科目,类别,学时,名称,日期,编号
 *	exams.csv	身份证号,年度,日期,成绩
 *	policy.csv	年度,键,值
 *	registrations.csv 身份证号,年度,科目,类别,学时,名称,日期
 *	sources.csv	系统,名称
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "exitcode.h"
#include "front.h"
#include "ident.h"
#include "policy.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
/* A list of strings with its length, for the tables below. */
#define LIST(...) { (const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *) }

struct list {
	const char *const *s;
	size_t n;
};

/* ---------------------------------------------------------------------
 * Tables: the province
 */

/* The 14 prefectures of Guangxi with their counties and a rough weight
 * for how many units and people each one has. */
struct city {
	const char *name;
	long code;
	int weight;
	struct list counties;	/* 6-digit codes as text */
};

static const struct city cities[] = {
	{ "南宁", 450100, 22, LIST("450102", "450103", "450105", "450107",
	    "450108", "450109", "450110", "450123", "450124", "450125",
	    "450126", "450181") },
	{ "柳州", 450200, 10, LIST("450202", "450203", "450204", "450205",
	    "450206", "450222", "450223", "450224", "450225", "450226") },
	{ "桂林", 450300, 10, LIST("450302", "450303", "450304", "450305",
	    "450311", "450312", "450321", "450323", "450324", "450325",
	    "450326", "450327", "450328", "450329", "450330", "450332",
	    "450381") },
	{ "梧州", 450400, 6, LIST("450403", "450405", "450406", "450421",
	    "450422", "450423", "450481") },
	{ "北海", 450500, 4, LIST("450502", "450503", "450512", "450521") },
	{ "防城港", 450600, 3, LIST("450602", "450603", "450621", "450681") },
	{ "钦州", 450700, 6, LIST("450702", "450703", "450721", "450722") },
	{ "贵港", 450800, 7, LIST("450802", "450803", "450804", "450821",
	    "450881") },
	{ "玉林", 450900, 11, LIST("450902", "450903", "450921", "450922",
	    "450923", "450924", "450981") },
	{ "百色", 451000, 7, LIST("451002", "451003", "451022", "451024",
	    "451026", "451027", "451028", "451029", "451030", "451031",
	    "451081", "451082") },
	{ "贺州", 451100, 4, LIST("451102", "451103", "451121", "451122",
	    "451123") },
	{ "河池", 451200, 6, LIST("451202", "451203", "451221", "451222",
	    "451223", "451224", "451225", "451226", "451227", "451228",
	    "451229") },
	{ "来宾", 451300, 4, LIST("451302", "451321", "451322", "451323",
	    "451324", "451381") },
	{ "崇左", 451400, 4, LIST("451402", "451421", "451422", "451423",
	    "451424", "451425", "451481") },
};
#define NCITIES NELEM(cities)

/* Birth places outside Guangxi: the region of an ID need not be local. */
static const struct list elsewhere = LIST("430102", "440104", "440305",
    "530102", "520102", "360102", "510104", "460105");

/*
 * R1: the industry authorities a unit belongs to.  Institutions (schools,
 * hospitals) are named "南宁市第三人民医院" from kinds; enterprises
 * "柳州鸿达建设工程有限公司" from a trade name and a kind.  titles are
 * ranked from junior to senior.
 */
struct industry {
	const char *name;
	const char *dept;	/* the regional department, an organiser */
	const char *bureau;	/* the city bureau, an organiser */
	int weight;
	int institution;	/* credit code 12... rather than 91... */
	struct list kinds;
	struct list specialties;
	const char *titles[4];
	struct list topics;
};

static const struct industry industries[] = {
	{ "教育", "广西壮族自治区教育厅", "教育局", 30, 1,
	    LIST("中学", "小学", "幼儿园"),
	    LIST("小学语文", "中学数学", "中学英语", "学前教育", "中学物理",
	    "体育教育", "信息技术教育"),
	    { "二级教师", "一级教师", "高级教师", "正高级教师" },
	    LIST("新课程标准解读", "课堂教学设计", "班主任工作", "教育信息化",
	    "学生心理辅导", "作业设计与评价", "劳动教育", "双减政策落实") },
	{ "卫生健康", "广西壮族自治区卫生健康委员会", "卫生健康委员会", 25, 1,
	    LIST("人民医院", "社区卫生服务中心"),
	    LIST("临床医学", "护理", "药学", "医学检验", "中医学", "医学影像",
	    "公共卫生"),
	    { "医师", "主治医师", "副主任医师", "主任医师" },
	    LIST("急危重症救治", "合理用药", "院内感染防控", "慢性病管理",
	    "医疗质量安全", "中医适宜技术", "护理质量管理", "传染病防治") },
	{ "住房城乡建设", "广西壮族自治区住房和城乡建设厅", "住房和城乡建设局",
	    12, 0, LIST("建设工程有限公司", "建筑设计院有限公司"),
	    LIST("建筑工程", "市政工程", "工程造价", "给排水工程", "建筑设计"),
	    { "助理工程师", "工程师", "高级工程师", "正高级工程师" },
	    LIST("装配式建筑", "建筑节能", "工程质量安全", "BIM技术应用",
	    "城市更新", "绿色建材", "施工安全管理", "工程造价管理") },
	{ "交通运输", "广西壮族自治区交通运输厅", "交通运输局", 7, 0,
	    LIST("交通建设有限公司", "公路桥梁工程有限公司"),
	    LIST("道路与桥梁", "交通工程", "港口航道", "汽车运用工程"),
	    { "助理工程师", "工程师", "高级工程师", "正高级工程师" },
	    LIST("公路养护技术", "桥梁检测", "智慧交通", "平陆运河建设",
	    "港口安全生产", "交通工程监理") },
	{ "农业农村", "广西壮族自治区农业农村厅", "农业农村局", 8, 0,
	    LIST("农业发展有限公司", "生态农业科技有限公司"),
	    LIST("农学", "畜牧兽医", "植物保护", "水产养殖", "农业经济"),
	    { "助理农艺师", "农艺师", "高级农艺师", "正高级农艺师" },
	    LIST("糖料蔗种植", "动物疫病防控", "高标准农田", "特色水果栽培",
	    "农产品质量安全", "乡村产业发展") },
	{ "工业和信息化", "广西壮族自治区工业和信息化厅", "工业和信息化局", 8,
	    0, LIST("电子科技有限公司", "机械制造有限公司", "信息技术有限公司"),
	    LIST("计算机软件", "电子信息", "机械制造", "化学工程", "电气自动化"),
	    { "助理工程师", "工程师", "高级工程师", "正高级工程师" },
	    LIST("工业互联网", "智能制造", "数据安全", "新能源汽车",
	    "先进材料", "软件工程实践", "质量管理体系") },
	{ "自然资源", "广西壮族自治区自然资源厅", "自然资源局", 5, 0,
	    LIST("测绘地理信息有限公司", "地质勘查有限公司"),
	    LIST("测绘工程", "地质勘查", "国土空间规划", "林业"),
	    { "助理工程师", "工程师", "高级工程师", "正高级工程师" },
	    LIST("国土空间规划编制", "不动产登记", "地质灾害防治",
	    "实景三维建设", "耕地保护", "矿产资源勘查") },
	{ "水利", "广西壮族自治区水利厅", "水利局", 5, 0,
	    LIST("水利水电工程有限公司", "水务工程有限公司"),
	    LIST("水利水电工程", "水文水资源", "农田水利", "水土保持"),
	    { "助理工程师", "工程师", "高级工程师", "正高级工程师" },
	    LIST("水旱灾害防御", "河湖长制", "水库安全运行", "农村供水保障",
	    "水利工程质量监督", "节水型社会建设") },
};
#define NINDUSTRIES NELEM(industries)

static const struct list trade_names = LIST("鸿达", "宏远", "华盛", "金桂",
    "八桂", "桂通", "众邦", "恒信", "泰和", "联创", "中桂", "南方", "永安",
    "新源", "博远", "凯达", "顺通", "德润", "瑞丰", "天成", "锦程", "东方",
    "广联", "远航", "建华", "正大", "安和", "明辉", "海川", "嘉禾", "兴邦",
    "同创");

/* Public elective topics (公需科目选修) and their organisers. */
static const struct list elective_topics = LIST("数字经济与创新驱动",
    "心理健康与压力管理", "法治素养提升", "乡村振兴战略", "人工智能基础",
    "知识产权保护", "生态文明建设", "中华优秀传统文化", "科研诚信与学风建设",
    "大数据与政务服务");
static const struct list elective_organisers = LIST(
    "广西壮族自治区人力资源和社会保障厅", "广西专业技术人员继续教育基地",
    "广西干部网络学院");

/* Guangxi surnames, most common first: drawn with a skew towards the
 * front of the list. */
static const struct list surnames = LIST("黄", "李", "韦", "陈", "梁", "刘",
    "覃", "莫", "林", "张", "王", "杨", "蒙", "罗", "农", "周", "谢", "吴",
    "邓", "何", "唐", "蓝", "廖", "卢", "苏", "冯", "潘", "钟", "黎", "陆",
    "庞", "赵", "朱", "胡", "郭", "徐", "孙", "马", "高", "郑", "宋", "许",
    "韩", "曾", "彭", "肖", "田", "董", "袁", "蒋", "蔡", "余", "杜", "叶",
    "程", "魏", "吕", "丁", "任", "沈", "姚", "姜", "谭", "范", "石", "贾",
    "方", "邹", "熊", "秦", "邱", "江", "雷", "龙", "陶", "欧阳");
static const struct list given_male = LIST("伟", "强", "磊", "军", "洋",
    "勇", "杰", "涛", "明", "超", "刚", "建", "文", "辉", "鹏", "宇", "浩",
    "俊", "海", "波", "斌", "志", "龙", "桂", "华", "东", "林", "国", "荣",
    "新", "德", "智", "锋", "成", "永", "春");
static const struct list given_female = LIST("芳", "娜", "敏", "静", "丽",
    "艳", "娟", "秀", "霞", "平", "英", "玉", "兰", "萍", "红", "婷", "雪",
    "琳", "晨", "欣", "宁", "云", "凤", "梅", "丹", "桂", "华", "燕", "慧",
    "佳", "颖", "春", "月", "莉", "琴", "珍");

/* R8: categories, with weights for integrated records and for filings. */
static const char *const categories[] = { "training", "self_study",
    "academic", "publication", "major_work", "other" };
static const int category_weight_hours[] = { 50, 25, 10, 4, 6, 5 };
static const int category_weight_filing[] = { 80, 3, 8, 2, 3, 4 };
/* How an integrated record of each category is titled after its topic. */
static const struct list category_forms[] = {
	LIST("线上培训", "专题讲座", "网络课程", "面授培训"),
	LIST("专题自学", "文献自学"),
	LIST("学术研讨会", "学术年会交流"),
	LIST("论文发表", "专著出版"),
	LIST("重点项目攻关", "课题研究"),
	LIST("技能竞赛", "岗位练兵"),
};
static const struct list filing_forms = LIST("培训班", "研修班",
    "专题培训", "高级研修班");


/* ---------------------------------------------------------------------
 * The generated province, kept in memory while its files are written
 */

struct unit {
	char code[CEU_ID_LEN + 1];
	char name[160];
	unsigned char city, industry;
};

struct person {
	char id[CEU_ID_LEN + 1];
	char name[16];		/* at most 4 characters of 3 bytes */
	unsigned long unit;
	unsigned char specialty;
	unsigned char title;	/* NO_TITLE: preparing a first title */
};
#define NO_TITLE 255

struct filing {
	char no[40];
	char organiser[160];
	char title[160];
	unsigned char industry, subject, category;
	int start, end;		/* day of the year, from 0 */
	long tenths;
};
enum { PROFESSIONAL, PUBLIC_ELECTIVE };
static const char *const subjects[] = { "professional", "public_elective" };

struct gen {
	unsigned long npersons, nunits, nfilings;
	unsigned long khours;
	unsigned long nregistrations;	/* own registrations, pending */
	int registrations_largest;	/* all of them in the largest unit */
	uint64_t seed;
	int year;
	int gb18030;
	int system;		/* --shape system: titles and refs of a system */
	int verbose;
	const char *dir;
	struct unit *units;
	struct person *persons;
	struct filing *filings;
	unsigned long *members[NINDUSTRIES];	/* person indices */
	unsigned long nmembers[NINDUSTRIES];
};

/* ---------------------------------------------------------------------
 * Random numbers: splitmix64, one stream per file
 */

struct rng {
	uint64_t s;
};

/* Streams, so that one file's draws never shift another's. */
enum { S_UNITS = 1, S_PERSONS, S_FILINGS, S_ROSTER, S_HOURS, S_EXAMS,
    S_REGISTRATIONS };

/* Start stream number stream of seed. */
static void
rng_init(struct rng *r, uint64_t seed, unsigned stream)
{
	r->s = (seed * 0x9E3779B97F4A7C15u) ^ ((uint64_t)stream << 56) ^
	    0xD1B54A32D192ED03u;
}

/* The next 64 random bits (splitmix64). */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15u);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

/* A uniform integer in [0, n), n < 2^32. */
static unsigned long
rng_below(struct rng *r, unsigned long n)
{
	return (unsigned long)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A uniform double in [0, 1). */
static double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* An integer in [lo, hi]. */
static long
rng_range(struct rng *r, long lo, long hi)
{
	return lo + (long)rng_below(r, (unsigned long)(hi - lo + 1));
}

/* An index into weights[0..n), drawn in proportion to the weights. */
static size_t
rng_weighted(struct rng *r, const int *weights, size_t n)
{
	long total = 0, x;
	size_t i;

	for (i = 0; i < n; i++)
		total += weights[i];
	x = (long)rng_below(r, (unsigned long)total);
	for (i = 0; i + 1 < n && x >= weights[i]; i++)
		x -= weights[i];
	return i;
}

/* One string of the list, uniformly; static, not to be freed. */
static const char *
rng_pick(struct rng *r, const struct list *l)
{
	return l->s[rng_below(r, l->n)];
}

/* ---------------------------------------------------------------------
 * Dates and numbers as text
 */

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* 365 or 366. */
static int
days_in_year(int y)
{
	return is_leap(y) ? 366 : 365;
}

/* Write n in decimal, zero-padded to width digits, at p; returns the
 * end.  Faster than snprintf, which counts with millions of rows. */
static char *
put_uint(char *p, unsigned long n, int width)
{
	char digits[24];
	int k = 0;

	do {
		digits[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (k < width--)
		*p++ = '0';
	while (k)
		*p++ = digits[--k];
	return p;
}

/* "2023-03-05" for day 63 (from 0) of 2023 into buf[11]. */
static void
format_date(int year, int doy, char *buf)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int m = 0;
	char *p;

	while (doy >= mdays[m] + (m == 1 && is_leap(year))) {
		doy -= mdays[m] + (m == 1 && is_leap(year));
		m++;
	}
	p = put_uint(buf, (unsigned long)year, 4);
	*p++ = '-';
	p = put_uint(p, (unsigned long)m + 1, 2);
	*p++ = '-';
	p = put_uint(p, (unsigned long)doy + 1, 2);
	*p = '\0';
}

/* "8", "7.5": tenths of an hour (>= 0) as the SPEC writes hours, into
 * buf[24]. */
static void
format_tenths(long tenths, char *buf)
{
	char *p = put_uint(buf, (unsigned long)tenths / 10, 1);

	if (tenths % 10) {
		*p++ = '.';
		*p++ = (char)('0' + tenths % 10);
	}
	*p = '\0';
}

/* The Chinese numeral of 1 <= n <= 999 ("三", "十二", "一百零五") into buf;
 * larger numbers stay in digits. */
static void
format_zh_number(unsigned long n, char *buf, size_t size)
{
	static const char *const d[] = { "零", "一", "二", "三", "四", "五",
	    "六", "七", "八", "九" };
	unsigned long h = n / 100, t = n / 10 % 10, u = n % 10;

	if (n == 0 || n > 999) {
		snprintf(buf, size, "%lu", n);
		return;
	}
	snprintf(buf, size, "%s%s%s%s%s", h ? d[h] : "", h ? "百" : "",
	    t ? (t == 1 && !h ? "" : d[t]) : (h && u ? "零" : ""),
	    t ? "十" : "", u ? d[u] : "");
}

/* ---------------------------------------------------------------------
 * Output: buffered CSV rows, UTF-8 or GB18030
 */

#define OUT_SIZE (1 << 20)
#define ROW_MAX 4096		/* no row is longer than this */

struct out {
	FILE *fp;
	char path[4096];
	const char *name;	/* "hours.csv" */
	iconv_t cd;		/* (iconv_t)-1 when writing UTF-8 */
	const char *eol;
	char *buf, *conv;
	size_t len;
	unsigned long rows;
	int verbose;
};

/* Header names: English, and the Chinese alias written with --gb18030. */
struct column {
	const char *en, *zh;
};

/* Write what is buffered, converted if need be; exits 74 on failure. */
static void
out_flush(struct out *o)
{
	char *in = o->buf, *outp = o->conv;
	size_t inleft = o->len, outleft = OUT_SIZE;
	const char *p = o->buf;
	size_t n = o->len;

	if (o->cd != (iconv_t)-1) {
		if (iconv(o->cd, &in, &inleft, &outp, &outleft) == (size_t)-1)
			err(CEU_EIO, "cannot convert '%s' to GB18030", o->path);
		p = o->conv;
		n = OUT_SIZE - outleft;
	}
	if (n && fwrite(p, 1, n, o->fp) != n)
		err(CEU_EIO, "cannot write '%s'", o->path);
	o->len = 0;
}

/* Create dir/name and write the header row; exits 73 when it cannot. */
static void
out_open(struct out *o, const struct gen *g, const char *name,
    const struct column *cols, size_t ncols)
{
	size_t i;

	memset(o, 0, sizeof *o);
	o->name = name;
	o->verbose = g->verbose;
	if (snprintf(o->path, sizeof o->path, "%s/%s", g->dir, name) >=
	    (int)sizeof o->path)
		errx(CEU_ECANTCREAT, "folder name too long");
	if ((o->fp = fopen(o->path, "w")) == NULL)
		err(CEU_ECANTCREAT, "cannot create '%s'", o->path);
	o->cd = (iconv_t)-1;
	o->eol = "\n";
	if (g->gb18030) {
		if ((o->cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1)
			err(CEU_ECANTCREAT, "iconv GB18030");
		o->eol = "\r\n";
	}
	o->buf = ceu_malloc(OUT_SIZE);
	o->conv = ceu_malloc(OUT_SIZE);
	for (i = 0; i < ncols; i++) {
		const char *h = g->gb18030 ? cols[i].zh : cols[i].en;
		size_t n = strlen(h);
		if (i)
			o->buf[o->len++] = ',';
		memcpy(o->buf + o->len, h, n);
		o->len += n;
	}
	memcpy(o->buf + o->len, o->eol, strlen(o->eol));
	o->len += strlen(o->eol);
}

/* Append a string; the row's fields must fit in ROW_MAX bytes. */
static void
out_str(struct out *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* Append ",s": the next field. */
static void
out_field(struct out *o, const char *s)
{
	o->buf[o->len++] = ',';
	out_str(o, s);
}

/* Append ",n", ",7.5" and ",2023-03-05": numbers, hours and dates. */
static void
out_num(struct out *o, unsigned long n)
{
	o->buf[o->len++] = ',';
	o->len = (size_t)(put_uint(o->buf + o->len, n, 1) - o->buf);
}

static void
out_hours(struct out *o, long tenths)
{
	char b[24];

	format_tenths(tenths, b);
	out_field(o, b);
}

static void
out_date(struct out *o, int year, int doy)
{
	char b[11];

	format_date(year, doy, b);
	out_field(o, b);
}

/* End the row; flushes when the buffer could not hold another. */
static void
out_end(struct out *o)
{
	out_str(o, o->eol);
	o->rows++;
	if (o->len > OUT_SIZE - ROW_MAX)
		out_flush(o);
}

/* Flush, close and free; exits 74 when the data did not all reach the
 * file (a full disk shows at fclose). */
static void
out_close(struct out *o)
{
	out_flush(o);
	if (ferror(o->fp) | fclose(o->fp))
		err(CEU_EIO, "cannot write '%s'", o->path);
	if (o->cd != (iconv_t)-1)
		iconv_close(o->cd);
	free(o->buf);
	free(o->conv);
	if (o->verbose)
		fprintf(stderr, "ceu-gen: %s: %lu rows\n", o->name, o->rows);
}

/* ---------------------------------------------------------------------
 * Units
 */

static const struct column unit_cols[] = {
	{ "unit_code", "单位代码" }, { "name", "单位名称" },
	{ "city_code", "城市代码" }, { "industry", "行业" },
};

/* 9 characters of the GB 32100 alphabet, distinct for each index: an
 * affine map modulo 31^9 with a multiplier prime to 31, offset by the
 * seed.  index * multiplier fits in 64 bits for the 125000 units that
 * --persons allows at most. */
static void
unit_body(unsigned long index, uint64_t seed, char *out)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	const uint64_t mod = 26439622160671u;	/* 31^9 */
	struct rng r;
	uint64_t x;
	int i;

	rng_init(&r, seed, S_UNITS);
	x = ((uint64_t)index * 11400714819323u + rng_next(&r) % mod) % mod;

	for (i = 8; i >= 0; i--) {
		out[i] = alphabet[x % 31];
		x /= 31;
	}
}

/* The name of the slot-th unit of an industry in a city: each slot a
 * different name. */
static void
unit_name(const struct city *c, const struct industry *ind,
    unsigned long slot, char *buf, size_t size)
{
	char num[64], branch[96] = "";
	size_t nk = ind->kinds.n, nt = trade_names.n;

	if (ind->institution) {
		format_zh_number(slot / nk + 1, num, sizeof num);
		snprintf(buf, size, "%s市第%s%s", c->name, num,
		    ind->kinds.s[slot % nk]);
		return;
	}
	if (slot >= nt * nk) {
		format_zh_number(slot / (nt * nk) + 1, num, sizeof num);
		snprintf(branch, sizeof branch, "第%s分公司", num);
	}
	snprintf(buf, size, "%s%s%s%s", c->name, trade_names.s[slot % nt],
	    ind->kinds.s[slot / nt % nk], branch);
}

/* Draw the units: city and industry by weight, a county of the city in
 * the credit code, check character from the library. */
static void
make_units(struct gen *g)
{
	int cw[NCITIES], iw[NINDUSTRIES];
	unsigned long slots[NCITIES][NINDUSTRIES] = { { 0 } }, i;
	struct rng r;

	for (i = 0; i < NCITIES; i++)
		cw[i] = cities[i].weight;
	for (i = 0; i < NINDUSTRIES; i++)
		iw[i] = industries[i].weight;
	rng_init(&r, g->seed, S_UNITS);
	for (i = 0; i < g->nunits; i++) {
		struct unit *u = &g->units[i];
		const struct city *c;
		u->city = (unsigned char)rng_weighted(&r, cw, NCITIES);
		u->industry = (unsigned char)rng_weighted(&r, iw, NINDUSTRIES);
		c = &cities[u->city];
		memcpy(u->code, industries[u->industry].institution ? "12" :
		    "91", 2);
		memcpy(u->code + 2, rng_pick(&r, &c->counties), 6);
		unit_body(i, g->seed, u->code + 8);
		u->code[17] = ceu_ident_unit_check(u->code);
		u->code[18] = '\0';
		unit_name(c, &industries[u->industry],
		    slots[u->city][u->industry]++, u->name, sizeof u->name);
	}
}

/* Write units.csv from the units made; exits 73/74 on failure, as every
 * write_ function does. */
static void
write_units(const struct gen *g)
{
	struct out o;
	unsigned long i;

	out_open(&o, g, "units.csv", unit_cols, NELEM(unit_cols));
	for (i = 0; i < g->nunits; i++) {
		const struct unit *u = &g->units[i];
		out_str(&o, u->code);
		out_field(&o, u->name);
		out_num(&o, (unsigned long)cities[u->city].code);
		out_field(&o, industries[u->industry].name);
		out_end(&o);
	}
	out_close(&o);
}

/* ---------------------------------------------------------------------
 * Persons
 */

static const struct column person_cols[] = {
	{ "id_no", "身份证号" }, { "name", "姓名" },
	{ "unit_code", "单位代码" }, { "specialty", "专业" },
	{ "title", "职称" },
};

/* A set of 17-digit ID prefixes, open addressing; keys are stored + 1. */
struct idset {
	uint64_t *slot;
	size_t mask;
};

/* Add key; returns 0 when it was already there. */
static int
idset_add(struct idset *s, uint64_t key)
{
	size_t i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 20) & s->mask;

	while (s->slot[i]) {
		if (s->slot[i] == key + 1)
			return 0;
		i = (i + 1) & s->mask;
	}
	s->slot[i] = key + 1;
	return 1;
}

/* A region code: mostly the county of the unit's city, some elsewhere
 * in Guangxi, a few from other provinces. */
static const char *
person_region(struct rng *r, const struct unit *u)
{
	double x = rng_unit(r);

	if (x < 0.80)
		return rng_pick(r, &cities[u->city].counties);
	if (x < 0.97)
		return rng_pick(r, &cities[rng_below(r, NCITIES)].counties);
	return rng_pick(r, &elsewhere);
}

/* Fill p->id with a valid ID number not drawn before (the set remembers);
 * male has an odd 17th digit.  Returns the birth year. */
static int
person_id(struct rng *r, struct idset *seen, const struct unit *u,
    int male, struct person *p)
{
	const char *region = person_region(r, u);
	int year = (int)rng_range(r, 1960, 2000);
	char birth[11];
	unsigned long seq;

	format_date(year, (int)rng_below(r, (unsigned long)days_in_year(year)),
	    birth);
	do {
		seq = rng_below(r, 500) * 2 + (male ? 1 : 0);
		snprintf(p->id, sizeof p->id, "%.6s%.4s%.2s%.2s%03lu", region,
		    birth, birth + 5, birth + 8, seq);
	} while (!idset_add(seen, strtoull(p->id, NULL, 10)));
	p->id[17] = ceu_ident_person_check(p->id);
	p->id[18] = '\0';
	return year;
}

/* A name: a surname skewed to the common ones, one or two given
 * characters that suit the sex. */
static void
person_name(struct rng *r, int male, struct person *p)
{
	const struct list *given = male ? &given_male : &given_female;
	double x = rng_unit(r);
	size_t s = (size_t)((double)surnames.n * x * x);

	snprintf(p->name, sizeof p->name, "%s%s%s", surnames.s[s],
	    rng_pick(r, given), rng_below(r, 10) < 7 ? rng_pick(r, given) :
	    "");
}

/* A title that grows with age; the senior-most (正高级) is rare, and some
 * hold no title yet (R1: preparing a first application). */
static unsigned char
person_title(struct rng *r, int age)
{
	long rank = (age - 22 + rng_range(r, -6, 6)) / 11;

	if (rng_below(r, 100) < 5 || age < 23)
		return NO_TITLE;
	if (rank >= 2)
		return age > 45 && rng_below(r, 100) < 12 ? 3 : 2;
	return (unsigned char)(rank < 0 ? 0 : rank);
}

/* A unit for a person: half uniform, half skewed, so that unit sizes
 * vary from a handful of people to many. */
static unsigned long
person_unit(struct rng *r, unsigned long nunits)
{
	double x = rng_unit(r);

	if (rng_below(r, 2))
		x *= x;
	return (unsigned long)((double)nunits * x);
}

/* Draw the persons: unit, sex, unique ID, name, title and specialty. */
static void
make_persons(struct gen *g)
{
	struct idset seen;
	size_t size = 1024;
	unsigned long i;
	struct rng r;

	while (size < 2 * g->npersons)
		size *= 2;
	seen.slot = ceu_calloc(size, sizeof(*seen.slot));
	seen.mask = size - 1;
	rng_init(&r, g->seed, S_PERSONS);
	for (i = 0; i < g->npersons; i++) {
		struct person *p = &g->persons[i];
		int male = (int)rng_below(&r, 2);
		const struct unit *u;
		p->unit = person_unit(&r, g->nunits);
		u = &g->units[p->unit];
		p->title = person_title(&r, g->year - person_id(&r, &seen, u,
		    male, p));
		person_name(&r, male, p);
		p->specialty = (unsigned char)rng_below(&r,
		    industries[u->industry].specialties.n);
	}
	free(seen.slot);
}

/* persons.csv: the title left empty for those preparing a first one. */
static void
write_persons(const struct gen *g)
{
	struct out o;
	unsigned long i;

	out_open(&o, g, "persons.csv", person_cols, NELEM(person_cols));
	for (i = 0; i < g->npersons; i++) {
		const struct person *p = &g->persons[i];
		const struct industry *ind =
		    &industries[g->units[p->unit].industry];
		out_str(&o, p->id);
		out_field(&o, p->name);
		out_field(&o, g->units[p->unit].code);
		out_field(&o, ind->specialties.s[p->specialty]);
		out_field(&o, p->title == NO_TITLE ? "" : ind->titles[p->title]);
		out_end(&o);
	}
	out_close(&o);
}

/* Index the persons by their unit's industry, for rosters. */
static void
index_members(struct gen *g)
{
	unsigned long i, k;

	for (i = 0; i < g->npersons; i++)
		g->nmembers[g->units[g->persons[i].unit].industry]++;
	for (k = 0; k < NINDUSTRIES; k++) {
		g->members[k] = ceu_calloc(g->nmembers[k] + 1, sizeof(long));
		g->nmembers[k] = 0;
	}
	for (i = 0; i < g->npersons; i++) {
		k = g->units[g->persons[i].unit].industry;
		g->members[k][g->nmembers[k]++] = i;
	}
}

/* ---------------------------------------------------------------------
 * Filings (R10)
 */

static const struct column filing_cols[] = {
	{ "filing_no", "备案号" }, { "organizer", "主办单位" },
	{ "title", "名称" }, { "subject", "科目" }, { "category", "类别" },
	{ "start_date", "开始日期" }, { "end_date", "结束日期" },
	{ "hours", "学时" },
};

/* Who runs a class: the regional department, a city bureau, or a unit of
 * the industry (a hospital training its region's nurses). */
static void
filing_organiser(struct rng *r, const struct gen *g,
    struct filing *f)
{
	const struct industry *ind = &industries[f->industry];
	unsigned long x = rng_below(r, 10), i;

	if (f->subject == PUBLIC_ELECTIVE) {
		snprintf(f->organiser, sizeof f->organiser, "%s",
		    rng_pick(r, &elective_organisers));
	} else if (x < 4) {
		snprintf(f->organiser, sizeof f->organiser, "%s", ind->dept);
	} else if (x < 7) {
		snprintf(f->organiser, sizeof f->organiser, "%s市%s",
		    cities[rng_below(r, NCITIES)].name, ind->bureau);
	} else {
		for (i = rng_below(r, g->nunits);
		    g->units[i].industry != f->industry;
		    i = (i + 1) % g->nunits)
			;
		snprintf(f->organiser, sizeof f->organiser, "%s",
		    g->units[i].name);
	}
}

/* Hours of a class: 8 to 48, mostly whole, some with a half. */
static long
filing_tenths(struct rng *r)
{
	if (rng_below(r, 10) < 7)
		return rng_range(r, 8, 48) * 10;
	return rng_range(r, 8, 47) * 10 + 5;
}

/* Draw filed class i (GX2023-00001 is i = 0) of an industry that has
 * people, lasting eight hours a day, all inside the year (R9). */
static void
make_filing(struct rng *r, const struct gen *g, unsigned long i,
    const int *iw)
{
	struct filing *f = &g->filings[i];
	const struct list *topics;
	int ndays, days;

	f->industry = (unsigned char)rng_weighted(r, iw, NINDUSTRIES);
	while (g->nmembers[f->industry] == 0)	/* a unit exists, so some do */
		f->industry = (unsigned char)((f->industry + 1) % NINDUSTRIES);
	f->subject = rng_below(r, 100) < 85 ? PROFESSIONAL : PUBLIC_ELECTIVE;
	f->category = (unsigned char)rng_weighted(r, category_weight_filing,
	    NELEM(category_weight_filing));
	snprintf(f->no, sizeof f->no, "GX%d-%05lu", g->year, i + 1);
	filing_organiser(r, g, f);
	topics = f->subject == PROFESSIONAL ?
	    &industries[f->industry].topics : &elective_topics;
	snprintf(f->title, sizeof f->title, "%d年%s%s", g->year,
	    rng_pick(r, topics), rng_pick(r, &filing_forms));
	f->tenths = filing_tenths(r);
	days = (int)(f->tenths + 79) / 80;	/* eight hours a day */
	ndays = days_in_year(g->year);
	f->start = (int)rng_below(r, (unsigned long)(ndays - days + 1));
	f->end = f->start + days - 1;
}

/* Draw every filed class; weights as for units. */
static void
make_filings(struct gen *g)
{
	int iw[NINDUSTRIES];
	unsigned long i;
	struct rng r;

	for (i = 0; i < NINDUSTRIES; i++)
		iw[i] = industries[i].weight;
	rng_init(&r, g->seed, S_FILINGS);
	for (i = 0; i < g->nfilings; i++)
		make_filing(&r, g, i, iw);
}

/* filings.csv, one row a class made. */
static void
write_filings(const struct gen *g)
{
	struct out o;
	unsigned long i;

	out_open(&o, g, "filings.csv", filing_cols, NELEM(filing_cols));
	for (i = 0; i < g->nfilings; i++) {
		const struct filing *f = &g->filings[i];
		out_str(&o, f->no);
		out_field(&o, f->organiser);
		out_field(&o, f->title);
		out_field(&o, subjects[f->subject]);
		out_field(&o, categories[f->category]);
		out_date(&o, g->year, f->start);
		out_date(&o, g->year, f->end);
		out_hours(&o, f->tenths);
		out_end(&o);
	}
	out_close(&o);
}

/* ---------------------------------------------------------------------
 * Rosters: who attended each filed class (R10)
 */

static const struct column roster_cols[] = {
	{ "filing_no", "备案号" }, { "id_no", "身份证号" }, { "name", "姓名" },
	{ "hours", "学时" },
};

/* Hours a participant is credited: mostly the whole class, some left
 * early; never more than the class, never zero. */
static long
roster_tenths(struct rng *r, long full)
{
	long t;

	if (rng_below(r, 100) < 85)
		return full;
	t = (long)((double)full * (0.5 + 0.5 * rng_unit(r))) / 5 * 5;
	return t < 5 ? 5 : t;
}

/* Write one class's roster: 10 to 50 people of its industry (anyone for
 * a public elective), each at most once; seen[] holds the last filing
 * (+ 1) that took each person. */
static void
write_roster_of(struct out *o, struct rng *r, const struct gen *g,
    unsigned long fi, unsigned long *seen)
{
	const struct filing *f = &g->filings[fi];
	int any = f->subject == PUBLIC_ELECTIVE;
	unsigned long pool = any ? g->npersons : g->nmembers[f->industry];
	unsigned long n = (unsigned long)rng_range(r, 10, 50), k, p;

	if (n > pool / 2 + 1)
		n = pool / 2 + 1;
	for (k = 0; k < n; k++) {
		do {
			p = rng_below(r, pool);
			if (!any)
				p = g->members[f->industry][p];
		} while (seen[p] == fi + 1);
		seen[p] = fi + 1;
		out_str(o, f->no);
		out_field(o, g->persons[p].id);
		out_field(o, g->persons[p].name);
		out_hours(o, roster_tenths(r, f->tenths));
		out_end(o);
	}
}

/* roster.csv: the classes in filing order, each with its people. */
static void
write_roster(const struct gen *g)
{
	unsigned long *seen, i;
	struct out o;
	struct rng r;

	seen = ceu_calloc(g->npersons, sizeof(*seen));
	rng_init(&r, g->seed, S_ROSTER);
	out_open(&o, g, "roster.csv", roster_cols, NELEM(roster_cols));
	for (i = 0; i < g->nfilings; i++)
		write_roster_of(&o, &r, g, i, seen);
	out_close(&o);
	free(seen);
}

/* ---------------------------------------------------------------------
 * Hours from an integrated industry system
 */

static const struct column hours_cols[] = {
	{ "id_no", "身份证号" }, { "year", "年度" }, { "subject", "科目" },
	{ "category", "类别" }, { "hours", "学时" }, { "title", "名称" },
	{ "date", "日期" }, { "ref", "编号" },
};

/* How many records a person gets: K on average; 80% around or above K,
 * 20% well below it (too few hours for R2). */
static unsigned long
hours_rows(struct rng *r, unsigned long k)
{
	double f = rng_below(r, 10) < 8 ? 0.8 + 0.6 * rng_unit(r) :
	    0.4 + 0.5 * rng_unit(r);

	return (unsigned long)((double)k * f + 0.5);
}

/* The share of public elective records: small for most, large for one in
 * eight, whose professional share then falls below 2/3 (R2). */
static double
elective_share(struct rng *r)
{
	if (rng_below(r, 100) < 88)
		return 0.15 * rng_unit(r);
	return 0.25 + 0.25 * rng_unit(r);
}

/* 1 to 8 hours, one in five with a half. */
static long
record_tenths(struct rng *r)
{
	if (rng_below(r, 5) == 0)
		return rng_range(r, 1, 7) * 10 + 5;
	return rng_range(r, 1, 8) * 10;
}

/* Sort a few days in place (insertion sort: n is about K). */
static void
sort_days(int *d, unsigned long n)
{
	unsigned long i, j;
	int x;

	for (i = 1; i < n; i++) {
		for (x = d[i], j = i; j > 0 && d[j - 1] > x; j--)
			d[j] = d[j - 1];
		d[j] = x;
	}
}

/* ",202305080000012345": a record id as an integrated system numbers its
 * records, the day and a serial, 18 characters (--shape system). */
static void
system_ref(struct out *o, int year, int doy, unsigned long ref)
{
	char b[24];

	format_date(year, doy, b);
	memmove(b + 4, b + 5, 2);
	memmove(b + 6, b + 8, 2);
	*put_uint(b + 8, ref, 10) = '\0';
	out_field(o, b);
}

/* One record of a person, on day doy; *ref counts the records.  With
 * --shape system each title is a session of its own and the ref a long
 * record id. */
static void
write_record(struct out *o, struct rng *r, const struct gen *g,
    const struct person *p, double share, int doy, unsigned long *ref)
{
	int elective = rng_unit(r) < share;
	size_t c = elective ? (size_t)rng_below(r, 2) :
	    rng_weighted(r, category_weight_hours, NELEM(categories));
	const struct list *topics = elective ? &elective_topics :
	    &industries[g->units[p->unit].industry].topics;
	char b[16];

	out_str(o, p->id);
	out_num(o, (unsigned long)g->year);
	out_field(o, subjects[elective ? PUBLIC_ELECTIVE : PROFESSIONAL]);
	out_field(o, categories[c]);
	out_hours(o, record_tenths(r));
	out_field(o, rng_pick(r, topics));
	out_str(o, rng_pick(r, &category_forms[c]));
	++*ref;
	if (g->system) {
		/* A session of its own: no two titles alike. */
		*put_uint(b, *ref, 1) = '\0';
		out_str(o, "第");
		out_str(o, b);
		out_str(o, "期");
	}
	out_date(o, g->year, doy);
	if (g->system)
		system_ref(o, g->year, doy, *ref);
	else {
		b[0] = 'H';
		*put_uint(b + 1, *ref, 9) = '\0';
		out_field(o, b);
	}
	out_end(o);
}

/* hours.csv: person by person, each one's records in date order, refs
 * H000000001 upwards. */
static void
write_hours(const struct gen *g)
{
	unsigned long i, j, n, ref = 0;
	int *days, ndays = days_in_year(g->year);
	struct out o;
	struct rng r;

	days = ceu_calloc(2 * g->khours + 1, sizeof(*days));
	rng_init(&r, g->seed, S_HOURS);
	out_open(&o, g, "hours.csv", hours_cols, NELEM(hours_cols));
	for (i = 0; i < g->npersons; i++) {
		double share = elective_share(&r);
		n = hours_rows(&r, g->khours);
		for (j = 0; j < n; j++)
			days[j] = (int)rng_below(&r, (unsigned long)ndays);
		sort_days(days, n);
		for (j = 0; j < n; j++)
			write_record(&o, &r, g, &g->persons[i], share, days[j],
			    &ref);
	}
	out_close(&o);
	free(days);
}

/* ---------------------------------------------------------------------
 * Exam attempts (R6)
 */

static const struct column exam_cols[] = {
	{ "id_no", "身份证号" }, { "year", "年度" }, { "date", "日期" },
	{ "score", "成绩" },
};

/* How many attempts fail before a pass, or -1 for no attempt at all;
 * 3 means the round was used up without a pass. */
static int
exam_failures(struct rng *r)
{
	unsigned long x = rng_below(r, 100);

	if (x < 8)
		return -1;
	if (x < 83)
		return 0;
	if (x < 93)
		return 1;
	if (x < 97)
		return 2;
	return 3;
}

/* One person's attempts, in date order, all before 31 Dec (R6). */
static void
write_exams_of(struct out *o, struct rng *r, const struct gen *g,
    const struct person *p)
{
	int fails = exam_failures(r), k, last = days_in_year(g->year) - 1;
	int doy = (int)rng_below(r, (unsigned long)last - 60);

	for (k = 0; k <= fails && k < 3; k++) {
		out_str(o, p->id);
		out_num(o, (unsigned long)g->year);
		out_date(o, g->year, doy);
		out_num(o, (unsigned long)(k < fails ? rng_range(r, 20, 59) :
		    rng_range(r, 60, 100)));
		out_end(o);
		doy += (int)rng_range(r, 1, 20);	/* <= last: 3 * 20 < 60 */
	}
}

/* exams.csv, person by person. */
static void
write_exams(const struct gen *g)
{
	struct out o;
	unsigned long i;
	struct rng r;

	rng_init(&r, g->seed, S_EXAMS);
	out_open(&o, g, "exams.csv", exam_cols, NELEM(exam_cols));
	for (i = 0; i < g->npersons; i++)
		write_exams_of(&o, &r, g, &g->persons[i]);
	out_close(&o);
}

/* ---------------------------------------------------------------------
 * Own registrations (R8, R9), pending the unit's audit (R11)
 */

static const struct column registration_cols[] = {
	{ "id_no", "身份证号" }, { "year", "年度" }, { "subject", "科目" },
	{ "category", "类别" }, { "hours", "学时" }, { "title", "名称" },
	{ "date", "日期" },
};

/* What people register themselves: seldom training, which comes by
 * roster. */
static const int category_weight_own[] = { 5, 40, 25, 10, 10, 10 };

/* One own registration of p on day doy: professional, 1 to 20 hours by
 * halves, titled after a topic of the person's industry. */
static void
write_registration(struct out *o, struct rng *r, const struct gen *g,
    const struct person *p, int doy)
{
	size_t c = rng_weighted(r, category_weight_own, NELEM(categories));
	const struct industry *ind = &industries[g->units[p->unit].industry];

	out_str(o, p->id);
	out_num(o, (unsigned long)g->year);
	out_field(o, subjects[PROFESSIONAL]);
	out_field(o, categories[c]);
	out_hours(o, rng_range(r, 2, 40) * 5);
	out_field(o, rng_pick(r, &ind->topics));
	out_str(o, rng_pick(r, &category_forms[c]));
	out_date(o, g->year, doy);
	out_end(o);
}

/* k registrations of p on k different days (R10: a title and a date are
 * one activity), in date order: selection sampling over the days. */
static void
write_registrations_of(struct out *o, struct rng *r, const struct gen *g,
    const struct person *p, unsigned long k)
{
	int day, ndays = days_in_year(g->year);

	for (day = 0; day < ndays && k > 0; day++) {
		if (rng_below(r, (unsigned long)(ndays - day)) >= k)
			continue;
		k--;
		write_registration(o, r, g, p, day);
	}
}

/* The unit with the most persons (the first of them on a tie). */
static unsigned long
largest_unit(const struct gen *g)
{
	unsigned long *n = ceu_calloc(g->nunits, sizeof(*n)), i, best = 0;

	for (i = 0; i < g->npersons; i++)
		n[g->persons[i].unit]++;
	for (i = 1; i < g->nunits; i++)
		if (n[i] > n[best])
			best = i;
	free(n);
	return best;
}

/* Whether person i registers: everyone, or the largest unit's people. */
static int
registers(const struct gen *g, unsigned long i, unsigned long unit)
{
	return !g->registrations_largest || g->persons[i].unit == unit;
}

/* registrations.csv: --registrations N spread over the persons (or the
 * largest unit's), N / M each and one more for N % M of them, drawn by
 * selection sampling; person by person. */
static void
write_registrations(const struct gen *g)
{
	unsigned long i, m = 0, seen = 0, extra, base, k, unit;
	struct out o;
	struct rng r;

	unit = largest_unit(g);
	for (i = 0; i < g->npersons; i++)
		m += registers(g, i, unit);
	base = g->nregistrations / m;
	extra = g->nregistrations % m;
	if (base + (extra > 0) > 300)
		errx(CEU_EUSAGE, "--registrations: more than 300 a person "
		    "(%lu persons register)", m);
	rng_init(&r, g->seed, S_REGISTRATIONS);
	out_open(&o, g, "registrations.csv", registration_cols,
	    NELEM(registration_cols));
	for (i = 0; i < g->npersons; i++) {
		if (!registers(g, i, unit))
			continue;
		k = base;
		if (rng_below(&r, m - seen++) < extra) {
			k++;
			extra--;
		}
		write_registrations_of(&o, &r, g, &g->persons[i], k);
	}
	out_close(&o);
}

/* ---------------------------------------------------------------------
 * Policy
 */

static const struct column policy_cols[] = {
	{ "year", "年度" }, { "key", "键" }, { "value", "值" },
};

static const struct column source_cols[] = {
	{ "source", "系统" }, { "name", "名称" },
};

/* sources.csv: the integrated system that hours.csv comes from (R10:
 * ceu-import hours --source names a registered one). */
static void
write_sources(const struct gen *g)
{
	struct out o;

	out_open(&o, g, "sources.csv", source_cols, NELEM(source_cols));
	out_str(&o, "hr-system");
	out_field(&o, "广西专业技术人员继续教育管理系统");
	out_end(&o);
	out_close(&o);
}

/* policy.csv: the 2023 defaults under year Y, deadlines as templates;
 * the back-fill window (R7) only in 2023, the year whose notice grants
 * it. */
static void
write_policy(const struct gen *g)
{
	struct out o;
	size_t i;

	out_open(&o, g, "policy.csv", policy_cols, NELEM(policy_cols));
	for (i = 0; ceu_policy_2023[i][0] != NULL; i++) {
		char y[8];

		if (g->year != 2023 &&
		    strncmp(ceu_policy_2023[i][0], "backfill_", 9) == 0)
			continue;
		snprintf(y, sizeof y, "%d", g->year % 10000);
		out_str(&o, y);
		out_field(&o, ceu_policy_2023[i][0]);
		out_field(&o, ceu_policy_2023[i][1]);
		out_end(&o);
	}
	out_close(&o);
}

/* ---------------------------------------------------------------------
 * main
 */

/* The synopsis to stderr, exit 64. */
static void
usage(void)
{
	fprintf(stderr, "usage: ceu-gen [-v] [--persons N] [--seed S] "
	    "[--year Y] [--hours-per-person K]\n"
	    "               [--shape short|system] [--registrations N "
	    "[--registrations-largest]]\n"
	    "               [--gb18030] [--out DIR]\n");
	exit(CEU_EUSAGE);
}

/* -h: the usage and the options to stdout, exit 0. */
static void
help(void)
{
	printf("usage: ceu-gen [-v] [--persons N] [--seed S] [--year Y] "
	    "[--hours-per-person K]\n"
	    "               [--shape short|system] [--registrations N "
	    "[--registrations-largest]]\n"
	    "               [--gb18030] [--out DIR]\n"
	    "Write a synthetic province as CSV files in DIR (default .):\n"
	    "units, persons, filings, roster, hours, exams, policy;\n"
	    "registrations with --registrations.\n"
	    "  -n, --persons N           persons (default 1000)\n"
	    "  -s, --seed S              random seed (default 1)\n"
	    "  -y, --year Y              the year (default 2023)\n"
	    "  -k, --hours-per-person K  integrated records a person, on "
	    "average (default 20)\n"
	    "      --shape system        hours.csv as a system sends it: "
	    "every title\n"
	    "                            different, refs of 18 characters\n"
	    "  -r, --registrations N     own registrations, pending, spread "
	    "over\n"
	    "                            the persons (default 0: no file)\n"
	    "      --registrations-largest  all of them in the largest unit\n"
	    "      --gb18030             Chinese headers, GB18030, CRLF\n"
	    "  -o, --out DIR             output folder, created if missing\n"
	    "  -v, --verbose             a line a file on stderr\n"
	    "  -V, --version             print the version\n");
	exit(CEU_OK);
}

/* A decimal number in [lo, hi] from an option argument, or usage error. */
static unsigned long long
parse_number(const char *opt, const char *s,
    unsigned long long lo, unsigned long long hi)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno || v < lo || v > hi) {
		warnx("%s: '%s' is not a number from %llu to %llu", opt, s, lo,
		    hi);
		usage();
	}
	return v;
}

/* mkdir -p: create dir and its missing parents; exits 73 when it cannot. */
static void
make_dir(const char *dir)
{
	char path[4096], *p, c;

	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
		errx(CEU_ECANTCREAT, "folder name too long");
	for (p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(path, 0777) == -1 && errno != EEXIST)
			err(CEU_ECANTCREAT, "cannot create '%s'", path);
		if ((*p = c) == '\0')
			break;
	}
}

/* Fill g from the command line; a usage error exits 64. */
static void
parse_options(struct gen *g, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "gb18030", no_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ "hours-per-person", required_argument, NULL, 'k' },
		{ "out", required_argument, NULL, 'o' },
		{ "persons", required_argument, NULL, 'n' },
		{ "registrations", required_argument, NULL, 'r' },
		{ "registrations-largest", no_argument, NULL, 'L' },
		{ "seed", required_argument, NULL, 's' },
		{ "shape", required_argument, NULL, 'S' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "Vhk:n:o:r:s:vy:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'V':
			printf("ceu-gen %s\n", CEU_VERSION);
			exit(CEU_OK);
		case 'g':
			g->gb18030 = 1;
			break;
		case 'L':
			g->registrations_largest = 1;
			break;
		case 'r':
			g->nregistrations = parse_number("--registrations",
			    optarg, 0, 5000000);
			break;
		case 'h':
			help();
			break;
		case 'k':
			g->khours = parse_number("--hours-per-person", optarg,
			    0, 1000);
			break;
		case 'n':
			g->npersons = parse_number("--persons", optarg, 1,
			    5000000);
			break;
		case 'o':
			if (*optarg == '\0') {
				warnx("--out: empty folder name");
				usage();
			}
			g->dir = optarg;
			break;
		case 'S':
			if (strcmp(optarg, "short") != 0 &&
			    strcmp(optarg, "system") != 0) {
				warnx("--shape: '%s' is not short or system",
				    optarg);
				usage();
			}
			g->system = strcmp(optarg, "system") == 0;
			break;
		case 's':
			g->seed = parse_number("--seed", optarg, 0,
			    UINT64_MAX);
			break;
		case 'v':
			g->verbose = 1;
			break;
		case 'y':
			g->year = (int)parse_number("--year", optarg, 2001,
			    2999);
			break;
		default:
			usage();
		}
	}
	if (optind != argc) {
		warnx("unexpected argument '%s'", argv[optind]);
		usage();
	}
}

/* Sizes follow --persons: a unit per 40 people, a filed class per 100. */
static void
allocate(struct gen *g)
{
	g->nunits = g->npersons / 40 < 3 ? 3 : g->npersons / 40;
	g->nfilings = g->npersons / 100 < 2 ? 2 : g->npersons / 100;
	g->units = ceu_calloc(g->nunits, sizeof(*g->units));
	g->persons = ceu_calloc(g->npersons, sizeof(*g->persons));
	g->filings = ceu_calloc(g->nfilings, sizeof(*g->filings));
}

/* Make the province in memory, then write its files one by one. */
int
main(int argc, char *argv[])
{
	struct gen g = { .npersons = 1000, .khours = 20, .seed = 1,
	    .year = 2023, .dir = "." };
	size_t k;

	parse_options(&g, argc, argv);
	make_dir(g.dir);
	allocate(&g);
	make_units(&g);
	make_persons(&g);
	index_members(&g);
	make_filings(&g);
	write_policy(&g);
	write_sources(&g);
	write_units(&g);
	write_persons(&g);
	write_filings(&g);
	write_roster(&g);
	write_hours(&g);
	write_exams(&g);
	if (g.nregistrations > 0)
		write_registrations(&g);
	for (k = 0; k < NINDUSTRIES; k++)
		free(g.members[k]);
	free(g.units);
	free(g.persons);
	free(g.filings);
	return CEU_OK;
}
