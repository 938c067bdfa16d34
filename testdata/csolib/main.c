/* csolib: a program linked with a shared library built with -g, for
 * breakpoints, stepping and variables in a library's code.
 *
 * Build (the test does it, with the library):
 *   gcc -shared -fPIC -g -O0 -o DIR/libclib.so lib/clib.c
 *   gcc -g -O0 -o DIR/csolib main.c -LDIR -lclib -Wl,-rpath,DIR
 * Run:   ./csolib   prints "14" and exits 0
 */
#include <stdio.h>

struct pair {
	int a, b;
};

int clib_sum(const struct pair *p, int k);

int main(void)
{
	struct pair p = {3, 4}; /* marker: main */
	int v = clib_sum(&p, 2); /* marker: call */
	printf("%d\n", v);
	return 0;
}
