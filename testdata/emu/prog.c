// emu: integer operations of every width for the test that compares tdb's
// instruction emulation with the processor (debugger/emulate_test.go).
// Its exit status is a checksum of the results: any wrong emulation
// changes the status or the output.
//
// Build: gcc -g -O0 -no-pie -o emu testdata/emu/prog.c
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>

static volatile unsigned long long seeds[] = {
	0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
	0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffULL,
	0x8000000000000000ULL, 0xffffffffffffffffULL, 0x123456789abcdef0ULL,
};

static unsigned long long sum;

static void mix(unsigned long long v) {
	sum = (sum << 5) ^ (sum >> 59) ^ v;
}

static void bytes(unsigned char a, unsigned char b, int n) {
	signed char sa = (signed char)a;
	mix((unsigned char)(a + b));
	mix((unsigned char)(a - b));
	mix(a < b);
	mix(sa < (signed char)b);
	mix((unsigned char)(a << (n & 7)));
	mix((unsigned char)(a >> (n & 7)));
	mix((signed char)(sa >> (n & 7)));
	mix(a & b);
	mix(a | b);
	mix(a ^ b);
	mix((long long)sa);
}

static void shorts(unsigned short a, unsigned short b, int n) {
	short sa = (short)a;
	mix((unsigned short)(a + b));
	mix((unsigned short)(a - b));
	mix(a <= b);
	mix(sa <= (short)b);
	mix((unsigned short)(a << (n & 15)));
	mix((unsigned short)(a >> (n & 15)));
	mix((short)(sa >> (n & 15)));
	mix((long long)sa);
}

static void ints(unsigned int a, unsigned int b, int n) {
	int sa = (int)a, sb = (int)b;
	mix(a + b);
	mix(a - b);
	mix(a > b);
	mix(sa > sb);
	mix(sa >= sb);
	mix(a << (n & 31));
	mix(a >> (n & 31));
	mix((unsigned int)(sa >> (n & 31)));
	mix(a & b);
	mix(a | ~b);
	mix(a ^ b);
	mix((long long)sa);
	if (a == b)
		mix(1);
	if (sa < 0)
		mix(2);
}

static void longs(unsigned long long a, unsigned long long b, int n) {
	long long sa = (long long)a, sb = (long long)b;
	mix(a + b);
	mix(a - b);
	mix(a < b);
	mix(sa < sb);
	mix(sa <= sb);
	mix(a << (n & 63));
	mix(a >> (n & 63));
	mix((unsigned long long)(sa >> (n & 63)));
	mix(a & b);
	mix(a | b);
	mix(a ^ ~b);
	if (a > b)
		mix(3);
	if (sa > sb)
		mix(4);
}

// A load and a store into a page the program may not touch must fault as
// they do undebugged, even when a breakpoint sits on them: memory tdb
// reads through /proc/PID/mem ignores page protections.
static sigjmp_buf jb;

static void onsegv(int sig) {
	(void)sig;
	siglongjmp(jb, 1);
}

static int peek(volatile int *p) {
	return *p;
}

static void poke(volatile int *p, int v) {
	*p = v;
}

static int guarded(void) {
	int faults = 0;
	int *page = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return -1;
	signal(SIGSEGV, onsegv);
	if (sigsetjmp(jb, 1) == 0)
		mix(peek(page));
	else
		faults++;
	if (sigsetjmp(jb, 1) == 0)
		poke(page, 7);
	else
		faults++;
	signal(SIGSEGV, SIG_DFL);
	return faults;
}

int main(void) {
	int k = sizeof seeds / sizeof seeds[0];
	for (int i = 0; i < k; i++) {
		for (int j = i % 3; j < k; j += 3) {
			int n = (i * 7 + j) % 70;
			bytes((unsigned char)seeds[i], (unsigned char)seeds[j], n);
			shorts((unsigned short)seeds[i], (unsigned short)seeds[j], n);
			ints((unsigned int)seeds[i], (unsigned int)seeds[j], n);
			longs(seeds[i], seeds[j], n);
		}
	}
	printf("guarded page: %d faults\n", guarded());
	printf("emu checksum %016llx\n", sum);
	return (int)(sum & 0x7f);
}
