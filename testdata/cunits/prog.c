/* cunits: C variables across units, for the expression tests against gdb
 * (gdbconf_cexpr_test.go, debugger/eval_c_test.go): a global declared
 * extern in a header and defined in another unit, file statics of one
 * name in two units, static locals; the tests build it as PIE too.
 *
 * Build: gcc -g -O0 -no-pie -o cunits testdata/cunits/prog.c testdata/cunits/other.c
 *        (and with -fPIE -pie, gcc's default)
 * Run:   ./cunits   prints "sum 192" and exits with status 0
 */
#include <stdio.h>
#include "shared.h"

int shared_count = 7;
static int level = 11; /* other.c has its own level */

static int tally(int n)
{
	static int calls = 40;
	int *where = &calls;
	cfg *c = &global_cfg;
	calls += n;
	return *where + level + c->level - 3; /* marker: tally */
}

int main(int argc, char **argv)
{
	int t = tally(argc);
	t += bump(2) + global_cfg.level;
	printf("sum %d\n", t + shared_count - (int)argv[0][0] + '/');
	return 0;
}
