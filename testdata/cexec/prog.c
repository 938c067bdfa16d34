/* cexec: a C program that execs another program (issue 13: tdb follows exec).
 *
 * Build: gcc -g -O0 -no-pie -o cexec testdata/cexec/prog.c
 * Run:   ./cexec PROG [ARGS...]   prints "cexec: running PROG", then execs PROG
 *        with ARGS; with no argument it prints "cexec: nothing to run", exits 2.
 */
#include <stdio.h>
#include <unistd.h>

int announce(const char *prog)
{
	printf("cexec: running %s\n", prog);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		printf("cexec: nothing to run\n");
		return 2;
	}
	announce(argv[1]);
	execv(argv[1], argv + 1); /* exec line */
	perror("cexec: execv");
	return 1;
}
