/* cwatch: a global written by four threads, 25 times each, under a mutex,
 * for the watchpoint tests in C.
 *
 * Build: gcc -g -O0 -no-pie -o cwatch testdata/cwatch/prog.c -lpthread
 * Run:   ./cwatch   prints "start 10" and "writes 100" and exits 0
 */
#include <pthread.h>
#include <stdio.h>

#define WORKERS 4
#define PER_WORKER 25

long counter;
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
	(void)arg;
	for (int i = 0; i < PER_WORKER; i++) {
		pthread_mutex_lock(&mu);
		counter = counter + 1; /* marker: write counter */
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

/* accumulate's acc is a local: a watchpoint on it ends when it returns. */
static long accumulate(int n) {
	long acc = 0;
	for (int i = 1; i <= n; i++) /* marker: acc loop */
		acc += i;
	return acc;
}

int main(void) {
	pthread_t t[WORKERS];
	long sum = accumulate(4);
	printf("start %ld\n", sum); /* marker: start */
	for (int i = 0; i < WORKERS; i++)
		pthread_create(&t[i], NULL, work, NULL);
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
	printf("writes %ld\n", counter);
	return 0;
}
