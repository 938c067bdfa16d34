/*
 * stubborn: a C program that is hard to live with under a debugger, one way
 * per mode (issue 6, "targets that misbehave").
 *
 * Build: gcc -g -O0 -no-pie -o stubborn testdata/stubborn/stubborn.c
 * Run:   ./stubborn flood    writes numbered 64-byte lines ("flood 00000042
 *                            xxxx...") as fast as it can, forever
 *        ./stubborn stdin    reads lines from stdin, answers each with
 *                            "got: LINE"; exits with status 3 after "quit"
 *        ./stubborn block    blocks SIGINT and SIGTERM (sigprocmask), prints
 *                            "pid N", then spins forever calling spin()
 *        ./stubborn forever  prints "pid N", then sleeps forever, calling
 *                            nap() once a second
 *        ./stubborn churn N  starts N short-lived threads, eight at a time,
 *                            each calling churn_work(i) once; prints
 *                            "churn SUM" (0+1+...+N-1) and exits 0
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile unsigned long spins;

void spin(void) { spins++; }

void nap(void) { sleep(1); }

static long churned;
static pthread_mutex_t churn_mu = PTHREAD_MUTEX_INITIALIZER;

void churn_work(long i) {
	pthread_mutex_lock(&churn_mu);
	churned += i;
	pthread_mutex_unlock(&churn_mu);
}

static void *churn_thread(void *arg) {
	churn_work((long)arg);
	return NULL;
}

/* churn starts and joins n threads, eight at a time: threads are born and
 * die while the debugger stops and resumes the others. */
static void churn(long n) {
	for (long b = 0; b < n; b += 8) {
		pthread_t t[8];
		int k = 0;
		for (long i = b; i < b + 8 && i < n; i++) {
			if (pthread_create(&t[k], NULL, churn_thread, (void *)i) == 0)
				k++;
		}
		for (int i = 0; i < k; i++)
			pthread_join(t[i], NULL);
	}
	printf("churn %ld\n", churned);
}

/* flood writes 1024 lines a write(2), each 64 bytes with its number. */
static void flood(void) {
	static char buf[1024 * 64];
	unsigned long n = 0;
	for (;;) {
		for (int i = 0; i < 1024; i++, n++) {
			char *l = buf + i * 64;
			snprintf(l, 64, "flood %08lu ", n);
			memset(l + 15, 'x', 48);
			l[63] = '\n';
		}
		for (size_t off = 0; off < sizeof buf;) {
			ssize_t w = write(1, buf + off, sizeof buf - off);
			if (w <= 0)
				return;
			off += w;
		}
	}
}

int main(int argc, char **argv) {
	const char *mode = argc > 1 ? argv[1] : "";
	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(mode, "flood") == 0) {
		flood();
		return 1;
	}
	if (strcmp(mode, "stdin") == 0) {
		char line[256];
		while (fgets(line, sizeof line, stdin)) {
			line[strcspn(line, "\r\n")] = 0;
			printf("got: %s\n", line);
			if (strcmp(line, "quit") == 0)
				return 3;
		}
		return 1;
	}
	if (strcmp(mode, "block") == 0) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGTERM);
		sigprocmask(SIG_BLOCK, &set, NULL);
		printf("pid %d\n", (int)getpid());
		for (;;)
			spin();
	}
	if (strcmp(mode, "forever") == 0) {
		printf("pid %d\n", (int)getpid());
		for (;;)
			nap();
	}
	if (strcmp(mode, "churn") == 0 && argc > 2) {
		churn(atol(argv[2]));
		return 0;
	}
	fprintf(stderr, "usage: stubborn flood|stdin|block|forever|churn N\n");
	return 2;
}
