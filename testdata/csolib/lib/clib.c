/* Built by the test (solib_dwarf_test.go):
 * gcc -shared -fPIC -g -O0 -o libclib.so lib/clib.c
 * A library with DWARF the program is linked with (DT_NEEDED). */
struct pair {
	int a, b;
};

static int scale(int v, int k)
{
	int r = v * k; /* marker: scale */
	return r;
}

int clib_sum(const struct pair *p, int k)
{
	int s = p->a + p->b; /* marker: clib_sum */
	s = scale(s, k);
	return s; /* marker: clib_sum return */
}
