/* cstop: a C program that stops itself (issue 13: stop signals).
 *
 * Build: gcc -g -O0 -no-pie -o cstop testdata/cstop/prog.c
 * Run:   ./cstop [SIG]  prints "cstop: stopping", raises SIGSTOP (or SIGTSTP,
 *        SIGTTIN, SIGTTOU with the argument TSTP, TTIN, TTOU), and once
 *        continued (SIGCONT) prints "cstop: continued" and exits with status 0.
 *        ./cstop wait  prints "cstop: waiting", then waits until a file named
 *        by $CSTOP_GO exists, checking every millisecond, and exits 0.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int sig = SIGSTOP;
	if (argc > 1 && strcmp(argv[1], "wait") == 0) {
		const char *go = getenv("CSTOP_GO");
		printf("cstop: waiting\n");
		fflush(stdout);
		while (go && access(go, F_OK) != 0)
			usleep(1000);
		printf("cstop: done\n");
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "TSTP") == 0)
		sig = SIGTSTP;
	if (argc > 1 && strcmp(argv[1], "TTIN") == 0)
		sig = SIGTTIN;
	if (argc > 1 && strcmp(argv[1], "TTOU") == 0)
		sig = SIGTTOU;
	printf("cstop: stopping\n");
	fflush(stdout);
	raise(sig); /* stop line */
	printf("cstop: continued\n");
	return 0;
}
