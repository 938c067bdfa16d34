/* ccore: a threaded C program that dies, for core files (tdb core).
 *
 * Build: gcc -g -O0 -no-pie -o ccore testdata/ccore/prog.c  (glibc 2.34+: pthreads are in libc)
 * Run:   ./ccore segv    two threads wait, main writes through a null pointer
 *        ./ccore abort   the same, but main calls abort()
 *        ./ccore wait    prints "ready" and waits (for gcore and tdb's dump)
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct point {
	int x, y;
	const char *name;
};

int counter = 42;
struct point origin = {3, 4, "origin"};
double ratio = 2.5;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int started;

void *waiter(void *arg)
{
	long id = (long)arg;
	pthread_mutex_lock(&mu);
	started++;
	pthread_cond_broadcast(&cv);
	while (id >= 0) /* forever: nobody signals "done" */
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	return NULL;
}

int fail(struct point *p, int depth, const char *mode)
{
	int local = depth * 10;
	if (depth > 0)
		return fail(p, depth - 1, mode) + local;
	if (strcmp(mode, "abort") == 0)
		abort();
	if (strcmp(mode, "wait") == 0) {
		printf("ready\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	int *null = 0;
	*null = local + p->x; /* SIGSEGV */
	return local;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "segv";
	pthread_t t[2];
	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, waiter, (void *)i);
	pthread_mutex_lock(&mu);
	while (started < 2)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	struct point here = {7, 8, "here"};
	counter++;
	return fail(&here, 3, mode);
}
