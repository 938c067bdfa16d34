// gcc -g -O0 -no-pie -o csleep prog.c
// Says "ready" and sleeps in usleep for good: tdb attaches to it and
// unwinds from libc's nanosleep to main.
#include <stdio.h>
#include <unistd.h>

static void nap(void)
{
	for (;;)
		usleep(100000000);
}

int main(void)
{
	puts("ready");
	fflush(stdout);
	nap();
	return 0;
}
