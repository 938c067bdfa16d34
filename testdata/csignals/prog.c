/* csignals: each signal that would kill a C program, raised by one
 * function the test names, for the signal tests: the debugger must stop
 * before the program dies, with a backtrace through libc to the caller.
 *
 * Build: gcc -g -O0 -no-pie -o csignals testdata/csignals/prog.c
 * Run:   ./csignals MODE   MODE is abort, assert, segv, bus, fpe, ill, sys,
 *        int3, trap, usr1 or alrm; each dies of its signal (int3 and trap
 *        of SIGTRAP), except none, which prints "done" and exits 0.
 *        Without MODE, the global which picks one (0: none).
 */
#include <assert.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int divide(int a, int b)
{
	return a / b; /* marker: divide */
}

static int check(int x)
{
	assert(x > 5); /* marker: assert */
	return x;
}

/* bus reads past the end of a one-page file mapped two pages long. */
static int bus(void)
{
	FILE *f = tmpfile();
	fputc('x', f);
	fflush(f);
	volatile char *p = mmap(0, 8192, PROT_READ, MAP_SHARED, fileno(f), 0);
	return p[4096]; /* marker: bus */
}

/* sys makes getppid a trapping system call with a seccomp filter. */
static void sys(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof f / sizeof f[0], f};
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
	syscall(__NR_getppid); /* marker: sys */
}

static void boom(const char *mode)
{
	if (!strcmp(mode, "abort"))
		abort(); /* marker: abort */
	if (!strcmp(mode, "assert"))
		check(1);
	if (!strcmp(mode, "segv"))
		*(volatile int *)0 = 1; /* marker: segv */
	if (!strcmp(mode, "bus"))
		bus();
	if (!strcmp(mode, "fpe"))
		printf("%d\n", divide(1, 0));
	if (!strcmp(mode, "ill"))
		__asm__ volatile("ud2"); /* marker: ill */
	if (!strcmp(mode, "sys"))
		sys();
	if (!strcmp(mode, "int3"))
		__asm__ volatile("int3"); /* marker: int3 */
	if (!strcmp(mode, "trap"))
		raise(SIGTRAP); /* marker: trap */
	if (!strcmp(mode, "usr1"))
		raise(SIGUSR1); /* marker: usr1 */
	if (!strcmp(mode, "alrm"))
		raise(SIGALRM); /* marker: alrm */
}

/* which picks the mode when no argument does: the gdb conformance cases
 * stop at the marker and set it. */
int which;
static const char *const modes[] = {"none", "abort", "assert", "segv", "bus", "fpe",
				    "ill", "sys", "int3", "trap", "usr1", "alrm"};

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : modes[which]; /* marker: pick */
	boom(mode); /* marker: boom */
	puts("done");
	return 0;
}
