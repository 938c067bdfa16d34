/* cgdb: C types and values for the differential test against gdb
 * (gdbconf_test.go): every integer width, a union, an enum, a typedef,
 * a bitfield, a function pointer, char arrays.
 *
 * Build: gcc -g -O0 -o cgdb testdata/cgdb/prog.c
 * Run:   ./cgdb    prints "total 73" and exits with status 0
 */
#include <stdio.h>

enum color { RED, GREEN, BLUE = 5 };

typedef unsigned int uint_t;

union num {
	int i;
	float f;
	unsigned char b[4];
};

struct flags {
	unsigned a : 1;
	unsigned b : 3;
	unsigned c : 4;
};

struct rec {
	char name[8];
	short s;
	long l;
	enum color col;
	union num u;
	struct flags fl;
	int (*op)(int, int);
	struct rec *next;
};

struct shape {
	int kind;
	union {
		int r;
		struct {
			int w, h;
		} rect;
	} u;
	struct {
		char tag;
	};
};

struct shape sh = {2, {.rect = {3, 4}}, {'q'}};

int add(int a, int b) { return a + b; }

int counter = 42;
static unsigned char uc = 200;

int use(struct rec *r, uint_t k)
{
	signed char sc = -3;
	unsigned short us = 65535;
	long long ll = -1234567890123LL;
	unsigned long long ull = 18446744073709551615ULL;
	int grid[2][3] = {{1, 2, 3}, {4, 5, 6}};
	int (*row)[3] = grid;
	const char *msg = "hi\tthere";
	int total = r->op(r->s, (int)k) + grid[1][2] + row[0][1]; /* marker: use */
	total += sc + (int)us - 65535 + (int)(ll % 2) + (int)(ull % 2) - 1 + uc - 200;
	(void)msg;
	return total;
}

int main(void)
{
	struct rec r = {"abc", 60, 70, BLUE, {.i = 0x41424344}, {1, 5, 9}, add, 0};
	int t = use(&r, 9);
	printf("total %d\n", t + counter - 42 - 0);
	return 0;
}
