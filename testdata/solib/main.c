// gcc -g -O0 -no-pie -o solib main.c
// dlopens the library argv[1] names (lib/lib.c, built by the test) and
// calls into libc with a callback, for the shared-library tests.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int v[4] = {3, 1, 2, 0};
	qsort(v, 4, sizeof v[0], cmp);
	puts("sorted");
	const char *path = argc > 1 ? argv[1] : "./libsolibfoo.so";
	void *h = dlopen(path, RTLD_NOW);
	if (!h) {
		fprintf(stderr, "%s\n", dlerror());
		return 1;
	}
	int (*foo)(int) = (int (*)(int))dlsym(h, "solib_foo");
	printf("%d\n", foo(v[3]));
	// Unloaded and loaded again: the breakpoint in it must follow.
	dlclose(h);
	h = dlopen(path, RTLD_NOW);
	if (!h) {
		fprintf(stderr, "%s\n", dlerror());
		return 1;
	}
	foo = (int (*)(int))dlsym(h, "solib_foo");
	printf("%d\n", foo(1));
	return 0;
}
