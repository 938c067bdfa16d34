/*
 * forker: a C program that misbehaves under a debugger, one way per mode.
 *
 * Build: gcc -g -O0 -no-pie -o forker testdata/forker/forker.c -lpthread
 * Run:   ./forker fork     forks; the child calls work(7) and exits with its
 *                          result (14); the parent prints "child exited 14",
 *                          then calls work(1) and exits 0
 *        ./forker spawn    posix_spawn (vfork + exec) of /bin/echo "spawned",
 *                          prints "spawn exited 0" and exits 0
 *        ./forker threads  starts and joins 100 short-lived threads (ten at a
 *                          time), each
 *                          calling worker(i) once; prints "threads 4950"
 *        ./forker ignore   ignores SIGINT and SIGTERM, prints "pid N", then
 *                          spins forever calling spin()
 */
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int work(int n) {
	int r = n * 2;
	return r;
}

static int total;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

void worker(int i) {
	pthread_mutex_lock(&mu);
	total += i;
	pthread_mutex_unlock(&mu);
}

static void *thread_main(void *arg) {
	worker((int)(long)arg);
	return NULL;
}

volatile unsigned long spins;

void spin(void) {
	spins++;
}

int main(int argc, char **argv) {
	const char *mode = argc > 1 ? argv[1] : "fork";
	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(mode, "fork") == 0) {
		pid_t pid = fork();
		if (pid == 0) {
			_exit(work(7));
		}
		int st = 0;
		waitpid(pid, &st, 0);
		if (WIFEXITED(st)) {
			printf("child exited %d\n", WEXITSTATUS(st));
		} else {
			printf("child killed by signal %d\n", WTERMSIG(st));
		}
		work(1);
		return 0;
	}
	if (strcmp(mode, "spawn") == 0) {
		char *args[] = {"/bin/echo", "spawned", NULL};
		pid_t pid;
		if (posix_spawn(&pid, "/bin/echo", NULL, NULL, args, environ) != 0) {
			printf("spawn failed\n");
			return 1;
		}
		int st = 0;
		waitpid(pid, &st, 0);
		printf("spawn exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
		return 0;
	}
	if (strcmp(mode, "threads") == 0) {
		/* Ten at a time: threads start and exit while others stop. */
		for (long b = 0; b < 10; b++) {
			pthread_t t[10];
			for (long i = 0; i < 10; i++) {
				pthread_create(&t[i], NULL, thread_main, (void *)(b * 10 + i));
			}
			for (int i = 0; i < 10; i++) {
				pthread_join(t[i], NULL);
			}
		}
		printf("threads %d\n", total);
		return 0;
	}
	if (strcmp(mode, "ignore") == 0) {
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		printf("pid %d\n", (int)getpid());
		for (;;) {
			spin();
			usleep(1000);
		}
	}
	printf("unknown mode %s\n", mode);
	return 2;
}
