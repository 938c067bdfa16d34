/*
 * ceiling: the bare ptrace cost of the comparison's workloads, on a
 * one-thread child, with none of a debugger's bookkeeping. The peer
 * comparison prints these next to tdb, gdb and Delve.
 *
 * Build: gcc -O2 -o ceiling testdata/bench/ceiling/ceiling.c
 * Run:   ./ceiling traps|hits|steps N   prints "MODE N RATE/s"
 *   traps: N int3 traps, each answered with PTRACE_CONT
 *   hits:  N breakpoint hits passed over: rip back, restore the byte,
 *          single-step, re-insert the 0xCC, continue
 *   steps: N PTRACE_SINGLESTEPs
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile long counter;

__attribute__((noinline)) void hot(void) { counter++; }

static void child(const char *mode, long n) {
	ptrace(PTRACE_TRACEME, 0, 0, 0);
	raise(SIGSTOP);
	if (strcmp(mode, "traps") == 0) {
		for (long i = 0; i < n; i++)
			__asm__ volatile("int3");
	} else {
		/* Runs for ever under steps; the tracer kills it. */
		for (long i = 0; i < n || strcmp(mode, "steps") == 0; i++)
			hot();
	}
	_exit(0);
}

static void wait_stop(pid_t pid) {
	int st;
	if (waitpid(pid, &st, 0) < 0 || !WIFSTOPPED(st)) {
		fprintf(stderr, "ceiling: child did not stop (status %#x)\n", st);
		exit(1);
	}
}

int main(int argc, char **argv) {
	if (argc != 3) {
		fprintf(stderr, "usage: ceiling traps|hits|steps N\n");
		return 2;
	}
	const char *mode = argv[1];
	long n = atol(argv[2]);
	pid_t pid = fork();
	if (pid == 0)
		child(mode, n);
	wait_stop(pid);
	/* fork without exec: hot is at the same address in the child. */
	unsigned long addr = (unsigned long)hot;
	long orig = ptrace(PTRACE_PEEKTEXT, pid, addr, 0);
	if (strcmp(mode, "hits") == 0)
		ptrace(PTRACE_POKETEXT, pid, addr, (orig & ~0xffL) | 0xcc);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++) {
		if (strcmp(mode, "steps") == 0) {
			ptrace(PTRACE_SINGLESTEP, pid, 0, 0);
			wait_stop(pid);
			continue;
		}
		ptrace(PTRACE_CONT, pid, 0, 0);
		wait_stop(pid);
		if (strcmp(mode, "hits") == 0) {
			struct user_regs_struct r;
			ptrace(PTRACE_GETREGS, pid, 0, &r);
			if (r.rip != addr + 1) {
				fprintf(stderr, "ceiling: stop at %#llx, not the breakpoint\n", r.rip);
				return 1;
			}
			r.rip = addr;
			ptrace(PTRACE_SETREGS, pid, 0, &r);
			ptrace(PTRACE_POKETEXT, pid, addr, orig);
			ptrace(PTRACE_SINGLESTEP, pid, 0, 0);
			wait_stop(pid);
			ptrace(PTRACE_POKETEXT, pid, addr, (orig & ~0xffL) | 0xcc);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	kill(pid, SIGKILL);
	waitpid(pid, 0, 0);
	printf("%s %ld %.0f/s\n", mode, n, n / secs);
	return 0;
}
