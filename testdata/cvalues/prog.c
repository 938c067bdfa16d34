/* cvalues: C variables of several kinds, for the values engine.
 *
 * Build: gcc -g -O0 -o cvalues testdata/cvalues/prog.c
 * Run:   ./cvalues    prints "sum 66" and exits with status 0
 */
#include <stdio.h>

struct point {
	int x, y;
	const char *name;
};

int counter = 5;

int show(struct point *p, int n)
{
	int arr[4] = {1, 2, 3, 4};
	char c = 'z';
	double d = 2.5;
	unsigned long big = 1ul << 40;
	const char *msg = "hello";
	struct point local = {7, 8, "loc"};
	int total = p->x + n + arr[3] + local.y; /* marker: show */
	(void)c; (void)d; (void)big; (void)msg;
	return total;
}

int main(void)
{
	struct point pt = {10, 20, "pt"};
	int s = show(&pt, 44);
	printf("sum %d\n", s);
	return 0;
}
