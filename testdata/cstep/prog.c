/* cstep: loops, a call through a function pointer and a local written
 * in a loop, for the stepping tests (step, until, advance) and C
 * watchpoints.
 *
 * Build: gcc -g -O0 -no-pie -o cstep testdata/cstep/prog.c
 * Run:   ./cstep   prints "sum 11", "twice 14", "total 8" and exits 0
 */
#include <stdio.h>

int total;

static int twice(int x)
{
	return 2 * x; /* marker: twice body */
}

static int apply(int (*f)(int), int v)
{
	return f(v); /* marker: call through pointer */
}

static int sum(int n)
{
	int s = 0;
	for (int i = 0; i < n; i++) /* marker: for */
		s += i;
	for (int j = 0; j < 2; j++) s += j; /* marker: one-line for */
	return s; /* marker: sum return */
}

static int accumulate(int n)
{
	int acc = 0; /* marker: acc */
	for (int i = 1; i <= n; i++)
		acc += i;
	total += acc; /* marker: total */
	return acc;
}

int main(void)
{
	printf("sum %d\n", sum(5)); /* marker: main sum */
	printf("twice %d\n", apply(twice, 7)); /* marker: main apply */
	accumulate(3);
	int a = accumulate(1); /* marker: main acc */
	total += a;
	printf("total %d\n", total);
	return 0; /* marker: main end */
}
