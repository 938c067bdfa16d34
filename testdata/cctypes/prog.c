/* cctypes: C values as gdb prints them (gdbconf_cvals_test.go): bitfields,
 * every integer width, long double, floats, enums (flag and not), chars
 * and strings with escapes and repeats, long arrays, pointers to data and
 * code, unions, variable-length arrays, wide strings, and a struct that this unit
 * only declares (other.c defines it).
 *
 * Build: gcc -g -O0 -o cctypes testdata/cctypes/prog.c testdata/cctypes/other.c
 * DWARF 4: gcc -g -gdwarf-4 -O0 -o cctypes4 testdata/cctypes/prog.c testdata/cctypes/other.c
 * Run:   ./cctypes    prints "bits 1 5 -3 3 5 -2 100" and exits with status 0
 */
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <complex.h>
#include <wchar.h>
#include <uchar.h>

enum fl { F_A = 1, F_B = 2, F_C = 4 };
enum color { RED, GREEN, BLUE = 5 };

struct bits {
	unsigned a : 1;
	unsigned b : 3;
	int s : 4;
	unsigned c : 4;
	enum color col : 3;
	unsigned long long wide : 40;
	signed char sc : 3;
	unsigned last : 7;
};

struct widths {
	char c;
	signed char sc;
	unsigned char uc;
	short s;
	unsigned short us;
	int i;
	unsigned u;
	long l;
	unsigned long ul;
	long long ll;
	unsigned long long ull;
	_Bool b;
	float f;
	double d;
	long double ld;
};

struct opaque; /* defined in other.c */
struct opaque *make_opaque(void);

typedef char *str_t;
typedef int (*binop)(int, int);
typedef struct {
	int a;
	char tag[3];
} pair_t;
enum neg { NA = -1, NB = 0, NC = 3 };
struct flex {
	int n;
	int data[];
};
struct anon {
	union {
		int i;
		struct {
			short lo, hi;
		};
	};
	int z;
};
typedef unsigned int uint_t;

int add(int a, int b) { return a + b; }
int sub(int a, int b) { return a - b; }

int gints[5] = {1, 2, 3, 4, 5};
int gzero[300];
char gbuf[16];
char gbig[70000]; /* over gdb's max-value-size */
double gd = 0.1;
int seq[250];
char longs[300];
char *lp;
struct pt {
	int x, y;
} pts[14];
struct pt *where;

struct pt *pick(int i)
{
	return &pts[i]; /* marker: pick */
}

struct bits gbf = {1, 2, 3, 4, RED, 5, 1, 7};

/* poke writes gbf.b's neighbours, then gbf.b: a watchpoint on gbf.b
 * stops once, as gdb's does. */
void poke(void)
{
	gbf.a = 0;
	gbf.b = 6;
	gbf.last = 9;
}

int vla(int n)
{
	int v[n];
	char tag[n + 1];
	for (int i = 0; i < n; i++) {
		v[i] = i * 2;
		tag[i] = (char)('a' + i);
	}
	tag[n] = 0;
	return v[n - 1] + tag[0]; /* marker: vla */
}

int *counted(void)
{
	static int hits[4];
	hits[1]++;
	return &hits[1];
}

int main(void)
{
	for (int i = 0; i < 250; i++)
		seq[i] = i;
	for (int i = 0; i < 250; i++)
		longs[i] = 'a';
	lp = longs;
	pts[13].x = 9;
	struct bits bf = {1, 5, -3, 9, BLUE, 0x12345678ffULL, -2, 100};
	struct widths w = {'a', -3, 200, -300, 65000, -70000, 4000000000u, -5000000000L,
			   18000000000000000000ul, -9000000000000000000LL, 18446744073709551615ULL,
			   true, 3.25f, 1.0 / 3, 1.5L};
	enum fl f1 = F_A | F_C, f2 = (enum fl)(F_B | 8), f0 = (enum fl)0;
	enum color c8 = (enum color)8;
	char esc[12] = "a\n\t\"\\'\033z";
	char rep[30] = "xxxxxxxxxxxxxxxxxxxxxyz";
	unsigned char ub[4] = {1, 200, 'A', 0};
	signed char sb[3] = {-1, 'b', 0};
	int same[12] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8};
	int ten[10] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
	int (*ops[2])(int, int) = {add, sub};
	void *vp = &gints[1];
	int *ip = &gints[2];
	int *np = 0;
	str_t s = "typed";
	char *nul = 0;
	uint_t ut = 7;
	float fneg = -0.0f, finf = 1.0f / 0.0f;
	double big = 1e300, tiny = 1e-7, third = 1.0 / 3;
	long double ldv = 3.0L / 7;
	_Float128 q = 1.0f128 / 3;
	_Float16 half = 1.0f16 / 3;
	_Float64x f64x = -1.0L / 3;
	struct opaque *op = make_opaque();
	__int128 i128 = (__int128)1 << 100;
	unsigned __int128 u128 = ~(unsigned __int128)0;
	double complex z = 1.0 + 2.0 * I;
	float complex zf = -1.5f - 0.25f * I;
	binop bop = sub;
	pair_t pr = {7, "ab"};
	pair_t prs[2] = {{1, "x"}, {2, "y"}};
	enum neg e1 = NA, e2 = (enum neg)7;
	static union {
		struct flex f;
		int raw[4];
	} fxbuf;
	struct flex *fx = &fxbuf.f;
	fx->n = 3;
	fx->data[0] = 1;
	fx->data[1] = 2;
	fx->data[2] = 3;
	struct anon an = {{.i = 0x00020001}, 5};
	char names[2][4] = {"ab", "cd"};
	const volatile int cv = 4;
	const volatile int *cvp = &cv;
	int **pp = 0;
	_Bool bs[3] = {1, 0, 1};
	long double lds[2] = {1.25L, -2.0L};
	char *strs[2] = {"one", 0};
	int *hp = counted();
	int8_t i8 = -3;
	uint8_t u8 = 200, u8s[4] = {65, 66, 0, 0}, *u8p = u8s;
	int16_t i16 = -5;
	uint32_t u32v = 7;
	int64_t i64 = -9;
	uintptr_t up = 0x1234;
	char utf[8] = "h\xc3\xa9llo";
	wchar_t ws[6] = L"h\xe9llo";
	wchar_t wc = L'z';
	char16_t u16[3] = u"ab";
	char32_t u32[14] = U"xxxxxxxxxxxx";
	const wchar_t *wp = L"ptr";
	const char *euros = "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
			    "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac!";
	int vl = vla(3);
	int res = ops[0](bf.b, bf.s); /* marker: vals */
	where = pick(2);
	bf.c = 3; /* marker: after */
	poke();
	printf("bits %u %u %d %u %u %d %u\n", bf.a, bf.b, bf.s, bf.c, bf.col, bf.sc, bf.last);
	(void)w; (void)f1; (void)f2; (void)f0; (void)c8; (void)esc; (void)rep; (void)ub; (void)sb;
	(void)same; (void)ten; (void)vp; (void)ip; (void)np; (void)s; (void)nul; (void)ut;
	(void)fneg; (void)finf; (void)big; (void)tiny; (void)third; (void)ldv; (void)op; (void)res;
	(void)i128; (void)u128; (void)z; (void)zf; (void)bop; (void)pr; (void)prs; (void)e1; (void)e2;
	(void)an; (void)names; (void)cvp; (void)pp; (void)bs; (void)lds; (void)strs; (void)hp; (void)vl; (void)utf; (void)euros; (void)q; (void)half; (void)f64x;
	(void)i8; (void)u8; (void)u8p; (void)i16; (void)u32v; (void)i64; (void)up;
	(void)ws; (void)wc; (void)u16; (void)u32; (void)wp;

	return 0;
}
