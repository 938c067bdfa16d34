/* cinline: a static function gcc inlines twice into main, for inlined
 * frames and breakpoints in optimised C.
 *
 * Build: gcc -g -O2 -o cinline testdata/cinline/prog.c   (optimised)
 * Run:   ./cinline    prints "4 9" and exits 0 (run without arguments)
 */
#include <stdio.h>

static int sq(int x)
{
	return x * x; /* marker: sq's body */
}

int sink;

/* use is not inlined: each copy of sq feeds a call. */
__attribute__((noinline)) int use(int v)
{
	sink += v;
	return v;
}

int main(int argc, char **argv)
{
	int a = use(sq(argc + 1)); /* marker: first call */
	int b = use(sq(argc + 2)); /* marker: second call */
	printf("%d %d\n", a, b);
	return 0;
}
