/* cretvals: C functions returning an int, a double and structs by value,
 * for the value the engine reports after stepout (gdb's finish).
 *
 * Build: gcc -g -O0 -o cretvals testdata/cretvals/prog.c
 * Run:   ./cretvals    prints "7 1.25 3 4 5 7.5 9 10 11" and exits with 0
 */
#include <stdio.h>

struct small { int x, y; };          /* one INTEGER eightbyte: rax */
struct mixed { long n; double d; };  /* INTEGER + SSE: rax, xmm0 */
struct big { long a, b, c; };        /* 24 bytes: memory, address in rax */

int add(int a, int b)
{
	return a + b;
}

double half(double x)
{
	return x / 2;
}

struct small mk_small(int x)
{
	struct small s = {x, x + 1};
	return s;
}

struct mixed mk_mixed(long n)
{
	struct mixed m = {n, n * 1.5};
	return m;
}

struct big mk_big(long a)
{
	struct big b = {a, a + 1, a + 2};
	return b;
}

void nothing(void)
{
}

int main(void)
{
	int s = add(3, 4);
	double h = half(2.5);
	struct small sm = mk_small(3);
	struct mixed mx = mk_mixed(5);
	struct big bg = mk_big(9);
	nothing();
	printf("%d %g %d %d %ld %g %ld %ld %ld\n", s, h, sm.x, sm.y, mx.n, mx.d, bg.a, bg.b, bg.c);
	return 0;
}
