/* cprog: a small C program for the engine's C support.
 *
 * Build: gcc -g -O0 -o cprog testdata/cprog/prog.c
 * Run:   ./cprog    prints "fact(5) = 120" and exits with status 7
 */
#include <stdio.h>

int fact(int n)
{
	if (n <= 1)
		return 1;
	return n * fact(n - 1);
}

int main(void)
{
	int r = fact(5);
	printf("fact(5) = %d\n", r);
	return 7;
}
